package io.dlsim.algorithms.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChurnModelTest {
    /** A node's cursor, as its counters keep it. */
    private static final class Cursor implements ChurnModel.Cursor {
        long index;
        double start;

        @Override
        public long churnPeriod() {
            return index;
        }

        @Override
        public double churnPeriodStart() {
            return start;
        }

        @Override
        public void moveChurnPeriod(long index, double start) {
            this.index = index;
            this.start = start;
        }
    }

    @Test
    void theOnOffProcessIsOnlineItsShareOfTheTimeAndStartsOnline() {
        ChurnModel churn = ChurnModel.of(new SystemSettings.Churn.OnOff(3.0, 1.0), 9, 4000, null);
        int online = 0;
        for (int i = 0; i < 4000; i++) {
            assertThat(churn.onlineAtStart(i)).isTrue();
            if (churn.online(i, 200, new Cursor())) {
                online++;
            }
        }
        // Stationary share on / (on + off) = 0.75; 4000 independent nodes: sd ~0.007.
        assertThat(online / 4000.0).isCloseTo(0.75, within(0.03));
    }

    @Test
    void walkingForwardFromACursorGivesWhatAFreshWalkGives() {
        ChurnModel churn = ChurnModel.of(new SystemSettings.Churn.OnOff(0.3, 0.2), 4, 10, null);
        for (int i = 0; i < 10; i++) {
            Cursor kept = new Cursor();
            for (double time = 0; time < 50; time += 0.037) {
                assertThat(churn.online(i, time, kept)).as("node %d at %s", i, time).isEqualTo(churn.online(i, time, new Cursor()));
            }
            assertThat(kept.index).as("periods walked").isGreaterThan(50);
        }
        // Another seed draws other periods.
        ChurnModel other = ChurnModel.of(new SystemSettings.Churn.OnOff(0.3, 0.2), 5, 10, null);
        int differ = 0;
        for (double time = 0; time < 20; time += 0.1) {
            if (churn.online(0, time, new Cursor()) != other.online(0, time, new Cursor())) {
                differ++;
            }
        }
        assertThat(differ).isPositive();
    }

    @Test
    void aTraceIsOfflineExactlyInItsIntervals(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("trace.txt");
        Files.writeString(f, "# node from until\n1 0 2.5\n1, 2, 4   # overlaps: merged\n2 10 11\n\n2 5 6\n");
        double[][] trace = ChurnTrace.read(f, 3);
        assertThat(trace[0]).isEmpty();
        assertThat(trace[1]).containsExactly(0, 4);
        assertThat(trace[2]).containsExactly(5, 6, 10, 11);
        ChurnModel churn = ChurnModel.of(new SystemSettings.Churn.Trace(f.toString()), 1, 3, trace);
        assertThat(churn.onlineAtStart(0)).isTrue();
        assertThat(churn.onlineAtStart(1)).isFalse();
        Cursor cursor = new Cursor();
        assertThat(churn.online(1, 3.99, cursor)).isFalse();
        assertThat(churn.online(1, 4, cursor)).isTrue();
        assertThat(churn.online(2, 4.99, cursor)).isTrue();
        assertThat(churn.online(2, 5, cursor)).isFalse();
        assertThat(churn.online(2, 7, cursor)).isTrue();
        assertThat(churn.online(2, 10.5, cursor)).isFalse();
        assertThat(churn.online(2, 11, cursor)).isTrue();
    }

    @Test
    void aBadTraceLineIsNamedWithItsFileAndLine(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("t.txt");
        Files.writeString(f, "0 1 2\n3 1 2\n");
        assertThatThrownBy(() -> ChurnTrace.read(f, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(f + ": line 2: node 3 is not one of the run's nodes 0..2");
        Files.writeString(f, "0 2 1\n");
        assertThatThrownBy(() -> ChurnTrace.read(f, 3)).hasMessage(f + ": line 1: until (1) must be greater than from (2)");
        Files.writeString(f, "0 1\n");
        assertThatThrownBy(() -> ChurnTrace.read(f, 3)).hasMessageContaining("line 1: expected 'node from until'");
        Files.writeString(f, "0 -1 2\n");
        assertThatThrownBy(() -> ChurnTrace.read(f, 3)).hasMessageContaining("line 1: from must be a finite number of seconds >= 0");
        Files.writeString(f, "x 1 2\n");
        assertThatThrownBy(() -> ChurnTrace.read(f, 3)).hasMessageContaining("line 1: node 'x' is not a whole number");
        assertThatThrownBy(() -> ChurnModel.of(new SystemSettings.Churn.OnOff(1.0, 1.0), 1, 3, new double[3][0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onOffSettingsNeedPositiveMeans() {
        assertThatThrownBy(() -> new SystemSettings.Churn.OnOff(0.0, 1.0))
                .isInstanceOf(io.dlsim.topologies.settings.InvalidSettingsException.class).hasMessageContaining("mean-online-seconds");
        assertThatThrownBy(() -> new SystemSettings.Churn.OnOff(1.0, null))
                .isInstanceOf(io.dlsim.topologies.settings.InvalidSettingsException.class).hasMessageContaining("mean-offline-seconds");
    }
}

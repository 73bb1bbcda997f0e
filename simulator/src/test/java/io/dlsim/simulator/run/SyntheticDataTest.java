package io.dlsim.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlsim.algorithms.data.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The preflight's synthetic set goes to the run that needs it; a file is read each time. */
class SyntheticDataTest {
    private static final DataSource LOGISTIC = new DataSource.SyntheticLogistic(20, 30, 7, 3, null);

    @BeforeEach
    void startAsAPreflightCheckDoes() {
        SyntheticData.forgetAll();
    }

    @Test
    void theSameSettingsNodesAndSeedGiveTheKeptSet() {
        DataSource.Loaded first = SyntheticData.load(LOGISTIC, 4, 11);
        assertThat(SyntheticData.load(new DataSource.SyntheticLogistic(20, 30, 7, 3, null), 4, 11)).isSameAs(first);
        // What a new generation gives, bit for bit.
        DataSource.Loaded fresh = LOGISTIC.load(4, 11);
        assertThat(first.train().fingerprint()).isEqualTo(fresh.train().fingerprint());
        assertThat(first.test().fingerprint()).isEqualTo(fresh.test().fingerprint());
    }

    @Test
    void aRunTakesTheKeptSetOnceAndTheNextGeneratesItAgain() {
        DataSource.Loaded checked = SyntheticData.load(LOGISTIC, 6, 21);
        DataSource.Loaded run = SyntheticData.take(LOGISTIC, 6, 21);
        assertThat(run).isSameAs(checked);
        DataSource.Loaded next = SyntheticData.take(LOGISTIC, 6, 21);
        assertThat(next).isNotSameAs(run);
        assertThat(next.train().fingerprint()).isEqualTo(run.train().fingerprint());
    }

    @Test
    void onlyTheFirstSetACheckGeneratesIsKept() {
        DataSource.Loaded first = SyntheticData.load(LOGISTIC, 4, 1);
        DataSource.Loaded second = SyntheticData.load(LOGISTIC, 4, 2);
        assertThat(SyntheticData.take(LOGISTIC, 4, 2)).isNotSameAs(second);
        assertThat(SyntheticData.take(LOGISTIC, 4, 1)).isSameAs(first);
        // A new check forgets what an earlier one kept and did not hand on.
        SyntheticData.load(LOGISTIC, 4, 3);
        SyntheticData.forgetAll();
        DataSource.Loaded next = SyntheticData.load(LOGISTIC, 4, 5);
        assertThat(SyntheticData.take(LOGISTIC, 4, 5)).isSameAs(next);
    }

    @Test
    void anotherSeedNodeCountOrSettingIsGeneratedAnew() {
        DataSource.Loaded kept = SyntheticData.load(LOGISTIC, 4, 11);
        DataSource.Loaded otherSeed = SyntheticData.load(LOGISTIC, 4, 12);
        DataSource.Loaded otherNodes = SyntheticData.load(LOGISTIC, 5, 11);
        DataSource.Loaded otherSetting = SyntheticData.load(new DataSource.SyntheticLogistic(20, 30, 7, 2, null), 4, 11);
        assertThat(otherSeed).isNotSameAs(kept);
        assertThat(otherSeed.train().fingerprint()).isNotEqualTo(kept.train().fingerprint());
        assertThat(otherNodes.train().size()).isEqualTo(100);
        assertThat(otherSetting.train().fingerprint()).isNotEqualTo(kept.train().fingerprint());
    }

    @Test
    void aFileIsReadAgainEachTime(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("d.csv");
        Files.writeString(csv, "x,y,label\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n");
        DataSource file = new DataSource.Csv(csv.toString(), "label", csv.toString(), null, false);
        assertThat(SyntheticData.isSynthetic(file)).isFalse();
        DataSource.Loaded before = SyntheticData.load(file, 2, 1);
        Files.writeString(csv, "x,y,label\n1,2,0\n3,4,1\n5,6,0\n7,9,1\n");
        DataSource.Loaded after = SyntheticData.load(file, 2, 1);
        assertThat(after.train().fingerprint()).isNotEqualTo(before.train().fingerprint());
    }
}

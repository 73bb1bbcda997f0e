package io.dlsim.simulator.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dlsim.metrics.MetricsRow;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {

    private static MetricsRow row(long round, double testAcc, double testLoss) {
        return new MetricsRow(round, 1, 1, 1, 1, 0.1, 0.5, testLoss, 0.8, testAcc, 0.1, Double.NaN, 0.5, 1);
    }

    @Test
    void showsRoundsSpeedAndTheTestAccuracy() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            try (ConsoleProgress p = ConsoleProgress.start("ring-16", 200, false, out, 50)) {
                assertThat(p.enabled()).isTrue();
                p.update(row(50, 0.5, 1.0));
                p.update(row(100, 0.91234, 0.7));
            }
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("ring-16").contains("100/200").contains("rounds").contains("/s")
                .contains("rounds/s test acc 0.9123");
    }

    @Test
    void quietPrintsNothing() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
                ConsoleProgress p = ConsoleProgress.start("run", 10, true, out, 10)) {
            p.update(row(5, 0.5, 1.0));
            p.stepTo(10);
            assertThat(p.enabled()).isFalse();
        }
        assertThat(bytes.size()).isZero();
    }

    @Test
    void messageFallsBackToTheFirstDefinedMetric() {
        assertThat(ConsoleProgress.message(row(1, Double.NaN, 0.123456))).isEqualTo(" test loss 0.1235");
        assertThat(ConsoleProgress.message(row(1, Double.NaN, Double.NaN))).isEqualTo(" train loss 0.5000");
        assertThatThrownBy(() -> ConsoleProgress.start("x", 0, false)).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.dlsim.simulator.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dlsim.metrics.MetricsRow;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The progress line, driven by a fake clock: no test here waits for time to pass. */
class ConsoleProgressTest {

    private static final long S = 1_000_000_000L;

    /** A clock the test moves. */
    private static final class FakeClock {
        long nanos = 1_000 * S;

        long now() {
            return nanos;
        }

        void advance(double seconds) {
            nanos += Math.round(seconds * S);
        }
    }

    private static MetricsRow row(long round, double testAcc, double testLoss) {
        return new MetricsRow(round, 1, 1, 1, 1, 0.1, 0.5, testLoss, 0.8, testAcc, 0.1, Double.NaN, 0.5, 1);
    }

    private final FakeClock clock = new FakeClock();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private ConsoleProgress.Sweep sweep(boolean terminal, Long... rounds) {
        return new ConsoleProgress.Sweep(List.of(rounds), out, terminal, clock::now);
    }

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /**
     * {@code --jobs 2} in a log: each evaluation of either run is a plain line (no carriage
     * return), and the runs not started count for half their time.
     */
    @Test
    void runsAtOnceGetPlainLinesAndTheSweepEtaSharesTheRunsNotStarted() {
        ConsoleProgress.Sweep sweep = new ConsoleProgress.Sweep(List.of(100L, 100L, 200L, 200L), out, false, clock::now, 2);
        try (ConsoleProgress first = sweep.start(0, "seed=1", MetricsRow.HEADLINE);
                ConsoleProgress second = sweep.start(1, "seed=2", MetricsRow.HEADLINE)) {
            first.update(row(0, 0.5, 1));
            second.update(row(0, 0.5, 1));
            clock.advance(2);
            first.update(row(50, 0.5, 1));
            second.update(row(20, 0.5, 1));
            // 50 rounds left at 25 rounds/s, then the 400 rounds not started at that rate, two runs at a time.
            assertThat(first.sweepEtaSeconds(50)).isEqualTo(2 + 400 / 25.0 / 2);
        }
        assertThat(text()).doesNotContain("\r");
        assertThat(text().lines().toList()).hasSize(4).anyMatch(l -> l.startsWith("run 2/4 seed=2 ["));
        // A run kept from an earlier process is not waited for.
        ConsoleProgress.Sweep resumed = new ConsoleProgress.Sweep(List.of(100L, 100L), out, false, clock::now, 1);
        resumed.kept(1);
        try (ConsoleProgress only = resumed.start(0, "seed=1", MetricsRow.HEADLINE)) {
            only.update(row(0, 0.5, 1));
            clock.advance(1);
            only.update(row(10, 0.5, 1));
            assertThat(only.sweepEtaSeconds(10)).isEqualTo(only.etaSeconds(10));
        }
    }

    /**
     * {@code --jobs 2} on a terminal: one line for the sweep, redrawn in place with both running
     * runs and the sweep's ETA; a run that ends prints its full line above it.
     */
    @Test
    void runsAtOnceOnATerminalShareOneRedrawnLineAndEachEndsWithItsFullLine() {
        ConsoleProgress.Sweep sweep = new ConsoleProgress.Sweep(List.of(100L, 100L, 100L), out, true, clock::now, 2);
        ConsoleProgress first = sweep.start(0, "seed=1", MetricsRow.HEADLINE);
        ConsoleProgress second = sweep.start(1, "seed=2", MetricsRow.HEADLINE);
        first.update(row(0, 0.5, 1));
        clock.advance(1);
        second.update(row(0, 0.25, 1));
        clock.advance(1);
        first.update(row(50, 0.75, 1));
        clock.advance(0.1); // within 200 ms of the last redraw: not drawn yet
        second.update(row(20, 0.5, 1));
        String shown = text();
        assertThat(shown).doesNotContain("\n");
        String[] draws = shown.split("\r");
        assertThat(draws[draws.length - 1].stripTrailing())
                .isEqualTo("run 1/3 50% ETA 0:02  test acc 0.7500 | run 2/3 0% ETA -  test acc 0.2500  sweep ETA 0:04");
        clock.advance(1);
        first.update(row(100, 0.875, 1));
        first.close();
        // The ended run's full line, then the shared line again with the run still going.
        String[] lines = text().split("\n", -1);
        assertThat(lines).hasSize(2);
        assertThat(lastDraw(lines[0])).isEqualTo("run 1/3 seed=1 [####################] 100% 100/100 rounds  32.3 rounds/s  ETA 0:00"
                + "  sweep ETA 0:02  test acc 0.8750");
        assertThat(lastDraw(lines[1])).isEqualTo("run 2/3 20% ETA 0:05  test acc 0.5000  sweep ETA 0:02");
        second.close();
        lines = text().split("\n", -1);
        assertThat(lines).as("each run's full line, then nothing").hasSize(3);
        assertThat(lastDraw(lines[1])).startsWith("run 2/3 seed=2 [####........");
        assertThat(lines[2]).isEmpty();
    }

    /** What a terminal shows of a line redrawn with carriage returns: its last draw, without the padding. */
    private static String lastDraw(String line) {
        return line.substring(line.lastIndexOf('\r') + 1).stripTrailing();
    }

    @Test
    void aLogGetsOnePlainLinePerEvaluationWithBarRateEtaAndHeadline() {
        try (ConsoleProgress p = sweep(false, 200L).start(0, "ring-16", MetricsRow.HEADLINE)) {
            clock.advance(5); // set-up before the first evaluation: not part of the rate
            p.update(row(0, 0.1, 2.0));
            clock.advance(1);
            p.update(row(50, 0.5, 1.0));
            clock.advance(1);
            p.update(row(100, 0.91234, 0.7));
        }
        String text = text();
        assertThat(text).doesNotContain("\r");
        List<String> lines = text.lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("ring-16 [....................]   0% 0/200 rounds  - rounds/s  ETA -  test acc 0.1000");
        assertThat(lines.get(1)).isEqualTo("ring-16 [#####...............]  25% 50/200 rounds  50.0 rounds/s  ETA 0:03  test acc 0.5000");
        assertThat(lines.get(2)).isEqualTo("ring-16 [##########..........]  50% 100/200 rounds  50.0 rounds/s  ETA 0:02  test acc 0.9123");
        // Fixed width: the bar is the same whatever the run.
        assertThat(lines).allSatisfy(l -> assertThat(l.substring(l.indexOf('['), l.indexOf(']') + 1)).hasSize(22));
    }

    @Test
    void theRateIsOverAMovingWindowNotTheWholeRun() {
        try (ConsoleProgress p = sweep(false, 100_000L).start(0, "r", MetricsRow.HEADLINE)) {
            p.update(row(0, 0.5, 1));
            // 30 s at 100 rounds/s, then 30 s at 1000 rounds/s, evaluated every second.
            long round = 0;
            for (int k = 0; k < 30; k++) {
                clock.advance(1);
                p.update(row(round += 100, 0.5, 1));
            }
            assertThat(p.rate()).isEqualTo(100.0);
            for (int k = 0; k < 30; k++) {
                clock.advance(1);
                p.update(row(round += 1000, 0.5, 1));
            }
            // The whole-run mean would be 550 rounds/s; the window only holds the last 20 s.
            assertThat(p.rate()).isEqualTo(1000.0);
            assertThat(p.etaSeconds(round)).isEqualTo((100_000 - round) / 1000.0);
        }
    }

    @Test
    void aSweepLineCountsRunsAndItsEtaUsesTheFinishedRunsSpeed() {
        ConsoleProgress.Sweep sweep = sweep(false, 100L, 100L, 200L);
        try (ConsoleProgress first = sweep.start(0, "seed=1", MetricsRow.HEADLINE)) {
            clock.advance(2); // set-up
            first.update(row(0, 0.5, 1));
            clock.advance(2);
            first.update(row(50, 0.5, 1));
            // Before any run finished: 50 rounds left at 25 rounds/s, then 300 rounds at the same rate.
            assertThat(first.sweepEtaSeconds(50)).isEqualTo(2 + 300 / 25.0);
            clock.advance(2);
            first.update(row(100, 0.5, 1));
        }
        // The first run took 6 s for 100 rounds, set-up included: 0.06 s per round.
        try (ConsoleProgress second = sweep.start(1, "seed=2", MetricsRow.HEADLINE)) {
            second.update(row(0, 0.5, 1));
            clock.advance(1);
            second.update(row(20, 0.5, 1));
            assertThat(second.etaSeconds(20)).isEqualTo(4.0);
            assertThat(second.sweepEtaSeconds(20)).isCloseTo(4.0 + 200 * 0.06, org.assertj.core.data.Offset.offset(1e-9));
        }
        List<String> lines = text().lines().toList();
        assertThat(lines.get(0)).startsWith("run 1/3 seed=1 [").contains("sweep ETA -");
        assertThat(lines.get(4)).startsWith("run 2/3 seed=2 [####....").contains("20.0 rounds/s  ETA 0:04  sweep ETA 0:16");
    }

    @Test
    void aTerminalRedrawsOneLineInPlaceAndEndsItAtClose() {
        try (ConsoleProgress p = sweep(true, 100L).start(0, "a-much-longer-name", MetricsRow.HEADLINE)) {
            p.update(row(0, 0.5, 1));
            clock.advance(0.05); // within the redraw interval: kept for later
            p.update(row(10, 0.6, 1));
            clock.advance(1);
            p.update(row(100, 0.7, 1));
        }
        String text = text();
        assertThat(text).startsWith("\r").endsWith(System.lineSeparator());
        assertThat(text.split("\r", -1)).hasSize(3);
        assertThat(text).doesNotContain("10/100").contains("100/100 rounds").contains("test acc 0.7000");
    }

    @Test
    void aTerminalDrawsTheLastStateAtCloseEvenWithinTheRedrawInterval() {
        try (ConsoleProgress p = sweep(true, 100L).start(0, "r", MetricsRow.HEADLINE)) {
            p.update(row(0, 0.5, 1));
            clock.advance(0.01);
            p.update(row(100, 0.9, 1));
        }
        assertThat(text()).contains("100/100 rounds").contains("test acc 0.9000");
    }

    @Test
    void quietPrintsNothing() {
        ConsoleProgress.Sweep quiet = new ConsoleProgress.Sweep(List.of(10L), null, false, clock::now);
        try (ConsoleProgress p = quiet.start(0, "run", MetricsRow.HEADLINE)) {
            p.update(row(5, 0.5, 1.0));
            assertThat(p.enabled()).isFalse();
        }
        assertThat(bytes.size()).isZero();
    }

    @Test
    void theHeadlineIsTheFirstCandidateTheRowDefines() {
        assertThat(ConsoleProgress.message(row(1, Double.NaN, 0.123456), MetricsRow.HEADLINE)).isEqualTo("  test loss 0.1235");
        assertThat(ConsoleProgress.message(row(1, Double.NaN, Double.NaN), MetricsRow.HEADLINE)).isEqualTo("  train loss 0.5000");
        assertThat(ConsoleProgress.message(row(1, 0.9, 1), List.of(MetricsRow.CONSENSUS_DISTANCE, MetricsRow.TEST_ACCURACY)))
                .isEqualTo("  consensus 0.1000");
        assertThat(ConsoleProgress.message(row(1, 0.9, 1), List.of(MetricsRow.OPTIMALITY_GAP))).isEmpty();
    }

    @Test
    void durationsAndRefusals() {
        assertThat(ConsoleProgress.duration(0.2)).isEqualTo("0:01");
        assertThat(ConsoleProgress.duration(59)).isEqualTo("0:59");
        assertThat(ConsoleProgress.duration(3725)).isEqualTo("1:02:05");
        assertThat(ConsoleProgress.duration(Double.NaN)).isEqualTo("-");
        assertThatThrownBy(() -> sweep(false, 0L)).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.dlsim.simulator.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlsim.metrics.MetricsRow;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 14, item 5: the axes a report plots against, without charts that repeat others. */
class PlotAxisTest {

    /** Rows with epoch, gradient evaluations and bytes per round as given. */
    private static RunData run(String name, double epochPerRound, long gradPerRound, long bytesPerRound, long extraGradAt5) {
        List<MetricsRow> rows = new ArrayList<>();
        for (long r = 0; r <= 10; r++) {
            rows.add(new MetricsRow(r, epochPerRound * r, gradPerRound * r + (r >= 5 ? extraGradAt5 : 0), 4 * r, bytesPerRound * r,
                    1.0 / (1 + r), 1, 1, 0.5, 0.5, 0, MetricsRow.UNDEFINED, 1, 0.01 * r));
        }
        return new RunData(new RunLabels("e", name, "dsgd", "ring"), rows);
    }

    @Test
    void axesThatAreAFixedMultipleOfRoundsOrConstantAreLeftOut() {
        // D-SGD with a fixed batch, every run sending as much per round: rounds tell it all.
        assertThat(PlotAxis.of(List.of(run("a", 0.25, 512, 800, 0), run("b", 0.25, 512, 800, 0)))).containsExactly(PlotAxis.ROUNDS);
        // Pure gossip: no gradient, no epoch; bytes differ per run (topologies of other degrees): bytes kept.
        assertThat(PlotAxis.of(List.of(run("ring", 0, 0, 800, 0), run("complete", 0, 0, 12_000, 0))))
                .containsExactly(PlotAxis.ROUNDS, PlotAxis.BYTES);
        // Full gradients at epoch starts (DPSVRG): gradient evaluations are no multiple of rounds, epochs are.
        assertThat(PlotAxis.of(List.of(run("svrg", 0.5, 512, 800, 4096))))
                .containsExactly(PlotAxis.ROUNDS, PlotAxis.GRAD_EVALS);
        // Epochs per round differ between runs (other batch sizes): epochs and gradient evaluations, which then
        // repeat each other, so the second is left out.
        assertThat(PlotAxis.of(List.of(run("b8", 0.125, 128, 800, 0), run("b32", 0.5, 512, 800, 0))))
                .containsExactly(PlotAxis.ROUNDS, PlotAxis.EPOCHS);
        assertThat(PlotAxis.of(List.of())).containsExactly(PlotAxis.ROUNDS);
    }

    @Test
    void simulatedSecondsOnlyForTimedRuns() {
        RunData plain = run("a", 0.25, 512, 800, 0);
        List<MetricsRow> timed = plain.rows().stream().map(r -> r.withSimulatedTime(0.1 * r.round() * r.round(), 0.1, 16)).toList();
        assertThat(PlotAxis.of(List.of(plain))).doesNotContain(PlotAxis.SIM_SECONDS);
        assertThat(PlotAxis.of(List.of(new RunData(plain.labels(), timed)))).contains(PlotAxis.SIM_SECONDS);
    }
}

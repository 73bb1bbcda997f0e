package io.dlsim.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlsim.simulator.engine.EngineType;
import io.dlsim.simulator.scenario.Scenario;
import io.dlsim.simulator.scenario.ScenarioParser;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 11, goal 2: without {@code --jobs}, the default engine runs a sweep's runs side by side, one per core. */
class AutoJobsTest {
    private static final String SWEEP = """
            name: auto
            nodes: 8
            rounds: 4
            data: { type: synthetic-logistic, samples-per-node: 4, test-samples: 10, dimension: 3 }
            model: { type: logistic }
            algorithm: { type: dsgd, step-size: 0.1, batch-size: 2 }
            topology: { type: ring }
            sweep:
              seed: [1, 2, 3]
            """;

    private static List<Scenario> runs(String text) {
        return ScenarioParser.parse(text, Path.of("."));
    }

    private static Preflight.Checked estimates(Long... bytes) {
        return new Preflight.Checked(List.of(), List.of(bytes));
    }

    @Test
    void aSweepOnTheDefaultEngineRunsOneRunPerProcessorAtMostItsRuns() {
        List<Scenario> three = runs(SWEEP);
        assertThat(three).hasSize(3).allMatch(s -> s.engine() == EngineType.ACTORS);
        assertThat(AutoJobs.of(three, null, estimates(1L, 1L, 1L), 2)).isEqualTo(2);
        assertThat(AutoJobs.of(three, null, estimates(1L, 1L, 1L), 8)).as("no more than the runs").isEqualTo(3);
        assertThat(AutoJobs.of(three, EngineType.ACTORS.create(), estimates(1L, 1L, 1L), 2)).isEqualTo(2);
    }

    @Test
    void oneRunOneProcessorOrTheSequentialEngineRunOneAtATime() {
        assertThat(AutoJobs.of(runs(SWEEP.replace("  seed: [1, 2, 3]", "  seed: [1]")), null, estimates(1L), 8))
                .as("one run gets every core (blocks)").isEqualTo(1);
        assertThat(AutoJobs.of(runs(SWEEP), null, estimates(1L, 1L, 1L), 1)).as("one processor").isEqualTo(1);
        assertThat(AutoJobs.of(runs(SWEEP), EngineType.SEQUENTIAL.create(), estimates(1L, 1L, 1L), 8))
                .as("--engine sequential").isEqualTo(1);
        assertThat(AutoJobs.of(runs("engine: sequential\n" + SWEEP), null, estimates(1L, 1L, 1L), 8))
                .as("engine: sequential in the file").isEqualTo(1);
    }

    /** The estimates are lower bounds: runs go side by side only when three times theirs fit the budget together. */
    @Test
    void runsGoSideBySideOnlyWithAMarginOverTheirMemoryEstimates() {
        long budget = io.dlsim.simulator.scenario.MemoryBudget.budget();
        List<Scenario> three = runs(SWEEP);
        assertThat(AutoJobs.of(three, null, estimates(budget / 8, budget / 8, budget / 8), 2)).as("2 x 3 x 1/8").isEqualTo(2);
        assertThat(AutoJobs.of(three, null, estimates(budget / 4, budget / 4, budget / 4), 2))
                .as("2 x 3 x 1/4 is more than the budget, though 2 x 1/4 is not: one at a time").isEqualTo(1);
        assertThat(AutoJobs.of(three, null, estimates(budget / 4, budget / 40, budget / 40), 8))
                .as("3 x (1/4 + 1/40 + 1/40) fits").isEqualTo(3);
        assertThat(AutoJobs.of(three, null, estimates(budget / 4, budget / 4, budget / 40), 8))
                .as("3 x (1/4 + 1/4) does not: one at a time").isEqualTo(1);
    }

    @Test
    void runsAtOnceStopWhereTheirMemoryWouldExceedTheBudget() {
        List<Long> estimates = List.of(4_000L, 3_000L, 2_000L, 1_000L);
        assertThat(Preflight.jobsThatFit(estimates, 4, 10_000)).isEqualTo(4);
        assertThat(Preflight.jobsThatFit(estimates, 4, 9_999)).as("4000 + 3000 + 2000").isEqualTo(3);
        assertThat(Preflight.jobsThatFit(estimates, 4, 6_999)).as("4000 alone").isEqualTo(1);
        assertThat(Preflight.jobsThatFit(estimates, 8, 1)).as("never fewer than one").isEqualTo(1);
        assertThat(Preflight.jobsThatFit(estimates, 8, 100_000)).as("never more than the runs").isEqualTo(4);
    }
}

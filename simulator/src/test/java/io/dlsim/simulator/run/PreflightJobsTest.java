package io.dlsim.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --jobs N}: the memory of the N largest runs together must fit the JVM's budget. */
class PreflightJobsTest {
    @Test
    void theLargestRunsTogetherMustFitTheBudget() {
        List<Long> estimates = List.of(1_000L, 4_000L, 3_000L, 2_000L);
        assertThat(Preflight.jobsExceeded(estimates, 1, 4_000)).as("one run at a time: each was checked alone").isNull();
        assertThat(Preflight.jobsExceeded(estimates, 2, 7_000)).as("4000 + 3000").isNull();
        assertThat(Preflight.jobsExceeded(estimates, 2, 6_999))
                .isEqualTo("--jobs 2: 2 runs at once need about 7.0 kB for their data, models and minibatches (the largest runs of "
                        + "the sweep), more than the 7.0 kB this JVM may use; lower --jobs, or raise the heap (DLSIM_JAVA_OPTS=-Xmx...)");
        assertThat(Preflight.jobsExceeded(estimates, 8, 10_000)).as("more jobs than runs: all four").isNull();
        assertThat(Preflight.jobsExceeded(estimates, 8, 9_999)).startsWith("--jobs 8: 4 runs at once need about 10.0 kB");
    }

    @Test
    void eachOfNRunsGetsTheCoresDividedByN() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertThat(ExperimentRunner.Options.coresPerRun(1)).isEqualTo(cores);
        assertThat(ExperimentRunner.Options.coresPerRun(2)).isEqualTo(Math.max(1, cores / 2));
        assertThat(ExperimentRunner.Options.coresPerRun(4 * cores)).isEqualTo(1);
    }
}

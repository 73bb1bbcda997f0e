package io.dlsim.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlsim.metrics.MetricsRow;
import org.junit.jupiter.api.Test;

/** The metrics a run's progress shows first come from what the scenario is about. */
class ScenarioHeadlineTest {

    private static Scenario only(String yaml) {
        return ScenarioParserTest.parse(yaml).get(0);
    }

    @Test
    void withoutTargetsOrOptimumItIsAccuracyThenLosses() {
        assertThat(only(ScenarioParserTest.BASE).headline()).containsExactlyElementsOf(MetricsRow.HEADLINE);
    }

    @Test
    void targetsComeFirstInTheFilesOrder() {
        Scenario s = only(ScenarioParserTest.BASE + "targets: { train_loss: 0.1, test_accuracy: 0.9 }\n");
        assertThat(s.headline()).containsExactly(MetricsRow.TRAIN_LOSS, MetricsRow.TEST_ACCURACY, MetricsRow.TEST_LOSS);
    }

    @Test
    void gossipAveragingShowsTheConsensusDistance() {
        Scenario s = only(ScenarioParserTest.BASE.replace("{ type: dsgd, step-size: 0.2, batch-size: 8 }", "{ type: gossip }"));
        assertThat(s.headline().get(0)).isEqualTo(MetricsRow.CONSENSUS_DISTANCE);
    }

    @Test
    void aComputedOptimumShowsTheOptimalityGap() {
        Scenario s = only("""
                name: convex
                nodes: 4
                rounds: 10
                data: { type: synthetic-logistic, samples-per-node: 10, test-samples: 20, dimension: 4 }
                model: { type: logistic }
                algorithm: { type: dspg, step-size: 0.1, regularizer: { type: l1, l1: 0.01 } }
                topology: { type: ring }
                optimum: fista
                """);
        assertThat(s.headline().get(0)).isEqualTo(MetricsRow.OPTIMALITY_GAP);
    }
}

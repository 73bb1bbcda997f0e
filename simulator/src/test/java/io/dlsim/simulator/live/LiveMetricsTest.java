package io.dlsim.simulator.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dlsim.metrics.MetricsRow;
import io.dlsim.simulator.report.RunLabels;
import io.dlsim.topologies.TopologyFacts;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LiveMetricsTest {

    private static final RunLabels LABELS = new RunLabels("s", "r1", "dspg", "torus-4x4");

    private static MetricsRow row(long round, double wall, double testLoss) {
        return new MetricsRow(round, round / 10.0, round * 8, round * 4, round * 400, 0.5, 0.3, testLoss, 0.8, 0.7, 0.1,
                0.01, 0.31, wall);
    }

    @Test
    void registersTheDocumentedNamesWithExactlyTheRunTags() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (LiveMetrics live = new LiveMetrics(registry, LABELS)) {
            assertThat(live.labels()).isEqualTo(LABELS);
            Set<String> names = registry.getMeters().stream().map(m -> m.getId().getName()).collect(Collectors.toSet());
            assertThat(names).containsExactlyInAnyOrder("dlsim.round", "dlsim.epoch", "dlsim.train.loss",
                    "dlsim.test.loss", "dlsim.train.accuracy", "dlsim.test.accuracy", "dlsim.generalization.gap",
                    "dlsim.consensus.distance", "dlsim.optimality.gap", "dlsim.mean.local.loss",
                    "dlsim.gradient.evaluations", "dlsim.messages", "dlsim.bytes", "dlsim.rounds.per.second",
                    "dlsim.rounds.planned", "dlsim.topology.lambda", "dlsim.topology.lambda2",
                    "dlsim.topology.lambda.min", "dlsim.topology.spectral.gap", "dlsim.topology.spectral.gap.squared",
                    "dlsim.topology.nodes", "dlsim.topology.edges", "dlsim.topology.degree.min",
                    "dlsim.topology.degree.max");
            for (Meter m : registry.getMeters()) {
                assertThat(m.getId().getTags()).extracting(Tag::getKey)
                        .containsExactlyInAnyOrder("scenario", "run", "algorithm", "topology");
            }
            assertThat(registry.get("dlsim.messages").functionCounter().count()).isZero();
            assertThat(registry.get("dlsim.test.loss").gauge().value()).isNaN();
        }
        assertThat(registry.getMeters()).as("close removes the run's meters").isEmpty();
    }

    @Test
    void updatesFollowRowsAndRoundsPerSecondUsesTheLastInterval() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (LiveMetrics live = new LiveMetrics(registry, LABELS)) {
            live.update(row(10, 2.0, 0.9));
            assertThat(registry.get("dlsim.rounds.per.second").gauge().value()).isEqualTo(5.0);
            live.update(row(30, 2.5, Double.NaN));
            assertThat(registry.get("dlsim.rounds.per.second").gauge().value()).isEqualTo(40.0);
            assertThat(registry.get("dlsim.round").gauge().value()).isEqualTo(30.0);
            assertThat(registry.get("dlsim.test.loss").gauge().value()).isNaN();
            assertThat(registry.get("dlsim.gradient.evaluations").functionCounter().count()).isEqualTo(240.0);
            assertThat(registry.get("dlsim.bytes").functionCounter().count()).isEqualTo(12000.0);

            live.setTopology(new TopologyFacts(16, 32, true, true, true, 0.6, -0.2, 0.6, 0.4, 0.64, false, 4, 4, "dense-eigen", true));
            live.setPlannedRounds(1000);
            assertThat(registry.get("dlsim.topology.spectral.gap").gauge().value()).isEqualTo(0.4);
            assertThat(registry.get("dlsim.topology.degree.max").gauge().value()).isEqualTo(4.0);
            assertThat(registry.get("dlsim.topology.edges").gauge().value()).isEqualTo(32.0);
            assertThat(registry.get("dlsim.topology.spectral.gap.squared").gauge().value()).isEqualTo(0.64);
            assertThat(registry.get("dlsim.rounds.planned").gauge().value()).isEqualTo(1000.0);
        }
    }

    @Test
    void twoRunsSideBySideAndNoDuplicateOfTheSameRun() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (LiveMetrics a = new LiveMetrics(registry, LABELS);
                LiveMetrics b = new LiveMetrics(registry, new RunLabels("s", "r2", "dspg", "torus-4x4"))) {
            a.update(row(10, 1, 0.5));
            b.update(row(20, 1, 0.25));
            assertThat(registry.get("dlsim.test.loss").tag("run", "r1").gauge().value()).isEqualTo(0.5);
            assertThat(registry.get("dlsim.test.loss").tag("run", "r2").gauge().value()).isEqualTo(0.25);
            assertThatThrownBy(() -> new LiveMetrics(registry, LABELS)).isInstanceOf(IllegalStateException.class);
        }
    }
}

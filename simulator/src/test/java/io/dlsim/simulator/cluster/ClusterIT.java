package io.dlsim.simulator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dlsim.metrics.MetricsRow;
import io.dlsim.simulator.engine.EngineType;
import io.dlsim.simulator.report.RunData;
import io.dlsim.simulator.run.ExperimentRunner;
import io.dlsim.simulator.scenario.Scenario;
import io.dlsim.simulator.scenario.ScenarioParser;
import io.dlsim.topologies.UserInputException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Actor systems in one JVM on 127.0.0.1 with port 0: a coordinator and its workers (two for the
 * bit-for-bit runs).
 */
class ClusterIT {
    static final String SCENARIO = """
            name: cluster-it
            nodes: 7
            rounds: 30
            eval-every: 6
            data: { type: synthetic-logistic, samples-per-node: 40, test-samples: 100, dimension: 12, support: 4 }
            model: { type: logistic }
            algorithm: { type: dpsvrg, step-size: 0.1, batch-size: 5, regularizer: { type: l1, l1: 0.01 }, gossip-rounds: 2 }
            topology: { type: ring }
            sweep:
              topology.type: [ring, exponential]
            """;

    /** An MLP whose parameter vectors (~58k doubles, ~460 KB) exceed Artery's default 256 KiB frame. */
    static final String LARGE = """
            name: cluster-large
            nodes: 4
            rounds: 6
            eval-every: 3
            data: { type: synthetic-teacher, samples-per-node: 20, test-samples: 50, input-dim: 190, classes: 4 }
            model: { type: mlp, hidden: [300], init: per-node }
            algorithm: { type: dsgd, step-size: 0.05, batch-size: 4 }
            topology: { type: complete }
            """;

    static List<RunData> embedded(List<Scenario> runs, Path dir) throws Exception {
        return ExperimentRunner.run(runs, new ExperimentRunner.Options(dir, EngineType.ACTORS.create(), true, null, "test")).runs();
    }

    static List<RunData> cluster(List<Scenario> runs, Path dir) throws Exception {
        ClusterSettings base = ClusterSettings.load().withPort(0).withSeedNodes(List.of()).withExpectedWorkers(2)
                .withJoinTimeout(Duration.ofSeconds(60));
        try (ClusterMember coordinator = ClusterMember.startCoordinator(base.withMember("coordinator"))) {
            List<String> seed = List.of("127.0.0.1:" + coordinator.port());
            try (ClusterMember a = ClusterMember.startWorker(base.withSeedNodes(seed).withMember("worker-a"), runs);
                    ClusterMember b = ClusterMember.startWorker(base.withSeedNodes(seed).withMember("worker-b"), runs)) {
                coordinator.awaitWorkers();
                assertThat(coordinator.workerNames()).containsExactly("worker-a", "worker-b");
                List<RunData> result = ExperimentRunner.run(runs, new ExperimentRunner.Options(dir, coordinator.engine(), true, null,
                        "test")).runs();
                coordinator.finishWorkers("done");
                assertThat(a.awaitFinish()).isEqualTo("done");
                assertThat(b.awaitFinish()).isEqualTo("done");
                return result;
            }
        }
    }

    static void assertSameRows(List<RunData> cluster, List<RunData> embedded) {
        assertThat(cluster).hasSameSizeAs(embedded);
        for (int k = 0; k < cluster.size(); k++) {
            List<MetricsRow> c = cluster.get(k).rows();
            List<MetricsRow> e = embedded.get(k).rows();
            assertThat(c).hasSameSizeAs(e).isNotEmpty();
            for (int i = 0; i < c.size(); i++) {
                assertThat(c.get(i).withWallSeconds(0)).isEqualTo(e.get(i).withWallSeconds(0));
            }
            assertThat(cluster.get(k).extras()).containsEntry("engine", "cluster");
        }
    }

    @Test
    void aClusterRunEqualsTheEmbeddedRunBitForBit(@TempDir Path dir) throws Exception {
        List<Scenario> runs = ScenarioParser.parse(SCENARIO, dir);
        assertSameRows(cluster(runs, dir.resolve("cluster")), embedded(runs, dir.resolve("embedded")));
    }

    @Test
    void aCompressedChocoRunEqualsTheEmbeddedRunBitForBit(@TempDir Path dir) throws Exception {
        // Random operators draw from each node's own stream, wherever the node is hosted.
        String choco = SCENARIO.replaceFirst("(?m)^algorithm:.*$",
                "algorithm: { type: choco-sgd, step-size: 0.1, batch-size: 5, compression: { type: qsgd, levels: 4 } }")
                .replace("topology.type: [ring, exponential]", "algorithm.compression: [{ type: qsgd, levels: 4 }, { type: random-k, k: 3 }]");
        List<Scenario> runs = ScenarioParser.parse(choco, dir);
        assertSameRows(cluster(runs, dir.resolve("cluster")), embedded(runs, dir.resolve("embedded")));
    }

    @Test
    void aCoordinatorWithoutItsWorkersFailsAfterTheJoinTimeoutSayingWhatIsMissing() {
        ClusterSettings alone = ClusterSettings.load().withPort(0).withSeedNodes(List.of()).withExpectedWorkers(1)
                .withJoinTimeout(Duration.ofSeconds(2)).withMember("coordinator");
        try (ClusterMember coordinator = ClusterMember.startCoordinator(alone)) {
            ClusterException e = assertThrows(ClusterException.class, coordinator::awaitWorkers);
            assertThat(e.getMessage()).startsWith("waited 2 s for 1 worker members, but 0 joined (): 1 missing");
        }
    }

    @Test
    void aWorkerThatReadAnotherScenarioIsAUserErrorOnTheCoordinator(@TempDir Path dir) throws Exception {
        List<Scenario> runs = ScenarioParser.parse(LARGE, dir);
        List<Scenario> other = ScenarioParser.parse(LARGE.replace("rounds: 6", "rounds: 7"), dir);
        ClusterSettings base = ClusterSettings.load().withPort(0).withSeedNodes(List.of()).withExpectedWorkers(1)
                .withJoinTimeout(Duration.ofSeconds(60));
        try (ClusterMember coordinator = ClusterMember.startCoordinator(base.withMember("coordinator"))) {
            List<String> seed = List.of("127.0.0.1:" + coordinator.port());
            try (ClusterMember worker = ClusterMember.startWorker(base.withSeedNodes(seed).withMember("worker-a"), other)) {
                coordinator.awaitWorkers();
                UserInputException e = assertThrows(UserInputException.class, () -> ExperimentRunner.run(runs,
                        new ExperimentRunner.Options(dir.resolve("out"), coordinator.engine(), true, null, "test")));
                assertThat(e.getMessage()).isEqualTo("worker member worker-a: member worker-a read a different scenario than the"
                        + " coordinator (run cluster-large): start every member with the same scenario file");
                coordinator.finishWorkers("done");
                assertThat(worker.awaitFinish()).isEqualTo("done");
            }
        }
    }

    @Test
    void largeParameterVectorsCrossTheNetwork(@TempDir Path dir) throws Exception {
        List<Scenario> runs = ScenarioParser.parse(LARGE, dir);
        assertSameRows(cluster(runs, dir.resolve("cluster")), embedded(runs, dir.resolve("embedded")));
    }
}

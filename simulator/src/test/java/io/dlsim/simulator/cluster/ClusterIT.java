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

    /**
     * The methods of issue 9, each with the weights it needs, across the network; CHOCO's random
     * operators draw from each node's own stream, wherever the node is hosted.
     */
    static final String METHODS = """
            name: cluster-methods
            nodes: 7
            rounds: 24
            eval-every: 6
            data: { type: synthetic-logistic, samples-per-node: 40, test-samples: 100, dimension: 12, support: 4 }
            partition: { type: label-shards, classes-per-node: 1 }
            model: { type: logistic }
            algorithm: { type: dsgd, step-size: 0.1 }
            topology: { type: ring }
            sweep:
              algorithm + topology:
                - [{ type: dsgd, step-size: 0.2, variant: adapt-then-combine, gossip-rounds: { type: linear, initial: 1, growth: 1 } },
                   { type: ring }]
                - [{ type: dpsvrg, step-size: 0.1, batch-size: 5, regularizer: { type: l1, l1: 0.01 }, variant: adapt-then-combine,
                     gossip-rounds: { type: logarithmic, scale: 1.5 } }, { type: exponential }]
                - [{ type: gradient-tracking, step-size: 0.1, batch-size: 5, regularizer: { type: l1, l1: 0.01 } }, { type: ring }]
                - [{ type: gt-svrg, step-size: 0.1, batch-size: 5 }, { type: torus }]
                - [{ type: pg-extra, step-size: 0.1, regularizer: { type: l1, l1: 0.01 } }, { type: ring }]
                - [{ type: nids, step-size: 0.1, regularizer: { type: l1, l1: 0.01 } }, { type: exponential }]
                - [{ type: sgp, step-size: 0.2, batch-size: 5 }, { type: erdos-renyi-directed, p: 0.4, mixing: column-stochastic }]
                - [{ type: push-sum }, { type: erdos-renyi-directed, p: 0.4, mixing: column-stochastic }]
                - [{ type: choco-sgd, step-size: 0.1, batch-size: 5, compression: { type: qsgd, levels: 4 } }, { type: ring }]
                - [{ type: choco-sgd, step-size: 0.1, batch-size: 5, compression: { type: random-k, k: 3 } }, { type: exponential }]
            """;

    /** Issue 12: a system model (stragglers, jitter, random latencies, shared uplinks, skipped losses) over several seeds. */
    static final String TIMED = """
            name: cluster-timed
            nodes: 7
            rounds: 24
            eval-every: 6
            data: { type: synthetic-logistic, samples-per-node: 40, test-samples: 100, dimension: 12, support: 4 }
            model: { type: logistic }
            algorithm: { type: dsgd, step-size: 0.1, batch-size: 5 }
            topology: { type: exponential }
            system:
              compute: { seconds-per-step: 0.02, jitter: { type: lognormal, sigma: 0.4 }, stragglers: { fraction: 0.3, slowdown: 5 } }
              network:
                latency: { type: lognormal, median: 0.01, sigma: 0.5 }
                bandwidth: { bytes-per-second: 1.0e4, shared-uplink: true }
                loss: 0.2
                on-loss: skip
            sweep:
              seed: [1, 2, 3]
              system.network.loss: [0, 0.2]
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
    void aClusterRunOnSimulatedTimeEqualsTheEmbeddedRunBitForBit(@TempDir Path dir) throws Exception {
        List<Scenario> runs = ScenarioParser.parse(TIMED, dir);
        List<RunData> embedded = embedded(runs, dir.resolve("embedded"));
        assertSameRows(cluster(runs, dir.resolve("cluster")), embedded);
        for (RunData r : embedded) {
            MetricsRow last = r.finalRow();
            assertThat(last.timed()).isTrue();
            assertThat(last.simSeconds()).isGreaterThan(24 * 0.02);
        }
    }

    /** TIMED under churn, on an irregular graph (Metropolis-Hastings from the online degrees), with a trace run too. */
    static final String CHURNED = TIMED.replace("name: cluster-timed", "name: cluster-churn")
            .replace("topology: { type: exponential }", "topology: { type: grid }")
            .replace("    on-loss: skip\n", "    on-loss: skip\n  churn: { type: on-off, mean-online-seconds: 0.1, mean-offline-seconds: 0.05 }\n")
            .replace("  system.network.loss: [0, 0.2]\n", "  system.network.loss: [0, 0.2]\n"
                    + "  system.churn: [{ type: on-off, mean-online-seconds: 0.1, mean-offline-seconds: 0.05 }, { type: trace, path: trace.txt }]\n")
            .replace("  seed: [1, 2, 3]\n", "  seed: [1, 2]\n");

    @Test
    void aClusterRunUnderChurnEqualsTheEmbeddedRunBitForBit(@TempDir Path dir) throws Exception {
        assertThat(CHURNED).contains("churn: { type: on-off").contains("type: grid").contains("path: trace.txt");
        java.nio.file.Files.writeString(dir.resolve("trace.txt"), "0 0.05 0.2\n3 0 0.1\n5 0.1 0.3\n");
        List<Scenario> runs = ScenarioParser.parse(CHURNED, dir);
        assertThat(runs).hasSize(8);
        List<RunData> embedded = embedded(runs, dir.resolve("embedded"));
        assertSameRows(cluster(runs, dir.resolve("cluster")), embedded);
        for (RunData r : embedded) {
            assertThat(r.rows()).as(r.toString()).anyMatch(row -> row.onlineNodes() < 7);
        }
    }

    /**
     * Issue 13: asynchronous runs (async-gossip, quorum rounds, AD-PSGD) with stragglers, jitter,
     * random latencies, shared uplinks and lost messages (skipped or sent again), several seeds.
     */
    static final String ASYNCHRONOUS = """
            name: cluster-async
            nodes: 9
            rounds: 20
            eval-every: 5
            execution: asynchronous
            data: { type: synthetic-logistic, samples-per-node: 40, test-samples: 100, dimension: 12, support: 4 }
            model: { type: logistic }
            algorithm: { type: async-gossip, step-size: 0.1, batch-size: 5, max-staleness: 2 }
            topology: { type: exponential }
            system:
              compute: { seconds-per-step: 0.02, jitter: { type: lognormal, sigma: 0.4 }, stragglers: { fraction: 0.3, slowdown: 5 } }
              network:
                latency: { type: uniform, min: 0.004, max: 0.012 }
                bandwidth: { bytes-per-second: 1.0e5, shared-uplink: true }
                loss: 0.2
                on-loss: skip
            sweep:
              seed: [1, 2]
              algorithm + quorum + system.network.on-loss + system.network.retransmit-timeout:
                - [{ type: async-gossip, step-size: 0.1, batch-size: 5, max-staleness: 2 }, null, skip, null]
                - [{ type: dsgd, step-size: 0.1, batch-size: 5 }, 0.75, retransmit, 0.01]
                - [{ type: ad-psgd, step-size: 0.1, batch-size: 5 }, null, retransmit, 0.01]
            """;

    @Test
    void anAsynchronousClusterRunEqualsTheOneThreadEventEngineBitForBit(@TempDir Path dir) throws Exception {
        List<Scenario> runs = new java.util.ArrayList<>(ScenarioParser.parse(ASYNCHRONOUS, dir));
        // And under churn (nodes offline about 30% of the time), one seed.
        runs.addAll(ScenarioParser.parse(ASYNCHRONOUS.replace("name: cluster-async", "name: cluster-async-churn")
                .replace("  network:\n", "  churn: { type: on-off, mean-online-seconds: 0.1, mean-offline-seconds: 0.04 }\n  network:\n")
                .replace("  seed: [1, 2]\n", "  seed: [3]\n"), dir));
        assertThat(runs).hasSize(9);
        assertThat(runs.get(8).system().churn()).isNotNull();
        List<RunData> oracle = ExperimentRunner.run(runs, new ExperimentRunner.Options(dir.resolve("events"),
                EngineType.SEQUENTIAL.create(), true, null, "test")).runs();
        assertSameRows(cluster(runs, dir.resolve("cluster")), oracle);
        for (RunData r : oracle) {
            assertThat(r.finalRow().round()).isEqualTo(20);
        }
        // The runs were asynchronous: the fastest nodes ran ahead of the slowest.
        assertThat(oracle).anyMatch(r -> r.finalRow().stepsMax() > r.finalRow().stepsMin() + 2);
    }

    /** Rows and checkpoints of one run on an engine (the checkpoints with the number of rows before them). */
    record Taken(List<MetricsRow> rows, List<Object[]> checkpoints) {
    }

    static Taken take(io.dlsim.simulator.engine.Engine engine, io.dlsim.simulator.run.PreparedRun run) throws Exception {
        List<MetricsRow> rows = new java.util.ArrayList<>();
        List<Object[]> checkpoints = new java.util.ArrayList<>();
        engine.run(run, run.scenario().plan(), new io.dlsim.metrics.RunObserver() {
            @Override
            public void onRow(MetricsRow row) {
                rows.add(row);
            }

            @Override
            public void onCheckpoint(long round, List<byte[]> states) {
                checkpoints.add(new Object[] {round, List.copyOf(states), rows.size()});
            }
        });
        return new Taken(rows, checkpoints);
    }

    static io.dlsim.simulator.run.PreparedRun resumed(Scenario s, Object[] checkpoint) {
        io.dlsim.simulator.run.PreparedRun run = io.dlsim.simulator.run.PreparedRun.of(s);
        @SuppressWarnings("unchecked")
        List<byte[]> states = (List<byte[]>) checkpoint[1];
        run.resumeFrom((Long) checkpoint[0], states);
        return run;
    }

    static void assertTail(List<MetricsRow> rest, Taken full, Object[] checkpoint) {
        List<MetricsRow> expected = full.rows().subList((Integer) checkpoint[2], full.rows().size());
        assertThat(rest).hasSameSizeAs(expected);
        for (int i = 0; i < rest.size(); i++) {
            assertThat(rest.get(i).withWallSeconds(0)).isEqualTo(expected.get(i).withWallSeconds(0));
        }
    }

    /** Issue 13: an asynchronous cluster run's checkpoints resume it on the one-thread engine, and the one-thread engine's resume it on the cluster. */
    @Test
    void anAsynchronousClusterRunCheckpointsAndResumesBitForBit(@TempDir Path dir) throws Exception {
        String one = ASYNCHRONOUS.substring(0, ASYNCHRONOUS.indexOf("sweep:")).replace("name: cluster-async", "name: cluster-async-resume")
                .replace("  network:\n", "  churn: { type: on-off, mean-online-seconds: 0.1, mean-offline-seconds: 0.04 }\n  network:\n")
                + "checkpoint-every: 5\n";
        List<Scenario> runs = ScenarioParser.parse(one, dir);
        Scenario s = runs.get(0);
        Taken oracle = take(EngineType.SEQUENTIAL.create(), io.dlsim.simulator.run.PreparedRun.of(s));
        assertThat(oracle.checkpoints()).hasSizeGreaterThanOrEqualTo(3);
        ClusterSettings base = ClusterSettings.load().withPort(0).withSeedNodes(List.of()).withExpectedWorkers(2)
                .withJoinTimeout(Duration.ofSeconds(60));
        try (ClusterMember coordinator = ClusterMember.startCoordinator(base.withMember("coordinator"))) {
            List<String> seed = List.of("127.0.0.1:" + coordinator.port());
            try (ClusterMember a = ClusterMember.startWorker(base.withSeedNodes(seed).withMember("worker-a"), runs);
                    ClusterMember b = ClusterMember.startWorker(base.withSeedNodes(seed).withMember("worker-b"), runs)) {
                coordinator.awaitWorkers();
                Taken cluster = take(coordinator.engine(), io.dlsim.simulator.run.PreparedRun.of(s));
                assertTail(cluster.rows(), oracle, new Object[] {0L, List.of(), 0});
                assertThat(cluster.checkpoints()).hasSameSizeAs(oracle.checkpoints());
                Object[] middle = oracle.checkpoints().get(1);
                assertTail(coordinator.engine().run(resumed(s, middle), s.plan(), null), oracle, middle);
                Object[] clusterMiddle = cluster.checkpoints().get(1);
                assertTail(EngineType.SEQUENTIAL.create().run(resumed(s, clusterMiddle), s.plan(), null), oracle, clusterMiddle);
                coordinator.finishWorkers("done");
                assertThat(a.awaitFinish()).isEqualTo("done");
                assertThat(b.awaitFinish()).isEqualTo("done");
            }
        }
    }

    @Test
    void anAsynchronousRunWithoutALookaheadIsRefusedOnAClusterSayingWhy(@TempDir Path dir) throws Exception {
        String one = ASYNCHRONOUS.substring(0, ASYNCHRONOUS.indexOf("sweep:"));
        List<Scenario> runs = ScenarioParser.parse(one.replace("latency: { type: uniform, min: 0.004, max: 0.012 }",
                "latency: { type: lognormal, median: 0.01, sigma: 0.5 }"), dir);
        assertThat(runs).hasSize(1);
        Exception e = assertThrows(Exception.class, () -> cluster(runs, dir.resolve("cluster")));
        Throwable t = e;
        while (t.getCause() != null && !(t instanceof io.dlsim.topologies.UserInputException)) {
            t = t.getCause();
        }
        assertThat(t.getMessage()).contains("execution: asynchronous on a cluster needs latencies with a positive minimum");
    }

    @Test
    void aClusterRunEqualsTheEmbeddedRunBitForBit(@TempDir Path dir) throws Exception {
        List<Scenario> runs = ScenarioParser.parse(SCENARIO, dir);
        assertSameRows(cluster(runs, dir.resolve("cluster")), embedded(runs, dir.resolve("embedded")));
    }

    @Test
    void everyExactAndDirectedMethodEqualsTheEmbeddedRunBitForBit(@TempDir Path dir) throws Exception {
        List<Scenario> runs = ScenarioParser.parse(METHODS, dir);
        assertThat(runs).hasSize(10);
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
        assertThat(refusedWithOneWorker(runs, other, dir)).isEqualTo("worker member worker-a: member worker-a read a different"
                + " scenario than the coordinator (run cluster-large): start every member with the same scenario file");
    }

    /**
     * Runs {@code runs} on a coordinator whose one worker read {@code workerRuns}, expects the
     * coordinator to refuse the experiment as a user error before a round, and returns its message.
     */
    private static String refusedWithOneWorker(List<Scenario> runs, List<Scenario> workerRuns, Path dir) throws Exception {
        ClusterSettings base = ClusterSettings.load().withPort(0).withSeedNodes(List.of()).withExpectedWorkers(1)
                .withJoinTimeout(Duration.ofSeconds(60));
        try (ClusterMember coordinator = ClusterMember.startCoordinator(base.withMember("coordinator"))) {
            List<String> seed = List.of("127.0.0.1:" + coordinator.port());
            try (ClusterMember worker = ClusterMember.startWorker(base.withSeedNodes(seed).withMember("worker-a"), workerRuns)) {
                coordinator.awaitWorkers();
                UserInputException e = assertThrows(UserInputException.class, () -> ExperimentRunner.run(runs,
                        new ExperimentRunner.Options(dir.resolve("out"), coordinator.engine(), true, null, "test")));
                coordinator.finishWorkers("the coordinator stopped: " + e.getMessage(), true);
                assertThat(worker.awaitFinish()).startsWith("the coordinator stopped");
                return e.getMessage();
            }
        }
    }

    /** Issue 12: the same scenario text, another speeds file on one worker: refused before a round, naming the file. */
    @Test
    void aWorkerThatReadOtherNodeSpeedsIsRefusedNamingTheFile(@TempDir Path dir) throws Exception {
        String scenario = """
                name: cluster-speeds
                nodes: 4
                rounds: 6
                eval-every: 3
                data: { type: synthetic-logistic, samples-per-node: 20, test-samples: 50, dimension: 4 }
                model: { type: logistic }
                algorithm: { type: dsgd, step-size: 0.1, batch-size: 2 }
                topology: { type: ring }
                system: { compute: { seconds-per-step: 0.1, speeds: { path: speeds.txt } } }
                """;
        Path here = java.nio.file.Files.createDirectories(dir.resolve("coordinator"));
        Path there = java.nio.file.Files.createDirectories(dir.resolve("worker"));
        java.nio.file.Files.writeString(here.resolve("speeds.txt"), "1\n1\n1\n0.2\n");
        java.nio.file.Files.writeString(there.resolve("speeds.txt"), "1\n1\n0.2\n1\n");
        List<Scenario> runs = ScenarioParser.parse(scenario, here);
        List<Scenario> theirs = ScenarioParser.parse(scenario, there);
        assertThat(refusedWithOneWorker(runs, theirs, dir)).startsWith("worker member worker-a loaded other inputs than the"
                + " coordinator for run cluster-speeds: the system model's files (system.compute.speeds, system.network.latency,"
                + " system.churn) differ (sha256 ");
    }

    /** Finding 2 of issue 10: the same scenario text, a data file with half the labels flipped on one worker. */
    @Test
    void aWorkerThatLoadedOtherDataIsRefusedNamingTheMemberAndTheDifference(@TempDir Path dir) throws Exception {
        String scenario = """
                name: cluster-data
                nodes: 4
                rounds: 6
                eval-every: 3
                data: { type: csv, path: data.csv, test-fraction: 0.25 }
                model: { type: logistic }
                algorithm: { type: dsgd, step-size: 0.1, batch-size: 2 }
                topology: { type: ring }
                """;
        StringBuilder good = new StringBuilder("x1,x2,label\n");
        StringBuilder flipped = new StringBuilder("x1,x2,label\n");
        java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
        for (int i = 0; i < 64; i++) {
            double a = rng.nextGaussian();
            double b = rng.nextGaussian();
            int y = a + b > 0 ? 1 : 0;
            good.append(a).append(',').append(b).append(',').append(y).append('\n');
            flipped.append(a).append(',').append(b).append(',').append(i % 2 == 0 ? 1 - y : y).append('\n');
        }
        Path here = java.nio.file.Files.createDirectories(dir.resolve("coordinator"));
        Path there = java.nio.file.Files.createDirectories(dir.resolve("worker"));
        java.nio.file.Files.writeString(here.resolve("data.csv"), good);
        java.nio.file.Files.writeString(there.resolve("data.csv"), flipped);
        List<Scenario> runs = ScenarioParser.parse(scenario, here);
        List<Scenario> theirs = ScenarioParser.parse(scenario, there);
        ClusterSettings base = ClusterSettings.load().withPort(0).withSeedNodes(List.of()).withExpectedWorkers(2)
                .withJoinTimeout(Duration.ofSeconds(60));
        try (ClusterMember coordinator = ClusterMember.startCoordinator(base.withMember("coordinator"))) {
            List<String> seed = List.of("127.0.0.1:" + coordinator.port());
            try (ClusterMember a = ClusterMember.startWorker(base.withSeedNodes(seed).withMember("worker-a"), runs);
                    ClusterMember b = ClusterMember.startWorker(base.withSeedNodes(seed).withMember("worker-b"), theirs)) {
                coordinator.awaitWorkers();
                UserInputException e = assertThrows(UserInputException.class, () -> ExperimentRunner.run(runs,
                        new ExperimentRunner.Options(dir.resolve("out"), coordinator.engine(), true, null, "test")));
                assertThat(e.getMessage()).startsWith("worker member worker-b loaded other inputs than the coordinator for run "
                        + "cluster-data: the training set differs (sha256 ").contains("every member must read the same data");
                coordinator.finishWorkers("the coordinator stopped: " + e.getMessage(), true);
                assertThat(a.awaitFinish()).startsWith("the coordinator stopped");
                assertThat(a.experimentFailed()).isTrue();
                b.awaitFinish();
                assertThat(b.experimentFailed()).isTrue();
            }
        }
    }

    /** Finding 11 of issue 10: a worker pointed at seeds where nobody listens gives up after its join timeout. */
    @Test
    void aWorkerWithWrongSeedNodesFailsAfterItsJoinTimeout(@TempDir Path dir) throws Exception {
        int unused;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            unused = probe.getLocalPort();
        }
        ClusterSettings lost = ClusterSettings.load().withPort(0).withSeedNodes(List.of("127.0.0.1:" + unused))
                .withJoinTimeout(Duration.ofSeconds(3)).withMember("worker-x");
        try (ClusterMember worker = ClusterMember.startWorker(lost, ScenarioParser.parse(LARGE, dir))) {
            long start = System.nanoTime();
            ClusterException e = assertThrows(ClusterException.class, worker::awaitFinish);
            assertThat(e.getMessage()).isEqualTo("member worker-x could not join the cluster within 3 s (seed nodes 127.0.0.1:" + unused
                    + "): is the coordinator running there? (--seed-nodes, DLSIM_SEED_NODES; --join-timeout)");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        }
    }

    /** Finding 6 of issue 10: a port in use is one line naming it. */
    @Test
    void aPortInUseIsOneLineNamingIt() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            ClusterSettings s = ClusterSettings.load().withHost("127.0.0.1").withPort(taken.getLocalPort()).withSeedNodes(List.of());
            ClusterException e = assertThrows(ClusterException.class, () -> ClusterMember.startWorker(s, List.of()));
            assertThat(e.getMessage()).isEqualTo("cannot start the worker member: port " + taken.getLocalPort() + " on 127.0.0.1 is"
                    + " already in use (another member or program); choose another --port (DLSIM_PORT) or stop what holds it");
        }
    }

    @Test
    void largeParameterVectorsCrossTheNetwork(@TempDir Path dir) throws Exception {
        List<Scenario> runs = ScenarioParser.parse(LARGE, dir);
        assertSameRows(cluster(runs, dir.resolve("cluster")), embedded(runs, dir.resolve("embedded")));
    }
}

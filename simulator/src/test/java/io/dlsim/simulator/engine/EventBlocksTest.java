package io.dlsim.simulator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlsim.algorithms.engine.EventEngine;
import io.dlsim.algorithms.optim.NodeAlgorithm;
import io.dlsim.metrics.AsynchronousRunner;
import io.dlsim.metrics.MetricsRow;
import io.dlsim.simulator.run.PreparedRun;
import io.dlsim.simulator.engine.EngineType;
import io.dlsim.simulator.scenario.Scenario;
import io.dlsim.simulator.scenario.ScenarioParser;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The asynchronous run on blocks of actors ({@link EventBlocks}) against the one-thread
 * discrete-event engine, its oracle: the same rows bit for bit (wall time aside) and the same
 * models, clocks and counters at the end, for each asynchronous form, with stragglers, jitter,
 * random latencies, shared uplinks, lost messages (skipped or sent again), several seeds and
 * block layouts (two blocks, uneven blocks, one block per node: every message crosses actors).
 */
class EventBlocksTest {
    private static final int NODES = 24;

    private static String scenario(String topology, String algorithm, String extra, long seed, String network) {
        return """
                name: event-blocks
                seed: %d
                nodes: %d
                rounds: 25
                eval-every: 5
                execution: asynchronous
                data: { type: synthetic-logistic, samples-per-node: 30, test-samples: 200, dimension: 6 }
                model: { type: logistic }
                algorithm: %s
                topology: { type: %s }
                system:
                  compute: { seconds-per-step: 0.01, jitter: { type: lognormal, sigma: 0.3 }, stragglers: { fraction: 0.2, slowdown: 4 } }
                  network: %s
                %s
                """.formatted(seed, NODES, algorithm, topology, network, extra);
    }

    private static final String UNIFORM = "{ latency: { type: uniform, min: 0.002, max: 0.008 }, bandwidth: { bytes-per-second: 1e6, shared-uplink: true } }";

    static Stream<Arguments> cases() {
        String gossip = "{ type: async-gossip, step-size: 0.2, batch-size: 4, max-staleness: 2 }";
        String dsgd = "{ type: dsgd, step-size: 0.2, batch-size: 4 }";
        String adPsgd = "{ type: ad-psgd, step-size: 0.2, batch-size: 4 }";
        String skip = "{ latency: { type: uniform, min: 0.002, max: 0.008 }, loss: 0.2, on-loss: skip }";
        String retransmit = "{ latency: { type: constant, seconds: 0.003 }, loss: 0.2, on-loss: retransmit, retransmit-timeout: 0.01 }";
        return Stream.of(
                Arguments.of("async-gossip S=2, ring", scenario("ring", gossip, "", 1, UNIFORM)),
                Arguments.of("async-gossip S=2, exponential, seed 2", scenario("exponential", gossip, "", 2, UNIFORM)),
                Arguments.of("async-gossip S=2, torus, skipped losses, seed 3", scenario("torus", gossip, "", 3, skip)),
                Arguments.of("quorum 0.75, exponential", scenario("exponential", dsgd, "quorum: 0.75", 1, UNIFORM)),
                Arguments.of("quorum 0.5, ring, lost messages sent again, seed 4", scenario("ring", dsgd, "quorum: 0.5", 4, retransmit)),
                Arguments.of("quorum 1, ring, seed 5, evaluated every 0.05 s", scenario("ring", dsgd, "quorum: 1\neval-every-seconds: 0.05", 5, UNIFORM)),
                Arguments.of("ad-psgd, exponential", scenario("exponential", adPsgd, "", 1, UNIFORM)),
                Arguments.of("ad-psgd, ring, lost messages sent again, seed 6", scenario("ring", adPsgd, "", 6, retransmit)),
                Arguments.of("ad-psgd, complete, seed 7, evaluated every 0.04 s", scenario("complete", adPsgd, "eval-every-seconds: 0.04", 7, UNIFORM)),
                Arguments.of("churn: async-gossip S=2, torus, seed 8", churned(scenario("torus", gossip, "", 8, UNIFORM))),
                Arguments.of("churn: quorum 0.75, exponential, skipped losses, seed 9", churned(scenario("exponential", dsgd, "quorum: 0.75", 9, skip))),
                Arguments.of("churn: ad-psgd, ring, seed 10", churned(scenario("ring", adPsgd, "", 10, UNIFORM))),
                Arguments.of("churn: ad-psgd, exponential, lost messages sent again, seed 11",
                        churned(scenario("exponential", adPsgd, "", 11, retransmit))));
    }

    /** The scenario with nodes going offline and coming back (on-off, about 30% of the time offline) at the scale of its steps. */
    static String churned(String yaml) {
        return yaml.replace("  network:", "  churn: { type: on-off, mean-online-seconds: 0.05, mean-offline-seconds: 0.02 }\n  network:");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void blocksGiveTheOneThreadEnginesRowsBitForBit(String name, String yaml) {
        Scenario s = ScenarioParser.parse(yaml, Path.of(".")).get(0);
        PreparedRun prepared = PreparedRun.of(s);
        double everySeconds = s.execution().evalEverySeconds() == null ? 0 : s.execution().evalEverySeconds();
        EventEngine oracle = prepared.eventEngine();
        List<MetricsRow> expected = AsynchronousRunner.run(oracle, prepared.evaluator(), s.rounds(), s.evalEvery(), everySeconds, null);
        assertThat(expected.size()).isGreaterThan(2);
        if (name.startsWith("churn")) {
            assertThat(expected).as("nodes were offline at some rows").anyMatch(r -> r.onlineNodes() < NODES);
        }
        // The run did something: every step count reached, the loss went down, nodes drifted apart
        // in steps, and (but in quorum rounds, which combine only their round's messages) old messages were combined.
        MetricsRow last = expected.get(expected.size() - 1);
        assertThat(last.round()).isEqualTo(s.rounds());
        assertThat(last.trainLoss()).isLessThan(expected.get(0).trainLoss());
        assertThat(last.stepsMax()).isGreaterThan(last.stepsMin());
        if (!name.contains("quorum")) {
            assertThat(expected.stream().mapToDouble(MetricsRow::stalenessMax).max().orElseThrow()).isPositive();
        }

        for (int blocks : new int[] {2, 5, NODES}) {
            List<NodeAlgorithm> nodes = prepared.nodes();
            List<MetricsRow> actual = ActorEngine.runAsynchronous(prepared.schedule(), nodes, prepared.systemModel(),
                    s.execution().protocol(s.algorithm()), s.seed(), prepared.evaluator(), s.rounds(), s.evalEvery(), everySeconds, null,
                    BlockLayout.split(NODES, blocks));
            assertThat(actual).as("%d blocks", blocks).hasSameSizeAs(expected);
            for (int k = 0; k < expected.size(); k++) {
                // Records compare doubles bit for bit (Double.equals); wall time is the one allowed difference.
                assertThat(actual.get(k).withWallSeconds(0)).as("%d blocks, row %d", blocks, k)
                        .isEqualTo(expected.get(k).withWallSeconds(0));
            }
            for (int i = 0; i < NODES; i++) {
                NodeAlgorithm a = nodes.get(i);
                NodeAlgorithm o = oracle.nodes().get(i);
                assertThat(a.parameters()).as("node %d", i).isEqualTo(o.parameters());
                assertThat(a.counters().clock()).isEqualTo(o.counters().clock());
                assertThat(a.counters().idleSeconds()).isEqualTo(o.counters().idleSeconds());
                assertThat(a.counters().steps()).isEqualTo(o.counters().steps());
                assertThat(a.counters().bytesSent()).isEqualTo(o.counters().bytesSent());
            }
        }
    }

    static Stream<Arguments> resumeCases() {
        String gossip = "{ type: async-gossip, step-size: 0.2, batch-size: 4, max-staleness: 2 }";
        String dsgd = "{ type: dsgd, step-size: 0.2, batch-size: 4 }";
        String adPsgd = "{ type: ad-psgd, step-size: 0.2, batch-size: 4 }";
        String skip = "{ latency: { type: uniform, min: 0.002, max: 0.008 }, loss: 0.2, on-loss: skip }";
        String lognormal = "{ latency: { type: lognormal, median: 0.005, sigma: 0.5 }, bandwidth: { bytes-per-second: 1e6 } }";
        return Stream.of(
                Arguments.of("async-gossip S=2, exponential, skipped losses", scenario("exponential", gossip, "checkpoint-every: 5", 2, skip)),
                Arguments.of("quorum 0.75, ring", scenario("ring", dsgd, "quorum: 0.75\ncheckpoint-every: 5", 3, UNIFORM)),
                Arguments.of("ad-psgd, exponential, evaluated every 0.05 s", scenario("exponential", adPsgd,
                        "eval-every-seconds: 0.05\ncheckpoint-every: 10", 4, UNIFORM)),
                Arguments.of("churn: quorum 0.5, torus", churned(scenario("torus", dsgd, "quorum: 0.5\ncheckpoint-every: 5", 6, UNIFORM))),
                Arguments.of("churn: ad-psgd, ring", churned(scenario("ring", adPsgd, "checkpoint-every: 5", 7, UNIFORM))),
                Arguments.of("async-gossip S=1, ring, log-normal latency (no windows)", scenario("ring",
                        gossip.replace("max-staleness: 2", "max-staleness: 1"), "checkpoint-every: 5", 5, lognormal)));
    }

    /** A run resumed from each of its checkpoints, on the one-thread engine and on blocks, equals the uninterrupted run bit for bit. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("resumeCases")
    void aResumedRunEqualsTheUninterruptedOne(String name, String yaml) throws Exception {
        Scenario s = ScenarioParser.parse(yaml, Path.of(".")).get(0);
        List<MetricsRow> rows = new java.util.ArrayList<>();
        List<Object[]> checkpoints = new java.util.ArrayList<>();
        PreparedRun full = PreparedRun.of(s);
        EngineType.SEQUENTIAL.create().run(full, s.plan(), new io.dlsim.metrics.RunObserver() {
            @Override
            public void onRow(MetricsRow row) {
                rows.add(row);
            }

            @Override
            public void onCheckpoint(long round, List<byte[]> states) {
                checkpoints.add(new Object[] {round, List.copyOf(states), rows.size()});
            }
        });
        assertThat(checkpoints).hasSizeGreaterThan(2);
        boolean windows = PreparedRun.of(s).systemModel().lookahead() > 0;
        for (int c : new int[] {0, checkpoints.size() / 2, checkpoints.size() - 1}) {
            long round = (Long) checkpoints.get(c)[0];
            @SuppressWarnings("unchecked")
            List<byte[]> states = (List<byte[]>) checkpoints.get(c)[1];
            List<MetricsRow> expected = rows.subList((Integer) checkpoints.get(c)[2], rows.size());
            for (int blocks : windows ? new int[] {1, 3, NODES} : new int[] {1}) {
                PreparedRun resumed = PreparedRun.of(s);
                resumed.resumeFrom(round, states);
                List<MetricsRow> rest = blocks == 1 ? EngineType.SEQUENTIAL.create().run(resumed, s.plan(), null)
                        : ActorEngine.runAsynchronous(resumed.schedule(), resumed.nodes(), resumed.systemModel(),
                                s.execution().protocol(s.algorithm()), s.seed(), resumed.evaluator(), s.rounds(), s.evalEvery(),
                                s.execution().evalEverySeconds() == null ? 0 : s.execution().evalEverySeconds(), null,
                                BlockLayout.split(NODES, blocks), resumed.asynchronousCheckpointRows(), resumed.asynchronousResume(),
                                resumed.asynchronousEngineStates());
                assertThat(rest).as("checkpoint %d, %d blocks", c, blocks).hasSameSizeAs(expected);
                for (int k = 0; k < expected.size(); k++) {
                    assertThat(rest.get(k).withWallSeconds(0)).as("checkpoint %d, %d blocks, row %d", c, blocks, k)
                            .isEqualTo(expected.get(k).withWallSeconds(0));
                }
            }
        }
    }

    /** Churn that never takes a node offline during the run (a trace interval after its end) changes nothing, bit for bit. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void churnThatTakesNobodyOfflineChangesNothing(String name, String yaml, @org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        if (name.startsWith("churn")) {
            return;
        }
        java.nio.file.Files.writeString(dir.resolve("late.txt"), "0 1000 1001\n");
        Scenario plain = ScenarioParser.parse(yaml, dir).get(0);
        Scenario late = ScenarioParser.parse(yaml.replace("  network:", "  churn: { type: trace, path: late.txt }\n  network:"), dir).get(0);
        double every = plain.execution().evalEverySeconds() == null ? 0 : plain.execution().evalEverySeconds();
        PreparedRun a = PreparedRun.of(plain);
        PreparedRun b = PreparedRun.of(late);
        assertThat(b.systemModel().churn()).isNotNull();
        List<MetricsRow> expected = AsynchronousRunner.run(a.eventEngine(), a.evaluator(), plain.rounds(), plain.evalEvery(), every, null);
        List<MetricsRow> actual = AsynchronousRunner.run(b.eventEngine(), b.evaluator(), late.rounds(), late.evalEvery(), every, null);
        assertThat(actual).hasSameSizeAs(expected);
        for (int k = 0; k < expected.size(); k++) {
            assertThat(actual.get(k).withWallSeconds(0)).as("row %d", k).isEqualTo(expected.get(k).withWallSeconds(0));
        }
    }
}

package io.dlsim.algorithms.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.dlsim.algorithms.data.Dataset;
import io.dlsim.algorithms.data.Partition;
import io.dlsim.algorithms.data.Partitioner;
import io.dlsim.algorithms.data.Synthetic;
import io.dlsim.algorithms.model.InitMode;
import io.dlsim.algorithms.model.Model;
import io.dlsim.algorithms.model.ModelSettings;
import io.dlsim.algorithms.optim.AdPsgd;
import io.dlsim.algorithms.optim.AlgorithmSettings;
import io.dlsim.algorithms.optim.AsyncGossip;
import io.dlsim.algorithms.optim.Dsgd;
import io.dlsim.algorithms.optim.NodeAlgorithm;
import io.dlsim.algorithms.optim.NodeContext;
import io.dlsim.algorithms.optim.NodeContexts;
import io.dlsim.algorithms.stepsize.StepSize;
import io.dlsim.algorithms.system.SystemModel;
import io.dlsim.algorithms.system.SystemSettings;
import io.dlsim.topologies.Topology;
import io.dlsim.topologies.TopologyFactory;
import io.dlsim.topologies.TopologySpec;
import io.dlsim.topologies.schedule.StaticSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The discrete-event engine of asynchronous runs against the synchronous rounds and the protocols' promises. */
class EventEngineTest {
    private static final int NODES = 12;
    private static final Dataset TRAIN = Synthetic.sparseLogistic(NODES * 40, 15, 5, 1.0, new SplittableRandom(1)).data();
    private static final Model MODEL = ModelSettings.logistic().create(TRAIN);

    private static List<NodeAlgorithm> nodes(AlgorithmSettings settings) {
        Partition partition = Partitioner.iid().partition(TRAIN, NODES, new SplittableRandom(2));
        List<NodeAlgorithm> nodes = new ArrayList<>();
        for (NodeContext c : NodeContexts.all(TRAIN, partition, MODEL, InitMode.PER_NODE, 5, settings.batchSize())) {
            nodes.add(settings.create(c, 100));
        }
        return nodes;
    }

    private static StaticSchedule schedule(String topology) {
        Topology t = TopologyFactory.build(TopologySpec.of(topology, NODES));
        return new StaticSchedule(t.matrix(), topology);
    }

    /** Constant compute 1/16 s, latency 1/64 s, 4 KB/s shared uplinks: exact in binary. */
    private static SystemModel equalSpeeds() {
        return SystemModel.of(new SystemSettings(new SystemSettings.Compute(0.0625, null, null, null),
                new SystemSettings.Network(new SystemSettings.Latency.Constant(0.015625), new SystemSettings.Bandwidth(4096.0, true))),
                3, NODES, MODEL.flopsPerExample());
    }

    private static SystemModel stragglers(long seed) {
        return SystemModel.of(new SystemSettings(new SystemSettings.Compute(0.02, null, new SystemSettings.Jitter.Lognormal(0.3),
                new SystemSettings.Stragglers(0.25, 5.0)), new SystemSettings.Network(new SystemSettings.Latency.Uniform(0.001, 0.01),
                new SystemSettings.Bandwidth(1e5, true))), seed, NODES, MODEL.flopsPerExample());
    }

    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({"ring, latest", "exponential, latest", "torus, latest", "ring, quorum", "exponential, quorum"})
    void withEqualSpeedsStalenessZeroAndAFullQuorumAreTheSynchronousRoundsBitForBit(String topology, String protocol) {
        int rounds = 30;
        AlgorithmSettings dsgd = new Dsgd.Settings(0.3, null, 4, null);
        List<NodeAlgorithm> synchronous = nodes(dsgd);
        new SequentialEngine(schedule(topology), synchronous, 0, equalSpeeds()).run(rounds);
        List<NodeAlgorithm> asynchronous = nodes(protocol.equals("latest") ? new AsyncGossip.Settings(0.3, null, 4, 0) : dsgd);
        EventEngine engine = new EventEngine(schedule(topology), asynchronous, equalSpeeds(),
                protocol.equals("latest") ? new EventEngine.Protocol.Latest(0) : new EventEngine.Protocol.Quorum(1.0), 3);
        assertThat(engine.advance(Double.POSITIVE_INFINITY, (long) rounds * NODES)).isTrue();
        for (int i = 0; i < NODES; i++) {
            assertThat(engine.steps(i)).isEqualTo(rounds);
            assertThat(asynchronous.get(i).parameters()).as("node %d", i).isEqualTo(synchronous.get(i).parameters());
            assertThat(asynchronous.get(i).counters().clock()).isEqualTo(synchronous.get(i).counters().clock()).isPositive();
            assertThat(asynchronous.get(i).counters().idleSeconds()).isEqualTo(synchronous.get(i).counters().idleSeconds());
            assertThat(asynchronous.get(i).counters().bytesSent()).isEqualTo(synchronous.get(i).counters().bytesSent());
        }
        assertThat(engine.takeStaleness().max()).isZero();
    }

    @ParameterizedTest(name = "max-staleness {0}")
    @CsvSource({"0", "1", "3"})
    void noMessageOlderThanTheBoundIsCombinedAndStragglersNoLongerPaceEveryone(int bound) {
        List<NodeAlgorithm> nodes = nodes(new AsyncGossip.Settings(0.3, null, 4, bound));
        EventEngine engine = new EventEngine(schedule("ring"), nodes, stragglers(4), new EventEngine.Protocol.Latest(bound), 4);
        engine.advance(Double.POSITIVE_INFINITY, 40L * NODES);
        EventEngine.Staleness s = engine.takeStaleness();
        assertThat(s.max()).isLessThanOrEqualTo(bound);
        assertThat(s.count()).isPositive();
        assertThat(s.p95()).isLessThanOrEqualTo(s.max());
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < NODES; i++) {
            min = Math.min(min, engine.steps(i));
            max = Math.max(max, engine.steps(i));
        }
        // A node finishes step k only with a message of step >= k - S from each neighbour, so a
        // neighbour is at most S + 1 steps ahead of it: on a ring, (S + 1) x n/2 hops of anyone.
        assertThat(max - min).isLessThanOrEqualTo((long) (bound + 1) * NODES / 2);
        if (bound > 0) {
            assertThat(s.max()).isPositive();
            assertThat(max).isGreaterThan(min);
        }
    }

    @Test
    void aQuorumDropsLateMessagesAndLetsFastNodesRunAhead() {
        List<NodeAlgorithm> nodes = nodes(new Dsgd.Settings(0.3, null, 4, null));
        EventEngine engine = new EventEngine(schedule("exponential"), nodes, stragglers(5), new EventEngine.Protocol.Quorum(0.5), 5);
        engine.advance(Double.POSITIVE_INFINITY, 40L * NODES);
        assertThat(engine.droppedMessages()).isPositive();
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < NODES; i++) {
            min = Math.min(min, engine.steps(i));
            max = Math.max(max, engine.steps(i));
        }
        assertThat(max).isGreaterThan(min + 5);
    }

    @Test
    void aRestoredQuorumNodeRefusesMessagesOfARoundBeforeItsStep() throws Exception {
        EventEngine running = new EventEngine(schedule("exponential"), nodes(new Dsgd.Settings(0.3, null, 4, null)), stragglers(5),
                new EventEngine.Protocol.Quorum(0.5), 5);
        running.advance(Double.POSITIVE_INFINITY, 10L * NODES);
        List<byte[]> saved = new java.util.ArrayList<>(running.save(List.of()));
        // A fresh engine takes the saved states as they are (fast nodes hold later rounds' messages).
        new EventEngine(schedule("exponential"), nodes(new Dsgd.Settings(0.3, null, 4, null)), stragglers(5),
                new EventEngine.Protocol.Quorum(0.5), 5).restore(saved, running.now());
        // Node 0 at step 5 holding messages of round 2, which it would have dropped.
        int width = schedule("exponential").at(0).rowColumns(0).length;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream d = new java.io.DataOutputStream(bytes);
        java.io.DataInputStream version = new java.io.DataInputStream(new java.io.ByteArrayInputStream(saved.get(0)));
        d.writeInt(version.readInt());
        d.writeLong(5);
        d.writeBoolean(false);
        d.writeLong(0);
        d.writeLong(0);
        d.writeDouble(Double.NaN);
        d.writeBoolean(false);
        d.writeInt(-1);
        d.writeInt(1);
        d.writeLong(2);
        d.writeInt(width);
        for (int m = 0; m < width; m++) {
            d.writeInt(-1);
        }
        d.writeInt(0);
        saved.set(0, bytes.toByteArray());
        EventEngine fresh = new EventEngine(schedule("exponential"), nodes(new Dsgd.Settings(0.3, null, 4, null)), stragglers(5),
                new EventEngine.Protocol.Quorum(0.5), 5);
        assertThatThrownBy(() -> fresh.restore(saved, running.now())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("node 0: quorum messages of round 2 at its step 5");
    }

    /** AD-PSGD nodes with step size 0: pure pairwise averaging. */
    private static List<NodeAlgorithm> averagingOnly() {
        Partition partition = Partitioner.iid().partition(TRAIN, NODES, new SplittableRandom(2));
        StepSize zero = new StepSize() {
            @Override
            public String type() {
                return "constant";
            }

            @Override
            public double at(long t) {
                return 0;
            }
        };
        List<NodeAlgorithm> nodes = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(8);
        for (NodeContext c : NodeContexts.all(TRAIN, partition, MODEL, InitMode.PER_NODE, 5, 4)) {
            double[] x0 = new double[MODEL.parameterCount()];
            for (int k = 0; k < x0.length; k++) {
                x0[k] = rng.nextGaussian();
            }
            nodes.add(new AdPsgd(new NodeContext(c.node(), c.shard(), c.model(), c.sampler(), c.batchSize(), x0), zero));
        }
        return nodes;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"equal speeds", "stragglers and jitter"})
    void adPsgdPairwiseAveragingKeepsTheMeanOfTheModelsAndReachesConsensus(String speeds) {
        List<NodeAlgorithm> nodes = averagingOnly();
        double[] mean = NodeModels.mean(nodes);
        double spread = NodeModels.squaredDistances(nodes, mean);
        EventEngine engine = new EventEngine(schedule("complete"), nodes, speeds.startsWith("equal") ? equalSpeeds() : stragglers(6),
                new EventEngine.Protocol.Pairwise(), 6);
        for (int chunk = 0; chunk < 20; chunk++) {
            engine.advance(Double.POSITIVE_INFINITY, (chunk + 1) * 10L * NODES);
            // The peer's half of an averaging is done when the request arrives, the node's when
            // the reply does: the sum is kept once the replies in flight are counted.
            double[] now = NodeModels.mean(nodes);
            double[] pending = engine.pendingAveragingChange();
            for (int c = 0; c < mean.length; c++) {
                assertThat(now[c] + pending[c] / NODES).as("coordinate %d", c).isCloseTo(mean[c], within(1e-12));
            }
        }
        assertThat(NodeModels.squaredDistances(nodes, mean)).isLessThan(spread * 1e-6);
    }

    @Test
    void adPsgdConvergesOnAConvexProblem() {
        List<NodeAlgorithm> nodes = nodes(new AdPsgd.Settings(0.5, null, 8));
        double before = MODEL.loss(NodeModels.mean(nodes), TRAIN);
        EventEngine engine = new EventEngine(schedule("exponential"), nodes, stragglers(7), new EventEngine.Protocol.Pairwise(), 7);
        engine.advance(Double.POSITIVE_INFINITY, 400L * NODES);
        double after = MODEL.loss(NodeModels.mean(nodes), TRAIN);
        // The same budget of steps of synchronous D-SGD as the reference.
        List<NodeAlgorithm> reference = nodes(new Dsgd.Settings(0.5, null, 8, null));
        new SequentialEngine(schedule("exponential"), reference).run(400);
        double synchronous = MODEL.loss(NodeModels.mean(reference), TRAIN);
        assertThat(after).isLessThan(before * 0.8).isLessThan(synchronous + 0.02);
        double[] consensus = NodeModels.mean(nodes);
        assertThat(NodeModels.squaredDistances(nodes, consensus))
                .isLessThan(NodeModels.squaredDistances(nodes(new AdPsgd.Settings(0.5, null, 8)), consensus));
    }
}

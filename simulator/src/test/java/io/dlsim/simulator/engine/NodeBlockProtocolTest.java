package io.dlsim.simulator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlsim.algorithms.engine.RoundRows;
import io.dlsim.algorithms.model.Model;
import io.dlsim.algorithms.model.ModelSettings;
import io.dlsim.algorithms.optim.AlgorithmSettings;
import io.dlsim.algorithms.optim.GossipAveraging;
import io.dlsim.algorithms.optim.NodeAlgorithm;
import io.dlsim.metrics.EvaluationRounds;
import io.dlsim.metrics.Evaluator;
import io.dlsim.metrics.NodeSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A block refuses batches that break the protocol (a message from the network or a bug) with a
 * failure report naming what is wrong, and runs a round as soon as its one expected batch is in.
 * Block 0 of a 4-node ring in two blocks (nodes 0, 1) combines nodes 3 and 2 of block 1.
 */
class NodeBlockProtocolTest {
    private static final ActorTestKit KIT = ActorTestKit.create();
    private static final int NODES = 4;

    @AfterAll
    static void stop() {
        KIT.shutdownTestKit();
    }

    private record Spawned(ActorRef<NodeBlock.Command> block, TestProbe<Coordinator.Command> coordinator,
            TestProbe<NodeBlock.Command> sent) {
    }

    private static Spawned spawnBlockZero() {
        return spawnBlockZero(false);
    }

    /** Block 0, computing x̄'s training terms when {@code trainTerms} (its local-loss calculator made with them). */
    private static Spawned spawnBlockZero(boolean trainTerms) {
        Model model = ModelSettings.logistic().create(ActorEngineTest.trainSet());
        AlgorithmSettings spec = new GossipAveraging.Settings();
        List<NodeAlgorithm> all = ActorEngineTest.nodes(spec, model, NODES);
        BlockLayout layout = BlockLayout.split(NODES, 2);
        RoundRows rows = new RoundRows(ActorEngineTest.schedule("static", "ring", Map.of(), NODES));
        TestProbe<Coordinator.Command> coordinator = KIT.createTestProbe();
        TestProbe<NodeBlock.Command> sent = KIT.createTestProbe();
        Evaluator.LocalLoss localLoss = trainTerms
                ? ActorEngineTest.spreadingEvaluator(model, spec, NODES).localLoss(NODES, true) : null;
        ActorRef<NodeBlock.Command> block = KIT.spawn(NodeBlock.create(all.subList(0, 2), 0, layout, rows, new EvaluationRounds(3, 3),
                localLoss));
        block.tell(new NodeBlock.Start((to, message) -> sent.getRef().tell(message), coordinator.getRef()));
        return new Spawned(block, coordinator, sent);
    }

    private static String failure(Spawned s) {
        // The round-0 snapshots come first.
        for (int k = 0; k < 10; k++) {
            Coordinator.Command c = s.coordinator().receiveMessage(Duration.ofSeconds(10));
            if (c instanceof Coordinator.NodeFailed f) {
                return f.reason();
            }
        }
        throw new AssertionError("no failure report");
    }

    private static double[] vector() {
        return new double[ModelSettings.logistic().create(ActorEngineTest.trainSet()).parameterCount()];
    }

    @Test
    void aBlockSendsOneBatchPerNeighbouringBlockWithExactlyTheMessagesItNeeds() {
        Spawned s = spawnBlockZero();
        // Round 0's snapshots of its two nodes, then its one batch: nodes 0 and 1, both combined by block 1.
        s.coordinator().expectMessageClass(Coordinator.Report.class);
        s.coordinator().expectMessageClass(Coordinator.Report.class);
        NodeBlock.Batch out = (NodeBlock.Batch) s.sent().receiveMessage();
        assertThat(out.round()).isZero();
        assertThat(out.fromBlock()).isZero();
        assertThat(out.nodes()).containsExactly(0, 1);
        // Block 1's round-0 batch completes the round: the block sends its round-1 batch.
        s.block().tell(new NodeBlock.Batch(0, 1, new int[] {2, 3}, new double[][] {vector(), vector()}));
        NodeBlock.Batch next = (NodeBlock.Batch) s.sent().receiveMessage();
        assertThat(next.round()).isEqualTo(1);
        s.coordinator().expectNoMessage(Duration.ofMillis(100));
    }

    @Test
    void aBatchFromABlockThatHoldsNoColumnIsRefused() {
        Spawned s = spawnBlockZero();
        s.block().tell(new NodeBlock.Batch(0, 0, new int[] {0}, new double[][] {vector()}));
        assertThat(failure(s)).isEqualTo("block 0 got a round-0 batch from block 0, which holds none of the columns of its rows of W(0)");
    }

    @Test
    void aBatchOfAPastRoundIsRefused() {
        Spawned s = spawnBlockZero();
        s.block().tell(new NodeBlock.Batch(0, 1, new int[] {2, 3}, new double[][] {vector(), vector()}));
        s.block().tell(new NodeBlock.Batch(0, 1, new int[] {2, 3}, new double[][] {vector(), vector()}));
        assertThat(failure(s)).isEqualTo("block 0 (nodes 0..1) got a round-0 batch from block 1 while in round 1");
    }

    @Test
    void aMessageOfANodeTheSenderDoesNotHoldIsRefused() {
        Spawned s = spawnBlockZero();
        s.block().tell(new NodeBlock.Batch(0, 1, new int[] {1}, new double[][] {vector()}));
        assertThat(failure(s)).isEqualTo("block 0 got a message of node 1 from block 1, which holds nodes 2..3");
    }

    @Test
    void aMessageOfTheWrongLengthIsRefused() {
        Spawned s = spawnBlockZero();
        s.block().tell(new NodeBlock.Batch(0, 1, new int[] {2, 3}, new double[][] {vector(), new double[2]}));
        assertThat(failure(s)).contains("got a message of 2 values from node 3; the model has " + vector().length);
    }

    @Test
    void aBatchMissingAMessageARowNeedsIsRefused() {
        Spawned s = spawnBlockZero();
        // Node 0 combines node 3: a batch with node 2 only leaves its row incomplete.
        s.block().tell(new NodeBlock.Batch(0, 1, new int[] {2}, new double[][] {vector()}));
        assertThat(failure(s)).isEqualTo("block 0 has no round-0 message of node 3 for node 0");
    }

    @Test
    void withTrainingTermsABlockReportsModelsThenAnswersXBarWithItsNodesTermsOnce() {
        Spawned s = spawnBlockZero(true);
        Model model = ModelSettings.logistic().create(ActorEngineTest.trainSet());
        Evaluator.LocalLoss reference = ActorEngineTest.spreadingEvaluator(model, new GossipAveraging.Settings(), NODES)
                .localLoss(NODES, true);
        NodeSnapshot first = ((Coordinator.Report) s.coordinator().receiveMessage()).snapshot();
        NodeSnapshot second = ((Coordinator.Report) s.coordinator().receiveMessage()).snapshot();
        // The local losses wait for x̄: they are computed beside its terms, from the reported models.
        assertThat(first.localLoss()).isNull();
        assertThat(second.localLoss()).isNull();
        double[] mean = vector();
        java.util.Arrays.fill(mean, 0.25);
        s.block().tell(new NodeBlock.EvaluateMean(0, mean));
        Coordinator.Terms t = s.coordinator().expectMessageClass(Coordinator.Terms.class);
        assertThat(t.round()).isZero();
        assertThat(t.block()).isZero();
        assertThat(t.localLosses()).containsExactly(reference.of(0, first.parameters()), reference.of(1, second.parameters()));
        NodeSnapshot[] reported = {first, second};
        for (int k = 0; k < 2; k++) {
            double[] loss = new double[reference.shardSize(k)];
            double[] correct = new double[loss.length];
            reference.ofWithTrainTerms(k, reported[k].parameters(), mean, loss, correct);
            assertThat(t.loss()[k]).containsExactly(loss);
            assertThat(t.correct()[k]).containsExactly(correct);
        }
        // Asked twice: the models were given up with the first answer.
        s.block().tell(new NodeBlock.EvaluateMean(0, mean));
        assertThat(failure(s)).isEqualTo("block 0 got x̄ of round 0, a round it has not reported or was already sent");
    }

    @Test
    void xBarForABlockWithoutTrainingTermsIsRefused() {
        Spawned s = spawnBlockZero(false);
        s.block().tell(new NodeBlock.EvaluateMean(0, vector()));
        assertThat(failure(s)).isEqualTo("block 0 got x̄ of round 0, but it computes no training terms");
    }
}

package io.dlsim.simulator.engine;

import io.dlsim.algorithms.engine.ChurnRound;
import io.dlsim.algorithms.engine.Gossip;
import io.dlsim.algorithms.engine.MixingRows;
import io.dlsim.algorithms.engine.RoundClock;
import io.dlsim.algorithms.engine.RoundRows;
import io.dlsim.algorithms.optim.NodeAlgorithm;
import io.dlsim.algorithms.system.SystemModel;
import io.dlsim.metrics.EvaluationRounds;
import io.dlsim.metrics.Evaluator;
import io.dlsim.metrics.NodeSnapshot;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * One actor running a contiguous block of simulated nodes ({@link BlockLayout}); the embedded
 * engine and every cluster member run their nodes in these. In round t the block asks each of
 * its nodes for {@code outgoing(t)} (a copy of each message another block reads: it may read it
 * after this block's next round has begun), sends every other block that combines some of them one
 * {@link Batch} with exactly those messages, and waits for the round-t batch of every block that
 * holds a column of one of its rows. Then each node combines the messages of its row of W(t) in
 * ascending node id order ({@link Gossip#combine}, local ones read in place), and then each calls
 * {@code step(t, mixed)}: the same state machine on the same messages, in the same order, as in
 * {@link io.dlsim.algorithms.engine.SequentialEngine}, so the trajectories agree bit for bit for
 * every layout. With a {@link SystemModel} each message
 * carries its departure time and every node's clock advances by the {@link RoundClock} rule, as
 * in the sequential engine.
 *
 * <p>Synchronisation is block-neighbour-local: no global barrier; a batch of a later round (from
 * a block that is ahead) waits in a buffer. After a round whose batches were all there the block
 * sends itself {@link Continue} rather than looping, so other actors on its thread get their turn
 * and a run can be stopped between rounds. After every evaluated round each node's snapshot goes
 * to the coordinator (with its whole state at a checkpoint round, and its local loss when the
 * block has a {@link Evaluator.LocalLoss}, so that pass over the data runs in the blocks, in
 * parallel) and the block goes on.
 *
 * <p>With a {@link Evaluator.LocalLoss#withTrainTerms LocalLoss with the training terms} the
 * evaluation takes a second message: the snapshots go without local losses, the block keeps its
 * nodes' reported models, and when the coordinator, having every snapshot, sends x̄
 * ({@link EvaluateMean}), the block computes each node's local loss and the per-example terms of
 * x̄ on its shard, in one read of the shard's rows, and replies with
 * {@link Coordinator.Terms}. So the average model's pass over the whole training set runs in the
 * blocks, in parallel, instead of on the coordinator's one thread (issue 11: it was the critical
 * path at 1,024 x 500 examples evaluated every 20 rounds); the coordinator sums the terms in
 * example order, so the row is the same bit for bit.
 *
 * <p>A batch that cannot be right (from a block that holds none of this block's columns in that
 * round, twice, of a past round, with a node the sender does not hold, or with a message of the
 * wrong length) is a protocol error: the block reports it to the coordinator, which fails the run.
 */
public final class NodeBlock extends AbstractBehavior<NodeBlock.Command> {
    /** Messages a block understands. */
    public sealed interface Command permits Start, Batch, Continue, EvaluateMean {
    }

    /** Begin the run: where the other blocks and the coordinator are. */
    public record Start(BlockDirectory peers, ActorRef<Coordinator.Command> coordinator) implements Command {
    }

    /**
     * The round-{@code round} messages of the nodes {@code nodes} (ascending, all in block
     * {@code fromBlock}) that some node of the receiving block combines; {@code payloads[k]} is
     * node {@code nodes[k]}'s, {@code departures[k]} the simulated time it left that node's
     * uplink (null without a system model), and {@code announcements[k]} its churn announcement
     * ({@link ChurnRound}; null without churn), with a null payload when the node is offline.
     * Arrays are shared by the receivers and must never be modified.
     */
    public record Batch(long round, int fromBlock, int[] nodes, double[][] payloads, double[] departures, int[] announcements)
            implements Command {
        /** A batch without simulated time. */
        public Batch(long round, int fromBlock, int[] nodes, double[][] payloads) {
            this(round, fromBlock, nodes, payloads, null, null);
        }

        /** A batch without churn. */
        public Batch(long round, int fromBlock, int[] nodes, double[][] payloads, double[] departures) {
            this(round, fromBlock, nodes, payloads, departures, null);
        }
    }

    /**
     * x̄ after {@code round} rounds, from the coordinator once it has every snapshot of that round
     * (only to blocks whose {@link Evaluator.LocalLoss#withTrainTerms local-loss calculator has
     * the training terms}): reply with the {@link Coordinator.Terms} of this block's nodes.
     * {@code mean} is shared by the blocks and must never be modified.
     */
    public record EvaluateMean(long round, double[] mean) implements Command {
    }

    /** Sent to itself: the next round is ready to run. */
    private enum Continue implements Command {
        INSTANCE
    }

    /** Where a block's batches go, per block of a round's rows (computed once per distinct W). */
    private static final class Routing {
        /** Blocks that get a batch from this one, ascending, and the nodes each batch carries. */
        final int[] targets;
        final int[][] sends;
        /** expectFrom[c]: block c sends this one a batch in such a round. */
        final boolean[] expectFrom;
        final int expected;
        /** sent[k]: node {@code from + k}'s message goes in some batch, so it must be copied ({@link #beginRound}). */
        final boolean[] sent;

        Routing(MixingRows rows, BlockLayout layout, int block) {
            int blocks = layout.blocks();
            int from = layout.start(block);
            int to = layout.end(block);
            int[] last = new int[blocks];
            java.util.Arrays.fill(last, -1);
            int[] count = new int[blocks];
            for (int i = from; i < to; i++) {
                for (int r : rows.recipients(i)) {
                    int c = layout.blockOf(r);
                    if (c != block && last[c] != i) {
                        last[c] = i;
                        count[c]++;
                    }
                }
            }
            sent = new boolean[to - from];
            int targetCount = 0;
            for (int c = 0; c < blocks; c++) {
                if (count[c] > 0) {
                    targetCount++;
                }
            }
            targets = new int[targetCount];
            sends = new int[targetCount][];
            int[] slot = new int[blocks];
            for (int c = 0, k = 0; c < blocks; c++) {
                if (count[c] > 0) {
                    targets[k] = c;
                    sends[k] = new int[count[c]];
                    slot[c] = k++;
                }
            }
            java.util.Arrays.fill(last, -1);
            int[] fill = new int[targetCount];
            for (int i = from; i < to; i++) {
                for (int r : rows.recipients(i)) {
                    int c = layout.blockOf(r);
                    if (c != block && last[c] != i) {
                        last[c] = i;
                        int k = slot[c];
                        sends[k][fill[k]++] = i;
                        sent[i - from] = true;
                    }
                }
            }
            expectFrom = new boolean[blocks];
            int e = 0;
            for (int i = from; i < to; i++) {
                for (int j : rows.columns(i)) {
                    int c = layout.blockOf(j);
                    if (c != block && !expectFrom[c]) {
                        expectFrom[c] = true;
                        e++;
                    }
                }
            }
            expected = e;
        }
    }

    private static final int MAX_ROUTINGS = 64;

    private final NodeAlgorithm[] nodes;
    private final int block;
    private final int from;
    private final int to;
    private final BlockLayout layout;
    private final RoundRows rows;
    private final EvaluationRounds plan;
    private final Evaluator.LocalLoss localLoss;
    /** With the training terms: the models each node reported, by evaluated round, until x̄ of that round comes. */
    private final Map<Long, double[][]> reported = new java.util.HashMap<>();
    private final SystemModel system;
    /** Departure times of the current round's messages by node id, own and received (with a system model). */
    private final double[] departures;
    /** Churn announcements of the current round by node id, own and received (null without churn). */
    private final int[] announcements;
    private final Map<MixingRows, Routing> routings = new IdentityHashMap<>();
    // Batches of rounds this block has not begun; few (a neighbouring block is rarely far ahead).
    private final ArrayList<Batch> early = new ArrayList<>();
    /** Round-t messages of other blocks' nodes, by node id (null when not received). */
    private final double[][] remote;
    private final List<Batch> received = new ArrayList<>();
    private final boolean[] got;
    private final double[][] out;
    private final double[][] mixed;
    private double[][] gathered = new double[0][];
    /** This round's rows, combined together once all are gathered (the same bits as one by one). */
    private final Gossip.Rows combining = new Gossip.Rows();
    private BlockDirectory peers;
    private ActorRef<Coordinator.Command> coordinator;
    private long round;
    private boolean begun;
    private MixingRows current;
    private Routing routing;
    private int missing;
    /** The length of this block's nodes' messages (-1 until one of them sent one: under churn all may be offline). */
    private int messageLength = -1;
    /** The node being worked on, for a failure report. */
    private int working;

    /**
     * @param nodes the algorithms of the block's nodes, in id order ({@code layout.start(block)} first)
     * @param localLoss this block's own calculator of its nodes' local losses for their snapshots, or
     *     null to leave them to the coordinator's evaluator; one {@linkplain Evaluator.LocalLoss#withTrainTerms
     *     with the training terms} needs a coordinator that sends {@link EvaluateMean}
     */
    public static Behavior<Command> create(List<? extends NodeAlgorithm> nodes, int block, BlockLayout layout, RoundRows rows,
            EvaluationRounds plan, Evaluator.LocalLoss localLoss) {
        return create(nodes, block, layout, rows, plan, localLoss, null);
    }

    /** As {@link #create(List, int, BlockLayout, RoundRows, EvaluationRounds, Evaluator.LocalLoss)}, on simulated time when {@code system} is not null. */
    public static Behavior<Command> create(List<? extends NodeAlgorithm> nodes, int block, BlockLayout layout, RoundRows rows,
            EvaluationRounds plan, Evaluator.LocalLoss localLoss, SystemModel system) {
        return Behaviors.setup(ctx -> new NodeBlock(ctx, nodes, block, layout, rows, plan, localLoss, system));
    }

    private NodeBlock(ActorContext<Command> context, List<? extends NodeAlgorithm> nodes, int block, BlockLayout layout,
            RoundRows rows, EvaluationRounds plan, Evaluator.LocalLoss localLoss, SystemModel system) {
        super(context);
        this.localLoss = localLoss;
        this.system = system;
        this.departures = system == null ? null : new double[layout.n()];
        this.announcements = system == null || system.churn() == null ? null : new int[layout.n()];
        this.block = block;
        this.from = layout.start(block);
        this.to = layout.end(block);
        if (nodes.size() != to - from) {
            throw new IllegalArgumentException("block " + block + " holds nodes " + from + ".." + (to - 1) + ", got "
                    + nodes.size() + " algorithms");
        }
        this.nodes = nodes.toArray(new NodeAlgorithm[0]);
        for (int k = 0; k < this.nodes.length; k++) {
            if (this.nodes[k].node() != from + k) {
                throw new IllegalArgumentException("block " + block + ": algorithm " + k + " is node " + this.nodes[k].node()
                        + ", expected " + (from + k));
            }
        }
        this.layout = layout;
        this.rows = rows;
        this.plan = plan;
        this.remote = new double[layout.blocks() == 1 ? 0 : layout.n()][];
        this.got = new boolean[layout.blocks()];
        this.out = new double[this.nodes.length][];
        this.mixed = new double[this.nodes.length][];
        this.working = from;
        // A resumed run's nodes were restored after plan.firstRound() rounds.
        this.round = plan.firstRound();
        if (announcements != null) {
            MixingRows first = rows.at(round);
            for (NodeAlgorithm node : this.nodes) {
                ChurnRound.prepare(system, node, first.columns(node.node()));
            }
        }
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Start.class, this::onStart)
                .onMessage(Batch.class, this::onBatch)
                .onMessageEquals(Continue.INSTANCE, this::onContinue)
                .onMessage(EvaluateMean.class, this::onEvaluateMean)
                .build();
    }

    private Behavior<Command> onStart(Start start) {
        peers = start.peers();
        coordinator = start.coordinator();
        return guarded(() -> {
            if (plan.isEvaluated(round)) {
                report();
            }
            continueIf(beginRound());
        });
    }

    private Behavior<Command> onContinue() {
        return guarded(() -> {
            finishRound();
            continueIf(beginRound());
        });
    }

    private Behavior<Command> onBatch(Batch b) {
        return guarded(() -> {
            if (begun && b.round() == round) {
                if (place(b)) {
                    finishRound();
                    continueIf(beginRound());
                }
            } else if (b.round() > round || (!begun && b.round() == round)) {
                early.add(b);
            } else {
                throw new ProtocolException("block " + block + " (nodes " + from + ".." + (to - 1) + ") got a round-" + b.round()
                        + " batch from block " + b.fromBlock() + " while in round " + round);
            }
        });
    }

    /** A round whose messages are all here runs in the next message, so the thread is shared fairly. */
    private void continueIf(boolean complete) {
        if (complete) {
            getContext().getSelf().tell(Continue.INSTANCE);
        }
    }

    /** Starts the current round; returns true if all its batches are already here. */
    private boolean beginRound() {
        if (round >= plan.totalRounds()) {
            return false;
        }
        current = rows.at(round);
        routing = routings.get(current);
        if (routing == null) {
            if (routings.size() >= MAX_ROUTINGS) {
                routings.clear();
            }
            routing = new Routing(current, layout, block);
            routings.put(current, routing);
        }
        for (int k = 0; k < nodes.length; k++) {
            working = from + k;
            NodeAlgorithm node = nodes[k];
            if (announcements != null) {
                announcements[from + k] = ChurnRound.begin(system, node, current.columns(from + k));
                if (!node.counters().online()) {
                    out[k] = null;
                    departures[from + k] = RoundClock.sitOut(system, node, round);
                    continue;
                }
            }
            // A message another block reads is copied: that block may read it after this one has
            // begun the next round, whose outgoing overwrites it. A message read only in this block
            // is not: the block combines every row before any node steps or sends again
            // (finishRound), as the sequential engine does with every message.
            double[] message = node.outgoing(round);
            if (routing.sent[k]) {
                message = message.clone();
            }
            out[k] = message;
            messageLength = message.length;
            long bytes = node.messageBytes(message);
            int[] recipients = announcements == null ? current.recipients(from + k)
                    : ChurnRound.onlineRecipients(node, current.columns(from + k));
            node.counters().addSentBytes(recipients.length, bytes);
            if (system != null) {
                departures[from + k] = RoundClock.send(system, node, round, bytes, recipients);
            }
        }
        for (int t = 0; t < routing.targets.length; t++) {
            int[] carried = routing.sends[t];
            double[][] payloads = new double[carried.length][];
            double[] stamps = system == null ? null : new double[carried.length];
            int[] announced = announcements == null ? null : new int[carried.length];
            for (int k = 0; k < carried.length; k++) {
                payloads[k] = out[carried[k] - from];
                if (stamps != null) {
                    stamps[k] = departures[carried[k]];
                }
                if (announced != null) {
                    announced[k] = announcements[carried[k]];
                }
            }
            peers.send(routing.targets[t], new Batch(round, block, carried, payloads, stamps, announced));
        }
        begun = true;
        missing = routing.expected;
        java.util.Arrays.fill(got, false);
        boolean done = missing == 0;
        for (int k = early.size() - 1; k >= 0; k--) {
            Batch b = early.get(k);
            if (b.round() == round) {
                // Swap-remove: order does not matter, messages are filed by node id.
                early.set(k, early.get(early.size() - 1));
                early.remove(early.size() - 1);
                done = place(b);
            }
        }
        return done;
    }

    /** Files a batch of the current round; true when the round has all its batches. */
    private boolean place(Batch b) {
        int c = b.fromBlock();
        if (c < 0 || c >= layout.blocks() || !routing.expectFrom[c]) {
            throw new ProtocolException("block " + block + " got a round-" + round + " batch from block " + c
                    + ", which holds none of the columns of its rows of W(" + round + ")");
        }
        if (got[c]) {
            throw new ProtocolException("block " + block + " got two round-" + round + " batches from block " + c);
        }
        if (b.nodes().length != b.payloads().length) {
            throw new ProtocolException("block " + block + " got a batch from block " + c + " with " + b.nodes().length
                    + " node ids and " + b.payloads().length + " messages");
        }
        if ((system != null) != (b.departures() != null)
                || b.departures() != null && b.departures().length != b.nodes().length) {
            throw new ProtocolException("block " + block + " got a batch from block " + c + " with "
                    + (b.departures() == null ? "no" : b.departures().length) + " departure times for " + b.nodes().length
                    + " messages; this run " + (system == null ? "has no" : "has a") + " system model");
        }
        if ((announcements != null) != (b.announcements() != null)
                || b.announcements() != null && b.announcements().length != b.nodes().length) {
            throw new ProtocolException("block " + block + " got a batch from block " + c + " with "
                    + (b.announcements() == null ? "no" : b.announcements().length) + " churn announcements for "
                    + b.nodes().length + " messages; this run " + (announcements == null ? "has no" : "has") + " churn");
        }
        int d = messageLength;
        for (int k = 0; k < b.nodes().length; k++) {
            int j = b.nodes()[k];
            if (j < layout.start(c) || j >= layout.end(c)) {
                throw new ProtocolException("block " + block + " got a message of node " + j + " from block " + c
                        + ", which holds nodes " + layout.start(c) + ".." + (layout.end(c) - 1));
            }
            double[] payload = b.payloads()[k];
            if (announcements != null) {
                announcements[j] = b.announcements()[k];
                if ((payload == null) == ChurnRound.online(announcements[j])) {
                    throw new ProtocolException("block " + block + " got " + (payload == null ? "no model" : "a model")
                            + " from node " + j + ", which announced it is " + (payload == null ? "online" : "offline"));
                }
            } else if (payload == null) {
                throw new ProtocolException("block " + block + " got no model from node " + j);
            }
            if (payload != null && d >= 0 && payload.length != d) {
                throw new ProtocolException("block " + block + " got a message of " + payload.length
                        + " values from node " + j + "; the model has " + d);
            }
            remote[j] = payload;
            if (departures != null) {
                departures[j] = b.departures()[k];
            }
        }
        got[c] = true;
        received.add(b);
        return --missing == 0;
    }

    /** Every node of the block combines its row and steps; then the round is over. */
    private void finishRound() {
        for (int k = 0; k < nodes.length; k++) {
            int i = from + k;
            working = i;
            int[] cols = current.columns(i);
            if (gathered.length < cols.length) {
                gathered = new double[cols.length][];
            }
            if (announcements != null && out[k] == null) {
                // Offline this round: it only hears its neighbours' announcements.
                RoundClock.receive(system, nodes[k], round, cols, departures, announcements);
                continue;
            }
            for (int m = 0; m < cols.length; m++) {
                int j = cols[m];
                double[] message = j >= from && j < to ? out[j - from] : remote[j];
                if (message == null && (announcements == null || ChurnRound.online(announcements[j]))) {
                    throw new ProtocolException("block " + block + " has no round-" + round + " message of node " + j
                            + " for node " + i);
                }
                gathered[m] = message;
            }
            if (mixed[k] == null || mixed[k].length != out[k].length) {
                mixed[k] = new double[out[k].length];
            }
            combining.add(RoundClock.combinedRow(system, nodes[k], round, cols, current.weights(i), announcements, gathered),
                    gathered, mixed[k]);
            if (system != null) {
                RoundClock.receive(system, nodes[k], round, cols, departures, announcements);
            }
        }
        combining.combine();
        // Every row is combined before any node steps, as in the sequential engine, so a node's
        // step cannot touch a message that a later row of this block still reads in place.
        for (int k = 0; k < nodes.length; k++) {
            working = from + k;
            if (out[k] != null) {
                nodes[k].step(round, mixed[k]);
            }
            if (announcements != null) {
                ChurnRound.end(nodes[k], current.columns(from + k), announcements);
            }
        }
        for (Batch b : received) {
            for (int j : b.nodes()) {
                remote[j] = null;
            }
        }
        received.clear();
        java.util.Arrays.fill(gathered, null);
        begun = false;
        round++;
        if (plan.isEvaluated(round)) {
            report();
        }
    }

    private void report() {
        boolean checkpoint = plan.isCheckpoint(round);
        boolean deferred = localLoss != null && localLoss.withTrainTerms();
        double[][] models = deferred ? new double[nodes.length][] : null;
        for (int k = 0; k < nodes.length; k++) {
            NodeAlgorithm node = nodes[k];
            working = node.node();
            NodeSnapshot snapshot = NodeSnapshot.of(node, round, checkpoint);
            if (deferred) {
                // The snapshot's copy, never modified: x̄'s request computes the local loss on it.
                models[k] = snapshot.parameters();
            } else if (localLoss != null) {
                snapshot = snapshot.withLocalLoss(localLoss.of(node.node(), snapshot.parameters()));
            }
            coordinator.tell(new Coordinator.Report(snapshot));
        }
        if (deferred) {
            reported.put(round, models);
        }
    }

    /**
     * Each node's local loss on the model it reported after {@code e.round()} rounds, and the
     * terms of x̄ on its shard, in one read of the shard ({@link Evaluator.LocalLoss#ofWithTrainTerms}); one reply.
     */
    private Behavior<Command> onEvaluateMean(EvaluateMean e) {
        return guarded(() -> {
            double[][] models = reported.remove(e.round());
            if (models == null) {
                throw new ProtocolException("block " + block + " got x̄ of round " + e.round()
                        + (localLoss == null || !localLoss.withTrainTerms() ? ", but it computes no training terms"
                                : ", a round it has not reported or was already sent"));
            }
            double[] locals = new double[nodes.length];
            double[][] loss = new double[nodes.length][];
            double[][] correct = new double[nodes.length][];
            for (int k = 0; k < nodes.length; k++) {
                int i = from + k;
                working = i;
                loss[k] = new double[localLoss.shardSize(i)];
                correct[k] = new double[loss[k].length];
                locals[k] = localLoss.ofWithTrainTerms(i, models[k], e.mean(), loss[k], correct[k]);
            }
            coordinator.tell(new Coordinator.Terms(e.round(), block, locals, loss, correct));
        });
    }

    private Behavior<Command> guarded(Runnable action) {
        try {
            action.run();
            return this;
        } catch (RuntimeException e) {
            coordinator.tell(new Coordinator.NodeFailed(working, round, e.getMessage() == null ? e.toString() : e.getMessage()));
            return Behaviors.stopped();
        }
    }

    /** A message that breaks the gossip protocol. */
    static final class ProtocolException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        ProtocolException(String message) {
            super(message);
        }
    }
}

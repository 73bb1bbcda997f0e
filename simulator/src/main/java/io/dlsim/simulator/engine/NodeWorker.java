package io.dlsim.simulator.engine;

import io.dlsim.algorithms.engine.Gossip;
import io.dlsim.algorithms.engine.MixingRows;
import io.dlsim.algorithms.engine.RoundRows;
import io.dlsim.algorithms.optim.NodeAlgorithm;
import io.dlsim.metrics.EvaluationRounds;
import io.dlsim.metrics.NodeSnapshot;
import java.util.Arrays;
import java.util.ArrayList;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * One simulated node: a thin shell around its {@link NodeAlgorithm}. In round t it calls
 * {@code outgoing(t)}, sends the message to the nodes that combine it under W(t), waits for the
 * round-t messages of every column of its own row, combines them in ascending node id order
 * ({@link Gossip#combine}) and calls {@code step(t, mixed)}. Synchronisation is
 * neighbour-local: there is no global barrier, and messages of future rounds (from a neighbour
 * that is ahead) are buffered by round. After every evaluated round it sends a snapshot to the
 * coordinator (at a checkpoint round with its whole state) and goes on without waiting. A
 * resumed run's workers start at the plan's first round, on restored nodes.
 *
 * <p>A message that cannot be right (from a node outside the row, twice, or of a past round) is
 * a protocol error: the worker reports it to the coordinator, which fails the run.
 */
public final class NodeWorker extends AbstractBehavior<NodeWorker.Command> {
    /** Messages a worker understands. */
    public sealed interface Command permits Start, GossipMessage {
    }

    /** Begin the run: where the peers and the coordinator are. */
    public record Start(PeerDirectory peers, ActorRef<Coordinator.Command> coordinator) implements Command {
    }

    /**
     * The round-{@code round} message of node {@code from}. The payload is shared by all local
     * recipients and must never be modified.
     */
    public record GossipMessage(long round, int from, double[] payload) implements Command {
    }

    private final NodeAlgorithm algorithm;
    private final int self;
    private final RoundRows rows;
    private final EvaluationRounds plan;
    // Messages of rounds this node has not begun; few (a neighbour is rarely far ahead), so a
    // list scanned at the start of each round beats a map of boxed keys.
    private final ArrayList<GossipMessage> early = new ArrayList<>();
    private PeerDirectory peers;
    private ActorRef<Coordinator.Command> coordinator;
    private long round;
    private MixingRows current;
    private double[][] inbox;
    private double[][] buffer;
    private int missing;
    private double[] mixed;

    public static Behavior<Command> create(NodeAlgorithm algorithm, RoundRows rows, EvaluationRounds plan) {
        return Behaviors.setup(ctx -> new NodeWorker(ctx, algorithm, rows, plan));
    }

    private NodeWorker(ActorContext<Command> context, NodeAlgorithm algorithm, RoundRows rows, EvaluationRounds plan) {
        super(context);
        this.algorithm = algorithm;
        this.self = algorithm.node();
        this.rows = rows;
        this.plan = plan;
        // A resumed run's nodes were restored after plan.firstRound() rounds.
        this.round = plan.firstRound();
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Start.class, this::onStart)
                .onMessage(GossipMessage.class, this::onGossip)
                .build();
    }

    private Behavior<Command> onStart(Start start) {
        peers = start.peers();
        coordinator = start.coordinator();
        return guarded(() -> {
            if (plan.isEvaluated(0)) {
                report();
            }
            advance(beginRound());
        });
    }

    private Behavior<Command> onGossip(GossipMessage m) {
        return guarded(() -> {
            if (inbox != null && m.round() == round) {
                if (place(m.from(), m.payload())) {
                    advance(true);
                }
            } else if (m.round() > round || (inbox == null && m.round() == round)) {
                early.add(m);
            } else {
                throw new ProtocolException("node " + self + " got a round-" + m.round() + " message from node " + m.from()
                        + " while in round " + round);
            }
        });
    }

    /** Finishes every round whose messages are all here, starting the next each time. */
    private void advance(boolean complete) {
        while (complete) {
            Gossip.combine(current.weights(self), inbox, mixed);
            algorithm.step(round, mixed);
            round++;
            inbox = null;
            if (plan.isEvaluated(round)) {
                report();
            }
            complete = beginRound();
        }
    }

    /** Starts the current round; returns true if all its messages are already here. */
    private boolean beginRound() {
        if (round >= plan.totalRounds()) {
            return false;
        }
        current = rows.at(round);
        int[] cols = current.columns(self);
        double[] out = algorithm.outgoing(round).clone();
        if (mixed == null) {
            mixed = new double[out.length];
        }
        int[] recipients = current.recipients(self);
        algorithm.counters().addSentBytes(recipients.length, algorithm.messageBytes(out));
        GossipMessage message = new GossipMessage(round, self, out);
        for (int j : recipients) {
            peers.send(j, message);
        }
        if (buffer == null || buffer.length < cols.length) {
            buffer = new double[cols.length][];
        }
        inbox = buffer;
        java.util.Arrays.fill(inbox, 0, cols.length, null);
        missing = cols.length;
        boolean done = place(self, out);
        for (int k = early.size() - 1; k >= 0; k--) {
            GossipMessage m = early.get(k);
            if (m.round() == round) {
                // Swap-remove: order does not matter, placement is by column.
                early.set(k, early.get(early.size() - 1));
                early.remove(early.size() - 1);
                done = place(m.from(), m.payload());
            }
        }
        return done;
    }

    /** Files a message of the current round; true when the round has all its messages. */
    private boolean place(int from, double[] payload) {
        int k = Arrays.binarySearch(current.columns(self), from);
        if (k < 0) {
            throw new ProtocolException("node " + self + " got a round-" + round + " message from node " + from
                    + ", which is not in its row of W(" + round + ")");
        }
        if (inbox[k] != null) {
            throw new ProtocolException("node " + self + " got two round-" + round + " messages from node " + from);
        }
        if (payload.length != mixed.length) {
            throw new ProtocolException("node " + self + " got a message of " + payload.length + " values from node " + from
                    + "; the model has " + mixed.length);
        }
        inbox[k] = payload;
        return --missing == 0;
    }

    private void report() {
        coordinator.tell(new Coordinator.Report(NodeSnapshot.of(algorithm, round, plan.isCheckpoint(round))));
    }

    private Behavior<Command> guarded(Runnable action) {
        try {
            action.run();
            return this;
        } catch (RuntimeException e) {
            coordinator.tell(new Coordinator.NodeFailed(self, round, e.getMessage() == null ? e.toString() : e.getMessage()));
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

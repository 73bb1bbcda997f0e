package io.dlsim.simulator.engine;

import io.dlsim.metrics.DivergedException;
import io.dlsim.metrics.EvaluationRounds;
import io.dlsim.metrics.Evaluator;
import io.dlsim.metrics.MetricsRow;
import io.dlsim.metrics.NodeSnapshot;
import io.dlsim.metrics.RunObserver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Gathers the nodes' snapshots of each evaluated round and, once all n are in, evaluates the
 * round ({@link Evaluator}) and hands the row to the observer (then, at a checkpoint round, the
 * nodes' states). It never sits on the gossip path:
 * workers report and go on. The run completes after the last round's row, or fails at the first
 * node failure (the rows evaluated before it were already handed on), or stops with a
 * {@link DivergedException} after the first row that diverged ({@link Evaluator#check}, the same
 * rule as the sequential engine's), that row handed on and kept.
 *
 * <p>Made with the blocks ({@link #create(int, Evaluator, EvaluationRounds, RunObserver, CompletableFuture, BlockDirectory, BlockLayout)},
 * whose local-loss calculators have the training terms), it does not evaluate x̄ on the
 * training set itself: once a round's n snapshots are in it sends x̄ to every block
 * ({@link NodeBlock.EvaluateMean}) and evaluates the round when every block's
 * {@link Terms} are in too (several rounds may be asked at once; rows still come in round order).
 */
public final class Coordinator extends AbstractBehavior<Coordinator.Command> {
    /** Messages the coordinator understands. */
    public sealed interface Command permits Report, NodeFailed, Stop, Terms {
    }

    /** A node's snapshot after {@code snapshot.round()} rounds. */
    public record Report(NodeSnapshot snapshot) implements Command {
    }

    /**
     * Block {@code block}'s answer to {@link NodeBlock.EvaluateMean} of round {@code round}: for
     * its k-th node (id {@code layout.start(block) + k}) the local loss {@code localLosses[k]} of
     * the model it reported and the per-example terms {@code loss[k]}, {@code correct[k]} of x̄ on
     * its shard, in shard order ({@link Evaluator.LocalLoss#ofWithTrainTerms}). In one JVM only.
     */
    public record Terms(long round, int block, double[] localLosses, double[][] loss, double[][] correct) implements Command {
    }

    /** A node stopped with an error. */
    public record NodeFailed(int node, long round, String reason) implements Command, CborSerializable {
    }

    /** Abandon the run (it was ended from outside, e.g. a member was lost); stops the coordinator. */
    public record Stop(String reason) implements Command, CborSerializable {
    }

    private final int n;
    private final Evaluator evaluator;
    private final EvaluationRounds plan;
    private final RunObserver observer;
    private final CompletableFuture<List<MetricsRow>> result;
    /** The snapshots of one round so far, and with the blocks' terms, what they sent of them. */
    private static final class Slot {
        final NodeSnapshot[] snapshots;
        int filled;
        /** Whether x̄ was sent to the blocks. */
        boolean asked;
        /** Per node, x̄'s terms on its shard (null until its block answered; with the blocks' terms only). */
        double[][] loss;
        double[][] correct;
        boolean[] answered;
        int answers;

        Slot(int n) {
            snapshots = new NodeSnapshot[n];
        }
    }

    /** The blocks that compute x̄'s training terms, and their layout; null when this coordinator evaluates alone. */
    private final BlockDirectory blocks;
    private final BlockLayout layout;

    private final TreeMap<Long, Slot> pending = new TreeMap<>();
    private final List<MetricsRow> rows = new ArrayList<>();
    private final long startNanos = System.nanoTime();

    /** A coordinator that evaluates every round itself from the snapshots (the cluster's). */
    public static Behavior<Command> create(int nodes, Evaluator evaluator, EvaluationRounds plan, RunObserver observer,
            CompletableFuture<List<MetricsRow>> result) {
        return create(nodes, evaluator, plan, observer, result, null, null);
    }

    /**
     * A coordinator that has the blocks in {@code layout}, reached through {@code blocks},
     * compute x̄'s training terms (their local-loss calculators must have them:
     * {@link Evaluator#localLoss(int, boolean)}); with null for both, as the other factory.
     */
    public static Behavior<Command> create(int nodes, Evaluator evaluator, EvaluationRounds plan, RunObserver observer,
            CompletableFuture<List<MetricsRow>> result, BlockDirectory blocks, BlockLayout layout) {
        if ((blocks == null) != (layout == null) || layout != null && layout.n() != nodes) {
            throw new IllegalArgumentException("the blocks' directory and layout (of " + nodes + " nodes) come together");
        }
        return Behaviors.setup(ctx -> new Coordinator(ctx, nodes, evaluator, plan, observer, result, blocks, layout));
    }

    private Coordinator(ActorContext<Command> context, int nodes, Evaluator evaluator, EvaluationRounds plan,
            RunObserver observer, CompletableFuture<List<MetricsRow>> result, BlockDirectory blocks, BlockLayout layout) {
        super(context);
        this.blocks = blocks;
        this.layout = layout;
        this.n = nodes;
        this.evaluator = evaluator;
        this.plan = plan;
        this.observer = observer;
        this.result = result;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Report.class, this::onReport)
                .onMessage(NodeFailed.class, this::onFailed)
                .onMessage(Stop.class, stop -> fail(stop.reason()))
                .onMessage(Terms.class, this::onTerms)
                .build();
    }

    private Behavior<Command> onReport(Report report) {
        NodeSnapshot s = report.snapshot();
        if (s.node() < 0 || s.node() >= n || !plan.isEvaluated(s.round())) {
            return fail("coordinator got a snapshot of node " + s.node() + " at round " + s.round()
                    + ", which is not a node of this run or not an evaluated round");
        }
        Slot slot = pending.computeIfAbsent(s.round(), r -> new Slot(n));
        if (slot.snapshots[s.node()] != null) {
            return fail("coordinator got two snapshots of node " + s.node() + " at round " + s.round());
        }
        slot.snapshots[s.node()] = s;
        slot.filled++;
        if (blocks != null && slot.filled == n) {
            double[] mean;
            try {
                mean = evaluator.mean(Arrays.asList(slot.snapshots));
            } catch (RuntimeException e) {
                return fail("evaluation of round " + s.round() + " failed: " + e);
            }
            slot.asked = true;
            slot.loss = new double[n][];
            slot.correct = new double[n][];
            slot.answered = new boolean[layout.blocks()];
            for (int b = 0; b < layout.blocks(); b++) {
                blocks.send(b, new NodeBlock.EvaluateMean(s.round(), mean));
            }
        }
        return evaluateReady();
    }

    /** Files a block's local losses and training terms of a round it was asked for. */
    private Behavior<Command> onTerms(Terms t) {
        Slot slot = pending.get(t.round());
        int b = t.block();
        if (slot == null || !slot.asked || b < 0 || b >= layout.blocks() || slot.answered[b]) {
            return fail("coordinator got training terms of round " + t.round() + " from block " + b
                    + ", which it did not ask for or already has");
        }
        int first = layout.start(b);
        int size = layout.end(b) - first;
        if (t.localLosses().length != size || t.loss().length != size || t.correct().length != size) {
            return fail("block " + b + " sent the terms of " + t.localLosses().length + " nodes for round " + t.round()
                    + "; it holds " + size);
        }
        for (int k = 0; k < size; k++) {
            int i = first + k;
            slot.snapshots[i] = slot.snapshots[i].withLocalLoss(t.localLosses()[k]);
            slot.loss[i] = t.loss()[k];
            slot.correct[i] = t.correct()[k];
        }
        slot.answered[b] = true;
        slot.answers++;
        return evaluateReady();
    }

    /** Whether a round has everything its row needs: every snapshot, and with the blocks' terms every block's. */
    private boolean ready(Slot slot) {
        return slot.filled == n && (blocks == null || slot.answers == layout.blocks());
    }

    /** Evaluates the rounds that are ready, in round order (each node reports its rounds in order). */
    private Behavior<Command> evaluateReady() {
        while (!pending.isEmpty() && ready(pending.firstEntry().getValue())) {
            long r = pending.firstKey();
            Slot slot = pending.remove(r);
            NodeSnapshot[] all = slot.snapshots;
            Evaluator.Checked checked;
            try {
                double wall = (System.nanoTime() - startNanos) / 1e9;
                checked = blocks == null ? evaluator.check(Arrays.asList(all), wall)
                        : evaluator.check(Arrays.asList(all), slot.loss, slot.correct, wall);
                if (observer != null) {
                    observer.onRow(checked.row());
                    if (plan.isCheckpoint(r) && checked.divergence() == null) {
                        List<byte[]> states = new ArrayList<>(n);
                        for (NodeSnapshot snap : all) {
                            if (snap.state() == null) {
                                return fail("node " + snap.node() + " sent no state at checkpoint round " + r);
                            }
                            states.add(snap.state());
                        }
                        observer.onCheckpoint(r, states);
                    }
                }
            } catch (RuntimeException e) {
                return fail("evaluation of round " + r + " failed: " + e);
            }
            rows.add(checked.row());
            if (checked.divergence() != null) {
                result.completeExceptionally(new DivergedException(checked.divergence(), rows));
                return Behaviors.stopped();
            }
            if (r >= plan.totalRounds()) {
                result.complete(List.copyOf(rows));
                return Behaviors.stopped();
            }
        }
        return this;
    }

    private Behavior<Command> onFailed(NodeFailed failed) {
        return fail("node " + failed.node() + " failed in round " + failed.round() + ": " + failed.reason());
    }

    private Behavior<Command> fail(String reason) {
        result.completeExceptionally(new RunFailedException(reason, List.copyOf(rows)));
        return Behaviors.stopped();
    }
}

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
 */
public final class Coordinator extends AbstractBehavior<Coordinator.Command> {
    /** Messages the coordinator understands. */
    public sealed interface Command permits Report, NodeFailed, Stop {
    }

    /** A node's snapshot after {@code snapshot.round()} rounds. */
    public record Report(NodeSnapshot snapshot) implements Command {
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
    /** The snapshots of one round so far. */
    private static final class Slot {
        final NodeSnapshot[] snapshots;
        int filled;

        Slot(int n) {
            snapshots = new NodeSnapshot[n];
        }
    }

    private final TreeMap<Long, Slot> pending = new TreeMap<>();
    private final List<MetricsRow> rows = new ArrayList<>();
    private final long startNanos = System.nanoTime();

    public static Behavior<Command> create(int nodes, Evaluator evaluator, EvaluationRounds plan, RunObserver observer,
            CompletableFuture<List<MetricsRow>> result) {
        return Behaviors.setup(ctx -> new Coordinator(ctx, nodes, evaluator, plan, observer, result));
    }

    private Coordinator(ActorContext<Command> context, int nodes, Evaluator evaluator, EvaluationRounds plan,
            RunObserver observer, CompletableFuture<List<MetricsRow>> result) {
        super(context);
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
        // Rows are evaluated in round order (each node reports its rounds in order).
        while (!pending.isEmpty() && pending.firstEntry().getValue().filled == n) {
            long r = pending.firstKey();
            NodeSnapshot[] all = pending.remove(r).snapshots;
            Evaluator.Checked checked;
            try {
                checked = evaluator.check(Arrays.asList(all), (System.nanoTime() - startNanos) / 1e9);
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

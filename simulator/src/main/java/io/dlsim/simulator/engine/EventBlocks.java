package io.dlsim.simulator.engine;

import io.dlsim.algorithms.engine.EventEngine;
import io.dlsim.algorithms.engine.EventEngine.Transfer;
import io.dlsim.algorithms.engine.MixingRows;
import io.dlsim.algorithms.optim.NodeAlgorithm;
import io.dlsim.algorithms.system.SystemModel;
import io.dlsim.metrics.EventSimulation;
import io.dlsim.metrics.Evaluator;
import io.dlsim.metrics.NodeSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * An asynchronous run on actors (issue 13): the discrete-event engine cut into parts
 * ({@link EventEngine#part}), one per {@link BlockLayout} block of contiguous node ids, each in
 * an actor ({@link #block}), advanced together window by window by the thread that runs the
 * run ({@link io.dlsim.metrics.AsynchronousRunner} through this {@link EventSimulation}). A
 * window is shorter than the lookahead (the smallest latency), so nothing a part does inside it
 * reaches another part before its end: the parts process their windows in parallel, then the
 * events that cross between parts ({@link Transfer}s: messages, averaging requests and replies)
 * are handed to their parts before the next window. Every node's events are thus processed in
 * the order the one-thread engine processes them, and the rows are its rows, bit for bit
 * (the conservative synchronization of DESIGN.md section 2a; {@code EventBlocksTest}).
 *
 * <p>Parallelism: the events of a window (hundreds at 1,024 nodes with millisecond latencies,
 * simulator/BENCHMARKS.md) against one hand-over per block and window.
 */
public final class EventBlocks implements EventSimulation {
    /** What a block is asked: advance to a time with these events delivered first, or report its nodes. */
    public sealed interface Command {
    }

    /** Deliver {@code incoming}, process every event at or before {@code until}, reply what happened. */
    public record Advance(double until, List<Transfer> incoming, CompletableFuture<Advanced> reply) implements Command {
    }

    /** Reply a snapshot of every node, labelled {@code round}, with its local loss. */
    public record Snapshots(long round, CompletableFuture<List<NodeSnapshot>> reply) implements Command {
    }

    /** Reply every node's checkpoint at {@code at}, with {@code incoming} (not delivered yet) among its pending events. */
    public record Save(List<Transfer> incoming, io.dlsim.metrics.AsynchronousCheckpoint.Position at,
            CompletableFuture<List<byte[]>> reply) implements Command {
    }

    /**
     * One or more blocks after a window: the events they made for nodes elsewhere, their steps so
     * far, the staleness histogram of the window, their last event's time and their next one's.
     */
    public record Advanced(List<Transfer> outgoing, long totalSteps, long[] staleness, double now, double nextEventTime) {
        /** What several blocks did together (the union of their events; sums and extremes of the rest). */
        public static Advanced merge(List<Advanced> parts) {
            List<Transfer> out = new ArrayList<>();
            long steps = 0;
            long[] histogram = new long[0];
            double now = 0;
            double next = Double.POSITIVE_INFINITY;
            for (Advanced a : parts) {
                out.addAll(a.outgoing());
                steps += a.totalSteps();
                histogram = EventEngine.addHistograms(histogram, a.staleness());
                now = Math.max(now, a.now());
                next = Math.min(next, a.nextEventTime());
            }
            return new Advanced(out, steps, histogram, now, next);
        }
    }

    /**
     * Blocks of consecutive nodes {@code from .. to - 1} that advance together: one block actor
     * in this JVM ({@link #local}), or a cluster member's blocks behind its host.
     */
    public interface Group {
        int from();

        int to();

        /** Delivers {@code incoming} to the group's blocks and advances them to {@code until}. */
        CompletableFuture<Advanced> advance(double until, List<Transfer> incoming);

        /** The group's nodes' snapshots in id order. */
        CompletableFuture<List<NodeSnapshot>> snapshots(long round);

        /** The group's nodes' checkpoints in id order ({@link Save}). */
        CompletableFuture<List<byte[]>> save(List<Transfer> incoming, io.dlsim.metrics.AsynchronousCheckpoint.Position at);
    }

    /** A block actor of this JVM as a group. */
    public static Group local(ActorRef<Command> block, int from, int to) {
        return new Group() {
            @Override
            public int from() {
                return from;
            }

            @Override
            public int to() {
                return to;
            }

            @Override
            public CompletableFuture<Advanced> advance(double until, List<Transfer> incoming) {
                CompletableFuture<Advanced> reply = new CompletableFuture<>();
                block.tell(new Advance(until, incoming, reply));
                return reply;
            }

            @Override
            public CompletableFuture<List<NodeSnapshot>> snapshots(long round) {
                CompletableFuture<List<NodeSnapshot>> reply = new CompletableFuture<>();
                block.tell(new Snapshots(round, reply));
                return reply;
            }

            @Override
            public CompletableFuture<List<byte[]>> save(List<Transfer> incoming, io.dlsim.metrics.AsynchronousCheckpoint.Position at) {
                CompletableFuture<List<byte[]>> reply = new CompletableFuture<>();
                block.tell(new Save(incoming, at, reply));
                return reply;
            }
        };
    }

    /** The actor of one block: its part of the engine and its nodes' local losses (null: the evaluator computes them). */
    public static Behavior<Command> block(EventEngine part, Evaluator.LocalLoss localLoss) {
        return Behaviors.receive(Command.class)
                .onMessage(Advance.class, a -> {
                    try {
                        for (Transfer t : a.incoming()) {
                            part.deliver(t);
                        }
                        part.advanceTo(a.until());
                        a.reply().complete(new Advanced(part.takeOutbox(), part.totalSteps(), part.takeStalenessHistogram(),
                                part.now(), part.nextEventTime()));
                    } catch (RuntimeException | Error e) {
                        a.reply().completeExceptionally(e);
                    }
                    return Behaviors.same();
                })
                .onMessage(Save.class, s -> {
                    try {
                        List<byte[]> engine = part.save(s.incoming());
                        List<byte[]> out = new ArrayList<>(engine.size());
                        for (int k = 0; k < engine.size(); k++) {
                            out.add(io.dlsim.metrics.AsynchronousCheckpoint.of(s.at(),
                                    io.dlsim.algorithms.engine.NodeState.save(part.nodes().get(k)), engine.get(k)));
                        }
                        s.reply().complete(out);
                    } catch (RuntimeException | Error e) {
                        s.reply().completeExceptionally(e);
                    }
                    return Behaviors.same();
                })
                .onMessage(Snapshots.class, s -> {
                    try {
                        List<NodeSnapshot> snaps = new ArrayList<>();
                        for (NodeAlgorithm node : part.nodes()) {
                            NodeSnapshot snap = NodeSnapshot.of(node, s.round());
                            snaps.add(localLoss == null ? snap : snap.withLocalLoss(localLoss.of(node.node(), snap.parameters())));
                        }
                        s.reply().complete(snaps);
                    } catch (RuntimeException | Error e) {
                        s.reply().completeExceptionally(e);
                    }
                    return Behaviors.same();
                })
                .build();
    }

    /** The parts of an engine of these nodes (ids {@code layout.start(0)} on), one per block of {@code layout}. */
    public static List<EventEngine> parts(MixingRows rows, List<? extends NodeAlgorithm> nodes, BlockLayout layout, SystemModel system,
            EventEngine.Protocol protocol, long seed) {
        List<EventEngine> parts = new ArrayList<>();
        for (int b = 0; b < layout.blocks(); b++) {
            int offset = layout.start(0);
            parts.add(EventEngine.part(rows, nodes.subList(layout.start(b) - offset, layout.end(b) - offset), layout.start(b), system,
                    protocol, seed));
        }
        return parts;
    }

    private final List<Group> blocks;
    private final int n;
    private final int[] starts;
    private final double lookahead;
    private final List<List<Transfer>> inbound = new ArrayList<>();
    private long totalSteps;
    private long[] staleness = new long[0];
    private double now;
    private double nextEventTime;
    /** Whether the parts have processed anything (before that, every node starts its step 0 at time 0). */
    private boolean started;

    /**
     * A simulation of the nodes of {@code groups} (consecutive, from node 0 on, in order).
     *
     * @param lookahead the run's lookahead ({@code SystemModel#lookahead}), > 0
     */
    public EventBlocks(List<Group> groups, double lookahead) {
        if (!(lookahead > 0)) {
            throw new IllegalArgumentException("parts of an event engine need a positive lookahead, got " + lookahead);
        }
        this.blocks = List.copyOf(groups);
        this.starts = new int[blocks.size()];
        int next = 0;
        for (int b = 0; b < blocks.size(); b++) {
            if (blocks.get(b).from() != next || blocks.get(b).to() <= next) {
                throw new IllegalArgumentException("group " + b + " holds nodes " + blocks.get(b).from() + ".." + (blocks.get(b).to() - 1)
                        + "; expected consecutive groups from node " + next);
            }
            starts[b] = next;
            next = blocks.get(b).to();
        }
        this.n = next;
        this.lookahead = lookahead;
        for (int b = 0; b < blocks.size(); b++) {
            inbound.add(new ArrayList<>());
        }
    }

    @Override
    public int nodes() {
        return n;
    }

    @Override
    public double lookahead() {
        return lookahead;
    }

    @Override
    public void advanceTo(double until) {
        List<CompletableFuture<Advanced>> replies = new ArrayList<>(blocks.size());
        for (int b = 0; b < blocks.size(); b++) {
            replies.add(blocks.get(b).advance(until, List.copyOf(inbound.get(b))));
            inbound.get(b).clear();
        }
        long steps = 0;
        double next = Double.POSITIVE_INFINITY;
        for (CompletableFuture<Advanced> reply : replies) {
            Advanced a = await(reply);
            steps += a.totalSteps();
            staleness = EventEngine.addHistograms(staleness, a.staleness());
            now = Math.max(now, a.now());
            next = Math.min(next, a.nextEventTime());
            for (Transfer t : a.outgoing()) {
                inbound.get(groupOf(t.node())).add(t);
                next = Math.min(next, t.time());
            }
        }
        totalSteps = steps;
        nextEventTime = next;
        started = true;
    }

    @Override
    public boolean advance(double until, long stepLimit) {
        throw new UnsupportedOperationException("parts of an event engine advance by windows of the lookahead");
    }

    @Override
    public double now() {
        return now;
    }

    @Override
    public double nextEventTime() {
        // Before the first window every node starts its step 0 at time 0.
        return started ? nextEventTime : 0;
    }

    @Override
    public long totalSteps() {
        return totalSteps;
    }

    @Override
    public long[] takeStalenessHistogram() {
        long[] h = staleness;
        staleness = new long[0];
        return h;
    }

    @Override
    public List<NodeSnapshot> snapshots(long round) {
        List<CompletableFuture<List<NodeSnapshot>>> replies = new ArrayList<>(blocks.size());
        for (Group block : blocks) {
            replies.add(block.snapshots(round));
        }
        List<NodeSnapshot> all = new ArrayList<>(n);
        for (CompletableFuture<List<NodeSnapshot>> reply : replies) {
            all.addAll(await(reply));
        }
        return all;
    }

    @Override
    public List<byte[]> save(io.dlsim.metrics.AsynchronousCheckpoint.Position at) {
        List<CompletableFuture<List<byte[]>>> replies = new ArrayList<>(blocks.size());
        for (int b = 0; b < blocks.size(); b++) {
            replies.add(blocks.get(b).save(List.copyOf(inbound.get(b)), at));
        }
        List<byte[]> all = new ArrayList<>(n);
        for (CompletableFuture<List<byte[]>> reply : replies) {
            all.addAll(await(reply));
        }
        return all;
    }

    /**
     * This simulation resumed from a checkpoint at {@code at}: its blocks' parts were restored
     * ({@link EventEngine#restore}), so it goes on from the next event they hold.
     */
    public EventBlocks resumedAt(io.dlsim.metrics.AsynchronousCheckpoint.Position at, double nextEventTime) {
        this.started = true;
        this.now = at.time();
        this.nextEventTime = nextEventTime;
        return this;
    }

    private int groupOf(int node) {
        if (node < 0 || node >= n) {
            throw new IllegalStateException("an event for node " + node + " of a run of " + n + " nodes");
        }
        int b = java.util.Arrays.binarySearch(starts, node);
        return b >= 0 ? b : -b - 2;
    }

    private static <T> T await(CompletableFuture<T> reply) {
        try {
            return reply.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the blocks advanced", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}

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
final class EventBlocks implements EventSimulation {
    /** What a block is asked: advance to a time with these events delivered first, or report its nodes. */
    sealed interface Command {
    }

    record Advance(double until, List<Transfer> incoming, CompletableFuture<Advanced> reply) implements Command {
    }

    record Snapshots(long round, CompletableFuture<List<NodeSnapshot>> reply) implements Command {
    }

    /** A block after a window: what it sends to other blocks, and its counts. */
    record Advanced(List<Transfer> outgoing, long totalSteps, long[] staleness, double now, double nextEventTime) {
    }

    /** The actor of one block: its part of the engine and its nodes' local losses. */
    static Behavior<Command> block(EventEngine part, Evaluator.LocalLoss localLoss) {
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

    /** The parts of an engine of these nodes, one per block of {@code layout}. */
    static List<EventEngine> parts(MixingRows rows, List<? extends NodeAlgorithm> nodes, BlockLayout layout, SystemModel system,
            EventEngine.Protocol protocol, long seed) {
        List<EventEngine> parts = new ArrayList<>();
        for (int b = 0; b < layout.blocks(); b++) {
            parts.add(EventEngine.part(rows, nodes.subList(layout.start(b), layout.end(b)), layout.start(b), system, protocol, seed));
        }
        return parts;
    }

    private final List<ActorRef<Command>> blocks;
    private final BlockLayout layout;
    private final double lookahead;
    private final List<List<Transfer>> inbound = new ArrayList<>();
    private long totalSteps;
    private long[] staleness = new long[0];
    private double now;
    private double nextEventTime;
    private long windows;

    EventBlocks(List<ActorRef<Command>> blocks, BlockLayout layout, double lookahead) {
        if (!(lookahead > 0)) {
            throw new IllegalArgumentException("parts of an event engine need a positive lookahead, got " + lookahead);
        }
        this.blocks = blocks;
        this.layout = layout;
        this.lookahead = lookahead;
        for (int b = 0; b < blocks.size(); b++) {
            inbound.add(new ArrayList<>());
        }
    }

    @Override
    public int nodes() {
        return layout.n();
    }

    @Override
    public double lookahead() {
        return lookahead;
    }

    @Override
    public void advanceTo(double until) {
        List<CompletableFuture<Advanced>> replies = new ArrayList<>(blocks.size());
        for (int b = 0; b < blocks.size(); b++) {
            CompletableFuture<Advanced> reply = new CompletableFuture<>();
            replies.add(reply);
            blocks.get(b).tell(new Advance(until, List.copyOf(inbound.get(b)), reply));
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
                inbound.get(layout.blockOf(t.node())).add(t);
                next = Math.min(next, t.time());
            }
        }
        totalSteps = steps;
        nextEventTime = next;
        windows++;
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
        return windows == 0 ? 0 : nextEventTime;
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
        for (ActorRef<Command> block : blocks) {
            CompletableFuture<List<NodeSnapshot>> reply = new CompletableFuture<>();
            replies.add(reply);
            block.tell(new Snapshots(round, reply));
        }
        List<NodeSnapshot> all = new ArrayList<>(layout.n());
        for (CompletableFuture<List<NodeSnapshot>> reply : replies) {
            all.addAll(await(reply));
        }
        return all;
    }

    /** Windows advanced so far (a measure of the synchronization this run paid). */
    long windows() {
        return windows;
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

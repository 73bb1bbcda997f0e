package io.dlsim.simulator.cluster;

import io.dlsim.algorithms.engine.EventEngine.Transfer;
import io.dlsim.metrics.NodeSnapshot;
import io.dlsim.simulator.engine.CborSerializable;
import io.dlsim.simulator.engine.EventBlocks;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The coordinator's side of an asynchronous run on a cluster (issue 13): each worker member's
 * blocks of the discrete-event engine are one {@link EventBlocks.Group} ({@link #group}), which
 * the coordinator's run thread advances window by window like the embedded engine's blocks
 * ({@link EventBlocks}); its messages go to the member's host ({@link WorkerHost.AdvanceEvents},
 * {@link WorkerHost.SnapshotEvents}) and the answers come back to one actor per run
 * ({@link #create}), which completes the waiting futures. One message each way per member and
 * window; the events that cross members travel through the coordinator, bit for bit
 * ({@link ParameterSerializer}).
 */
public final class EventsDriver {
    /** What workers answer: a window's outcome, a node's snapshot, or a failure. */
    public sealed interface Reply permits Advanced, Snapshot, Checkpoint, Failed, Stop {
    }

    /** One node's checkpoint ({@link io.dlsim.metrics.AsynchronousCheckpoint} bytes) of run {@code run}. */
    public record Checkpoint(int run, int node, byte[] state) implements Reply {
    }

    /** The run is over: the driver actor stops (sent only inside the coordinator's JVM). */
    enum Stop implements Reply {
        INSTANCE
    }

    /** Member's nodes {@code from ..} after window {@code window} of run {@code run}. */
    public record Advanced(int run, long window, int from, EventBlocks.Advanced advanced) implements Reply {
    }

    /** One node's snapshot at a row of run {@code run}. */
    public record Snapshot(int run, NodeSnapshot snapshot) implements Reply {
    }

    /** A worker's blocks failed in run {@code run} (its log has the stack trace). */
    public record Failed(int run, String member, String error) implements Reply, CborSerializable {
    }

    private final int run;
    private final Map<Long, CompletableFuture<EventBlocks.Advanced>> windows = new ConcurrentHashMap<>();
    private final Collector<NodeSnapshot> snapshots;
    private final Collector<byte[]> checkpoints;
    private final CompletableFuture<Void> failure;

    /**
     * @param failure completed exceptionally when the run fails (a worker lost or failing): every
     *     wait of the run thread ends then
     */
    EventsDriver(int run, int nodes, CompletableFuture<Void> failure) {
        this.run = run;
        this.snapshots = new Collector<>(nodes);
        this.checkpoints = new Collector<>(nodes);
        this.failure = failure;
        failWaitsOnFailure();
    }

    /** The actor that receives the workers' answers for this run. */
    Behavior<Reply> create() {
        return Behaviors.receive(Reply.class)
                .onMessage(Advanced.class, a -> {
                    if (a.run() == run) {
                        CompletableFuture<EventBlocks.Advanced> f = windows.remove(key(a.from(), a.window()));
                        if (f != null) {
                            f.complete(a.advanced());
                        }
                    }
                    return Behaviors.same();
                })
                .onMessage(Snapshot.class, s -> {
                    if (s.run() == run) {
                        snapshots.offer(s.snapshot().node(), s.snapshot());
                    }
                    return Behaviors.same();
                })
                .onMessage(Checkpoint.class, c -> {
                    if (c.run() == run) {
                        checkpoints.offer(c.node(), c.state());
                    }
                    return Behaviors.same();
                })
                .onMessage(Stop.class, stop -> Behaviors.stopped())
                .onMessage(Failed.class, f -> {
                    if (f.run() == run) {
                        failure.completeExceptionally(new IllegalStateException("worker member " + f.member()
                                + " failed in the asynchronous run (its log has the stack trace): " + f.error()));
                    }
                    return Behaviors.same();
                })
                .build();
    }

    private static long key(int from, long window) {
        return window * (1L << 31) + from;
    }

    private long window;

    /** Starts a new window: the groups' advances of one call of the run thread share its number. */
    void nextWindow() {
        window++;
    }

    /** Worker {@code host}'s nodes {@code from .. to - 1} as one group of the run. */
    EventBlocks.Group group(ActorRef<WorkerHost.Command> host, int index, int from, int to) {
        return new EventBlocks.Group() {
            @Override
            public int from() {
                return from;
            }

            @Override
            public int to() {
                return to;
            }

            @Override
            public CompletableFuture<EventBlocks.Advanced> advance(double until, List<Transfer> incoming) {
                if (index == 0) {
                    nextWindow();
                }
                CompletableFuture<EventBlocks.Advanced> reply = failing(new CompletableFuture<>());
                windows.put(key(from, window), reply);
                host.tell(new WorkerHost.AdvanceEvents(run, window, until, incoming));
                return reply;
            }

            @Override
            public CompletableFuture<List<NodeSnapshot>> snapshots(long round) {
                CompletableFuture<List<NodeSnapshot>> reply = failing(snapshots.expect(index, from, to));
                host.tell(new WorkerHost.SnapshotEvents(run, round));
                return reply;
            }

            @Override
            public CompletableFuture<List<byte[]>> save(List<Transfer> incoming, io.dlsim.metrics.AsynchronousCheckpoint.Position at) {
                CompletableFuture<List<byte[]>> reply = failing(checkpoints.expect(index, from, to));
                host.tell(new WorkerHost.SaveEvents(run, at, incoming));
                return reply;
            }
        };
    }

    /**
     * Per-node answers of one request to every group (snapshots, checkpoints), each group's
     * future completed when all its nodes answered. A request to group 0 starts a new round of
     * requests (the run thread asks the groups in order and waits for all before the next).
     */
    private static final class Collector<T> {
        private final Object[] items;
        private final java.util.List<CompletableFuture<List<T>>> replies = new java.util.ArrayList<>();
        private final java.util.List<int[]> ranges = new java.util.ArrayList<>();
        private final java.util.List<int[]> missing = new java.util.ArrayList<>();

        Collector(int nodes) {
            items = new Object[nodes];
        }

        synchronized CompletableFuture<List<T>> expect(int index, int from, int to) {
            if (index == 0) {
                replies.clear();
                ranges.clear();
                missing.clear();
            }
            CompletableFuture<List<T>> reply = new CompletableFuture<>();
            replies.add(reply);
            ranges.add(new int[] {from, to});
            missing.add(new int[] {to - from});
            return reply;
        }

        @SuppressWarnings("unchecked")
        synchronized void offer(int node, T item) {
            if (node < 0 || node >= items.length) {
                return;
            }
            items[node] = item;
            for (int g = 0; g < ranges.size(); g++) {
                int[] r = ranges.get(g);
                if (node >= r[0] && node < r[1] && --missing.get(g)[0] == 0) {
                    List<T> out = new java.util.ArrayList<>(r[1] - r[0]);
                    for (int i = r[0]; i < r[1]; i++) {
                        out.add((T) items[i]);
                    }
                    replies.get(g).complete(out);
                }
            }
        }
    }

    /** f, failed at once when the run has failed, or as soon as it does while f waits. */
    private <T> CompletableFuture<T> failing(CompletableFuture<T> f) {
        pending.add(f);
        f.whenComplete((ok, e) -> pending.remove(f));
        if (failure.isCompletedExceptionally()) {
            failure.exceptionally(e -> {
                f.completeExceptionally(e);
                return null;
            });
        }
        return f;
    }

    private final java.util.Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();

    /** Registered once: a failure of the run fails whatever the run thread waits for. */
    void failWaitsOnFailure() {
        failure.whenComplete((ok, e) -> {
            if (e != null) {
                for (CompletableFuture<?> f : pending) {
                    f.completeExceptionally(e);
                }
            }
        });
    }
}

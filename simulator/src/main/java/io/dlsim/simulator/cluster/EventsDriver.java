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
    public sealed interface Reply permits Advanced, Snapshot, Failed, Stop {
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
    private final NodeSnapshot[] snapshots;
    private final CompletableFuture<Void> failure;
    private volatile CompletableFuture<List<NodeSnapshot>>[] snapshotReplies;
    private volatile int[][] snapshotRanges;
    private int[] snapshotsMissing;

    /**
     * @param failure completed exceptionally when the run fails (a worker lost or failing): every
     *     wait of the run thread ends then
     */
    EventsDriver(int run, int nodes, CompletableFuture<Void> failure) {
        this.run = run;
        this.snapshots = new NodeSnapshot[nodes];
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
                        onSnapshot(s.snapshot());
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
                return snapshotsOf(host, index, from, to, round);
            }

            @Override
            public CompletableFuture<List<byte[]>> save(List<Transfer> incoming, io.dlsim.metrics.AsynchronousCheckpoint.Position at) {
                // Refused before the run starts (ClusterMember): asynchronous cluster runs take no checkpoints.
                throw new UnsupportedOperationException("asynchronous runs on a cluster take no checkpoints");
            }
        };
    }

    @SuppressWarnings("unchecked")
    private synchronized CompletableFuture<List<NodeSnapshot>> snapshotsOf(ActorRef<WorkerHost.Command> host, int index, int from, int to,
            long round) {
        if (snapshotReplies == null || index == 0) {
            snapshotReplies = new CompletableFuture[Math.max(index + 1, 64)];
            snapshotRanges = new int[snapshotReplies.length][];
            snapshotsMissing = new int[snapshotReplies.length];
        }
        if (index >= snapshotReplies.length) {
            snapshotReplies = java.util.Arrays.copyOf(snapshotReplies, index + 1);
            snapshotRanges = java.util.Arrays.copyOf(snapshotRanges, index + 1);
            snapshotsMissing = java.util.Arrays.copyOf(snapshotsMissing, index + 1);
        }
        CompletableFuture<List<NodeSnapshot>> reply = failing(new CompletableFuture<>());
        snapshotReplies[index] = reply;
        snapshotRanges[index] = new int[] {from, to};
        snapshotsMissing[index] = to - from;
        host.tell(new WorkerHost.SnapshotEvents(run, round));
        return reply;
    }

    private synchronized void onSnapshot(NodeSnapshot s) {
        if (s.node() < 0 || s.node() >= snapshots.length || snapshotRanges == null) {
            return;
        }
        snapshots[s.node()] = s;
        for (int g = 0; g < snapshotRanges.length; g++) {
            int[] r = snapshotRanges[g];
            if (r != null && s.node() >= r[0] && s.node() < r[1] && --snapshotsMissing[g] == 0) {
                snapshotReplies[g].complete(List.of(java.util.Arrays.copyOfRange(snapshots, r[0], r[1])));
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

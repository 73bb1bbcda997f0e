package io.dlsim.simulator.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Pekko dispatcher that runs the blocks ({@link NodeBlock}, {@link EventBlocks}), the same
 * in the embedded actor system and on every cluster member: one thread per core, a
 * {@code thread-pool-executor}, and 64 messages per actor before its thread moves on. In the
 * embedded system the threads keep a CPU each ({@link #embeddedSettings}, {@link ThreadPinning}:
 * with one other busy process, Linux otherwise puts both block threads of a 2-core machine on one
 * CPU).
 *
 * <p>Why not Pekko's default fork-join pool: on JDK 17 a fork-join worker wakes an idle one only
 * when it pushes a task onto an <em>empty</em> local queue, and an idle worker parks without
 * looking again while another is active. Blocks that wait on each other every round (the
 * exponential graph: every block needs a batch from every other) keep the busy worker's queue
 * non-empty, so once the second worker has parked in such a race it is never woken: the run goes
 * on at one core for hundreds of rounds (measured: 50 % idle in {@code vmstat}, a parked
 * {@code default-dispatcher} thread in {@code jstack} while mailboxes waited; 90k-167k
 * node-steps/s on the numpy workload's exponential graph against 165k-172k with this executor;
 * simulator/BENCHMARKS.md). In a thread-pool executor no thread waits while a task does: a task
 * put into the empty queue wakes a waiting thread, and a thread that takes one while more remain
 * wakes the next. A handful of blocks per core make a few thousand submissions a second, so its
 * one shared queue costs nothing measurable.
 */
public final class BlockDispatcher {
    private BlockDispatcher() {
    }

    /** Messages an actor processes before its thread turns to another (blocks are few and busy). */
    public static final int THROUGHPUT = 64;

    /**
     * The dispatcher of a run's {@link Coordinator} ({@link #coordinatorProps}): one thread of its
     * own. On the blocks' dispatcher it took its turn in the executor's one FIFO queue after 64
     * messages, behind every block's round, so with many nodes per block it fell far behind:
     * 1,000,000 gossiping nodes in 8 blocks had trained 20 rounds before round 0's row (7-12 s
     * after the start, against 2.1 s on the fork-join pool, whose local queues happened to keep
     * it going). Idle, the thread is parked and costs nothing; the runs of {@code dlsim run --jobs}
     * share it (a coordinator's work is small beside its blocks').
     */
    public static final String COORDINATOR_DISPATCHER = "dlsim-coordinator-dispatcher";

    /** Props that put an actor on the {@link #COORDINATOR_DISPATCHER}. */
    public static org.apache.pekko.actor.typed.Props coordinatorProps() {
        return org.apache.pekko.actor.typed.DispatcherSelector.fromConfig(COORDINATOR_DISPATCHER);
    }

    /** Both dispatchers' settings for a JVM with {@code cores} processors, as Pekko configuration values. */
    public static Map<String, Object> settings(int cores) {
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be >= 1, got " + cores);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("pekko.actor.default-dispatcher.throughput", THROUGHPUT);
        // One thread per core: blocks are few and busy, and more threads were measured no faster,
        // quiet or beside a busy process (issue 11, simulator/BENCHMARKS.md).
        values.put("pekko.actor.default-dispatcher.executor", "thread-pool-executor");
        values.put("pekko.actor.default-dispatcher.thread-pool-executor.fixed-pool-size", cores);
        values.put(COORDINATOR_DISPATCHER + ".type", "Dispatcher");
        values.put(COORDINATOR_DISPATCHER + ".executor", "thread-pool-executor");
        values.put(COORDINATOR_DISPATCHER + ".thread-pool-executor.fixed-pool-size", 1);
        values.put(COORDINATOR_DISPATCHER + ".throughput", THROUGHPUT);
        return values;
    }

    /**
     * {@link #settings} for the embedded actor system: the same executors, whose threads place
     * themselves ({@link PinnedThreadPoolConfigurator}): the blocks' threads on a CPU each, the
     * coordinator's on every CPU (it may be started by a pinned block thread, whose CPU it would
     * otherwise inherit). Cluster members keep {@link #settings}: their remoting starts its
     * threads on demand, from whichever thread sends first, and would inherit a block's CPU.
     */
    public static Map<String, Object> embeddedSettings(int cores) {
        Map<String, Object> values = settings(cores);
        values.put("pekko.actor.default-dispatcher.executor", PinnedThreadPoolConfigurator.class.getName());
        values.put("pekko.actor.default-dispatcher." + PinnedThreadPoolConfigurator.MODE_KEY,
                ThreadPinning.Mode.ONE_CPU_EACH.name());
        values.put(COORDINATOR_DISPATCHER + ".executor", PinnedThreadPoolConfigurator.class.getName());
        values.put(COORDINATOR_DISPATCHER + "." + PinnedThreadPoolConfigurator.MODE_KEY, ThreadPinning.Mode.ALL_CPUS.name());
        return values;
    }
}

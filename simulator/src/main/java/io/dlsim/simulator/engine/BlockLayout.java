package io.dlsim.simulator.engine;

import io.dlsim.topologies.UserInputException;
import java.util.Arrays;
import java.util.List;

/**
 * How the simulated nodes {@code 0..n-1} are grouped into {@link NodeBlock} actors: block b holds
 * the contiguous ids {@code [start(b), end(b))}; blocks are numbered in id order. Contiguous
 * blocks keep the neighbours of ring-, grid- and exponential-like topologies mostly inside a
 * block, so most gossip is a plain array read and only one message per block pair and round
 * crosses actors. Immutable and shared by every block of an engine run.
 *
 * <p>The grouping never changes a result: every node runs the same state machine on the same
 * messages whatever block it is in (the engine equality tests run several layouts).
 */
public final class BlockLayout {
    /** Environment variable that fixes the number of blocks per JVM (for benchmarks and experiments). */
    public static final String BLOCKS_ENV = "DLSIM_BLOCKS";
    /**
     * Simulated compute per block and round below which splitting a run further costs more in
     * synchronisation (a message and a thread hand-over, a few microseconds each, tens under
     * contention) than it gains, in estimated nanoseconds (see {@link #blockCount}).
     */
    static final double MIN_BLOCK_NANOS = 200_000;
    /** Estimated cost of a node-step per model parameter, in nanoseconds (measured: see simulator/BENCHMARKS.md). */
    static final double NANOS_PER_PARAMETER = 30;

    private final int[] starts;
    private final int[] blockOf;

    private BlockLayout(int[] starts) {
        this.starts = starts;
        int n = starts[starts.length - 1];
        this.blockOf = new int[n];
        for (int b = 0; b + 1 < starts.length; b++) {
            Arrays.fill(blockOf, starts[b], starts[b + 1], b);
        }
    }

    /** {@code n} nodes in {@code blocks} contiguous blocks of near-equal size (the first {@code n mod blocks} one larger). */
    public static BlockLayout split(int n, int blocks) {
        return of(List.of(new int[] {0, n}), List.of(blocks));
    }

    /**
     * The ranges {@code [from, to)} (contiguous, ascending, covering {@code 0..n-1}: e.g. the
     * cluster members' shares), range k split into {@code blocksPerRange.get(k)} blocks.
     */
    public static BlockLayout of(List<int[]> ranges, List<Integer> blocksPerRange) {
        if (ranges.size() != blocksPerRange.size() || ranges.isEmpty()) {
            throw new IllegalArgumentException(ranges.size() + " ranges, " + blocksPerRange.size() + " block counts");
        }
        int total = blocksPerRange.stream().mapToInt(Integer::intValue).sum();
        int[] starts = new int[total + 1];
        int b = 0;
        int expectedFrom = 0;
        for (int k = 0; k < ranges.size(); k++) {
            int from = ranges.get(k)[0];
            int to = ranges.get(k)[1];
            int count = blocksPerRange.get(k);
            if (from != expectedFrom || to <= from || count < 1 || count > to - from) {
                throw new IllegalArgumentException("range [" + from + ", " + to + ") in " + count + " blocks after " + expectedFrom);
            }
            int size = to - from;
            int at = from;
            for (int i = 0; i < count; i++) {
                starts[b++] = at;
                at += size / count + (i < size % count ? 1 : 0);
            }
            expectedFrom = to;
        }
        starts[total] = expectedFrom;
        return new BlockLayout(starts);
    }

    /**
     * How many blocks a JVM with {@code cores} processors gives {@code nodes} nodes of a model with
     * {@code parameters} parameters: {@code DLSIM_BLOCKS} if set ({@code override}); otherwise as
     * many as keep every block at least {@link #MIN_BLOCK_NANOS} of estimated work per round, at
     * most 4 per core (more blocks than cores let an idle thread take a block whose neighbours
     * are ready, which keeps the cores busy when one is slowed by another process) and at most
     * {@code nodes}; on one core, one block (blocks on one core only add their messages: e.g. each
     * run of a sweep that runs one run per core, {@code io.dlsim.simulator.run.AutoJobs}). A run
     * that gets one block (e.g. 16 nodes of a small model) runs on the sequential engine
     * ({@link ActorEngine#runNodes}) unless {@code DLSIM_BLOCKS} is set.
     *
     * @throws UserInputException when the override is not a whole number >= 1
     */
    public static int blockCount(int nodes, int parameters, int cores, String override) {
        if (override != null && !override.isBlank()) {
            int blocks;
            try {
                blocks = Integer.parseInt(override.trim());
            } catch (NumberFormatException e) {
                blocks = 0;
            }
            if (blocks < 1) {
                throw new UserInputException(BLOCKS_ENV + ": must be a whole number >= 1, got '" + override + "'");
            }
            return Math.min(blocks, nodes);
        }
        if (cores <= 1) {
            return 1;
        }
        double perRound = (double) nodes * Math.max(1, parameters) * NANOS_PER_PARAMETER;
        long byWork = (long) Math.max(1, Math.floor(perRound / MIN_BLOCK_NANOS));
        return (int) Math.max(1, Math.min(Math.min(byWork, 4L * cores), nodes));
    }

    /** {@link #blockCount} for this JVM's processors and its {@code DLSIM_BLOCKS}. */
    public static int blockCountHere(int nodes, int parameters) {
        return blockCountHere(nodes, parameters, Runtime.getRuntime().availableProcessors());
    }

    /**
     * {@link #blockCount} for {@code cores} processors (a run's share of this JVM's when several
     * run at once) and this JVM's {@code DLSIM_BLOCKS}, which fixes the blocks of each run.
     */
    public static int blockCountHere(int nodes, int parameters, int cores) {
        return blockCount(nodes, parameters, cores, System.getenv(BLOCKS_ENV));
    }

    /** The number of nodes. */
    public int n() {
        return blockOf.length;
    }

    /** The number of blocks. */
    public int blocks() {
        return starts.length - 1;
    }

    /** First node of block b. */
    public int start(int b) {
        return starts[b];
    }

    /** One past the last node of block b. */
    public int end(int b) {
        return starts[b + 1];
    }

    /** The block holding {@code node}. */
    public int blockOf(int node) {
        return blockOf[node];
    }

    @Override
    public String toString() {
        return blocks() + " blocks of " + n() + " nodes";
    }
}

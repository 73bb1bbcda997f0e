package io.dlsim.simulator.scenario;

import java.util.Locale;

/**
 * Rough memory estimates, made before anything large is allocated, so that a scenario too large
 * for this JVM is refused with one line naming what to reduce ({@code nodes: 50000000 nodes need
 * about 24 GB for the topology, more than the 6.0 GB this JVM may use; reduce nodes or raise the
 * heap (DLSIM_JAVA_OPTS=-Xmx...)}) instead of ending in an {@link OutOfMemoryError}. The
 * estimates are lower bounds of what the structures take (bytes of their arrays), so a refused
 * scenario would certainly not fit; the budget is {@value #FRACTION} of the JVM's maximum heap.
 */
public final class MemoryBudget {
    /** The share of the maximum heap the estimated structures may take. */
    static final double FRACTION = 0.8;
    /** Bytes per node of a topology: adjacency, mixing rows, spectra work vectors (Lanczos). */
    static final long TOPOLOGY_BYTES_PER_NODE = 400;
    /** Bytes per arc of a topology: the arc and its weight in the graph and in W. */
    static final long TOPOLOGY_BYTES_PER_ARC = 32;
    /** Parameter vectors each node keeps (model, message, combine buffer, gradient, snapshots). */
    public static final long VECTORS_PER_NODE = 4;

    private MemoryBudget() {
    }

    /** The bytes the estimated structures may take in this JVM. */
    public static long budget() {
        return (long) (Runtime.getRuntime().maxMemory() * FRACTION);
    }

    /** {@code a * b}, saturating at {@code Long.MAX_VALUE} (estimates never overflow). */
    public static long times(long a, long b) {
        if (a <= 0 || b <= 0) {
            return 0;
        }
        return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }

    /** {@code a + b}, saturating. */
    public static long plus(long a, long b) {
        return a > Long.MAX_VALUE - b ? Long.MAX_VALUE : a + b;
    }

    /**
     * Null when {@code bytes} fits the budget, else the reason: {@code need about 24 GB for
     * WHAT, more than the 6.0 GB this JVM may use; REDUCE or raise the heap}.
     */
    public static String exceeded(long bytes, String what, String reduce) {
        long budget = budget();
        if (bytes <= budget) {
            return null;
        }
        return "needs about " + size(bytes) + " for " + what + ", more than the " + size(budget)
                + " this JVM may use; reduce " + reduce + ", or raise the heap (DLSIM_JAVA_OPTS=-Xmx...)";
    }

    /** A byte count as people read it: {@code 24 GB}, {@code 512 MB}. */
    public static String size(long bytes) {
        if (bytes == Long.MAX_VALUE) {
            return "more than 9 EB";
        }
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
        double v = bytes;
        int u = 0;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return (v >= 100 || u == 0 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v)) + " " + units[u];
    }

    /**
     * A lower bound of the bytes of a topology of {@code nodes} nodes with about {@code degree}
     * neighbours each (whatever the type: every node has at least one).
     */
    static long topology(long nodes, double degree) {
        long arcs = (long) Math.min(Long.MAX_VALUE / 2.0, nodes * Math.max(1, degree));
        return plus(times(nodes, TOPOLOGY_BYTES_PER_NODE), times(arcs, TOPOLOGY_BYTES_PER_ARC));
    }
}

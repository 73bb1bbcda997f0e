package io.dlsim.algorithms.system;

import io.dlsim.algorithms.RandomStreams;

/**
 * Whether a node is online at a simulated time, for a run's {@link SystemSettings.Churn}: a
 * pure function of (settings, seed, node, time), so every engine and cluster member answers the
 * same. The on-off process draws the length of node i's k-th period from
 * {@code hash(seed, SYSTEM, i, k)} (exponential, by the inverse CDF in {@link StrictMath});
 * even periods are online, odd ones offline, period 0 starts at time 0. A node's clock only moves
 * forward, so {@link #online(int, double, Cursor)} walks its periods from where its previous
 * question left them ({@link Cursor}, kept with the node and checkpointed with it): the cost of
 * a question does not grow with the run's length. Immutable and thread-safe; a cursor belongs
 * to one node.
 */
public final class ChurnModel {
    /** The kind of draw in the SYSTEM stream (SystemModel's kinds are 0..2 of 8). */
    private static final long CHURN = 3;
    private static final long KINDS = 8;

    private final SystemSettings.Churn settings;
    private final long seed;
    /** Offline intervals of a trace ({@link ChurnTrace#read}), or null for the on-off process. */
    private final double[][] trace;

    private ChurnModel(SystemSettings.Churn settings, long seed, double[][] trace) {
        this.settings = settings;
        this.seed = seed;
        this.trace = trace;
    }

    /**
     * The churn of a run of {@code n} nodes with this seed.
     *
     * @param trace the trace file's intervals ({@link ChurnTrace#read}) when the settings name one, else null
     * @throws IllegalArgumentException when a trace is given for the on-off process or missing for a trace
     */
    public static ChurnModel of(SystemSettings.Churn settings, long seed, int n, double[][] trace) {
        boolean isTrace = settings instanceof SystemSettings.Churn.Trace;
        if (isTrace != (trace != null) || trace != null && trace.length != n) {
            throw new IllegalArgumentException("churn: " + (trace == null ? "no trace" : "a trace of " + trace.length + " nodes")
                    + " given for " + n + " nodes, and the settings " + (isTrace ? "name a" : "name no") + " trace file");
        }
        return new ChurnModel(settings, seed, trace);
    }

    /**
     * Where a node's walk through its on-off periods stands: the period {@code index} that began
     * at {@code start}. Mutable, owned by the node (its counters), so it is checkpointed with it.
     */
    public interface Cursor {
        long churnPeriod();

        double churnPeriodStart();

        void moveChurnPeriod(long index, double start);
    }

    /** Whether node i is online at time 0 (needs no cursor: every node's first question). */
    public boolean onlineAtStart(int node) {
        if (trace != null) {
            return onTrace(node, 0);
        }
        return true;
    }

    /** Whether node i is online at {@code time}, walking on from {@code cursor} (which it moves). */
    public boolean online(int node, double time, Cursor cursor) {
        if (trace != null) {
            return onTrace(node, time);
        }
        long k = cursor.churnPeriod();
        double start = cursor.churnPeriodStart();
        if (time < start) {
            // Only a fresh cursor on a restored node can be ahead; walk from the beginning.
            k = 0;
            start = 0;
        }
        double end = start + length(node, k);
        while (time >= end) {
            k++;
            start = end;
            end = start + length(node, k);
        }
        cursor.moveChurnPeriod(k, start);
        return k % 2 == 0;
    }

    /**
     * When node i's status next changes after {@code time} (the end of its current on-off period,
     * or the next edge of a trace interval), walking on from {@code cursor} as
     * {@link #online(int, double, Cursor)} does; +infinity when it never changes again.
     */
    public double nextChange(int node, double time, Cursor cursor) {
        if (trace != null) {
            double[] iv = trace[node];
            for (int k = 0; k < iv.length; k++) {
                // The edges in order (from, until of each interval): the first one after time.
                if (iv[k] > time) {
                    return iv[k];
                }
            }
            return Double.POSITIVE_INFINITY;
        }
        online(node, time, cursor);
        return cursor.churnPeriodStart() + length(node, cursor.churnPeriod());
    }

    /** A cursor of its own, for a node that asks about another node's status (its walk is independent of that node's). */
    public static Cursor freshCursor() {
        return new Cursor() {
            private long period;
            private double start;

            @Override
            public long churnPeriod() {
                return period;
            }

            @Override
            public double churnPeriodStart() {
                return start;
            }

            @Override
            public void moveChurnPeriod(long index, double s) {
                period = index;
                start = s;
            }
        };
    }

    /** The length of node i's k-th period: exponential with the online or offline mean. */
    private double length(int node, long k) {
        SystemSettings.Churn.OnOff onOff = (SystemSettings.Churn.OnOff) settings;
        double mean = k % 2 == 0 ? onOff.meanOnlineSeconds() : onOff.meanOfflineSeconds();
        double u = RandomStreams.unit(RandomStreams.hash(seed, RandomStreams.Purpose.SYSTEM, node, -1, k * KINDS + CHURN, 1));
        // u in [0, 1): 1 - u in (0, 1], so the length is finite and >= 0.
        return -mean * StrictMath.log(1 - u);
    }

    private boolean onTrace(int node, double time) {
        double[] iv = trace[node];
        // The last interval starting at or before time: offline if time is before its end.
        int lo = 0;
        int hi = iv.length / 2 - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (iv[2 * mid] <= time) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found < 0 || time >= iv[2 * found + 1];
    }
}

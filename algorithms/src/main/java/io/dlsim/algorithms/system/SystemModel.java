package io.dlsim.algorithms.system;

import io.dlsim.algorithms.RandomStreams;
import java.util.SplittableRandom;

/**
 * The draws of a run's {@link SystemSettings}: how long node i's local step of round t takes and
 * when its round-t message reaches node j. Every value is a pure function of (settings, seed, n,
 * node, link, round): the jitter of (i, t) and the latency of (j, i, t) are counter-based draws
 * ({@link RandomStreams#draw}, purpose SYSTEM), so any engine, thread or cluster member computes
 * them alone, in any order, with the same bits. Transcendentals use {@link StrictMath} for the
 * same reason. Immutable and thread-safe.
 *
 * <p>Compute: {@code base x slowdown_i x jitter(i, t)} seconds, base = {@code seconds-per-step}
 * or {@code evaluations x flopsPerExample / flops-per-second}. Network: a message of s bytes
 * ready at r, sent to k recipients, has left the sender's uplink at {@code r + s/B}, or at
 * {@code r + k s/B} when the uplink is shared (each of the k concurrent sends gets B/k, so all
 * finish together), and arrives at j at that time plus {@code latency(i, j, t)}.
 */
public final class SystemModel {
    private static final long JITTER = 0;
    private static final long LATENCY = 1;
    private static final long LOSS = 2;
    /** Attempts after which a message that keeps being lost is taken as delivered (p^10000 is 0 for any p < 1 that matters). */
    private static final int MAX_ATTEMPTS = 10_000;
    private static final long KINDS = 8;

    private final SystemSettings settings;
    private final long seed;
    private final double flopsPerExample;
    /** Whether each node is a straggler (null: none is). */
    private final boolean[] straggler;
    private final double slowdown;
    /** Every node's speed from a file (null: none). */
    private final double[] speeds;
    /** Every link's latency from a file, {@code [from * n + to]} (null: none). */
    private final double[] latencies;
    private final int n;
    /** When nodes are offline (null: never), and the rule their neighbours re-apply to the online subgraph. */
    private ChurnModel churn;
    private io.dlsim.topologies.mixing.OnlineMixing onlineMixing;

    private SystemModel(SystemSettings settings, long seed, int n, double flopsPerExample, double[] speeds, double[] latencies) {
        this.settings = settings;
        this.seed = seed;
        this.n = n;
        this.flopsPerExample = flopsPerExample;
        this.speeds = speeds;
        this.latencies = latencies;
        this.lookahead = smallestLatency();
        SystemSettings.Stragglers s = settings.compute().stragglers();
        if (s == null || s.fraction() == 0 || s.slowdown() == 1) {
            straggler = null;
            slowdown = 1;
        } else {
            straggler = pick(n, (int) Math.round(s.fraction() * n), seed);
            slowdown = s.slowdown();
        }
    }

    /**
     * The model of {@code settings} for a run of {@code n} nodes with this seed.
     *
     * @param flopsPerExample the FLOPs of one component gradient of the run's model (used with {@code flops-per-second})
     */
    public static SystemModel of(SystemSettings settings, long seed, int n, double flopsPerExample) {
        return of(settings, seed, n, flopsPerExample, null, null);
    }

    /** As {@link #of(SystemSettings, long, int, double)}, with every node's speed (from {@link NodeSpeeds#read}), or null. */
    public static SystemModel of(SystemSettings settings, long seed, int n, double flopsPerExample, double[] speeds) {
        return of(settings, seed, n, flopsPerExample, speeds, null);
    }

    /**
     * As {@link #of(SystemSettings, long, int, double, double[])}, with every link's latency
     * (from {@link LatencyMatrix#read}, n x n), or null: what the settings' files hold.
     *
     * @throws IllegalArgumentException when the values given do not match the files the settings name
     */
    public static SystemModel of(SystemSettings settings, long seed, int n, double flopsPerExample, double[] speeds,
            double[] latencies) {
        boolean latencyFile = settings.network().latency() instanceof SystemSettings.Latency.File;
        if (latencyFile != (latencies != null) || latencies != null && latencies.length != (long) n * n) {
            throw new IllegalArgumentException("latencies: " + (latencies == null ? "none given" : latencies.length + " given")
                    + " for " + n + " nodes, and the settings " + (latencyFile ? "name a" : "name no") + " latency file");
        }
        if (n < 1) {
            throw new IllegalArgumentException("nodes: must be >= 1, got " + n);
        }
        if ((speeds == null) != (settings.compute().speeds() == null) || speeds != null && speeds.length != n) {
            throw new IllegalArgumentException("speeds: " + (speeds == null ? "none given" : speeds.length + " given")
                    + " for " + n + " nodes, and the settings " + (settings.compute().speeds() == null ? "name no" : "name a")
                    + " speeds file");
        }
        return new SystemModel(settings, seed, n, flopsPerExample, speeds == null ? null : speeds.clone(), latencies);
    }

    /** {@code count} distinct nodes of 0..n-1 drawn from the seed (a partial Fisher-Yates shuffle). */
    private static boolean[] pick(int n, int count, long seed) {
        SplittableRandom rng = RandomStreams.of(seed, RandomStreams.Purpose.SYSTEM, RandomStreams.SHARED);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        boolean[] chosen = new boolean[n];
        for (int k = 0; k < count; k++) {
            int r = k + rng.nextInt(n - k);
            int t = order[k];
            order[k] = order[r];
            order[r] = t;
            chosen[order[k]] = true;
        }
        return chosen;
    }

    public SystemSettings settings() {
        return settings;
    }

    /**
     * This model with churn ({@code system.churn}): {@code churn} says when each node is online
     * and {@code mixing} is the static topology's rule, re-applied to the online nodes
     * ({@link io.dlsim.algorithms.engine.ChurnRound} has the protocol).
     *
     * @throws IllegalArgumentException when the settings have no churn section
     */
    public SystemModel withChurn(ChurnModel churn, io.dlsim.topologies.mixing.OnlineMixing mixing) {
        if (settings.churn() == null) {
            throw new IllegalArgumentException("churn given for settings without a churn section");
        }
        SystemModel m = new SystemModel(settings, seed, n, flopsPerExample, speeds, latencies);
        m.churn = java.util.Objects.requireNonNull(churn, "churn");
        m.onlineMixing = java.util.Objects.requireNonNull(mixing, "mixing");
        return m;
    }

    /** When nodes are online, or null when they always are. */
    public ChurnModel churn() {
        return churn;
    }

    /** The rule re-applied to the online nodes (null without churn). */
    public io.dlsim.topologies.mixing.OnlineMixing onlineMixing() {
        return onlineMixing;
    }

    /** Whether node i is one of the stragglers. */
    public boolean isStraggler(int node) {
        return straggler != null && straggler[node];
    }

    /**
     * Seconds node i's local step of round t takes, having done {@code evaluations} component
     * gradient evaluations since its previous message.
     */
    public double computeSeconds(int node, long round, long evaluations) {
        SystemSettings.Compute c = settings.compute();
        double base;
        if (c.secondsPerStep() != null) {
            base = c.secondsPerStep();
        } else if (c.flopsPerSecond() != null) {
            base = evaluations * flopsPerExample / c.flopsPerSecond();
        } else {
            return 0;
        }
        if (isStraggler(node)) {
            base *= slowdown;
        }
        if (speeds != null) {
            base /= speeds[node];
        }
        if (c.jitter() != null) {
            long bits = bits(node, -1, round, JITTER);
            base *= c.jitter().needsNormal() ? c.jitter().factor(normal(bits), Double.NaN)
                    : c.jitter().factor(Double.NaN, RandomStreams.unit(bits));
        }
        return base;
    }

    /**
     * The lookahead of a conservative parallel simulation: a lower bound on the simulated time
     * between any event of a node and the arrival of a message it sends then (the smallest
     * latency the settings allow; a latency file's smallest link). Retransmissions, transmission
     * and queueing only add to it. 0 when latencies can be arbitrarily small (log-normal, none).
     */
    public double lookahead() {
        return lookahead;
    }

    /** {@link #lookahead}, computed once: a latency file's n x n links are scanned. */
    private final double lookahead;

    private double smallestLatency() {
        if (latencies == null) {
            return settings.network().latency().minimum();
        }
        double min = Double.POSITIVE_INFINITY;
        for (int from = 0; from < n; from++) {
            for (int to = 0; to < n; to++) {
                if (from != to) {
                    min = Math.min(min, latencies[from * n + to]);
                }
            }
        }
        return n == 1 ? 0 : min;
    }

    /**
     * When the last bit of a message of {@code bytes} bytes that node i has ready at
     * {@code readyAt} leaves its uplink, sent to {@code recipients} nodes.
     */
    public double departure(double readyAt, long bytes, int recipients) {
        SystemSettings.Bandwidth b = settings.network().bandwidth();
        if (b == null || recipients == 0) {
            return readyAt;
        }
        int sharing = b.sharedUplink() ? recipients : 1;
        return readyAt + (double) sharing * bytes / b.bytesPerSecond();
    }

    /**
     * When node {@code from}'s round-t message, departed at {@code departure}, arrives at node
     * {@code to}: after its latency and, with retransmission, {@code retransmit-timeout} for every
     * copy that was lost before it. (Under {@code skip} a lost message never arrives: see
     * {@link #delivered}.)
     */
    public double arrival(int from, int to, long round, double departure) {
        double latency = latency(from, to, round);
        SystemSettings.Network n = settings.network();
        if (n.loss() > 0 && n.onLoss() == SystemSettings.OnLoss.RETRANSMIT) {
            return departure + (attempts(from, to, round) - 1) * n.retransmitTimeout() + latency;
        }
        return departure + latency;
    }

    /**
     * When node {@code from}'s round-t announcement, sent at {@code departure} without a model
     * (churn: it or its receiver is offline), arrives at {@code to}: after the link's latency
     * only; announcements are control messages, never lost.
     */
    public double announcementArrival(int from, int to, long round, double departure) {
        return departure + latency(from, to, round);
    }

    /** The latency of the link from {@code from} to {@code to} in round t. */
    private double latency(int from, int to, long round) {
        SystemSettings.Latency l = settings.network().latency();
        if (l instanceof SystemSettings.Latency.Constant c) {
            return c.seconds();
        }
        if (latencies != null) {
            return latencies[from * n + to];
        }
        long bits = bits(from, to, round, LATENCY);
        return l.needsNormal() ? l.seconds(normal(bits), Double.NaN) : l.seconds(Double.NaN, RandomStreams.unit(bits));
    }

    /** Whether copy {@code attempt} (0 first) of node {@code from}'s round-t message to {@code to} is lost. */
    public boolean lost(int from, int to, long round, int attempt) {
        double p = settings.network().loss();
        return p > 0 && RandomStreams.draw(seed, RandomStreams.Purpose.SYSTEM, from, to, round * KINDS + LOSS, attempt) < p;
    }

    /** Copies of node {@code from}'s round-t message sent to {@code to} until one arrives (1 without loss). */
    public int attempts(int from, int to, long round) {
        int a = 0;
        while (a < MAX_ATTEMPTS - 1 && lost(from, to, round, a)) {
            a++;
        }
        return a + 1;
    }

    /** Whether a lost message is dropped rather than sent again ({@code on-loss: skip} with {@code loss > 0}). */
    public boolean skipsLost() {
        return settings.network().loss() > 0 && settings.network().onLoss() == SystemSettings.OnLoss.SKIP;
    }

    /** Whether node {@code from}'s round-t message reaches {@code to}: always, unless it is lost under {@code skip}. */
    public boolean delivered(int from, int to, long round) {
        return !skipsLost() || !lost(from, to, round, 0);
    }

    /** Whether lost copies are sent again ({@code on-loss: retransmit} with {@code loss > 0}). */
    public boolean retransmits() {
        return settings.network().loss() > 0 && settings.network().onLoss() == SystemSettings.OnLoss.RETRANSMIT;
    }

    /** The counter-based random bits of (a, b, round, kind). */
    private long bits(long a, long b, long round, long kind) {
        return RandomStreams.hash(seed, RandomStreams.Purpose.SYSTEM, a, b, round * KINDS + kind, 0);
    }

    /**
     * A standard normal draw from random bits: the inverse normal CDF at a uniform in (0, 1),
     * by Acklam's rational approximation (relative error below 1.2e-9), which needs a logarithm
     * only in the 5% tails. Per link and round this is the hot path of a random latency: a
     * Box-Muller draw (a logarithm, a cosine and a square root in StrictMath) made a log-normal
     * latency on the 19-neighbour exponential graph cost 13% of the round.
     */
    static double normal(long bits) {
        long k = bits >>> 11;
        double p = (k + 0.5) * 0x1.0p-53;
        if (p < P_LOW) {
            double q = StrictMath.sqrt(-2 * StrictMath.log(p));
            return tail(q);
        }
        if (p > 1 - P_LOW) {
            // 1 - p from the integer, exactly: 1 - p itself rounds to 0 for the largest k.
            double upper = (((1L << 53) - 1 - k) + 0.5) * 0x1.0p-53;
            double q = StrictMath.sqrt(-2 * StrictMath.log(upper));
            return -tail(q);
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
                / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
    }

    private static double tail(double q) {
        return (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
                / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
    }

    private static final double P_LOW = 0.02425;
    private static final double[] A = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
        1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
    private static final double[] B = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
        6.680131188771972e+01, -1.328068155288572e+01};
    private static final double[] C = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
        -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
    private static final double[] D = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
        3.754408661907416e+00};
}

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
    private static final long JITTER_UNIFORM = 0;
    private static final long JITTER_NORMAL_1 = 1;
    private static final long JITTER_NORMAL_2 = 2;
    private static final long LATENCY_UNIFORM = 3;
    private static final long LATENCY_NORMAL_1 = 4;
    private static final long LATENCY_NORMAL_2 = 5;
    private static final long LOSS = 6;
    /** Attempts after which a message that keeps being lost is taken as delivered (p^10000 is 0 for any p < 1 that matters). */
    private static final int MAX_ATTEMPTS = 10_000;
    private static final long KINDS = 8;

    private final SystemSettings settings;
    private final long seed;
    private final double flopsPerExample;
    /** Whether each node is a straggler (null: none is). */
    private final boolean[] straggler;
    private final double slowdown;

    private SystemModel(SystemSettings settings, long seed, int n, double flopsPerExample) {
        this.settings = settings;
        this.seed = seed;
        this.flopsPerExample = flopsPerExample;
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
        if (n < 1) {
            throw new IllegalArgumentException("nodes: must be >= 1, got " + n);
        }
        return new SystemModel(settings, seed, n, flopsPerExample);
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
        if (c.jitter() != null) {
            base *= c.jitter().factor(normal(node, -1, round, JITTER_NORMAL_1, JITTER_NORMAL_2),
                    uniform(node, -1, round, JITTER_UNIFORM));
        }
        return base;
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
        SystemSettings.Latency l = settings.network().latency();
        double latency = l instanceof SystemSettings.Latency.Constant c ? c.seconds()
                : l.seconds(normal(from, to, round, LATENCY_NORMAL_1, LATENCY_NORMAL_2), uniform(from, to, round, LATENCY_UNIFORM));
        SystemSettings.Network n = settings.network();
        if (n.loss() > 0 && n.onLoss() == SystemSettings.OnLoss.RETRANSMIT) {
            return departure + (attempts(from, to, round) - 1) * n.retransmitTimeout() + latency;
        }
        return departure + latency;
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

    private double uniform(long a, long b, long round, long kind) {
        return RandomStreams.draw(seed, RandomStreams.Purpose.SYSTEM, a, b, round * KINDS + kind);
    }

    /** A standard normal draw (Box-Muller over two counter-based uniforms). */
    private double normal(long a, long b, long round, long kind1, long kind2) {
        double u1 = uniform(a, b, round, kind1);
        double u2 = uniform(a, b, round, kind2);
        return StrictMath.sqrt(-2 * StrictMath.log(1 - u1)) * StrictMath.cos(2 * StrictMath.PI * u2);
    }
}

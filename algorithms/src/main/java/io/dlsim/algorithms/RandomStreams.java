package io.dlsim.algorithms;

import java.util.SplittableRandom;

/**
 * Every random stream of a run derives from the run's seed, one stream per (purpose, node):
 * {@code RandomStreams.of(seed, Purpose.BATCHES, node)}. A stream depends only on these three
 * values, never on how many nodes exist, in which order they were created or on which machine
 * they live, so every engine (sequential, actors, cluster) draws the same numbers.
 */
public final class RandomStreams {
    /** What a stream is for; each purpose gets independent streams. */
    public enum Purpose {
        /** Model initialisation (per node, or shared: node = {@link #SHARED}). */
        INIT,
        /** Minibatch sampling of a node. */
        BATCHES,
        /** Data generation and splitting. */
        DATA,
        /** Partitioning across nodes. */
        PARTITION,
        /** Random graphs and random schedules. */
        TOPOLOGY,
        /** A node's randomized compression operator (random-k, QSGD). */
        COMPRESSION,
        /**
         * The system model's draws (compute jitter, stragglers, latencies; {@link #draw}); last, so
         * the other streams keep their values.
         */
        SYSTEM,
        /** Asynchronous execution's draws (AD-PSGD's choice of peer per node and step); after SYSTEM for the same reason. */
        PEERS
    }

    /** The node id used for streams shared by all nodes. */
    public static final int SHARED = -1;

    private RandomStreams() {
    }

    /** The stream for (seed, purpose, node). */
    public static SplittableRandom of(long seed, Purpose purpose, int node) {
        long z = mix(seed ^ 0x6a09e667f3bcc909L);
        z = mix(z + 0x9E3779B97F4A7C15L * (purpose.ordinal() + 1));
        z = mix(z + 0xBF58476D1CE4E5B9L * (node + 2L));
        return new SplittableRandom(z);
    }

    /**
     * A uniform draw in [0, 1) for (seed, purpose, a, b, c, d), without a stream: a
     * counter-based generator (SplitMix64's finaliser over the keys), so a draw of a link (a, b)
     * in round c (attempt d) is the same wherever and in whatever order it is made: every engine
     * and cluster member can compute a message's latency or loss on its own.
     */
    public static double draw(long seed, Purpose purpose, long a, long b, long c, long d) {
        return unit(hash(seed, purpose, a, b, c, d));
    }

    /** The 64 random bits behind {@link #draw}. */
    public static long hash(long seed, Purpose purpose, long a, long b, long c, long d) {
        long z = mix(seed ^ 0x3c6ef372fe94f82bL);
        z = mix(z + 0x9E3779B97F4A7C15L * (purpose.ordinal() + 1));
        z = mix(z + 0xBF58476D1CE4E5B9L * (a + 2));
        z = mix(z + 0x94D049BB133111EBL * (b + 2));
        z = mix(z + 0x9E3779B97F4A7C15L * (c + 2));
        if (d != 0) {
            z = mix(z + 0xBF58476D1CE4E5B9L * (d + 2));
        }
        return z;
    }

    /** Random bits as a uniform double in [0, 1). */
    public static double unit(long bits) {
        return (bits >>> 11) * 0x1.0p-53;
    }

    /** The SplitMix64 finaliser (Steele, Lea and Flood, OOPSLA 2014). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

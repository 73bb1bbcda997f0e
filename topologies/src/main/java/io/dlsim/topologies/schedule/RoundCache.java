package io.dlsim.topologies.schedule;

import io.dlsim.topologies.mixing.MixingMatrix;
import java.util.SplittableRandom;
import java.util.function.LongFunction;

/**
 * Keeps the last few W(t) of a random schedule, because every node of an engine asks for the
 * same round; thread-safe. Also derives the per-round random stream, so a round can be drawn
 * without drawing the rounds before it.
 */
final class RoundCache {
    private static final int SLOTS = 8;
    private final long[] rounds = new long[SLOTS];
    private final MixingMatrix[] matrices = new MixingMatrix[SLOTS];

    synchronized MixingMatrix get(long round, LongFunction<MixingMatrix> draw) {
        int slot = (int) Math.floorMod(round, (long) SLOTS);
        if (matrices[slot] == null || rounds[slot] != round) {
            matrices[slot] = draw.apply(round);
            rounds[slot] = round;
        }
        return matrices[slot];
    }

    /** An independent random stream for (seed, round): a SplitMix64 finaliser of both. */
    static SplittableRandom rngFor(long seed, long round) {
        long z = seed + 0x9E3779B97F4A7C15L * (round + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new SplittableRandom(z ^ (z >>> 31));
    }
}

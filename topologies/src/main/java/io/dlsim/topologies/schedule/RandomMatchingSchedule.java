package io.dlsim.topologies.schedule;

import io.dlsim.topologies.graph.GraphGenerators;
import io.dlsim.topologies.mixing.MixingMatrix;
import java.util.OptionalInt;
import java.util.SplittableRandom;

/**
 * Random perfect matchings (randomized gossip; Boyd, Ghosh, Prabhakar and Shah, IEEE Trans.
 * Inf. Theory 2006): every round a fresh uniformly random matching of the n nodes, drawn from
 * {@code (seed, round)}; matched nodes average, {@code W(t)[i][i] = W(t)[i][j] = 1/2}. With odd
 * n one node sits the round out ({@code W(t)[i][i] = 1}). Every W(t) is symmetric and doubly
 * stochastic.
 */
public final class RandomMatchingSchedule implements MixingSchedule {
    private final int n;
    private final long seed;
    private final RoundCache cache = new RoundCache();

    public RandomMatchingSchedule(int n, long seed) {
        GraphGenerators.requireNodes(n, 2);
        this.n = n;
        this.seed = seed;
    }

    @Override
    public int n() {
        return n;
    }

    @Override
    public MixingMatrix at(long round) {
        return cache.get(round, this::draw);
    }

    private MixingMatrix draw(long round) {
        SplittableRandom rng = RoundCache.rngFor(seed, round);
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[][] cols = new int[n][];
        double[][] vals = new double[n][];
        for (int k = 0; k + 1 < n; k += 2) {
            int a = perm[k];
            int b = perm[k + 1];
            cols[a] = new int[] {a, b};
            cols[b] = new int[] {b, a};
            vals[a] = new double[] {0.5, 0.5};
            vals[b] = new double[] {0.5, 0.5};
        }
        if (n % 2 == 1) {
            int lone = perm[n - 1];
            cols[lone] = new int[] {lone};
            vals[lone] = new double[] {1.0};
        }
        return MixingMatrix.fromRows(n, cols, vals);
    }

    @Override
    public OptionalInt period() {
        return OptionalInt.empty();
    }

    @Override
    public String describe() {
        return "random-matching(n=" + n + ", seed " + seed + ")";
    }
}

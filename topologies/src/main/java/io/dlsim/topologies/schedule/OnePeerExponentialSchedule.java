package io.dlsim.topologies.schedule;

import io.dlsim.topologies.graph.GraphGenerators;
import io.dlsim.topologies.mixing.MixingMatrix;
import java.util.OptionalInt;

/**
 * One-peer exponential graph (Assran et al., ICML 2019; Ying et al., NeurIPS 2021): with
 * {@code tau} the number of offsets {@code 2^k < n}, round t uses the single offset
 * {@code 2^(t mod tau)}: node i sends to {@code i + 2^k} and keeps half,
 * {@code W(t)[i][i] = W(t)[i][i - 2^k] = 1/2}. Every W(t) is doubly stochastic but not
 * symmetric; for n a power of two the product over one period is exactly {@code 11^T/n}.
 */
public final class OnePeerExponentialSchedule implements MixingSchedule {
    private final int n;
    private final MixingMatrix[] matrices;

    public OnePeerExponentialSchedule(int n) {
        GraphGenerators.requireNodes(n, 2);
        this.n = n;
        int tau = 0;
        for (long step = 1; step < n; step <<= 1) {
            tau++;
        }
        matrices = new MixingMatrix[tau];
        for (int k = 0; k < tau; k++) {
            int offset = 1 << k;
            int[][] cols = new int[n][];
            double[][] vals = new double[n][];
            for (int i = 0; i < n; i++) {
                int from = Math.floorMod(i - offset, n);
                cols[i] = from == i ? new int[] {i} : new int[] {i, from};
                vals[i] = from == i ? new double[] {1.0} : new double[] {0.5, 0.5};
            }
            matrices[k] = MixingMatrix.fromRows(n, cols, vals);
        }
    }

    @Override
    public int n() {
        return n;
    }

    @Override
    public MixingMatrix at(long round) {
        return matrices[(int) Math.floorMod(round, (long) matrices.length)];
    }

    @Override
    public OptionalInt period() {
        return OptionalInt.of(matrices.length);
    }

    @Override
    public String describe() {
        return "one-peer-exponential(n=" + n + ", period " + matrices.length + ")";
    }
}

package io.dlsim.algorithms.data;

import io.dlsim.topologies.settings.Problems;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Validation and cutting shared by the partitioners. */
final class PartitionSupport {
    private PartitionSupport() {
    }

    static void nodes(Dataset data, int nodes) {
        if (nodes < 1) {
            throw new IllegalArgumentException("nodes: must be >= 1, got " + nodes);
        }
        if (nodes > data.size()) {
            throw new IllegalArgumentException("nodes: must be <= " + data.size() + " (the examples of "
                    + data.name() + "), got " + nodes);
        }
    }

    static void classification(Dataset data, String method) {
        if (data.numClasses() == 0) {
            throw new IllegalArgumentException("partition: " + method + " needs class labels, but " + data.name()
                    + " is a regression data set");
        }
    }

    /** A required setting > 0, checked in a record's constructor. */
    static void positive(String parameter, Double value) {
        Problems p = new Problems();
        p.positive(parameter, value);
        p.throwIfAny();
    }

    /** Consecutive pieces of {@code order} of the given sizes. */
    static int[][] cut(int[] order, int[] sizes) {
        int[][] out = new int[sizes.length][];
        int start = 0;
        for (int i = 0; i < sizes.length; i++) {
            out[i] = Arrays.copyOfRange(order, start, start + sizes[i]);
            start += sizes[i];
        }
        return out;
    }

    /** One example per node, the rest apportioned by {@code weights}; examples shuffled. */
    static Partition bySizes(String method, Dataset data, double[] weights, SplittableRandom rng) {
        int nodes = weights.length;
        int[] sizes = Sampling.apportion(weights, data.size() - nodes);
        for (int i = 0; i < nodes; i++) {
            sizes[i]++;
        }
        return Partition.of(method, data, cut(Sampling.permutation(data.size(), rng), sizes));
    }
}

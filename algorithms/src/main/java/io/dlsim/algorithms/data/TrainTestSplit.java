package io.dlsim.algorithms.data;

import java.util.SplittableRandom;

/**
 * Seeded train/test splits. The split is a function of the data set's labels, the fraction and
 * the random stream only: the same stream state gives the same split.
 *
 * <p>Invariants: the train and test index sets are disjoint, their union is {@code 0..n-1}, both
 * are non-empty, and each is ascending. The test set has {@code round(n * testFraction)} examples
 * (kept within {@code 1..n-1}). A stratified split gives each class {@code c} a test share of
 * {@code n_c * nTest / n} examples rounded by largest remainder, so class proportions in train
 * and test match those of the whole set as closely as whole numbers allow.
 */
public final class TrainTestSplit {
    /**
     * A split: the two data sets and the indices of the source examples they hold (ascending).
     * The data sets are named {@code <name>/train} and {@code <name>/test}.
     */
    public record Split(Dataset train, Dataset test, int[] trainIndices, int[] testIndices) {
        public Split {
            trainIndices = trainIndices.clone();
            testIndices = testIndices.clone();
        }

        @Override
        public int[] trainIndices() {
            return trainIndices.clone();
        }

        @Override
        public int[] testIndices() {
            return testIndices.clone();
        }
    }

    private TrainTestSplit() {
    }

    /**
     * Splits {@code data}, holding out {@code testFraction} of it for testing.
     *
     * @param stratified keep class proportions (classification data only)
     * @param rng        the stream the split draws from
     */
    public static Split split(Dataset data, double testFraction, boolean stratified, SplittableRandom rng) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("split.test-fraction: must be in (0, 1), got "
                    + DataFiles.fmt(testFraction));
        }
        int n = data.size();
        if (n < 2) {
            throw new IllegalArgumentException("split: needs at least 2 examples, " + data.name() + " has " + n);
        }
        if (stratified && data.numClasses() == 0) {
            throw new IllegalArgumentException("split.stratified: needs class labels, but " + data.name()
                    + " is a regression data set");
        }
        int nTest = (int) Math.max(1, Math.min(n - 1, Math.round(n * testFraction)));
        boolean[] inTest = new boolean[n];
        if (!stratified) {
            int[] perm = Sampling.permutation(n, rng);
            for (int k = 0; k < nTest; k++) {
                inTest[perm[k]] = true;
            }
        } else {
            int[][] byClass = indicesByClass(data);
            double[] weights = new double[byClass.length];
            for (int c = 0; c < byClass.length; c++) {
                weights[c] = byClass[c].length;
            }
            int[] quota = Sampling.apportion(weights, nTest);
            for (int c = 0; c < byClass.length; c++) {
                int[] members = byClass[c];
                Sampling.shuffle(members, rng);
                for (int k = 0; k < quota[c]; k++) {
                    inTest[members[k]] = true;
                }
            }
        }
        int[] test = new int[nTest];
        int[] train = new int[n - nTest];
        int a = 0;
        int b = 0;
        for (int i = 0; i < n; i++) {
            if (inTest[i]) {
                test[a++] = i;
            } else {
                train[b++] = i;
            }
        }
        return new Split(data.subset(data.name() + "/train", train), data.subset(data.name() + "/test", test),
                train, test);
    }

    /** The example indices of each class, ascending. */
    static int[][] indicesByClass(Dataset data) {
        int[] counts = data.classCounts();
        int[][] out = new int[counts.length][];
        for (int c = 0; c < counts.length; c++) {
            out[c] = new int[counts[c]];
        }
        int[] fill = new int[counts.length];
        for (int i = 0; i < data.size(); i++) {
            int c = data.label(i);
            out[c][fill[c]++] = i;
        }
        return out;
    }
}

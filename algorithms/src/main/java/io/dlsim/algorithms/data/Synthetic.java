package io.dlsim.algorithms.data;

import java.util.SplittableRandom;

/**
 * Seeded synthetic problems with a known ground truth. Every generator draws only from the
 * {@link SplittableRandom} passed in, so the same stream state gives the same data; generators
 * that make several things (weights, then examples) take a {@link SplittableRandom#split()} for
 * each, so the weights do not depend on how many examples are drawn.
 *
 * <ul>
 *   <li>{@link #sparseLogistic}: features {@code x ~ N(0, I)} (optionally sparse: each entry
 *       present with probability {@code featureDensity}), a ground truth {@code w*} with
 *       {@code support} non-zero entries {@code ~ N(0, 1)} at random positions, and labels
 *       {@code y = 1} with probability {@code sigmoid(x . w*)}, else 0. For l1-regularised
 *       logistic regression (DSPG, DPSVRG).</li>
 *   <li>{@link #linearRegression}: {@code x ~ N(0, I)}, {@code w* ~ N(0, I)},
 *       {@code y = x . w* + noise}, noise {@code ~ N(0, noiseStd^2)}.</li>
 *   <li>{@link #teacherTask}: a random one-hidden-layer {@link Teacher} network labels Gaussian
 *       inputs, and a given fraction of the labels is replaced by a uniformly random other class;
 *       a small one-hidden-layer student can fit the noise, i.e. overfit.</li>
 * </ul>
 * To draw a test set from the same ground truth, use {@link #logistic}, {@link #linear} or
 * {@link Teacher#sample} with the returned weights or teacher and another stream.
 * Parameter errors name the parameter ({@code synthetic.n: must be >= 1, got 0}).
 */
public final class Synthetic {
    /** A data set and the weights that generated it. */
    public record Planted(Dataset data, double[] trueWeights) {
        public Planted {
            trueWeights = trueWeights.clone();
        }

        @Override
        public double[] trueWeights() {
            return trueWeights.clone();
        }
    }

    /**
     * A teacher-labelled classification set: {@code data} carries the (possibly noisy) labels,
     * {@code cleanLabels[i]} is the teacher's own label of example i.
     */
    public record TeacherTask(Dataset data, Teacher teacher, int[] cleanLabels) {
        public TeacherTask {
            cleanLabels = cleanLabels.clone();
        }

        @Override
        public int[] cleanLabels() {
            return cleanLabels.clone();
        }

        /** How many labels of {@code data} differ from the teacher's. */
        public int noisyCount() {
            int k = 0;
            for (int i = 0; i < cleanLabels.length; i++) {
                k += data.label(i) != cleanLabels[i] ? 1 : 0;
            }
            return k;
        }
    }

    /**
     * A random one-hidden-layer network {@code f(x) = argmax_k (W2 tanh(W1 x + b1))_k} with
     * {@code W1 ~ N(0, 1/d)} (hidden x d), {@code b1 ~ N(0, 1/4)}, {@code W2 ~ N(0, 1/hidden)}
     * (classes x hidden). With {@code x ~ N(0, I)} the pre-activations are about N(0, 1), so the
     * units work in tanh's non-linear range and the classes come out roughly balanced. Immutable.
     */
    public static final class Teacher {
        private final int inputDim;
        private final int hidden;
        private final int numClasses;
        private final double[] w1;
        private final double[] b1;
        private final double[] w2;

        private Teacher(int inputDim, int hidden, int numClasses, double[] w1, double[] b1, double[] w2) {
            this.inputDim = inputDim;
            this.hidden = hidden;
            this.numClasses = numClasses;
            this.w1 = w1;
            this.b1 = b1;
            this.w2 = w2;
        }

        /** A teacher with random weights drawn from {@code rng}. */
        public static Teacher random(int inputDim, int hidden, int numClasses, SplittableRandom rng) {
            atLeast("synthetic.input-dim", inputDim, 1);
            atLeast("synthetic.hidden", hidden, 1);
            atLeast("synthetic.classes", numClasses, 2);
            double[] w1 = gaussian((long) hidden * inputDim, 1 / Math.sqrt(inputDim), rng);
            double[] b1 = gaussian(hidden, 0.5, rng);
            double[] w2 = gaussian((long) numClasses * hidden, 1 / Math.sqrt(hidden), rng);
            return new Teacher(inputDim, hidden, numClasses, w1, b1, w2);
        }

        public int inputDim() {
            return inputDim;
        }

        public int hidden() {
            return hidden;
        }

        public int numClasses() {
            return numClasses;
        }

        /** The teacher's class for input {@code x[offset .. offset + inputDim)} (ties to the lower class). */
        public int classify(double[] x, int offset) {
            double[] h = new double[hidden];
            for (int j = 0; j < hidden; j++) {
                double s = b1[j];
                int base = j * inputDim;
                for (int i = 0; i < inputDim; i++) {
                    s += w1[base + i] * x[offset + i];
                }
                h[j] = Math.tanh(s);
            }
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < numClasses; k++) {
                double s = 0;
                int base = k * hidden;
                for (int j = 0; j < hidden; j++) {
                    s += w2[base + j] * h[j];
                }
                if (s > bestScore) {
                    bestScore = s;
                    best = k;
                }
            }
            return best;
        }

        /**
         * {@code n} inputs {@code x ~ N(0, I)} labelled by this teacher, then exactly
         * {@code round(labelNoise * n)} examples, chosen at random, relabelled with a uniformly
         * random class other than the teacher's.
         */
        public TeacherTask sample(int n, double labelNoise, SplittableRandom rng) {
            atLeast("synthetic.n", n, 1);
            if (!(labelNoise >= 0 && labelNoise <= 1)) {
                throw new IllegalArgumentException("synthetic.label-noise: must be in [0, 1], got "
                        + DataFiles.fmt(labelNoise));
            }
            SplittableRandom inputs = rng.split();
            SplittableRandom noise = rng.split();
            double[] x = gaussian((long) n * inputDim, 1, inputs);
            int[] clean = new int[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                clean[i] = classify(x, i * inputDim);
                y[i] = clean[i];
            }
            int flips = (int) Math.round(labelNoise * n);
            int[] order = Sampling.permutation(n, noise);
            for (int k = 0; k < flips; k++) {
                int i = order[k];
                int other = noise.nextInt(numClasses - 1);
                y[i] = other >= clean[i] ? other + 1 : other;
            }
            String name = "teacher(d=" + inputDim + ",h=" + hidden + ",k=" + numClasses + ",noise="
                    + DataFiles.fmt(labelNoise) + ")";
            return new TeacherTask(Dataset.dense(name, x, inputDim, y, numClasses), this, clean);
        }
    }

    private Synthetic() {
    }

    /** A vector of {@code dimension} zeros except {@code support} entries ~ N(0, 1) at random positions. */
    public static double[] sparseWeights(int dimension, int support, SplittableRandom rng) {
        atLeast("synthetic.dimension", dimension, 1);
        if (support < 1 || support > dimension) {
            throw new IllegalArgumentException("synthetic.support: must be in 1.." + dimension + ", got " + support);
        }
        int[] perm = Sampling.permutation(dimension, rng);
        double[] w = new double[dimension];
        for (int k = 0; k < support; k++) {
            w[perm[k]] = rng.nextGaussian();
        }
        return w;
    }

    /**
     * A sparse logistic regression problem: {@link #sparseWeights} then {@link #logistic}, each from
     * its own split of {@code rng}.
     */
    public static Planted sparseLogistic(int n, int dimension, int support, double featureDensity,
            SplittableRandom rng) {
        double[] w = sparseWeights(dimension, support, rng.split());
        return new Planted(logistic("sparse-logistic(d=" + dimension + ",s=" + support + ")", n, w, featureDensity,
                rng.split()), w);
    }

    /**
     * {@code n} examples with labels {@code y = 1} with probability {@code sigmoid(x . w)}, else 0.
     * Features are N(0, 1); with {@code featureDensity < 1} each entry is present with that
     * probability and the data set is sparse (examples may have no features at all).
     */
    public static Dataset logistic(String name, int n, double[] w, double featureDensity, SplittableRandom rng) {
        atLeast("synthetic.n", n, 1);
        if (!(featureDensity > 0 && featureDensity <= 1)) {
            throw new IllegalArgumentException("synthetic.feature-density: must be in (0, 1], got "
                    + DataFiles.fmt(featureDensity));
        }
        int d = w.length;
        double[] y = new double[n];
        if (featureDensity == 1) {
            double[] x = gaussian((long) n * d, 1, rng);
            for (int i = 0; i < n; i++) {
                y[i] = rng.nextDouble() < Sampling.sigmoid(dot(x, i * d, w)) ? 1 : 0;
            }
            return Dataset.dense(name, x, d, y, 2);
        }
        DataFiles.IntList rowStart = new DataFiles.IntList();
        DataFiles.IntList index = new DataFiles.IntList();
        DataFiles.DoubleList value = new DataFiles.DoubleList();
        rowStart.add(0);
        double logSkip = Math.log1p(-featureDensity);
        for (int i = 0; i < n; i++) {
            double z = 0;
            // Geometric gaps between present entries: O(non-zeros), not O(d).
            for (long j = geometric(logSkip, rng); j < d; j += 1 + geometric(logSkip, rng)) {
                double v = rng.nextGaussian();
                index.add((int) j);
                value.add(v);
                z += v * w[(int) j];
            }
            rowStart.add(index.size());
            y[i] = rng.nextDouble() < Sampling.sigmoid(z) ? 1 : 0;
        }
        return Dataset.sparse(name, rowStart.toArray(), index.toArray(), value.toArray(), d, y, 2);
    }

    /** A linear regression problem: {@code w* ~ N(0, I)} then {@link #linear}, each from its own split of {@code rng}. */
    public static Planted linearRegression(int n, int dimension, double noiseStd, SplittableRandom rng) {
        atLeast("synthetic.dimension", dimension, 1);
        double[] w = gaussian(dimension, 1, rng.split());
        return new Planted(linear("linear(d=" + dimension + ",noise=" + DataFiles.fmt(noiseStd) + ")", n, w, noiseStd,
                rng.split()), w);
    }

    /** {@code n} examples {@code x ~ N(0, I)}, {@code y = x . w + e}, {@code e ~ N(0, noiseStd^2)}. */
    public static Dataset linear(String name, int n, double[] w, double noiseStd, SplittableRandom rng) {
        atLeast("synthetic.n", n, 1);
        if (!(noiseStd >= 0) || Double.isInfinite(noiseStd)) {
            throw new IllegalArgumentException("synthetic.noise-std: must be >= 0, got " + DataFiles.fmt(noiseStd));
        }
        int d = w.length;
        double[] x = gaussian((long) n * d, 1, rng);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = dot(x, i * d, w) + noiseStd * rng.nextGaussian();
        }
        return Dataset.dense(name, x, d, y, 0);
    }

    /**
     * A teacher-network classification task: {@link Teacher#random} then {@link Teacher#sample},
     * each from its own split of {@code rng}.
     */
    public static TeacherTask teacherTask(int n, int inputDim, int hidden, int numClasses, double labelNoise,
            SplittableRandom rng) {
        Teacher teacher = Teacher.random(inputDim, hidden, numClasses, rng.split());
        return teacher.sample(n, labelNoise, rng.split());
    }

    private static double[] gaussian(long count, double std, SplittableRandom rng) {
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("synthetic: " + count + " values do not fit in one data set");
        }
        double[] a = new double[(int) count];
        for (int i = 0; i < a.length; i++) {
            a[i] = std * rng.nextGaussian();
        }
        return a;
    }

    private static double dot(double[] x, int offset, double[] w) {
        double s = 0;
        for (int j = 0; j < w.length; j++) {
            s += x[offset + j] * w[j];
        }
        return s;
    }

    /** Failures before the first success of Bernoulli(p) trials, given {@code log(1 - p)}. */
    private static long geometric(double logOneMinusP, SplittableRandom rng) {
        double g = Math.floor(Math.log(Sampling.openUniform(rng)) / logOneMinusP);
        return g >= Long.MAX_VALUE / 2 ? Long.MAX_VALUE / 2 : (long) g;
    }

    private static void atLeast(String parameter, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(parameter + ": must be >= " + min + ", got " + value);
        }
    }
}

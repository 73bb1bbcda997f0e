package io.dlsim.algorithms.model;

import io.dlsim.algorithms.data.Dataset;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The shared body of the linear models with one score per example,
 * {@code z = x . w[0..d) + w[d]}: the minibatch and full-data loops, evaluation, and the
 * parameter layout (weights, then the bias). A subclass gives the per-example loss
 * {@code l(z, y)}, its derivative {@code dl/dz}, and whether a prediction is correct; the
 * gradient is {@code dl/dz (x, 1)}.
 *
 * <p>Thread-safe: the only state is a spare scores buffer that a call takes and gives back
 * ({@link Scratch}); a concurrent call allocates its own. Initial point: zero.
 */
abstract class ScalarLinearModel implements Model {
    protected final int dimension;
    private final int labelClasses;
    private final Scratch scratch = new Scratch();
    private final Scratch targets = new Scratch();

    /** @param labelClasses the classes the data must have (0 for real targets) */
    ScalarLinearModel(int dimension, int labelClasses) {
        Checks.inputDimension(dimension);
        this.dimension = dimension;
        this.labelClasses = labelClasses;
    }

    /** Per-example loss at score z for target y. */
    abstract double lossAt(double z, double y);

    /** {@code dl/dz} at score z for target y. */
    abstract double derivativeAt(double z, double y);

    /** 1 if the prediction at score z is right for target y, 0 if not; NaN for regression. */
    abstract double correctAt(double z, double y);

    /**
     * {@code lossAt(z, y)}, with {@code derivativeAt(z, y) * scale} written to {@code out[k]}:
     * bit for bit the two, in one call, so that a model can share work between them.
     */
    double lossAndScaledDerivative(double z, double y, double scale, double[] out, int k) {
        out[k] = derivativeAt(z, y) * scale;
        return lossAt(z, y);
    }

    @Override
    public int parameterCount() {
        return dimension + 1;
    }

    @Override
    public int inputDimension() {
        return dimension;
    }

    @Override
    public int numClasses() {
        return labelClasses;
    }

    @Override
    public int[] biasIndices() {
        return new int[] {dimension};
    }

    @Override
    public void initialize(double[] w, SplittableRandom rng) {
        Checks.vector("w", w, parameterCount());
        Arrays.fill(w, 0.0);
    }

    private void check(double[] w, Dataset data) {
        Checks.vector("w", w, parameterCount());
        Checks.data(data, dimension, labelClasses, type());
    }

    /*
     * The loops below compute, bit for bit, what the one-row loop
     *     for each row r (in order): z = dot(r, w) + w[d]; c = l'(z, y_r) * scale;
     *                               grad[0..d) += c x_r; grad[d] += c; loss += l(z, y_r)
     * computes, in chunks of rows: first every score of the chunk (Dataset.dots, which
     * interleaves rows but sums each row as dot does), then the coefficients, bias gradient and
     * loss in row order, then the gradient rows in row order (Dataset.addScaledRows). The scores
     * read only w, never the gradient (w and gradOut are distinct arrays, checked), so computing
     * them first changes nothing; every sum keeps its order.
     */

    @Override
    public double lossAndGradient(double[] w, Dataset data, int[] batch, int batchSize, double[] gradOut) {
        checkBatch(w, data, batch, batchSize, gradOut);
        return pass(w, data, batch, batchSize, 1.0 / batchSize, gradOut, true) / batchSize;
    }

    @Override
    public double lossAndGradient(double[] w, Dataset data, double[] gradOut) {
        checkAll(w, data, gradOut);
        int n = data.size();
        return pass(w, data, null, n, 1.0 / n, gradOut, true) / n;
    }

    @Override
    public void gradient(double[] w, Dataset data, int[] batch, int batchSize, double[] gradOut) {
        checkBatch(w, data, batch, batchSize, gradOut);
        pass(w, data, batch, batchSize, 1.0 / batchSize, gradOut, false);
    }

    @Override
    public void gradient(double[] w, Dataset data, double[] gradOut) {
        checkAll(w, data, gradOut);
        int n = data.size();
        pass(w, data, null, n, 1.0 / n, gradOut, false);
    }

    private void checkBatch(double[] w, Dataset data, int[] batch, int batchSize, double[] gradOut) {
        check(w, data);
        Checks.batch(batch, batchSize);
        Checks.vector("gradOut", gradOut, parameterCount());
        Checks.distinct(w, gradOut);
    }

    private void checkAll(double[] w, Dataset data, double[] gradOut) {
        check(w, data);
        Checks.nonEmpty(data);
        Checks.vector("gradOut", gradOut, parameterCount());
        Checks.distinct(w, gradOut);
    }

    /**
     * The scaled gradient over rows {@code batch[0..count)} (or 0..count when batch is null)
     * into gradOut, and the loss sum when {@code withLoss} (else 0; the gradient is the same).
     */
    private double pass(double[] w, Dataset data, int[] batch, int count, double scale, double[] gradOut,
            boolean withLoss) {
        Arrays.fill(gradOut, 0.0);
        double bias = w[dimension];
        double loss = 0;
        double biasGradient = 0;
        double[] z = scratch.take(count);
        double[] t = targets.take(count);
        for (int from = 0; from < count; from += z.length) {
            int m = Math.min(z.length, count - from);
            // The targets first: a node's labels (its shard view's own array) are out of cache
            // when its step starts, and read before the dot products their misses overlap the
            // rows' instead of following them (+12 % node-steps/s on the sequential engine,
            // simulator/BENCHMARKS.md). The same values, so the same bits.
            for (int k = 0; k < m; k++) {
                t[k] = data.target(batch == null ? from + k : batch[from + k]);
            }
            if (batch == null) {
                data.dotsOfRange(from, m, w, 0, z, 0);
            } else {
                data.dots(batch, from, m, w, 0, z, 0);
            }
            for (int k = 0; k < m; k++) {
                double score = z[k] + bias;
                double y = t[k];
                if (withLoss) {
                    loss += lossAndScaledDerivative(score, y, scale, z, k);
                } else {
                    z[k] = derivativeAt(score, y) * scale;
                }
                biasGradient += z[k];
            }
            if (batch == null) {
                data.addScaledRange(from, m, z, 0, gradOut, 0);
            } else {
                data.addScaledRows(batch, from, m, z, 0, gradOut, 0);
            }
        }
        scratch.giveBack(z);
        targets.giveBack(t);
        gradOut[dimension] = biasGradient;
        return loss;
    }

    @Override
    public double loss(double[] w, Dataset data) {
        return evaluate(w, data).loss();
    }

    /** Fewest rows per part of a parallel pass: below about twice this a pass stays in the calling thread. */
    static final int ROWS_PER_PART = 32_768;

    /*
     * The parallel passes: each example's score and terms (loss, scaled derivative) depend on w
     * and the example only, so parts of the rows compute them side by side into arrays indexed
     * by example; then one thread sums them in example order and adds the gradient rows in
     * example order, exactly the sums pass() and evaluate() make. Most of the time is the terms'
     * exp and log1p (FISTA on 2 million rows, d = 10), which is what is spread.
     */

    @Override
    public double lossAndGradientInParallel(double[] w, Dataset data, double[] gradOut) {
        return lossAndGradientInParallel(w, data, gradOut, ROWS_PER_PART);
    }

    double lossAndGradientInParallel(double[] w, Dataset data, double[] gradOut, int rowsPerPart) {
        checkAll(w, data, gradOut);
        int n = data.size();
        int parts = parts(n, rowsPerPart);
        if (parts < 2) {
            return lossAndGradient(w, data, gradOut);
        }
        double scale = 1.0 / n;
        double bias = w[dimension];
        double[] losses = new double[n];
        double[] coefficients = new double[n];
        inParts(n, parts, (from, to) -> {
            data.dotsOfRange(from, to - from, w, 0, coefficients, from);
            for (int k = from; k < to; k++) {
                losses[k] = lossAndScaledDerivative(coefficients[k] + bias, data.target(k), scale, coefficients, k);
            }
        });
        double loss = 0;
        double biasGradient = 0;
        for (int k = 0; k < n; k++) {
            loss += losses[k];
            biasGradient += coefficients[k];
        }
        Arrays.fill(gradOut, 0.0);
        data.addScaledRange(0, n, coefficients, 0, gradOut, 0);
        gradOut[dimension] = biasGradient;
        return loss / n;
    }

    @Override
    public double lossInParallel(double[] w, Dataset data) {
        return lossInParallel(w, data, ROWS_PER_PART);
    }

    double lossInParallel(double[] w, Dataset data, int rowsPerPart) {
        check(w, data);
        Checks.nonEmpty(data);
        int n = data.size();
        int parts = parts(n, rowsPerPart);
        if (parts < 2 || data.isGrouped()) {
            // A grouped set's evaluate reads its storage front to back in one pass.
            return loss(w, data);
        }
        double bias = w[dimension];
        double[] losses = new double[n];
        inParts(n, parts, (from, to) -> {
            data.dotsOfRange(from, to - from, w, 0, losses, from);
            for (int k = from; k < to; k++) {
                losses[k] = lossAt(losses[k] + bias, data.target(k));
            }
        });
        double loss = 0;
        for (int k = 0; k < n; k++) {
            loss += losses[k];
        }
        return loss / n;
    }

    /** Parts of a parallel pass over n rows: a few per processor, each at least {@code rowsPerPart} rows. */
    private static int parts(int n, int rowsPerPart) {
        int byRows = n / Math.max(1, rowsPerPart);
        return Math.min(byRows, 4 * Runtime.getRuntime().availableProcessors());
    }

    /** Runs {@code rows} on rows {@code from .. to - 1} of {@code parts} equal parts of 0..n-1, on the common fork-join pool. */
    private static void inParts(int n, int parts, RowRange rows) {
        java.util.stream.IntStream.range(0, parts).parallel()
                .forEach(part -> rows.run((int) ((long) n * part / parts), (int) ((long) n * (part + 1) / parts)));
    }

    /** Work on rows {@code from .. to - 1}. */
    private interface RowRange {
        void run(int from, int to);
    }

    @Override
    public Evaluation evaluate(double[] w, Dataset data) {
        check(w, data);
        Checks.nonEmpty(data);
        int n = data.size();
        double bias = w[dimension];
        double loss = 0;
        double correct = 0;
        // A grouped set: all the scores in one front-to-back read of its storage (one chunk of
        // n), summed in example order like the chunks: the same terms in the same order.
        boolean whole = data.isGrouped();
        double[] z = whole ? new double[n] : scratch.take(n);
        if (whole) {
            data.dotsOfAll(w, 0, z, 0);
        }
        for (int from = 0; from < n; from += z.length) {
            int m = Math.min(z.length, n - from);
            if (!whole) {
                data.dotsOfRange(from, m, w, 0, z, 0);
            }
            for (int k = 0; k < m; k++) {
                double score = z[k] + bias;
                double y = data.target(from + k);
                loss += lossAt(score, y);
                correct += correctAt(score, y);
            }
        }
        if (!whole) {
            scratch.giveBack(z);
        }
        return new Evaluation(loss / n, correct / n, n);
    }

    /**
     * True: {@link #evaluate} sums {@code lossAt} and {@code correctAt} of each example's score
     * from 0 in example order, which is {@link Evaluation#ofTerms} of the terms below, and a
     * score is one row's dot product, the same bits whichever kernel or view reads the row.
     */
    @Override
    public boolean evaluatesByTerms() {
        return true;
    }

    @Override
    public void evaluationTerms(double[] w, Dataset data, double[] lossOut, double[] correctOut, int at) {
        check(w, data);
        Checks.nonEmpty(data);
        int n = data.size();
        java.util.Objects.checkFromIndexSize(at, n, lossOut.length);
        java.util.Objects.checkFromIndexSize(at, n, correctOut.length);
        double bias = w[dimension];
        // The scores as evaluate reads them (the same bits either way; a grouped set front to back).
        boolean whole = data.isGrouped();
        double[] z = whole ? new double[n] : scratch.take(n);
        if (whole) {
            data.dotsOfAll(w, 0, z, 0);
        }
        for (int from = 0; from < n; from += z.length) {
            int m = Math.min(z.length, n - from);
            if (!whole) {
                data.dotsOfRange(from, m, w, 0, z, 0);
            }
            for (int k = 0; k < m; k++) {
                double score = z[k] + bias;
                double y = data.target(from + k);
                lossOut[at + from + k] = lossAt(score, y);
                correctOut[at + from + k] = correctAt(score, y);
            }
        }
        if (!whole) {
            scratch.giveBack(z);
        }
    }

    /**
     * One read of the rows for both: each row scored with w and with v side by side
     * ({@link Dataset#dotsOfRange(int, int, double[], double[], int, double[], double[], int)}),
     * then w's loss summed in example order and divided by n as {@link #evaluate} does, and v's
     * terms as {@link #evaluationTerms} writes them; the same scores, so the same bits. A grouped
     * set (the whole training set, read in storage order) takes the two calls.
     */
    @Override
    public double lossAndEvaluationTerms(double[] w, double[] v, Dataset data, double[] lossOut, double[] correctOut) {
        if (data.isGrouped()) {
            return Model.super.lossAndEvaluationTerms(w, v, data, lossOut, correctOut);
        }
        check(w, data);
        check(v, data);
        Checks.nonEmpty(data);
        int n = data.size();
        java.util.Objects.checkFromIndexSize(0, n, lossOut.length);
        java.util.Objects.checkFromIndexSize(0, n, correctOut.length);
        double biasW = w[dimension];
        double biasV = v[dimension];
        double loss = 0;
        double[] z = scratch.take(n);
        // v's scores in the spare buffer the minibatch pass keeps for its targets.
        double[] zv = targets.take(n);
        int chunk = Math.min(z.length, zv.length);
        for (int from = 0; from < n; from += chunk) {
            int m = Math.min(chunk, n - from);
            data.dotsOfRange(from, m, w, v, 0, z, zv, 0);
            for (int k = 0; k < m; k++) {
                double y = data.target(from + k);
                loss += lossAt(z[k] + biasW, y);
                double score = zv[k] + biasV;
                lossOut[from + k] = lossAt(score, y);
                correctOut[from + k] = correctAt(score, y);
            }
        }
        scratch.giveBack(z);
        targets.giveBack(zv);
        return loss / n;
    }

    /** True: a grouped data set's scores are computed in one read of its storage ({@link Dataset#dotsOfAll}). */
    @Override
    public boolean evaluatesGroupedInStorageOrder() {
        return true;
    }

    /**
     * One spare buffer for the scores of a chunk of rows (at most {@link #CHUNK}): a call takes
     * it and gives it back, so a model used by one thread allocates nothing in its steady state
     * (the {@link Model} contract) and one used by several threads stays correct (a call that
     * finds the spare taken allocates its own). Its content never outlives a call.
     */
    static final class Scratch {
        /** Rows scored per chunk: 2 KiB of scores, in L1. */
        static final int CHUNK = 256;
        private final java.util.concurrent.atomic.AtomicReference<double[]> spare =
                new java.util.concurrent.atomic.AtomicReference<>();

        double[] take(int rows) {
            int length = Math.min(rows, CHUNK);
            double[] s = spare.getAndSet(null);
            return s != null && s.length >= length ? s : new double[length];
        }

        void giveBack(double[] s) {
            spare.setRelease(s);
        }
    }
}

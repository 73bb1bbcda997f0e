package io.dlsim.algorithms.model;

import io.dlsim.algorithms.data.Dataset;
import io.dlsim.algorithms.linalg.MatMul;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A multilayer perceptron with ReLU hidden layers and a softmax cross-entropy output on
 * classes {@code 0..k-1}. Layer widths {@code n_0 = d, n_1..n_L} (the hidden widths),
 * {@code n_{L+1} = k}; layer {@code l = 1..L+1} maps {@code a_{l-1}} to
 * {@code z_l = a_{l-1} W_l + b_l}, with {@code a_l = max(z_l, 0)} for hidden layers and the
 * scores {@code z_{L+1}} at the output.
 *
 * <p>Parameters, layer after layer: {@code W_l} as an {@code n_{l-1} x n_l} row-major block
 * (entry {@code (i, o)}, the weight from input unit i to output unit o, at
 * {@code offset_l + i n_l + o}), then the bias {@code b_l} (n_l entries).
 *
 * <p>Per-example loss as in {@link SoftmaxRegression}: {@code l = log sum_c exp(z_c) - z_y},
 * evaluated with the largest score subtracted. Backward pass over a minibatch of B rows
 * (matrices with one row per example): {@code D_{L+1} = (P - Y) / B};
 * {@code grad W_l = A_{l-1}^T D_l}, {@code grad b_l = sum_rows D_l};
 * {@code D_{l-1} = (D_l W_l^T) .* [A_{l-1} > 0]}. Prediction: arg max of the scores (lowest
 * class on ties).
 *
 * <p>The products go through a {@link MatMul}: plain-Java loops, and nd4j above its measured
 * size threshold (results deterministic either way; see {@link MatMul}). Input rows are copied
 * densely with {@link Dataset#copyRow}. Whole-data passes ({@link #loss},
 * {@link #evaluate}, the full gradient) run in blocks of {@value #BLOCK_ROWS} rows, a constant,
 * so their results do not depend on earlier calls.
 *
 * <p>Initial point ({@link #initialize}): hidden layers He-uniform,
 * {@code W ~ U(-sqrt(6 / n_{l-1}), sqrt(6 / n_{l-1}))}; the output layer Glorot-uniform,
 * {@code U(-sqrt(6 / (n_L + k)), +...)}; biases zero. Draws are {@code (2 u - 1) limit} with
 * {@code u = rng.nextDouble()}, weight after weight in parameter order.
 *
 * <p>Owns its activation buffers and its {@link MatMul}: <b>not thread-safe</b>; give every
 * thread or node its own {@link #copy()}.
 */
public final class Mlp implements Model {
    /** Rows per block in whole-data passes. */
    public static final int BLOCK_ROWS = 256;

    private final int[] widths;
    private final int layers;
    private final int[] weightOffset;
    private final int[] biasOffset;
    private final int parameterCount;
    private final MatMul matmul;

    private int capacity;
    private double[][] act;
    private double[][] delta;

    /** With {@link MatMul#withDefaultThreshold()}. */
    public Mlp(int inputDimension, int[] hidden, int classes) {
        this(inputDimension, hidden, classes, MatMul.withDefaultThreshold());
    }

    /**
     * @param inputDimension d >= 1
     * @param hidden hidden layer widths, at least one, each >= 1
     * @param classes k >= 2
     * @param matmul the product backend this instance owns (not shared)
     */
    public Mlp(int inputDimension, int[] hidden, int classes, MatMul matmul) {
        Checks.inputDimension(inputDimension);
        checkHidden(hidden);
        Checks.classes(classes);
        this.layers = hidden.length + 1;
        this.widths = new int[layers + 1];
        widths[0] = inputDimension;
        System.arraycopy(hidden, 0, widths, 1, hidden.length);
        widths[layers] = classes;
        this.weightOffset = new int[layers + 1];
        this.biasOffset = new int[layers + 1];
        long offset = 0;
        for (int l = 1; l <= layers; l++) {
            weightOffset[l] = (int) Math.min(offset, Integer.MAX_VALUE);
            offset += (long) widths[l - 1] * widths[l];
            biasOffset[l] = (int) Math.min(offset, Integer.MAX_VALUE);
            offset += widths[l];
        }
        this.parameterCount = Checks.parameterCount(offset, "the mlp " + Arrays.toString(widths));
        this.matmul = matmul;
    }

    /** Refuses an empty list or a width below 1, naming the entry ({@code model.hidden[1]}). */
    static void checkHidden(int[] hidden) {
        if (hidden.length == 0) {
            throw new IllegalArgumentException("hidden: the mlp needs at least one hidden layer width");
        }
        for (int i = 0; i < hidden.length; i++) {
            if (hidden[i] < 1) {
                throw new IllegalArgumentException("hidden[" + i + "]: must be >= 1, got " + hidden[i]);
            }
        }
    }

    @Override
    public String type() {
        return "mlp";
    }

    @Override
    public int parameterCount() {
        return parameterCount;
    }

    /** {@code 6 p}: the forward pass 2 p, the backward pass 4 p (the gradients of weights and of activations). */
    @Override
    public double flopsPerExample() {
        return 6.0 * parameterCount();
    }

    @Override
    public int inputDimension() {
        return widths[0];
    }

    @Override
    public int numClasses() {
        return widths[layers];
    }

    /** The hidden layer widths (a copy). */
    public int[] hidden() {
        return Arrays.copyOfRange(widths, 1, layers);
    }

    /** The product backend's threshold (see {@link MatMul}). */
    public long gemmThreshold() {
        return matmul.threshold();
    }

    /** Offset of {@code W_l} in the parameter vector, {@code l = 1..L+1}. */
    public int weightOffset(int layer) {
        return weightOffset[layer];
    }

    /** Offset of {@code b_l} in the parameter vector, {@code l = 1..L+1}. */
    public int biasOffset(int layer) {
        return biasOffset[layer];
    }

    @Override
    public int[] biasIndices() {
        int count = 0;
        for (int l = 1; l <= layers; l++) {
            count += widths[l];
        }
        int[] b = new int[count];
        int k = 0;
        for (int l = 1; l <= layers; l++) {
            for (int o = 0; o < widths[l]; o++) {
                b[k++] = biasOffset[l] + o;
            }
        }
        return b;
    }

    @Override
    public void initialize(double[] w, SplittableRandom rng) {
        Checks.vector("w", w, parameterCount);
        for (int l = 1; l <= layers; l++) {
            int fanIn = widths[l - 1];
            int fanOut = widths[l];
            double limit = l < layers ? Math.sqrt(6.0 / fanIn) : Math.sqrt(6.0 / (fanIn + fanOut));
            int end = weightOffset[l] + fanIn * fanOut;
            for (int i = weightOffset[l]; i < end; i++) {
                w[i] = (2 * rng.nextDouble() - 1) * limit;
            }
            Arrays.fill(w, biasOffset[l], biasOffset[l] + fanOut, 0.0);
        }
    }

    private void ensureCapacity(int rows) {
        if (rows <= capacity) {
            return;
        }
        act = new double[layers + 1][];
        delta = new double[layers + 1][];
        for (int l = 0; l <= layers; l++) {
            act[l] = new double[rows * widths[l]];
            if (l > 0) {
                delta[l] = new double[rows * widths[l]];
            }
        }
        capacity = rows;
    }

    /** Fills {@code act[0..L+1]} for rows {@code rows[start..start+count)} (or start.. when rows is null). */
    private void forward(double[] w, Dataset data, int[] rows, int start, int count) {
        int d = widths[0];
        double[] input = act[0];
        for (int b = 0; b < count; b++) {
            data.copyRow(rows == null ? start + b : rows[start + b], input, b * d);
        }
        for (int l = 1; l <= layers; l++) {
            int in = widths[l - 1];
            int out = widths[l];
            double[] z = act[l];
            matmul.nn(count, out, in, act[l - 1], 0, w, weightOffset[l], z, 0, false);
            int bias = biasOffset[l];
            boolean hidden = l < layers;
            for (int b = 0; b < count; b++) {
                int row = b * out;
                for (int o = 0; o < out; o++) {
                    double v = z[row + o] + w[bias + o];
                    z[row + o] = hidden ? (v > 0 ? v : 0.0) : v;
                }
            }
        }
    }

    /** Loss sum over the block; writes {@code (P - Y) * scale} into the output delta. */
    private double outputLossAndDelta(Dataset data, int[] rows, int start, int count, double scale) {
        int k = widths[layers];
        double[] z = act[layers];
        double[] d = delta[layers];
        double loss = 0;
        for (int b = 0; b < count; b++) {
            int base = b * k;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                max = Math.max(max, z[base + c]);
            }
            double sum = 0;
            for (int c = 0; c < k; c++) {
                double e = Math.exp(z[base + c] - max);
                d[base + c] = e;
                sum += e;
            }
            int y = data.label(rows == null ? start + b : rows[start + b]);
            loss += max + Math.log(sum) - z[base + y];
            for (int c = 0; c < k; c++) {
                d[base + c] = (d[base + c] / sum - (c == y ? 1.0 : 0.0)) * scale;
            }
        }
        return loss;
    }

    /** Adds the block's gradient (deltas already scaled) into grad. */
    private void backward(double[] w, int count, double[] grad) {
        for (int l = layers; l >= 1; l--) {
            int in = widths[l - 1];
            int out = widths[l];
            double[] dl = delta[l];
            matmul.tn(in, out, count, act[l - 1], 0, dl, 0, grad, weightOffset[l], true);
            int bias = biasOffset[l];
            for (int b = 0; b < count; b++) {
                int row = b * out;
                for (int o = 0; o < out; o++) {
                    grad[bias + o] += dl[row + o];
                }
            }
            if (l > 1) {
                double[] prev = delta[l - 1];
                double[] a = act[l - 1];
                matmul.nt(count, in, out, dl, 0, w, weightOffset[l], prev, 0, false);
                int len = count * in;
                for (int i = 0; i < len; i++) {
                    if (!(a[i] > 0)) {
                        prev[i] = 0.0;
                    }
                }
            }
        }
    }

    private void check(double[] w, Dataset data) {
        Checks.vector("w", w, parameterCount);
        Checks.data(data, widths[0], widths[layers], type());
    }

    @Override
    public double lossAndGradient(double[] w, Dataset data, int[] batch, int batchSize, double[] gradOut) {
        check(w, data);
        Checks.batch(batch, batchSize);
        Checks.vector("gradOut", gradOut, parameterCount);
        ensureCapacity(batchSize);
        Arrays.fill(gradOut, 0.0);
        forward(w, data, batch, 0, batchSize);
        double loss = outputLossAndDelta(data, batch, 0, batchSize, 1.0 / batchSize);
        backward(w, batchSize, gradOut);
        return loss / batchSize;
    }

    @Override
    public double lossAndGradient(double[] w, Dataset data, double[] gradOut) {
        check(w, data);
        Checks.nonEmpty(data);
        Checks.vector("gradOut", gradOut, parameterCount);
        int n = data.size();
        ensureCapacity(Math.min(n, BLOCK_ROWS));
        Arrays.fill(gradOut, 0.0);
        double scale = 1.0 / n;
        double loss = 0;
        for (int start = 0; start < n; start += BLOCK_ROWS) {
            int count = Math.min(BLOCK_ROWS, n - start);
            forward(w, data, null, start, count);
            loss += outputLossAndDelta(data, null, start, count, scale);
            backward(w, count, gradOut);
        }
        return loss / n;
    }

    @Override
    public double loss(double[] w, Dataset data) {
        return evaluate(w, data).loss();
    }

    @Override
    public Evaluation evaluate(double[] w, Dataset data) {
        check(w, data);
        Checks.nonEmpty(data);
        int n = data.size();
        int k = widths[layers];
        ensureCapacity(Math.min(n, BLOCK_ROWS));
        double loss = 0;
        int correct = 0;
        for (int start = 0; start < n; start += BLOCK_ROWS) {
            int count = Math.min(BLOCK_ROWS, n - start);
            forward(w, data, null, start, count);
            double[] z = act[layers];
            for (int b = 0; b < count; b++) {
                int base = b * k;
                int argmax = 0;
                for (int c = 1; c < k; c++) {
                    if (z[base + c] > z[base + argmax]) {
                        argmax = c;
                    }
                }
                double max = z[base + argmax];
                double sum = 0;
                for (int c = 0; c < k; c++) {
                    sum += Math.exp(z[base + c] - max);
                }
                int y = data.label(start + b);
                loss += max + Math.log(sum) - z[base + y];
                if (argmax == y) {
                    correct++;
                }
            }
        }
        return new Evaluation(loss / n, (double) correct / n, n);
    }

    @Override
    public Mlp copy() {
        return new Mlp(widths[0], hidden(), widths[layers], matmul.copy());
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("mlp ");
        for (int l = 0; l <= layers; l++) {
            s.append(l == 0 ? "" : "-").append(widths[l]);
        }
        return s.toString();
    }
}

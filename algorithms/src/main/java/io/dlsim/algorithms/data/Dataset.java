package io.dlsim.algorithms.data;

import java.util.Arrays;

/**
 * An immutable data set of {@code size()} examples with {@code dimension()} features, stored
 * densely (row-major {@code double[]}) or sparsely (compressed rows), and a label per example:
 * a class index in {@code 0..numClasses()-1} for classification ({@code numClasses() >= 2}),
 * or a real target for regression ({@code numClasses() == 0}).
 *
 * <p>Models read features only through {@link #dot}, {@link #addScaledRow} and
 * {@link #copyRow}, so the same model code runs on dense and sparse data. Binary classification
 * uses classes 0 and 1.
 */
public final class Dataset {
    private final String name;
    private final int size;
    private final int dimension;
    private final int numClasses;
    private final double[] labels;
    // Dense storage (null when sparse).
    private final double[] dense;
    // Sparse storage (null when dense).
    private final int[] rowStart;
    private final int[] index;
    private final double[] value;

    private Dataset(String name, int size, int dimension, int numClasses, double[] labels, double[] dense,
            int[] rowStart, int[] index, double[] value) {
        this.name = name;
        this.size = size;
        this.dimension = dimension;
        this.numClasses = numClasses;
        this.labels = labels;
        this.dense = dense;
        this.rowStart = rowStart;
        this.index = index;
        this.value = value;
    }

    /**
     * A dense data set; {@code features} is row-major {@code size x dimension}. Class labels
     * must be whole numbers in {@code 0..numClasses-1}.
     */
    public static Dataset dense(String name, double[] features, int dimension, double[] labels, int numClasses) {
        if (dimension < 1) {
            throw new IllegalArgumentException(name + ": dimension must be >= 1, got " + dimension);
        }
        if (features.length != labels.length * (long) dimension) {
            throw new IllegalArgumentException(name + ": " + features.length + " feature values for "
                    + labels.length + " examples of dimension " + dimension);
        }
        checkLabels(name, labels, numClasses);
        return new Dataset(name, labels.length, dimension, numClasses, labels.clone(), features.clone(), null, null, null);
    }

    /**
     * A sparse data set in compressed rows: the features of example i are
     * {@code index[rowStart[i]..rowStart[i+1])} (ascending, 0-based) with their values.
     */
    public static Dataset sparse(String name, int[] rowStart, int[] index, double[] value, int dimension,
            double[] labels, int numClasses) {
        if (rowStart.length != labels.length + 1 || index.length != value.length
                || rowStart[labels.length] != index.length) {
            throw new IllegalArgumentException(name + ": inconsistent sparse arrays");
        }
        for (int i = 0; i < labels.length; i++) {
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                if (index[k] < 0 || index[k] >= dimension || (k > rowStart[i] && index[k] <= index[k - 1])) {
                    throw new IllegalArgumentException(name + ": example " + i + " has feature index " + index[k]
                            + " out of order or outside 0.." + (dimension - 1));
                }
            }
        }
        checkLabels(name, labels, numClasses);
        return new Dataset(name, labels.length, dimension, numClasses, labels.clone(), null, rowStart.clone(),
                index.clone(), value.clone());
    }

    private static void checkLabels(String name, double[] labels, int numClasses) {
        if (numClasses == 1 || numClasses < 0) {
            throw new IllegalArgumentException(name + ": numClasses must be 0 (regression) or >= 2, got " + numClasses);
        }
        for (int i = 0; i < labels.length; i++) {
            double y = labels[i];
            if (!Double.isFinite(y)) {
                throw new IllegalArgumentException(name + ": example " + i + " has label " + y);
            }
            if (numClasses >= 2 && (y != Math.rint(y) || y < 0 || y >= numClasses)) {
                throw new IllegalArgumentException(name + ": example " + i + " has label " + y
                        + ", outside the classes 0.." + (numClasses - 1));
            }
        }
    }

    public String name() {
        return name;
    }
    /**
     * A SHA-256 digest (hex, first 16 bytes) of the examples as loaded: size, dimension, classes,
     * labels and features (dense or sparse), in order. Two members of a cluster that read "the
     * same" relative data path compare it to find out that their files differ. O(size x
     * dimension) once; the name is not included (it may name a machine-specific path).
     */
    public String fingerprint() {
        java.security.MessageDigest md;
        try {
            md = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1 << 16);
        b.putInt(size).putInt(dimension).putInt(numClasses).put((byte) (dense != null ? 1 : 0));
        for (double[] a : dense != null ? new double[][] {labels, dense} : new double[][] {labels, value}) {
            b = digestDoubles(md, b, a);
        }
        if (dense == null) {
            for (int[] a : new int[][] {rowStart, index}) {
                for (int v : a) {
                    if (b.remaining() < Integer.BYTES) {
                        b = flush(md, b);
                    }
                    b.putInt(v);
                }
            }
        }
        flush(md, b);
        return java.util.HexFormat.of().formatHex(md.digest(), 0, 16);
    }

    private static java.nio.ByteBuffer digestDoubles(java.security.MessageDigest md, java.nio.ByteBuffer b, double[] a) {
        for (double v : a) {
            if (b.remaining() < Double.BYTES) {
                b = flush(md, b);
            }
            b.putLong(Double.doubleToLongBits(v));
        }
        return b;
    }

    private static java.nio.ByteBuffer flush(java.security.MessageDigest md, java.nio.ByteBuffer b) {
        b.flip();
        md.update(b);
        b.clear();
        return b;
    }


    public int size() {
        return size;
    }

    public int dimension() {
        return dimension;
    }

    /** Number of classes, or 0 for regression. */
    public int numClasses() {
        return numClasses;
    }

    public boolean isSparse() {
        return dense == null;
    }

    /** Class index of example i (classification only). */
    public int label(int i) {
        return (int) labels[i];
    }

    /** Real target of example i (the class index as a double for classification). */
    public double target(int i) {
        return labels[i];
    }

    /** {@code x_i . w[offset .. offset + dimension)}. */
    public double dot(int i, double[] w, int offset) {
        double s = 0;
        if (dense != null) {
            int base = i * dimension;
            for (int j = 0; j < dimension; j++) {
                s += dense[base + j] * w[offset + j];
            }
        } else {
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                s += value[k] * w[offset + index[k]];
            }
        }
        return s;
    }

    /** {@code g[offset .. offset + dimension) += a * x_i}. */
    public void addScaledRow(int i, double a, double[] g, int offset) {
        if (dense != null) {
            int base = i * dimension;
            for (int j = 0; j < dimension; j++) {
                g[offset + j] += a * dense[base + j];
            }
        } else {
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                g[offset + index[k]] += a * value[k];
            }
        }
    }

    /** Writes the dense features of example i into {@code out[offset .. offset + dimension)}. */
    public void copyRow(int i, double[] out, int offset) {
        if (dense != null) {
            System.arraycopy(dense, i * dimension, out, offset, dimension);
        } else {
            Arrays.fill(out, offset, offset + dimension, 0.0);
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                out[offset + index[k]] = value[k];
            }
        }
    }

    /** The examples at {@code indices}, in that order (a partition's shard, a split). */
    public Dataset subset(String subsetName, int[] indices) {
        double[] y = new double[indices.length];
        for (int k = 0; k < indices.length; k++) {
            y[k] = labels[indices[k]];
        }
        if (dense != null) {
            double[] f = new double[indices.length * dimension];
            for (int k = 0; k < indices.length; k++) {
                System.arraycopy(dense, indices[k] * dimension, f, k * dimension, dimension);
            }
            return new Dataset(subsetName, indices.length, dimension, numClasses, y, f, null, null, null);
        }
        int[] start = new int[indices.length + 1];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            start[k + 1] = start[k] + rowStart[i + 1] - rowStart[i];
        }
        int[] idx = new int[start[indices.length]];
        double[] val = new double[idx.length];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            int len = rowStart[i + 1] - rowStart[i];
            System.arraycopy(index, rowStart[i], idx, start[k], len);
            System.arraycopy(value, rowStart[i], val, start[k], len);
        }
        return new Dataset(subsetName, indices.length, dimension, numClasses, y, null, start, idx, val);
    }

    /**
     * Per-feature mean and population variance over all examples (implicit sparse zeros
     * included): {@code {mean, variance}}, each of length {@code dimension}.
     */
    double[][] columnMoments() {
        double[] sum = new double[dimension];
        double[] sumSq = new double[dimension];
        if (dense != null) {
            for (int i = 0; i < size; i++) {
                int base = i * dimension;
                for (int j = 0; j < dimension; j++) {
                    double v = dense[base + j];
                    sum[j] += v;
                    sumSq[j] += v * v;
                }
            }
        } else {
            for (int k = 0; k < index.length; k++) {
                sum[index[k]] += value[k];
                sumSq[index[k]] += value[k] * value[k];
            }
        }
        double[] mean = new double[dimension];
        double[] var = new double[dimension];
        for (int j = 0; j < dimension; j++) {
            mean[j] = sum[j] / size;
            var[j] = Math.max(0, sumSq[j] / size - mean[j] * mean[j]);
        }
        return new double[][] {mean, var};
    }

    /**
     * A copy with every feature transformed column-wise: dense {@code x_ij -> (x_ij - shift[j]) * factor[j]};
     * sparse {@code x_ij -> x_ij * factor[j]} on the stored entries only (no shift, so zeros stay zeros).
     */
    Dataset transformColumns(String newName, double[] shift, double[] factor) {
        if (dense != null) {
            double[] f = new double[dense.length];
            for (int i = 0; i < size; i++) {
                int base = i * dimension;
                for (int j = 0; j < dimension; j++) {
                    f[base + j] = (dense[base + j] - shift[j]) * factor[j];
                }
            }
            return new Dataset(newName, size, dimension, numClasses, labels, f, null, null, null);
        }
        double[] v = new double[value.length];
        for (int k = 0; k < value.length; k++) {
            v[k] = value[k] * factor[index[k]];
        }
        return new Dataset(newName, size, dimension, numClasses, labels, null, rowStart, index, v);
    }

    /** Examples per class (classification), for partition reports. */
    public int[] classCounts() {
        int[] c = new int[Math.max(numClasses, 0)];
        if (numClasses >= 2) {
            for (double y : labels) {
                c[(int) y]++;
            }
        }
        return c;
    }

    @Override
    public String toString() {
        return name + " (" + size + " x " + dimension + (isSparse() ? ", sparse" : "") + ", "
                + (numClasses == 0 ? "regression" : numClasses + " classes") + ")";
    }
}

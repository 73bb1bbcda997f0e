package io.dlsim.algorithms.data;

import java.util.Arrays;

/**
 * An immutable data set of {@code size()} examples with {@code dimension()} features, stored
 * densely (row-major {@code double[]}) or sparsely (compressed rows), and a label per example:
 * a class index in {@code 0..numClasses()-1} for classification ({@code numClasses() >= 2}),
 * or a real target for regression ({@code numClasses() == 0}).
 *
 * <p>Models read features only through {@link #dot}, {@link #addScaledRow}, {@link #copyRow}
 * and their many-row forms ({@link #dots}, {@link #dotsOfRange}, {@link #addScaledRows},
 * {@link #addScaledRange}), so the same model code runs on dense and sparse data. Binary
 * classification uses classes 0 and 1.
 *
 * <p>A {@link #view} (a node's shard) shares the storage of the data set it was taken from: its
 * rows are a map into that storage, so the features of a partitioned data set are held once
 * however many shards and evaluators read them. A view computes exactly what a compact copy
 * ({@link #subset}) of the same rows computes, and has the same {@link #fingerprint()}.
 *
 * <p><b>Exact many-row kernels.</b> Every many-row method gives, bit for bit, what the one-row
 * method gives row after row: each row's dot product is still one sum
 * {@code ((0 + x_0 w_0) + x_1 w_1) + ...} in feature order (no fused multiply-add, no
 * reordering, no splitting of a row's sum), and each gradient entry still receives
 * {@code a_k x_k} in row order. They are faster on dense data because they interleave
 * independent rows: a single dot product is a chain of dependent additions (one per ~4 cycles),
 * while four or eight rows' chains run side by side (measured in {@code KernelBench},
 * {@code algorithms/BENCHMARKS.md}). Sparse data takes the one-row loops.
 *
 * <p><b>Precision.</b> Dense features are stored as {@code double} ({@link Precision#FLOAT64},
 * the default) or as {@code float} ({@link Precision#FLOAT32}, {@link #withPrecision}: half the
 * bytes for the memory-bound minibatch gathers and passes). Every kernel reads a float feature
 * widened to double (exact) and computes and sums in double in the same order as for double
 * storage, so a float32 data set computes exactly what the float64 data set of its features
 * rounded to float computes: one set of order rules, two storage types (each dense leaf loop
 * has a twin for float storage, and the loops that choose rows, stripes and groups are shared).
 *
 * <p>Immutable: the arrays are copied in, never handed out and never written after
 * construction, so instances are safe to share between threads.
 */
public final class Dataset {
    /**
     * How dense features are stored (a scenario's {@code data.precision}): {@code double}, or
     * {@code float} (each feature rounded to the nearest float once, at {@link #withPrecision}).
     * Sparse data sets are always float64.
     */
    public enum Precision {
        FLOAT64, FLOAT32
    }

    /**
     * Rows advanced side by side by the stripes of a view's pass ({@link #dotsOfRange}), 4 or
     * 8: 8 (KernelBench, d = 100, batch 32: out of cache 8 rows took 6.1-7.0 us against 6.7-9.0
     * for 4; in cache 0.90-1.50 us against 0.86-1.09, as noisy as the JIT; the one-row loop 12-18
     * and 2.0-2.4 us). A minibatch ({@link #dots}) takes {@link #MINIBATCH_GATHER} rows at a time
     * first, then 8, 4 and 1.
     */
    static final int GATHER = 8;
    /**
     * Minibatch rows scored side by side by {@link #dots} ({@link #dense16}): 16. Out of cache a
     * minibatch's rows are misses to memory, and 16 rows side by side keep twice as many of them
     * in flight as 8: a logistic step of batch 32 out of a 410 MB set (d = 100) took 8-12 % less
     * time, out of a 25 MB set (L3) 11-18 % less, in L2 the same; 12 or 32 rows were slower than
     * 16; with AVX2's 16 vector registers instead of AVX-512's 32 (-XX:UseAVX=2) also ~10 % less
     * (algorithms/BENCHMARKS.md, "Sixteen minibatch rows side by side").
     */
    static final int MINIBATCH_GATHER = 16;
    /**
     * Stripes of consecutive rows of compact storage scored side by side by
     * {@link #dotsOfRange}, 4 or 8: 4 (KernelBench, a 410 MB pass: 41 ms against 47 for 8
     * stripes; equal in cache). A view takes 8 ({@link #GATHER}): its rows are wherever the map
     * puts them, for an IID shard anywhere in the storage, so they are a gather.
     */
    static final int STRIPES = 4;

    private final String name;
    private final int size;
    private final int dimension;
    private final int numClasses;
    private final double[] labels;
    // Dense storage (null when sparse or stored as float).
    private final double[] dense;
    // Dense storage as float (Precision.FLOAT32; null otherwise): at most one of dense and dense32 is set.
    private final float[] dense32;
    // Sparse storage (null when dense).
    private final int[] rowStart;
    private final int[] index;
    private final double[] value;
    // Example i is storage row rows[i] of the arrays above (a view), or storage row i when null.
    private final int[] rows;
    // For a grouped data set (rows a permutation of its own storage): storage row r holds example
    // exampleAt[r], the inverse of rows; null otherwise.
    private final int[] exampleAt;

    private Dataset(String name, int size, int dimension, int numClasses, double[] labels, double[] dense,
            int[] rowStart, int[] index, double[] value, int[] rows) {
        this(name, size, dimension, numClasses, labels, dense, null, rowStart, index, value, rows, null);
    }

    private Dataset(String name, int size, int dimension, int numClasses, double[] labels, double[] dense, float[] dense32,
            int[] rowStart, int[] index, double[] value, int[] rows, int[] exampleAt) {
        this.exampleAt = exampleAt;
        this.dense32 = dense32;
        this.name = name;
        this.size = size;
        this.dimension = dimension;
        this.numClasses = numClasses;
        this.labels = labels;
        this.dense = dense;
        this.rowStart = rowStart;
        this.index = index;
        this.value = value;
        this.rows = rows;
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
        return new Dataset(name, labels.length, dimension, numClasses, labels.clone(), features.clone(), null, null, null,
                null);
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
                index.clone(), value.clone(), null);
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

    /** How the dense features are stored (float64 for a sparse data set). */
    public Precision precision() {
        return dense32 != null ? Precision.FLOAT32 : Precision.FLOAT64;
    }

    /**
     * This data set with its dense features stored in {@code precision} (itself when they already
     * are): to float32 every feature is rounded to the nearest float, halving the features'
     * bytes, and from then on the data set computes what the float64 data set of the rounded
     * features computes, bit for bit (see the class comment); back to float64 widens exactly.
     * Views and {@linkplain #grouped grouped} sets keep their row maps over a converted copy of
     * the whole storage they share, so convert the data set before taking views of it.
     *
     * @throws IllegalArgumentException for float32 of a sparse data set (its values are kept as double)
     */
    public Dataset withPrecision(Precision precision) {
        if (precision == precision()) {
            return this;
        }
        if (isSparse()) {
            throw new IllegalArgumentException(name + " is sparse (compressed rows): float32 storage is for dense features");
        }
        if (precision == Precision.FLOAT32) {
            float[] f = new float[dense.length];
            for (int k = 0; k < f.length; k++) {
                f[k] = (float) dense[k];
            }
            return new Dataset(name, size, dimension, numClasses, labels, null, f, null, null, null, rows, exampleAt);
        }
        double[] f = new double[dense32.length];
        for (int k = 0; k < f.length; k++) {
            f[k] = dense32[k];
        }
        return new Dataset(name, size, dimension, numClasses, labels, f, null, null, null, null, rows, exampleAt);
    }

    /** Whether the features are stored densely (as double or float). */
    private boolean isDense() {
        return dense != null || dense32 != null;
    }

    /** Dense feature at storage position p, widened to double when stored as float (non-hot paths). */
    private double feature(int p) {
        return dense32 != null ? dense32[p] : dense[p];
    }

    /** A copy of {@code count} values of the dense storage from position {@code from}, in this data set's precision, into {@code to} at {@code at}. */
    private void copyStorage(int from, Object to, int at, int count) {
        System.arraycopy(dense32 != null ? dense32 : dense, from, to, at, count);
    }

    /** New dense storage of {@code length} values in this data set's precision. */
    private Object newStorage(int length) {
        return dense32 != null ? new float[length] : new double[length];
    }

    /** A compact data set over dense storage {@code storage} (a double[] or float[] from {@link #newStorage}). */
    private Dataset denseOf(String newName, int n, double[] y, Object storage, int[] map, int[] inverse) {
        return new Dataset(newName, n, dimension, numClasses, y, storage instanceof double[] d ? d : null,
                storage instanceof float[] f ? f : null, null, null, null, map, inverse);
    }
    /**
     * A SHA-256 digest (hex, first 16 bytes) of the examples as loaded: size, dimension, classes,
     * labels and features (dense or sparse), in order. Two members of a cluster that read "the
     * same" relative data path compare it to find out that their files differ. O(size x
     * dimension) once; the name is not included (it may name a machine-specific path). A view
     * digests its own rows in its own order, so it has the digest of its compact copy.
     */
    public String fingerprint() {
        java.security.MessageDigest md;
        try {
            md = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1 << 16);
        // 1: dense double, 2: dense float (the same features in another precision are other data).
        b.putInt(size).putInt(dimension).putInt(numClasses).put((byte) (dense != null ? 1 : dense32 != null ? 2 : 0));
        b = digestDoubles(md, b, labels, 0, labels.length);
        if (dense != null) {
            for (int i = 0; i < size; i++) {
                int base = at(i) * dimension;
                b = digestDoubles(md, b, dense, base, base + dimension);
            }
        } else if (dense32 != null) {
            for (int i = 0; i < size; i++) {
                int base = at(i) * dimension;
                for (int k = base; k < base + dimension; k++) {
                    if (b.remaining() < Float.BYTES) {
                        b = flush(md, b);
                    }
                    b.putInt(Float.floatToIntBits(dense32[k]));
                }
            }
        } else {
            for (int i = 0; i < size; i++) {
                int r = at(i);
                b = digestDoubles(md, b, value, rowStart[r], rowStart[r + 1]);
            }
            // The compressed-row starts of the examples in this order (those of the compact copy).
            int start = 0;
            b = digestInt(md, b, start);
            for (int i = 0; i < size; i++) {
                int r = at(i);
                start += rowStart[r + 1] - rowStart[r];
                b = digestInt(md, b, start);
            }
            for (int i = 0; i < size; i++) {
                int r = at(i);
                for (int k = rowStart[r]; k < rowStart[r + 1]; k++) {
                    b = digestInt(md, b, index[k]);
                }
            }
        }
        flush(md, b);
        return java.util.HexFormat.of().formatHex(md.digest(), 0, 16);
    }

    private static java.nio.ByteBuffer digestDoubles(java.security.MessageDigest md, java.nio.ByteBuffer b, double[] a,
            int from, int to) {
        for (int k = from; k < to; k++) {
            if (b.remaining() < Double.BYTES) {
                b = flush(md, b);
            }
            b.putLong(Double.doubleToLongBits(a[k]));
        }
        return b;
    }

    private static java.nio.ByteBuffer digestInt(java.security.MessageDigest md, java.nio.ByteBuffer b, int v) {
        if (b.remaining() < Integer.BYTES) {
            b = flush(md, b);
        }
        return b.putInt(v);
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
        return !isDense();
    }

    /** Class index of example i (classification only). */
    public int label(int i) {
        return (int) labels[i];
    }

    /** Real target of example i (the class index as a double for classification). */
    public double target(int i) {
        return labels[i];
    }

    /** The storage row of example i. */
    private int at(int i) {
        return rows == null ? i : rows[i];
    }

    /** The storage row of example {@code rowIndices[from + k]}, or of example {@code from + k} when rowIndices is null. */
    private int at(int[] rowIndices, int from, int k) {
        return at(rowIndices == null ? from + k : rowIndices[from + k]);
    }

    /** {@code x_i . w[offset .. offset + dimension)}. */
    public double dot(int i, double[] w, int offset) {
        int r = at(i);
        if (!isDense()) {
            return sparseDot(r, w, offset);
        }
        checkDense(w, offset, 1);
        return denseDot(r * dimension, w, offset);
    }

    /*
     * The dense loops run their index over the weights (or the gradient) and shift the rows'
     * offsets instead, {@code x[(base - o) + j] * w[j]} for j = o..o+d-1: the same products in
     * the same order as {@code x[base + j] * w[o + j]} for j = 0..d-1, but C2 (JDK 17) vectorizes
     * the loads and multiplications only when one of the arrays is indexed by the bare loop
     * index (KernelBench: 8 rows' dots took 1.66 us with w[o + j], 0.91 us shifted). The
     * additions stay scalar and in order.
     */

    /**
     * Dense loops read or write all of {@code v[offset .. offset + dimension)}: refused up
     * front (as the loops would refuse it), so that their shifted indices never overflow.
     */
    private void checkDense(double[] v, int offset, int count) {
        if (count > 0) {
            java.util.Objects.checkFromIndexSize(offset, dimension, v.length);
        }
    }

    private double denseDot(int base, double[] w, int offset) {
        int q = base - offset;
        int end = offset + dimension;
        double s = 0;
        if (dense32 != null) {
            // The float twin: the feature widened to double (exact), then as below.
            float[] x = dense32;
            for (int j = offset; j < end; j++) {
                s += x[q + j] * w[j];
            }
            return s;
        }
        double[] x = dense;
        for (int j = offset; j < end; j++) {
            s += x[q + j] * w[j];
        }
        return s;
    }

    private double sparseDot(int r, double[] w, int offset) {
        double s = 0;
        for (int k = rowStart[r]; k < rowStart[r + 1]; k++) {
            s += value[k] * w[offset + index[k]];
        }
        return s;
    }

    /**
     * {@code out[outOffset + k] = dot(rowIndices[from + k], w, wOffset)} for
     * {@code k = 0..count-1}: the scores of a minibatch, bit for bit those of {@link #dot}.
     * Dense rows are taken {@link #GATHER} entries of {@code rowIndices} at a time.
     */
    public void dots(int[] rowIndices, int from, int count, double[] w, int wOffset, double[] out, int outOffset) {
        java.util.Objects.checkFromIndexSize(from, count, rowIndices.length);
        if (!isDense()) {
            for (int k = 0; k < count; k++) {
                out[outOffset + k] = sparseDot(at(rowIndices[from + k]), w, wOffset);
            }
            return;
        }
        checkDense(w, wOffset, count);
        int d = dimension;
        int k = 0;
        for (; k + MINIBATCH_GATHER <= count; k += MINIBATCH_GATHER) {
            dense16(rowIndices, from + k, w, wOffset, out, outOffset + k);
        }
        if (GATHER == 8) {
            for (; k + 8 <= count; k += 8) {
                int i = from + k;
                dense8(at(rowIndices[i]) * d, at(rowIndices[i + 1]) * d, at(rowIndices[i + 2]) * d,
                        at(rowIndices[i + 3]) * d, at(rowIndices[i + 4]) * d, at(rowIndices[i + 5]) * d,
                        at(rowIndices[i + 6]) * d, at(rowIndices[i + 7]) * d, w, wOffset, out, outOffset + k, 1);
            }
        }
        for (; k + 4 <= count; k += 4) {
            int i = from + k;
            dense4(at(rowIndices[i]) * d, at(rowIndices[i + 1]) * d, at(rowIndices[i + 2]) * d,
                    at(rowIndices[i + 3]) * d, w, wOffset, out, outOffset + k, 1);
        }
        for (; k < count; k++) {
            out[outOffset + k] = denseDot(at(rowIndices[from + k]) * d, w, wOffset);
        }
    }

    /**
     * {@code out[outOffset + k] = dot(first + k, w, wOffset)} for {@code k = 0..count-1}: the
     * scores of consecutive examples (a pass over the data), bit for bit those of {@link #dot}.
     * Dense rows are taken in {@link #STRIPES} (a view: {@link #GATHER}) stripes of
     * {@code count / stripes} consecutive examples advanced side by side (example
     * {@code first + k + t * stripe} of stripe t), so that each interleaved load reads a long
     * sequential stream of compact storage.
     */
    public void dotsOfRange(int first, int count, double[] w, int wOffset, double[] out, int outOffset) {
        java.util.Objects.checkFromIndexSize(first, count, size);
        if (!isDense()) {
            for (int k = 0; k < count; k++) {
                out[outOffset + k] = sparseDot(at(first + k), w, wOffset);
            }
            return;
        }
        checkDense(w, wOffset, count);
        if (rows == null) {
            storageDots(first, count, w, wOffset, out, outOffset);
            return;
        }
        int d = dimension;
        int stripe = count / GATHER;
        for (int k = 0; k < stripe; k++) {
            int i = first + k;
            if (GATHER == 8) {
                dense8(at(i) * d, at(i + stripe) * d, at(i + 2 * stripe) * d, at(i + 3 * stripe) * d,
                        at(i + 4 * stripe) * d, at(i + 5 * stripe) * d, at(i + 6 * stripe) * d, at(i + 7 * stripe) * d,
                        w, wOffset, out, outOffset + k, stripe);
            } else {
                dense4(at(i) * d, at(i + stripe) * d, at(i + 2 * stripe) * d, at(i + 3 * stripe) * d, w, wOffset, out,
                        outOffset + k, stripe);
            }
        }
        for (int k = stripe * GATHER; k < count; k++) {
            out[outOffset + k] = denseDot(at(first + k) * d, w, wOffset);
        }
    }

    /**
     * {@link #dotsOfRange} for two weight vectors in one read of the rows: {@code out[outOffset + k]
     * = dot(first + k, w, offset)} and {@code outV[outOffset + k] = dot(first + k, v, offset)},
     * each bit for bit that of {@link #dot} (every row's sum in its own order, as in every
     * kernel). For an evaluation that scores a node's shard with the node's model and with x̄: the
     * rows come from memory once instead of twice (issue 11: a 1,024 x 500 pass took 33 ms
     * against 51 ms for the two passes, {@code simulator/BENCHMARKS.md}). Float and sparse storage
     * take the two passes.
     */
    public void dotsOfRange(int first, int count, double[] w, double[] v, int offset, double[] out, double[] outV, int outOffset) {
        java.util.Objects.checkFromIndexSize(first, count, size);
        if (!isDense() || dense32 != null) {
            dotsOfRange(first, count, w, offset, out, outOffset);
            dotsOfRange(first, count, v, offset, outV, outOffset);
            return;
        }
        checkDense(w, offset, count);
        checkDense(v, offset, count);
        java.util.Objects.checkFromIndexSize(outOffset, count, out.length);
        java.util.Objects.checkFromIndexSize(outOffset, count, outV.length);
        int d = dimension;
        int stripe = count / 8;
        for (int k = 0; k < stripe; k++) {
            int i = first + k;
            dense8Pair(at(i) * d, at(i + stripe) * d, at(i + 2 * stripe) * d, at(i + 3 * stripe) * d,
                    at(i + 4 * stripe) * d, at(i + 5 * stripe) * d, at(i + 6 * stripe) * d, at(i + 7 * stripe) * d,
                    w, v, offset, out, outV, outOffset + k, stripe);
        }
        for (int k = stripe * 8; k < count; k++) {
            out[outOffset + k] = denseDot(at(first + k) * d, w, offset);
            outV[outOffset + k] = denseDot(at(first + k) * d, v, offset);
        }
    }

    /**
     * The dots of storage rows {@code first .. first + count - 1} into {@code out[outOffset + k]},
     * in {@link #STRIPES} stripes of consecutive rows advanced side by side: a pass over the
     * dense storage as it lies (compact data, or a grouped set in its storage order).
     */
    private void storageDots(int first, int count, double[] w, int wOffset, double[] out, int outOffset) {
        int d = dimension;
        int stripe = count / STRIPES;
        int s = stripe * d;
        for (int k = 0; k < stripe; k++) {
            int p = (first + k) * d;
            if (STRIPES == 8) {
                dense8(p, p + s, p + 2 * s, p + 3 * s, p + 4 * s, p + 5 * s, p + 6 * s, p + 7 * s, w, wOffset, out,
                        outOffset + k, stripe);
            } else {
                dense4(p, p + s, p + 2 * s, p + 3 * s, w, wOffset, out, outOffset + k, stripe);
            }
        }
        for (int k = stripe * STRIPES; k < count; k++) {
            out[outOffset + k] = denseDot((first + k) * d, w, wOffset);
        }
    }

    /**
     * {@code out[outOffset + t] = dot(i, w, wOffset + t * wStride)} for {@code t = 0..count-1}:
     * one example against several weight vectors (the class scores of a softmax), bit for bit
     * those of {@link #dot}; dense rows take four weight vectors side by side.
     */
    public void dotsOfRow(int i, double[] w, int wOffset, int wStride, int count, double[] out, int outOffset) {
        int r = at(i);
        int t = 0;
        if (isDense()) {
            if (count > 0) {
                long last = wOffset + (long) (count - 1) * wStride;
                if (wOffset < 0 || wStride < 0 || last + dimension > w.length) {
                    throw new IndexOutOfBoundsException("weights " + wOffset + " + t * " + wStride + " (t < " + count
                            + ") of length " + dimension + " outside an array of length " + w.length);
                }
            }
            int base = r * dimension;
            double[] x = dense;
            float[] x32 = dense32;
            int end = base + dimension;
            for (; t + 4 <= count; t += 4) {
                // Indexed by the row's position (see denseDot): w[o_t + (j - base)].
                int o0 = wOffset + t * wStride - base;
                int o1 = o0 + wStride;
                int o2 = o1 + wStride;
                int o3 = o2 + wStride;
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                if (x32 != null) {
                    for (int j = base; j < end; j++) {
                        double xj = x32[j];
                        s0 += xj * w[o0 + j];
                        s1 += xj * w[o1 + j];
                        s2 += xj * w[o2 + j];
                        s3 += xj * w[o3 + j];
                    }
                } else {
                    for (int j = base; j < end; j++) {
                        double xj = x[j];
                        s0 += xj * w[o0 + j];
                        s1 += xj * w[o1 + j];
                        s2 += xj * w[o2 + j];
                        s3 += xj * w[o3 + j];
                    }
                }
                out[outOffset + t] = s0;
                out[outOffset + t + 1] = s1;
                out[outOffset + t + 2] = s2;
                out[outOffset + t + 3] = s3;
            }
            for (; t < count; t++) {
                out[outOffset + t] = denseDot(base, w, wOffset + t * wStride);
            }
        } else {
            for (; t < count; t++) {
                out[outOffset + t] = sparseDot(r, w, wOffset + t * wStride);
            }
        }
    }

    /**
     * Four rows' dot products side by side, each summed exactly as {@link #denseDot}, into
     * {@code out[at + t * step]}.
     */
    private void dense4(int p0, int p1, int p2, int p3, double[] w, int o, double[] out, int at, int step) {
        if (dense32 != null) {
            dense4Float(p0, p1, p2, p3, w, o, out, at, step);
            return;
        }
        double[] x = dense;
        int q0 = p0 - o;
        int q1 = p1 - o;
        int q2 = p2 - o;
        int q3 = p3 - o;
        int end = o + dimension;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        for (int j = o; j < end; j++) {
            double wj = w[j];
            s0 += x[q0 + j] * wj;
            s1 += x[q1 + j] * wj;
            s2 += x[q2 + j] * wj;
            s3 += x[q3 + j] * wj;
        }
        out[at] = s0;
        out[at + step] = s1;
        out[at + 2 * step] = s2;
        out[at + 3 * step] = s3;
    }

    /** {@link #dense4} on float storage: each feature widened to double, then the same sums. */
    private void dense4Float(int p0, int p1, int p2, int p3, double[] w, int o, double[] out, int at, int step) {
        float[] x = dense32;
        int q0 = p0 - o;
        int q1 = p1 - o;
        int q2 = p2 - o;
        int q3 = p3 - o;
        int end = o + dimension;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        for (int j = o; j < end; j++) {
            double wj = w[j];
            s0 += x[q0 + j] * wj;
            s1 += x[q1 + j] * wj;
            s2 += x[q2 + j] * wj;
            s3 += x[q3 + j] * wj;
        }
        out[at] = s0;
        out[at + step] = s1;
        out[at + 2 * step] = s2;
        out[at + 3 * step] = s3;
    }

    /**
     * Sixteen minibatch rows' dot products side by side ({@link #MINIBATCH_GATHER}), rows
     * {@code rowIndices[from .. from + 16)} into {@code out[at .. at + 16)}, each summed exactly
     * as {@link #denseDot} (the order of one row's additions is its own; rows side by side only
     * interleave independent sums).
     */
    private void dense16(int[] rowIndices, int from, double[] w, int o, double[] out, int at) {
        if (dense32 != null) {
            dense16Float(rowIndices, from, w, o, out, at);
        } else {
            dense16Double(rowIndices, from, w, o, out, at);
        }
    }

    private void dense16Double(int[] rowIndices, int from, double[] w, int o, double[] out, int at) {
        double[] x = dense;
        int d = dimension;
        int q0 = at(rowIndices[from]) * d - o;
        int q1 = at(rowIndices[from + 1]) * d - o;
        int q2 = at(rowIndices[from + 2]) * d - o;
        int q3 = at(rowIndices[from + 3]) * d - o;
        int q4 = at(rowIndices[from + 4]) * d - o;
        int q5 = at(rowIndices[from + 5]) * d - o;
        int q6 = at(rowIndices[from + 6]) * d - o;
        int q7 = at(rowIndices[from + 7]) * d - o;
        int q8 = at(rowIndices[from + 8]) * d - o;
        int q9 = at(rowIndices[from + 9]) * d - o;
        int q10 = at(rowIndices[from + 10]) * d - o;
        int q11 = at(rowIndices[from + 11]) * d - o;
        int q12 = at(rowIndices[from + 12]) * d - o;
        int q13 = at(rowIndices[from + 13]) * d - o;
        int q14 = at(rowIndices[from + 14]) * d - o;
        int q15 = at(rowIndices[from + 15]) * d - o;
        int end = o + d;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double s5 = 0;
        double s6 = 0;
        double s7 = 0;
        double s8 = 0;
        double s9 = 0;
        double s10 = 0;
        double s11 = 0;
        double s12 = 0;
        double s13 = 0;
        double s14 = 0;
        double s15 = 0;
        for (int j = o; j < end; j++) {
            double wj = w[j];
            s0 += x[q0 + j] * wj;
            s1 += x[q1 + j] * wj;
            s2 += x[q2 + j] * wj;
            s3 += x[q3 + j] * wj;
            s4 += x[q4 + j] * wj;
            s5 += x[q5 + j] * wj;
            s6 += x[q6 + j] * wj;
            s7 += x[q7 + j] * wj;
            s8 += x[q8 + j] * wj;
            s9 += x[q9 + j] * wj;
            s10 += x[q10 + j] * wj;
            s11 += x[q11 + j] * wj;
            s12 += x[q12 + j] * wj;
            s13 += x[q13 + j] * wj;
            s14 += x[q14 + j] * wj;
            s15 += x[q15 + j] * wj;
        }
        out[at] = s0;
        out[at + 1] = s1;
        out[at + 2] = s2;
        out[at + 3] = s3;
        out[at + 4] = s4;
        out[at + 5] = s5;
        out[at + 6] = s6;
        out[at + 7] = s7;
        out[at + 8] = s8;
        out[at + 9] = s9;
        out[at + 10] = s10;
        out[at + 11] = s11;
        out[at + 12] = s12;
        out[at + 13] = s13;
        out[at + 14] = s14;
        out[at + 15] = s15;
    }

    /** {@link #dense16Double} on float storage: each feature widened to double, then the same sums. */
    private void dense16Float(int[] rowIndices, int from, double[] w, int o, double[] out, int at) {
        float[] x = dense32;
        int d = dimension;
        int q0 = at(rowIndices[from]) * d - o;
        int q1 = at(rowIndices[from + 1]) * d - o;
        int q2 = at(rowIndices[from + 2]) * d - o;
        int q3 = at(rowIndices[from + 3]) * d - o;
        int q4 = at(rowIndices[from + 4]) * d - o;
        int q5 = at(rowIndices[from + 5]) * d - o;
        int q6 = at(rowIndices[from + 6]) * d - o;
        int q7 = at(rowIndices[from + 7]) * d - o;
        int q8 = at(rowIndices[from + 8]) * d - o;
        int q9 = at(rowIndices[from + 9]) * d - o;
        int q10 = at(rowIndices[from + 10]) * d - o;
        int q11 = at(rowIndices[from + 11]) * d - o;
        int q12 = at(rowIndices[from + 12]) * d - o;
        int q13 = at(rowIndices[from + 13]) * d - o;
        int q14 = at(rowIndices[from + 14]) * d - o;
        int q15 = at(rowIndices[from + 15]) * d - o;
        int end = o + d;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double s5 = 0;
        double s6 = 0;
        double s7 = 0;
        double s8 = 0;
        double s9 = 0;
        double s10 = 0;
        double s11 = 0;
        double s12 = 0;
        double s13 = 0;
        double s14 = 0;
        double s15 = 0;
        for (int j = o; j < end; j++) {
            double wj = w[j];
            s0 += x[q0 + j] * wj;
            s1 += x[q1 + j] * wj;
            s2 += x[q2 + j] * wj;
            s3 += x[q3 + j] * wj;
            s4 += x[q4 + j] * wj;
            s5 += x[q5 + j] * wj;
            s6 += x[q6 + j] * wj;
            s7 += x[q7 + j] * wj;
            s8 += x[q8 + j] * wj;
            s9 += x[q9 + j] * wj;
            s10 += x[q10 + j] * wj;
            s11 += x[q11 + j] * wj;
            s12 += x[q12 + j] * wj;
            s13 += x[q13 + j] * wj;
            s14 += x[q14 + j] * wj;
            s15 += x[q15 + j] * wj;
        }
        out[at] = s0;
        out[at + 1] = s1;
        out[at + 2] = s2;
        out[at + 3] = s3;
        out[at + 4] = s4;
        out[at + 5] = s5;
        out[at + 6] = s6;
        out[at + 7] = s7;
        out[at + 8] = s8;
        out[at + 9] = s9;
        out[at + 10] = s10;
        out[at + 11] = s11;
        out[at + 12] = s12;
        out[at + 13] = s13;
        out[at + 14] = s14;
        out[at + 15] = s15;
    }

    /**
     * Eight rows' dot products side by side, each summed exactly as {@link #denseDot}, into
     * {@code out[at + t * step]}.
     */
    private void dense8(int p0, int p1, int p2, int p3, int p4, int p5, int p6, int p7, double[] w, int o, double[] out,
            int at, int step) {
        if (dense32 != null) {
            dense8Float(p0, p1, p2, p3, p4, p5, p6, p7, w, o, out, at, step);
            return;
        }
        double[] x = dense;
        int q0 = p0 - o;
        int q1 = p1 - o;
        int q2 = p2 - o;
        int q3 = p3 - o;
        int q4 = p4 - o;
        int q5 = p5 - o;
        int q6 = p6 - o;
        int q7 = p7 - o;
        int end = o + dimension;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double s5 = 0;
        double s6 = 0;
        double s7 = 0;
        for (int j = o; j < end; j++) {
            double wj = w[j];
            s0 += x[q0 + j] * wj;
            s1 += x[q1 + j] * wj;
            s2 += x[q2 + j] * wj;
            s3 += x[q3 + j] * wj;
            s4 += x[q4 + j] * wj;
            s5 += x[q5 + j] * wj;
            s6 += x[q6 + j] * wj;
            s7 += x[q7 + j] * wj;
        }
        out[at] = s0;
        out[at + step] = s1;
        out[at + 2 * step] = s2;
        out[at + 3 * step] = s3;
        out[at + 4 * step] = s4;
        out[at + 5 * step] = s5;
        out[at + 6 * step] = s6;
        out[at + 7 * step] = s7;
    }

    /**
     * {@link #dense8} for two weight vectors w and v (at the same offset) on double storage:
     * each row's two sums, each in its own order, into {@code out} and {@code outV}.
     */
    private void dense8Pair(int p0, int p1, int p2, int p3, int p4, int p5, int p6, int p7, double[] w, double[] v, int o,
            double[] out, double[] outV, int at, int step) {
        double[] x = dense;
        int q0 = p0 - o;
        int q1 = p1 - o;
        int q2 = p2 - o;
        int q3 = p3 - o;
        int q4 = p4 - o;
        int q5 = p5 - o;
        int q6 = p6 - o;
        int q7 = p7 - o;
        int end = o + dimension;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double s5 = 0;
        double s6 = 0;
        double s7 = 0;
        double t0 = 0;
        double t1 = 0;
        double t2 = 0;
        double t3 = 0;
        double t4 = 0;
        double t5 = 0;
        double t6 = 0;
        double t7 = 0;
        for (int j = o; j < end; j++) {
            double wj = w[j];
            double vj = v[j];
            double x0 = x[q0 + j];
            double x1 = x[q1 + j];
            double x2 = x[q2 + j];
            double x3 = x[q3 + j];
            double x4 = x[q4 + j];
            double x5 = x[q5 + j];
            double x6 = x[q6 + j];
            double x7 = x[q7 + j];
            s0 += x0 * wj;
            s1 += x1 * wj;
            s2 += x2 * wj;
            s3 += x3 * wj;
            s4 += x4 * wj;
            s5 += x5 * wj;
            s6 += x6 * wj;
            s7 += x7 * wj;
            t0 += x0 * vj;
            t1 += x1 * vj;
            t2 += x2 * vj;
            t3 += x3 * vj;
            t4 += x4 * vj;
            t5 += x5 * vj;
            t6 += x6 * vj;
            t7 += x7 * vj;
        }
        out[at] = s0;
        out[at + step] = s1;
        out[at + 2 * step] = s2;
        out[at + 3 * step] = s3;
        out[at + 4 * step] = s4;
        out[at + 5 * step] = s5;
        out[at + 6 * step] = s6;
        out[at + 7 * step] = s7;
        outV[at] = t0;
        outV[at + step] = t1;
        outV[at + 2 * step] = t2;
        outV[at + 3 * step] = t3;
        outV[at + 4 * step] = t4;
        outV[at + 5 * step] = t5;
        outV[at + 6 * step] = t6;
        outV[at + 7 * step] = t7;
    }

    /** {@link #dense8} on float storage: each feature widened to double, then the same sums. */
    private void dense8Float(int p0, int p1, int p2, int p3, int p4, int p5, int p6, int p7, double[] w, int o,
            double[] out, int at, int step) {
        float[] x = dense32;
        int q0 = p0 - o;
        int q1 = p1 - o;
        int q2 = p2 - o;
        int q3 = p3 - o;
        int q4 = p4 - o;
        int q5 = p5 - o;
        int q6 = p6 - o;
        int q7 = p7 - o;
        int end = o + dimension;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double s5 = 0;
        double s6 = 0;
        double s7 = 0;
        for (int j = o; j < end; j++) {
            double wj = w[j];
            s0 += x[q0 + j] * wj;
            s1 += x[q1 + j] * wj;
            s2 += x[q2 + j] * wj;
            s3 += x[q3 + j] * wj;
            s4 += x[q4 + j] * wj;
            s5 += x[q5 + j] * wj;
            s6 += x[q6 + j] * wj;
            s7 += x[q7 + j] * wj;
        }
        out[at] = s0;
        out[at + step] = s1;
        out[at + 2 * step] = s2;
        out[at + 3 * step] = s3;
        out[at + 4 * step] = s4;
        out[at + 5 * step] = s5;
        out[at + 6 * step] = s6;
        out[at + 7 * step] = s7;
    }

    /** {@code g[offset .. offset + dimension) += a * x_i}. */
    public void addScaledRow(int i, double a, double[] g, int offset) {
        int r = at(i);
        if (isDense()) {
            checkDense(g, offset, 1);
            denseAxpy(r * dimension, a, g, offset);
        } else {
            for (int k = rowStart[r]; k < rowStart[r + 1]; k++) {
                g[offset + index[k]] += a * value[k];
            }
        }
    }

    /**
     * {@code addScaledRow(rowIndices[from + k], a[aOffset + k], g, gOffset)} for
     * {@code k = 0..count-1} in that order: the gradient of a minibatch, bit for bit.
     */
    public void addScaledRows(int[] rowIndices, int from, int count, double[] a, int aOffset, double[] g, int gOffset) {
        java.util.Objects.checkFromIndexSize(from, count, rowIndices.length);
        manyAxpys(rowIndices, from, count, a, aOffset, g, gOffset);
    }

    /**
     * {@code addScaledRow(first + k, a[aOffset + k], g, gOffset)} for {@code k = 0..count-1}
     * in that order: the gradient of a pass over the data, bit for bit.
     */
    public void addScaledRange(int first, int count, double[] a, int aOffset, double[] g, int gOffset) {
        java.util.Objects.checkFromIndexSize(first, count, size);
        manyAxpys(null, first, count, a, aOffset, g, gOffset);
    }

    /**
     * Dense rows four at a time: {@code g_j = (((g_j + a_0 x_0j) + a_1 x_1j) + a_2 x_2j) + a_3 x_3j}
     * is what four {@link #addScaledRow} calls leave in {@code g_j} (each entry sees the same
     * additions in the same order), with one load and store of g instead of four. Four rows that
     * are consecutive in storage are added one by one instead: a pass over compact storage is
     * one long sequential stream, which the hardware prefetcher follows (KernelBench: adding
     * four adjacent rows at once was 3x slower out of cache, while four scattered rows at once
     * were 1.8x faster).
     */
    private void manyAxpys(int[] rowIndices, int from, int count, double[] a, int aOffset, double[] g, int gOffset) {
        int k = 0;
        if (isDense()) {
            checkDense(g, gOffset, count);
            double[] x = dense;
            float[] x32 = dense32;
            int d = dimension;
            for (; k + 4 <= count; k += 4) {
                int p0 = at(rowIndices, from, k) * d;
                int p1 = at(rowIndices, from, k + 1) * d;
                int p2 = at(rowIndices, from, k + 2) * d;
                int p3 = at(rowIndices, from, k + 3) * d;
                double a0 = a[aOffset + k];
                double a1 = a[aOffset + k + 1];
                double a2 = a[aOffset + k + 2];
                double a3 = a[aOffset + k + 3];
                if (p1 == p0 + d && p2 == p1 + d && p3 == p2 + d) {
                    denseAxpy(p0, a0, g, gOffset);
                    denseAxpy(p1, a1, g, gOffset);
                    denseAxpy(p2, a2, g, gOffset);
                    denseAxpy(p3, a3, g, gOffset);
                    continue;
                }
                int q0 = p0 - gOffset;
                int q1 = p1 - gOffset;
                int q2 = p2 - gOffset;
                int q3 = p3 - gOffset;
                int end = gOffset + d;
                if (x32 != null) {
                    // The float twin: each feature widened to double, the same additions.
                    for (int j = gOffset; j < end; j++) {
                        g[j] = g[j] + a0 * x32[q0 + j] + a1 * x32[q1 + j] + a2 * x32[q2 + j] + a3 * x32[q3 + j];
                    }
                    continue;
                }
                for (int j = gOffset; j < end; j++) {
                    g[j] = g[j] + a0 * x[q0 + j] + a1 * x[q1 + j] + a2 * x[q2 + j] + a3 * x[q3 + j];
                }
            }
        }
        for (; k < count; k++) {
            addScaledRow(rowIndices == null ? from + k : rowIndices[from + k], a[aOffset + k], g, gOffset);
        }
    }

    private void denseAxpy(int base, double a, double[] g, int offset) {
        int q = base - offset;
        int end = offset + dimension;
        if (dense32 != null) {
            float[] x = dense32;
            for (int j = offset; j < end; j++) {
                g[j] += a * x[q + j];
            }
            return;
        }
        double[] x = dense;
        for (int j = offset; j < end; j++) {
            g[j] += a * x[q + j];
        }
    }

    /** Writes the dense features of example i into {@code out[offset .. offset + dimension)}. */
    public void copyRow(int i, double[] out, int offset) {
        int r = at(i);
        if (dense32 != null) {
            int base = r * dimension;
            for (int j = 0; j < dimension; j++) {
                out[offset + j] = dense32[base + j];
            }
        } else if (dense != null) {
            System.arraycopy(dense, r * dimension, out, offset, dimension);
        } else {
            Arrays.fill(out, offset, offset + dimension, 0.0);
            for (int k = rowStart[r]; k < rowStart[r + 1]; k++) {
                out[offset + index[k]] = value[k];
            }
        }
    }

    /**
     * The examples at {@code indices}, in that order, sharing this data set's storage: only the
     * row map and the labels are new, no feature is copied, and the view keeps the storage
     * alive. What a node's shard is: the features of a partitioned data set are held once. It
     * computes exactly what {@link #subset} of the same indices computes.
     */
    public Dataset view(String viewName, int[] indices) {
        int[] map = new int[indices.length];
        double[] y = new double[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = java.util.Objects.checkIndex(indices[k], size);
            map[k] = at(i);
            y[k] = labels[i];
        }
        return new Dataset(viewName, indices.length, dimension, numClasses, y, dense, dense32, rowStart, index, value, map, null);
    }

    /**
     * The same examples in the same order (labels, {@link #fingerprint} and every computed bit
     * unchanged) with the features re-stored so that the examples of each group are consecutive
     * rows, in group order: what a partitioned training set becomes, so that a node's shard (a
     * {@link #view} of its group) is one contiguous region instead of rows scattered over all of
     * the storage. A minibatch gather then touches one small region, and a pass over a shard is a
     * sequential stream (issue 11: at 1,024 nodes x 500 IID rows of d = 100, the local losses'
     * pass over scattered rows took ~5x the time of a pass over compact storage). Passes over the
     * whole set in example order become gathers, except {@link #dotsOfAll}, which reads the
     * storage front to back. The groups must hold every example exactly once. A sparse data set
     * or a view is returned as it is. Copies the features once; drop the original to free it.
     */
    public Dataset grouped(int[][] groups) {
        if (!isDense() || rows != null) {
            return this;
        }
        int d = dimension;
        int[] map = new int[size];
        Arrays.fill(map, -1);
        int[] order = new int[size];
        Object f = newStorage(size * d);
        int r = 0;
        for (int g = 0; g < groups.length; g++) {
            for (int i : groups[g]) {
                java.util.Objects.checkIndex(i, size);
                if (map[i] >= 0 || r >= size) {
                    throw new IllegalArgumentException(name + ": example " + i + " is in two groups (group " + g + ")");
                }
                map[i] = r;
                order[r] = i;
                copyStorage(i * d, f, r * d, d);
                r++;
            }
        }
        if (r != size) {
            throw new IllegalArgumentException(name + ": the groups hold " + r + " of its " + size + " examples");
        }
        return denseOf(name, size, labels, f, map, order);
    }

    /**
     * Where the examples of {@code part} are in this data set: {@code out[k]} is the index here of
     * {@code part}'s example k, for a {@code part} that is a {@link #view} of this data set (a
     * node's shard of the training set) or of a data set sharing its storage. Null when that
     * cannot be told from the storage: {@code part} reads other storage, or this data set is
     * itself a view that is not {@link #grouped} (a storage row could then be several of its
     * examples, or none). Lets an engine place terms computed on the shards by example of the
     * whole set. O(part.size()).
     */
    public int[] indicesOf(Dataset part) {
        boolean sameStorage = dense != null ? part.dense == dense
                : dense32 != null ? part.dense32 == dense32 : part.value == value && part.index == index;
        if (!sameStorage || rows != null && exampleAt == null) {
            return null;
        }
        int[] out = new int[part.size];
        for (int k = 0; k < part.size; k++) {
            int r = part.at(k);
            int example = exampleAt != null ? exampleAt[r] : r;
            if (example < 0 || example >= size) {
                return null;
            }
            out[k] = example;
        }
        return out;
    }

    /** Whether this data set is {@link #grouped} (its passes in example order are gathers; {@link #dotsOfAll} is not). */
    public boolean isGrouped() {
        return exampleAt != null;
    }

    /**
     * {@code out[outOffset + i] = dot(i, w, wOffset)} for every example i, bit for bit those of
     * {@link #dot}: the scores of a whole pass. A {@link #grouped} data set is read front to back
     * in its storage order (one sequential stream; the scores are placed by example), any other
     * as {@link #dotsOfRange} reads it.
     */
    public void dotsOfAll(double[] w, int wOffset, double[] out, int outOffset) {
        java.util.Objects.checkFromIndexSize(outOffset, size, out.length);
        if (exampleAt == null) {
            dotsOfRange(0, size, w, wOffset, out, outOffset);
            return;
        }
        checkDense(w, wOffset, size);
        double[] byRow = new double[size];
        storageDots(0, size, w, wOffset, byRow, 0);
        for (int r = 0; r < size; r++) {
            out[outOffset + exampleAt[r]] = byRow[r];
        }
    }

    /**
     * A compact copy of the examples at {@code indices}, in that order (a split of loaded data,
     * whose source is then dropped). For a node's shard use {@link #view}, which copies no
     * feature.
     */
    public Dataset subset(String subsetName, int[] indices) {
        double[] y = new double[indices.length];
        for (int k = 0; k < indices.length; k++) {
            y[k] = labels[indices[k]];
        }
        if (isDense()) {
            Object f = newStorage(indices.length * dimension);
            for (int k = 0; k < indices.length; k++) {
                copyStorage(at(indices[k]) * dimension, f, k * dimension, dimension);
            }
            return denseOf(subsetName, indices.length, y, f, null, null);
        }
        int[] start = new int[indices.length + 1];
        for (int k = 0; k < indices.length; k++) {
            int r = at(indices[k]);
            start[k + 1] = start[k] + rowStart[r + 1] - rowStart[r];
        }
        int[] idx = new int[start[indices.length]];
        double[] val = new double[idx.length];
        for (int k = 0; k < indices.length; k++) {
            int r = at(indices[k]);
            int len = rowStart[r + 1] - rowStart[r];
            System.arraycopy(index, rowStart[r], idx, start[k], len);
            System.arraycopy(value, rowStart[r], val, start[k], len);
        }
        return new Dataset(subsetName, indices.length, dimension, numClasses, y, null, start, idx, val, null);
    }

    /** This data set as a compact copy (itself when it is not a view). */
    private Dataset compact() {
        if (rows == null) {
            return this;
        }
        int[] all = new int[size];
        Arrays.setAll(all, i -> i);
        return subset(name, all);
    }

    /**
     * Per-feature mean and population variance over all examples (implicit sparse zeros
     * included): {@code {mean, variance}}, each of length {@code dimension}.
     */
    double[][] columnMoments() {
        double[] sum = new double[dimension];
        double[] sumSq = new double[dimension];
        if (isDense()) {
            for (int i = 0; i < size; i++) {
                int base = at(i) * dimension;
                for (int j = 0; j < dimension; j++) {
                    double v = feature(base + j);
                    sum[j] += v;
                    sumSq[j] += v * v;
                }
            }
        } else {
            for (int i = 0; i < size; i++) {
                int r = at(i);
                for (int k = rowStart[r]; k < rowStart[r + 1]; k++) {
                    sum[index[k]] += value[k];
                    sumSq[index[k]] += value[k] * value[k];
                }
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
     * The copy is compact (a view's rows only).
     */
    Dataset transformColumns(String newName, double[] shift, double[] factor) {
        if (rows != null) {
            return compact().transformColumns(newName, shift, factor);
        }
        if (isDense()) {
            double[] f = new double[size * dimension];
            for (int i = 0; i < size; i++) {
                int base = i * dimension;
                for (int j = 0; j < dimension; j++) {
                    f[base + j] = (feature(base + j) - shift[j]) * factor[j];
                }
            }
            // Transformed in double, stored in this data set's precision.
            return new Dataset(newName, size, dimension, numClasses, labels, f, null, null, null, null)
                    .withPrecision(precision());
        }
        double[] v = new double[value.length];
        for (int k = 0; k < value.length; k++) {
            v[k] = value[k] * factor[index[k]];
        }
        return new Dataset(newName, size, dimension, numClasses, labels, null, rowStart, index, v, null);
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

package io.dlsim.algorithms.linalg;

import java.nio.DoubleBuffer;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Dense products with the same contract as {@link Gemm} ({@code nn}, {@code tn}, {@code nt} on
 * packed row-major slices), computed by the plain-Java {@link Gemm} kernels when the product is
 * small and by nd4j-native (OpenBLAS {@code dgemm}) when {@code m * n * k} (the number of
 * multiply-adds) is at least {@link #threshold()}.
 *
 * <p>The default threshold {@link #DEFAULT_THRESHOLD} comes from the JMH benchmark
 * {@code io.dlsim.algorithms.bench.GemmBench} on the project's 2-core build machine (figures
 * in {@code algorithms/BENCHMARKS.md}): below it the cost of copying operands into native
 * memory and calling BLAS exceeds the gain. The choice depends only on the shape, never on
 * timings taken at run time, so a product is a deterministic function of its operands and the
 * threshold; the two backends sum in different orders, so their results agree only to
 * rounding. OpenBLAS results may differ between CPU kinds: use {@link #javaOnly()} where bits
 * must match across machines.
 *
 * <p>OpenBLAS runs a product on its own thread pool (one thread per core by default). When
 * every core is already busy with simulated nodes, those threads compete with them and nd4j
 * loses most of its advantage below about 10 M multiply-adds (see the benchmark notes); give
 * such runs a higher threshold or {@link #javaOnly()}.
 *
 * <p>An instance keeps native operand buffers per shape (created on first use, then reused, so
 * the steady state allocates no native memory) and is therefore <b>not thread-safe</b>: give
 * every model instance its own.
 */
public final class MatMul {
    /**
     * Multiply-adds ({@code m * n * k}) from which nd4j is used: 2 M. Measured by
     * {@code GemmBench} and {@code ModelBench}: plain Java won or tied up to 0.8 M (the MLP's
     * 784 x 128 layer at batch 8) in every run, nd4j won 3-4x at 3.2 M (the same layer at batch
     * 32) on a quiet machine and at least tied under heavy CPU contention, when OpenBLAS's
     * threads lose most of their advantage.
     */
    public static final long DEFAULT_THRESHOLD = 2_000_000L;

    private final long threshold;
    private final List<Slot> slots = new ArrayList<>();

    /** Products of at least {@code threshold} multiply-adds go to nd4j. */
    public MatMul(long threshold) {
        if (threshold < 0) {
            throw new IllegalArgumentException("gemm threshold: must be >= 0, got " + threshold);
        }
        this.threshold = threshold;
    }

    /** With {@link #DEFAULT_THRESHOLD}. */
    public static MatMul withDefaultThreshold() {
        return new MatMul(DEFAULT_THRESHOLD);
    }

    /** Never uses nd4j (bit-reproducible on any JVM). */
    public static MatMul javaOnly() {
        return new MatMul(Long.MAX_VALUE);
    }

    /** Always uses nd4j (benchmarks and tests). */
    public static MatMul nd4jOnly() {
        return new MatMul(0);
    }

    public long threshold() {
        return threshold;
    }

    /** A fresh instance with the same threshold and no buffers (for another thread). */
    public MatMul copy() {
        return new MatMul(threshold);
    }

    /** True when a product of this shape goes to nd4j. */
    public boolean usesNd4j(int m, int n, int k) {
        return (long) m * n * k >= threshold;
    }

    /** {@code C[m x n] (+)= A[m x k] B[k x n]}; see {@link Gemm#nn}. */
    public void nn(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff,
            boolean accumulate) {
        if (usesNd4j(m, n, k)) {
            nd4j(Op.NN, m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
        } else {
            Gemm.nn(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
        }
    }

    /** {@code C[m x n] (+)= A^T B}, A stored {@code k x m}, B stored {@code k x n}; see {@link Gemm#tn}. */
    public void tn(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff,
            boolean accumulate) {
        if (usesNd4j(m, n, k)) {
            nd4j(Op.TN, m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
        } else {
            Gemm.tn(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
        }
    }

    /** {@code C[m x n] (+)= A B^T}, A stored {@code m x k}, B stored {@code n x k}; see {@link Gemm#nt}. */
    public void nt(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff,
            boolean accumulate) {
        if (usesNd4j(m, n, k)) {
            nd4j(Op.NT, m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
        } else {
            Gemm.nt(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
        }
    }

    private enum Op {
        NN, TN, NT
    }

    /** Native operands for one (op, m, n, k), reused across calls. */
    private static final class Slot {
        final Op op;
        final int m;
        final int n;
        final int k;
        final INDArray a;
        final INDArray b;
        final INDArray c;

        Slot(Op op, int m, int n, int k) {
            this.op = op;
            this.m = m;
            this.n = n;
            this.k = k;
            this.a = op == Op.TN ? Nd4j.create(DataType.DOUBLE, k, m) : Nd4j.create(DataType.DOUBLE, m, k);
            this.b = op == Op.NT ? Nd4j.create(DataType.DOUBLE, n, k) : Nd4j.create(DataType.DOUBLE, k, n);
            this.c = Nd4j.create(DataType.DOUBLE, m, n);
        }
    }

    private Slot slot(Op op, int m, int n, int k) {
        for (int s = 0; s < slots.size(); s++) {
            Slot slot = slots.get(s);
            if (slot.op == op && slot.m == m && slot.n == n && slot.k == k) {
                return slot;
            }
        }
        Slot slot = new Slot(op, m, n, k);
        slots.add(slot);
        return slot;
    }

    private void nd4j(Op op, int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff,
            boolean accumulate) {
        Slot s = slot(op, m, n, k);
        put(s.a, a, aOff, m * k);
        put(s.b, b, bOff, k * n);
        if (accumulate) {
            put(s.c, c, cOff, m * n);
        }
        Nd4j.gemm(s.a, s.b, s.c, op == Op.TN, op == Op.NT, 1.0, accumulate ? 1.0 : 0.0);
        DoubleBuffer out = s.c.data().asNioDouble();
        out.get(c, cOff, m * n);
    }

    private static void put(INDArray target, double[] src, int off, int len) {
        DoubleBuffer buf = target.data().asNioDouble();
        buf.put(src, off, len);
    }
}

package io.dlsim.algorithms.linalg;

/**
 * Plain-Java dense matrix products on packed row-major slices of {@code double[]} arrays:
 * matrix {@code X} of shape {@code r x s} starting at {@code x[xOff]} has entry
 * {@code X[i][j] = x[xOff + i * s + j]}.
 *
 * <p>Three shapes of product, as a minibatch layer needs them ({@code accumulate} false
 * overwrites C, true adds to it):
 * <ul>
 *   <li>{@link #nn}: {@code C[m x n] (+)= A[m x k] B[k x n]} (forward: activations times
 *       weights);</li>
 *   <li>{@link #tn}: {@code C[m x n] (+)= A^T B} with A stored {@code k x m} and B stored
 *       {@code k x n} (weight gradient: activations^T times deltas);</li>
 *   <li>{@link #nt}: {@code C[m x n] (+)= A B^T} with A stored {@code m x k} and B stored
 *       {@code n x k} (back-propagated deltas: deltas times weights^T).</li>
 * </ul>
 *
 * <p>{@link #nn} and {@link #tn} are written as row updates {@code C[i][:] += a * B[p][:]}
 * (which the JIT vectorises) over blocks of four rows of A (nn) or four values of p (tn), and
 * skip a block whose four multipliers {@code a} are all zero (inputs such as MNIST pixels and
 * ReLU activations are largely zero). Every entry is summed over {@code p} in ascending order
 * ({@link #tn} adds the four terms of a block together, then to C); {@link #nt} computes each
 * entry as a dot product in ascending {@code p}, then adds it to C. So a product is a
 * deterministic function of its operands and shape. Skipping zero terms changes a result only
 * in the sign of a zero, or where a skipped zero would have met an infinite or NaN entry of B.
 *
 * <p>Stateless and thread-safe; allocates nothing. Operands must not overlap C.
 */
public final class Gemm {
    private Gemm() {
    }

    /** {@code C[m x n] (+)= A[m x k] B[k x n]}. */
    public static void nn(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff,
            boolean accumulate) {
        if (!accumulate) {
            java.util.Arrays.fill(c, cOff, cOff + m * n, 0.0);
        }
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int a0 = aOff + i * k;
            int a1 = a0 + k;
            int a2 = a1 + k;
            int a3 = a2 + k;
            int c0 = cOff + i * n;
            int c1 = c0 + n;
            int c2 = c1 + n;
            int c3 = c2 + n;
            for (int p = 0; p < k; p++) {
                double x0 = a[a0 + p];
                double x1 = a[a1 + p];
                double x2 = a[a2 + p];
                double x3 = a[a3 + p];
                if (x0 == 0 && x1 == 0 && x2 == 0 && x3 == 0) {
                    continue;
                }
                int bp = bOff + p * n;
                for (int j = 0; j < n; j++) {
                    double y = b[bp + j];
                    c[c0 + j] += x0 * y;
                    c[c1 + j] += x1 * y;
                    c[c2 + j] += x2 * y;
                    c[c3 + j] += x3 * y;
                }
            }
        }
        for (; i < m; i++) {
            int ai = aOff + i * k;
            int ci = cOff + i * n;
            for (int p = 0; p < k; p++) {
                double x = a[ai + p];
                if (x == 0) {
                    continue;
                }
                int bp = bOff + p * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += x * b[bp + j];
                }
            }
        }
    }

    /** {@code C[m x n] (+)= A^T B}, A stored {@code k x m}, B stored {@code k x n}. */
    public static void tn(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff,
            boolean accumulate) {
        if (!accumulate) {
            java.util.Arrays.fill(c, cOff, cOff + m * n, 0.0);
        }
        int p = 0;
        for (; p + 4 <= k; p += 4) {
            int a0 = aOff + p * m;
            int a1 = a0 + m;
            int a2 = a1 + m;
            int a3 = a2 + m;
            int b0 = bOff + p * n;
            int b1 = b0 + n;
            int b2 = b1 + n;
            int b3 = b2 + n;
            for (int i = 0; i < m; i++) {
                double x0 = a[a0 + i];
                double x1 = a[a1 + i];
                double x2 = a[a2 + i];
                double x3 = a[a3 + i];
                if (x0 == 0 && x1 == 0 && x2 == 0 && x3 == 0) {
                    continue;
                }
                int ci = cOff + i * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += x0 * b[b0 + j] + x1 * b[b1 + j] + x2 * b[b2 + j] + x3 * b[b3 + j];
                }
            }
        }
        for (; p < k; p++) {
            int ap = aOff + p * m;
            int bp = bOff + p * n;
            for (int i = 0; i < m; i++) {
                double x = a[ap + i];
                if (x == 0) {
                    continue;
                }
                int ci = cOff + i * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += x * b[bp + j];
                }
            }
        }
    }

    /** {@code C[m x n] (+)= A B^T}, A stored {@code m x k}, B stored {@code n x k}. */
    public static void nt(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff,
            boolean accumulate) {
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * k;
            int ci = cOff + i * n;
            for (int j = 0; j < n; j++) {
                int bj = bOff + j * k;
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += a[ai + p] * b[bj + p];
                }
                c[ci + j] = accumulate ? c[ci + j] + s : s;
            }
        }
    }
}

package io.dlsim.algorithms.bench;

import io.dlsim.algorithms.data.Dataset;
import io.dlsim.algorithms.model.Evaluation;
import io.dlsim.algorithms.model.LogisticRegression;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The dense kernels of the linear models (issue 11), d = 100, dense features: which way of
 * computing many rows' dot products and gradient rows, all bit for bit the same as today's
 * row-by-row loop, is fastest.
 *
 * <p>Kernels ({@code kernel}): {@code serial}, today's loop (one row's dot product, a chain of
 * dependent additions, then the next row; with the weights' offset as in {@code Dataset.dot});
 * {@code rows4}, {@code rows8} and {@code rows16}, four, eight or sixteen rows' sums side by
 * side (each still summed in feature order from 0), with the gradient rows added four at a time
 * per entry of g, indexed as the production loops are (the weights by the bare loop index, see
 * {@code Dataset}); {@code stripes4} and {@code stripes8} (passes over consecutive
 * rows), four or eight stripes of a chunk of 256 rows advanced side by side; {@code model},
 * what the production code does ({@link LogisticRegression} on {@link Dataset} views, whose
 * kernels are among the above).
 *
 * <p>Where the minibatch rows are ({@code where}): {@code shard64}, a 64-row shard (51 KB, in
 * cache); {@code contiguous500} and {@code scattered500}, 32 rows of a random one of 1024 shards
 * of 500 rows of a 512,000-row data set (410 MB, out of cache), stored contiguously (shards in
 * storage order) or scattered over the whole set (an IID partition's shards as row-map views
 * of the data set's own storage). {@code evaluate} is a pass over all 512,000 rows (loss and
 * accuracy), in storage order ({@code compact}) or through a random row map ({@code mapped}: a
 * view), or over 4096 compact rows (3.3 MB, {@code cached}, in L3). Each minibatch benchmark takes the next of 4096 pre-drawn minibatches of 32.
 * Figures in {@code algorithms/BENCHMARKS.md}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Dorg.bytedeco.javacpp.maxPhysicalBytes=0", "-Xmx3g"})
public class KernelBench {
    static final int D = 100;
    /**
     * The kernels' row length: not a compile-time constant (as {@code Dataset.dimension()} is
     * not), so that the JIT cannot unroll the kernels for a known trip count.
     */
    static int d = D;
    static final int BATCH = 32;
    static final int SHARDS = 1024;
    static final int SHARD = 500;
    static final int BIG = SHARDS * SHARD;
    static final int BATCHES = 4096;

    // ---- The kernels on raw row-major arrays (Dataset has the same loops). ----

    /** The weights' and gradient's offset in today's loops ({@code Dataset.dot(i, w, offset)}); 0, not a constant. */
    static int offset = 0;

    /** Today's dot product, {@code Dataset.dot} as it was: one row after the other. */
    static void dotsSerial(double[] x, int[] rows, double[] w, double[] out) {
        int o = offset;
        for (int b = 0; b < rows.length; b++) {
            int base = rows[b] * d;
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += x[base + j] * w[o + j];
            }
            out[b] = s;
        }
    }

    static void dots4(double[] x, int[] rows, double[] w, double[] out) {
        int b = 0;
        for (; b + 4 <= rows.length; b += 4) {
            int p0 = rows[b] * d;
            int p1 = rows[b + 1] * d;
            int p2 = rows[b + 2] * d;
            int p3 = rows[b + 3] * d;
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            for (int j = 0; j < d; j++) {
                double wj = w[j];
                s0 += x[p0 + j] * wj;
                s1 += x[p1 + j] * wj;
                s2 += x[p2 + j] * wj;
                s3 += x[p3 + j] * wj;
            }
            out[b] = s0;
            out[b + 1] = s1;
            out[b + 2] = s2;
            out[b + 3] = s3;
        }
        for (; b < rows.length; b++) {
            int base = rows[b] * d;
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += x[base + j] * w[j];
            }
            out[b] = s;
        }
    }

    static void dots8(double[] x, int[] rows, double[] w, double[] out) {
        int b = 0;
        for (; b + 8 <= rows.length; b += 8) {
            int p0 = rows[b] * d;
            int p1 = rows[b + 1] * d;
            int p2 = rows[b + 2] * d;
            int p3 = rows[b + 3] * d;
            int p4 = rows[b + 4] * d;
            int p5 = rows[b + 5] * d;
            int p6 = rows[b + 6] * d;
            int p7 = rows[b + 7] * d;
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            double s4 = 0;
            double s5 = 0;
            double s6 = 0;
            double s7 = 0;
            for (int j = 0; j < d; j++) {
                double wj = w[j];
                s0 += x[p0 + j] * wj;
                s1 += x[p1 + j] * wj;
                s2 += x[p2 + j] * wj;
                s3 += x[p3 + j] * wj;
                s4 += x[p4 + j] * wj;
                s5 += x[p5 + j] * wj;
                s6 += x[p6 + j] * wj;
                s7 += x[p7 + j] * wj;
            }
            out[b] = s0;
            out[b + 1] = s1;
            out[b + 2] = s2;
            out[b + 3] = s3;
            out[b + 4] = s4;
            out[b + 5] = s5;
            out[b + 6] = s6;
            out[b + 7] = s7;
        }
        for (; b < rows.length; b++) {
            int base = rows[b] * d;
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += x[base + j] * w[j];
            }
            out[b] = s;
        }
    }

    /** Sixteen rows' sums side by side ({@code Dataset.MINIBATCH_GATHER}), then one row at a time. */
    static void dots16(double[] x, int[] rows, double[] w, double[] out) {
        int b = 0;
        for (; b + 16 <= rows.length; b += 16) {
            int p0 = rows[b] * d;
            int p1 = rows[b + 1] * d;
            int p2 = rows[b + 2] * d;
            int p3 = rows[b + 3] * d;
            int p4 = rows[b + 4] * d;
            int p5 = rows[b + 5] * d;
            int p6 = rows[b + 6] * d;
            int p7 = rows[b + 7] * d;
            int p8 = rows[b + 8] * d;
            int p9 = rows[b + 9] * d;
            int p10 = rows[b + 10] * d;
            int p11 = rows[b + 11] * d;
            int p12 = rows[b + 12] * d;
            int p13 = rows[b + 13] * d;
            int p14 = rows[b + 14] * d;
            int p15 = rows[b + 15] * d;
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
            for (int j = 0; j < d; j++) {
                double wj = w[j];
                s0 += x[p0 + j] * wj;
                s1 += x[p1 + j] * wj;
                s2 += x[p2 + j] * wj;
                s3 += x[p3 + j] * wj;
                s4 += x[p4 + j] * wj;
                s5 += x[p5 + j] * wj;
                s6 += x[p6 + j] * wj;
                s7 += x[p7 + j] * wj;
                s8 += x[p8 + j] * wj;
                s9 += x[p9 + j] * wj;
                s10 += x[p10 + j] * wj;
                s11 += x[p11 + j] * wj;
                s12 += x[p12 + j] * wj;
                s13 += x[p13 + j] * wj;
                s14 += x[p14 + j] * wj;
                s15 += x[p15 + j] * wj;
            }
            out[b] = s0;
            out[b + 1] = s1;
            out[b + 2] = s2;
            out[b + 3] = s3;
            out[b + 4] = s4;
            out[b + 5] = s5;
            out[b + 6] = s6;
            out[b + 7] = s7;
            out[b + 8] = s8;
            out[b + 9] = s9;
            out[b + 10] = s10;
            out[b + 11] = s11;
            out[b + 12] = s12;
            out[b + 13] = s13;
            out[b + 14] = s14;
            out[b + 15] = s15;
        }
        for (; b < rows.length; b++) {
            int base = rows[b] * d;
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += x[base + j] * w[j];
            }
            out[b] = s;
        }
    }

    /**
     * Consecutive rows {@code first..first+m) in {@code streams} stripes of {@code m / streams}
     * rows, advanced together: rows {@code first + k + t * stripe} side by side, so that each
     * interleaved load reads one long sequential stream (adjacent rows side by side give each
     * load a 800-byte stream that then jumps, which the hardware prefetcher follows badly).
     * Each row's sum is still today's.
     */
    static void dotsStriped(double[] x, int first, int m, int streams, double[] w, double[] out) {
        int stripe = m / streams;
        if (streams == 4) {
            for (int k = 0; k < stripe; k++) {
                int r0 = first + k;
                int p0 = r0 * d;
                int p1 = (r0 + stripe) * d;
                int p2 = (r0 + 2 * stripe) * d;
                int p3 = (r0 + 3 * stripe) * d;
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                for (int j = 0; j < d; j++) {
                    double wj = w[j];
                    s0 += x[p0 + j] * wj;
                    s1 += x[p1 + j] * wj;
                    s2 += x[p2 + j] * wj;
                    s3 += x[p3 + j] * wj;
                }
                out[k] = s0;
                out[k + stripe] = s1;
                out[k + 2 * stripe] = s2;
                out[k + 3 * stripe] = s3;
            }
        } else {
            for (int k = 0; k < stripe; k++) {
                int r0 = first + k;
                int p0 = r0 * d;
                int p1 = (r0 + stripe) * d;
                int p2 = (r0 + 2 * stripe) * d;
                int p3 = (r0 + 3 * stripe) * d;
                int p4 = (r0 + 4 * stripe) * d;
                int p5 = (r0 + 5 * stripe) * d;
                int p6 = (r0 + 6 * stripe) * d;
                int p7 = (r0 + 7 * stripe) * d;
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                double s4 = 0;
                double s5 = 0;
                double s6 = 0;
                double s7 = 0;
                for (int j = 0; j < d; j++) {
                    double wj = w[j];
                    s0 += x[p0 + j] * wj;
                    s1 += x[p1 + j] * wj;
                    s2 += x[p2 + j] * wj;
                    s3 += x[p3 + j] * wj;
                    s4 += x[p4 + j] * wj;
                    s5 += x[p5 + j] * wj;
                    s6 += x[p6 + j] * wj;
                    s7 += x[p7 + j] * wj;
                }
                out[k] = s0;
                out[k + stripe] = s1;
                out[k + 2 * stripe] = s2;
                out[k + 3 * stripe] = s3;
                out[k + 4 * stripe] = s4;
                out[k + 5 * stripe] = s5;
                out[k + 6 * stripe] = s6;
                out[k + 7 * stripe] = s7;
            }
        }
        for (int k = stripe * streams; k < m; k++) {
            int base = (first + k) * d;
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += x[base + j] * w[j];
            }
            out[k] = s;
        }
    }

    /** Today's gradient rows, {@code Dataset.addScaledRow} as it was: {@code g += a_b x_b}, one row after the other. */
    static void axpysSerial(double[] x, int[] rows, double[] a, double[] g) {
        int o = offset;
        for (int b = 0; b < rows.length; b++) {
            int base = rows[b] * d;
            double ab = a[b];
            for (int j = 0; j < d; j++) {
                g[o + j] += ab * x[base + j];
            }
        }
    }

    /** Four rows per pass over g; each g_j receives the same additions in the same order. */
    static void axpys4(double[] x, int[] rows, double[] a, double[] g) {
        int b = 0;
        for (; b + 4 <= rows.length; b += 4) {
            int p0 = rows[b] * d;
            int p1 = rows[b + 1] * d;
            int p2 = rows[b + 2] * d;
            int p3 = rows[b + 3] * d;
            double a0 = a[b];
            double a1 = a[b + 1];
            double a2 = a[b + 2];
            double a3 = a[b + 3];
            for (int j = 0; j < d; j++) {
                g[j] = g[j] + a0 * x[p0 + j] + a1 * x[p1 + j] + a2 * x[p2 + j] + a3 * x[p3 + j];
            }
        }
        for (; b < rows.length; b++) {
            int base = rows[b] * d;
            double ab = a[b];
            for (int j = 0; j < d; j++) {
                g[j] += ab * x[base + j];
            }
        }
    }

    // LogisticRegression's per-example functions (package-private there), the same code.
    static double softplus(double z) {
        return Math.max(z, 0.0) + Math.log1p(Math.exp(-Math.abs(z)));
    }

    static double sigmoid(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1.0 + e);
    }

    // ---- Data ----

    static double[] features(SplittableRandom rng, int rows) {
        double[] x = new double[rows * D];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextDouble(-1, 1);
        }
        return x;
    }

    static double[] labels(SplittableRandom rng, int rows) {
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            y[i] = rng.nextInt(2);
        }
        return y;
    }

    static double[] weights(SplittableRandom rng) {
        double[] w = new double[D + 1];
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.nextDouble(-0.1, 0.1);
        }
        return w;
    }

    /**
     * Minibatches: {@code global[b]} the storage rows of batch b, {@code shardOf[b]} its shard
     * and {@code local[b]} its rows within the shard.
     */
    @State(Scope.Thread)
    public static class Batches {
        @Param({"shard64", "contiguous500", "scattered500"})
        public String where;

        double[] x;
        double[] y;
        double[] w;
        int[][] global;
        int[] shardOf;
        int[][] local;
        /** The shards' storage rows (ascending), for views; one shard of 64 rows for shard64. */
        int[][] shardRows;
        int next;

        void make() {
            SplittableRandom rng = new SplittableRandom(1);
            int rows = where.equals("shard64") ? 64 : BIG;
            x = features(rng, rows);
            y = labels(rng, rows);
            w = weights(rng);
            if (where.equals("shard64")) {
                shardRows = new int[1][64];
                Arrays.setAll(shardRows[0], i -> i);
            } else {
                int[] order = new int[BIG];
                Arrays.setAll(order, i -> i);
                if (where.equals("scattered500")) {
                    for (int i = BIG - 1; i > 0; i--) {
                        int k = rng.nextInt(i + 1);
                        int t = order[i];
                        order[i] = order[k];
                        order[k] = t;
                    }
                }
                shardRows = new int[SHARDS][];
                for (int s = 0; s < SHARDS; s++) {
                    shardRows[s] = Arrays.copyOfRange(order, s * SHARD, (s + 1) * SHARD);
                    Arrays.sort(shardRows[s]);
                }
            }
            global = new int[BATCHES][BATCH];
            local = new int[BATCHES][BATCH];
            shardOf = new int[BATCHES];
            for (int b = 0; b < BATCHES; b++) {
                int s = rng.nextInt(shardRows.length);
                shardOf[b] = s;
                for (int k = 0; k < BATCH; k++) {
                    local[b][k] = rng.nextInt(shardRows[s].length);
                    global[b][k] = shardRows[s][local[b][k]];
                }
            }
        }

        int advance() {
            int b = next;
            next = (next + 1) % BATCHES;
            return b;
        }
    }

    /** The 32 dot products of a minibatch; {@code model}: {@code Dataset.dots} on the shard's view. */
    public static class DotState extends Batches {
        @Param({"serial", "rows4", "rows8", "rows16", "model"})
        public String kernel;

        double[] out = new double[BATCH];
        Dataset[] shards;

        @Setup(Level.Trial)
        public void setup() {
            make();
            if (kernel.equals("model")) {
                Dataset all = Dataset.dense("bench", x, D, y, 2);
                x = null;
                shards = new Dataset[shardRows.length];
                for (int s = 0; s < shards.length; s++) {
                    shards[s] = all.view("shard " + s, shardRows[s]);
                }
            }
        }
    }

    @Benchmark
    public double dots(DotState s) {
        int b = s.advance();
        int[] rows = s.global[b];
        switch (s.kernel) {
            case "serial" -> dotsSerial(s.x, rows, s.w, s.out);
            case "rows4" -> dots4(s.x, rows, s.w, s.out);
            case "rows8" -> dots8(s.x, rows, s.w, s.out);
            case "rows16" -> dots16(s.x, rows, s.w, s.out);
            default -> s.shards[s.shardOf[b]].dots(s.local[b], 0, BATCH, s.w, 0, s.out, 0);
        }
        return s.out[0] + s.out[BATCH - 1];
    }

    /** The 32 gradient rows of a minibatch; {@code model}: {@code Dataset.addScaledRows} on the shard's view. */
    public static class AxpyState extends Batches {
        @Param({"serial", "rows4", "model"})
        public String kernel;

        double[] a = new double[BATCH];
        double[] g = new double[D];
        Dataset[] shards;

        @Setup(Level.Trial)
        public void setup() {
            make();
            if (kernel.equals("model")) {
                Dataset all = Dataset.dense("bench", x, D, y, 2);
                x = null;
                shards = new Dataset[shardRows.length];
                for (int s = 0; s < shards.length; s++) {
                    shards[s] = all.view("shard " + s, shardRows[s]);
                }
            }
            SplittableRandom rng = new SplittableRandom(3);
            for (int k = 0; k < BATCH; k++) {
                a[k] = rng.nextDouble(-1e-3, 1e-3);
            }
        }
    }

    @Benchmark
    public double axpys(AxpyState s) {
        int b = s.advance();
        int[] rows = s.global[b];
        Arrays.fill(s.g, 0.0);
        switch (s.kernel) {
            case "serial" -> axpysSerial(s.x, rows, s.a, s.g);
            case "rows4" -> axpys4(s.x, rows, s.a, s.g);
            default -> s.shards[s.shardOf[b]].addScaledRows(s.local[b], 0, BATCH, s.a, 0, s.g, 0);
        }
        return s.g[0] + s.g[D - 1];
    }

    /**
     * Logistic regression's minibatch loss and gradient, batch 32; {@code gradient} is the
     * production gradient without the loss ({@code Model.gradient}, what the node algorithms call).
     */
    public static class StepState extends Batches {
        @Param({"serial", "rows4", "rows8", "rows16", "model", "gradient"})
        public String kernel;

        double[] z = new double[BATCH];
        double[] g = new double[D + 1];
        LogisticRegression model;
        Dataset[] shards;

        @Setup(Level.Trial)
        public void setup() {
            make();
            if (kernel.equals("model") || kernel.equals("gradient")) {
                model = new LogisticRegression(D);
                Dataset all = Dataset.dense("bench", x, D, y, 2);
                x = null;
                shards = new Dataset[shardRows.length];
                for (int s = 0; s < shards.length; s++) {
                    shards[s] = all.view("shard " + s, shardRows[s]);
                }
            }
        }
    }

    @Benchmark
    public double logisticStep(StepState s) {
        int b = s.advance();
        if (s.kernel.equals("model")) {
            return s.model.lossAndGradient(s.w, s.shards[s.shardOf[b]], s.local[b], BATCH, s.g);
        }
        if (s.kernel.equals("gradient")) {
            s.model.gradient(s.w, s.shards[s.shardOf[b]], s.local[b], BATCH, s.g);
            return s.g[0];
        }
        int[] rows = s.global[b];
        double[] w = s.w;
        double[] g = s.g;
        double[] z = s.z;
        double scale = 1.0 / BATCH;
        double loss = 0;
        Arrays.fill(g, 0.0);
        if (s.kernel.equals("serial")) {
            // Today's loop: per row the score, the coefficient, the gradient row, the loss.
            double[] x = s.x;
            int dim = d;
            int o = offset;
            for (int k = 0; k < BATCH; k++) {
                int base = rows[k] * dim;
                double dot = 0;
                for (int j = 0; j < dim; j++) {
                    dot += x[base + j] * w[o + j];
                }
                double zk = dot + w[D];
                double y = s.y[rows[k]];
                double c = (sigmoid(zk) - y) * scale;
                for (int j = 0; j < dim; j++) {
                    g[o + j] += c * x[base + j];
                }
                g[D] += c;
                loss += softplus(zk) - y * zk;
            }
            return loss / BATCH;
        }
        if (s.kernel.equals("rows4")) {
            dots4(s.x, rows, w, z);
        } else if (s.kernel.equals("rows16")) {
            dots16(s.x, rows, w, z);
        } else {
            dots8(s.x, rows, w, z);
        }
        double bias = 0;
        for (int k = 0; k < BATCH; k++) {
            double zk = z[k] + w[D];
            double y = s.y[rows[k]];
            double c = (sigmoid(zk) - y) * scale;
            z[k] = c;
            bias += c;
            loss += softplus(zk) - y * zk;
        }
        axpys4(s.x, rows, z, g);
        g[D] = bias;
        return loss / BATCH;
    }

    /** A pass over 512,000 rows (410 MB): logistic loss and accuracy. */
    @State(Scope.Thread)
    public static class EvalState {
        @Param({"serial", "rows4", "rows8", "stripes4", "stripes8", "model"})
        public String kernel;

        @Param({"compact", "mapped", "cached"})
        public String layout;

        /** Rows: 512,000 (410 MB), or 4096 (3.3 MB, in the 32 MiB L3) for {@code cached}. */
        int n;

        double[] x;
        double[] y;
        double[] w;
        /** Storage row of each example (null: compact). */
        int[] map;
        double[] z = new double[256];
        int[] chunk = new int[256];
        LogisticRegression model;
        Dataset data;

        @Setup(Level.Trial)
        public void setup() {
            SplittableRandom rng = new SplittableRandom(2);
            n = layout.equals("cached") ? 4096 : BIG;
            x = features(rng, n);
            y = labels(rng, n);
            w = weights(rng);
            int[] order = new int[n];
            Arrays.setAll(order, i -> i);
            if (layout.equals("mapped")) {
                for (int i = n - 1; i > 0; i--) {
                    int k = rng.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[k];
                    order[k] = t;
                }
                map = order;
            }
            if (kernel.equals("model")) {
                model = new LogisticRegression(D);
                Dataset all = Dataset.dense("bench", x, D, y, 2);
                data = map == null ? all : all.view("mapped", map);
                x = null;
            } else if (map != null) {
                // Labels in example order, as a view holds them.
                double[] ly = new double[n];
                for (int i = 0; i < n; i++) {
                    ly[i] = y[map[i]];
                }
                y = ly;
            }
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public double evaluate(EvalState s) {
        if (s.kernel.equals("model")) {
            Evaluation e = s.model.evaluate(s.w, s.data);
            return e.loss() + e.accuracy();
        }
        double loss = 0;
        double correct = 0;
        double[] w = s.w;
        int n = s.n;
        for (int from = 0; from < n; from += s.chunk.length) {
            int m = Math.min(s.chunk.length, n - from);
            if (s.kernel.startsWith("stripes")) {
                if (s.map != null) {
                    throw new IllegalStateException("stripes are for compact rows only");
                }
                dotsStriped(s.x, from, m, s.kernel.equals("stripes4") ? 4 : 8, w, s.z);
            } else {
                    int[] rows = m == s.chunk.length ? s.chunk : new int[m];
                for (int k = 0; k < m; k++) {
                    rows[k] = s.map == null ? from + k : s.map[from + k];
                }
                switch (s.kernel) {
                    case "serial" -> dotsSerial(s.x, rows, w, s.z);
                    case "rows4" -> dots4(s.x, rows, w, s.z);
                    default -> dots8(s.x, rows, w, s.z);
                }
            }
            for (int k = 0; k < m; k++) {
                double zk = s.z[k] + w[D];
                double y = s.y[from + k];
                loss += softplus(zk) - y * zk;
                correct += (zk > 0 ? 1 : 0) == y ? 1 : 0;
            }
        }
        return loss / n + correct / n;
    }

    /** The gradient rows of a pass over 512,000 compact rows (410 MB): {@code g += a_i x_i} in row order. */
    @State(Scope.Thread)
    public static class PassState {
        @Param({"serial", "rows4"})
        public String kernel;

        double[] x;
        double[] a;
        double[] g = new double[D];
        int[] chunk = new int[256];

        @Setup(Level.Trial)
        public void setup() {
            SplittableRandom rng = new SplittableRandom(4);
            x = features(rng, BIG);
            a = new double[256];
            for (int k = 0; k < a.length; k++) {
                a[k] = rng.nextDouble(-1e-3, 1e-3);
            }
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public double gradientPass(PassState s) {
        Arrays.fill(s.g, 0.0);
        for (int from = 0; from < BIG; from += s.chunk.length) {
            for (int k = 0; k < s.chunk.length; k++) {
                s.chunk[k] = from + k;
            }
            if (s.kernel.equals("serial")) {
                axpysSerial(s.x, s.chunk, s.a, s.g);
            } else {
                axpys4(s.x, s.chunk, s.a, s.g);
            }
        }
        return s.g[0] + s.g[D - 1];
    }
}

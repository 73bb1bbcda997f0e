package io.dlsim.algorithms.bench;

import io.dlsim.algorithms.data.Dataset;
import io.dlsim.algorithms.model.Evaluation;
import io.dlsim.algorithms.model.LogisticRegression;
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
 * Float32 against float64 feature storage ({@code Dataset.withPrecision}, a scenario's
 * {@code data.precision}), on the production kernels and the workload of issue 11 (d = 100,
 * 1,024 shards of 500 rows, 512,000 rows, 410 MB as double, 205 MB as float; {@code shards}
 * 4096 for a set larger than any cache), the training set
 * {@linkplain Dataset#grouped grouped} by shard as the engines store it:
 * <ul>
 *   <li>{@code dots}: the 32 scores of a minibatch of a random shard ({@code Dataset.dots} on the
 *       shard's view);</li>
 *   <li>{@code step}: a node's D-SGD gradient on such a minibatch ({@code LogisticRegression.gradient});</li>
 *   <li>{@code shardPass}: loss and accuracy over a random shard's 500 rows (a local loss, and a
 *       block's share of x̄'s train pass);</li>
 *   <li>{@code wholePass}: loss and accuracy over all 512,000 rows in storage order
 *       ({@code Dataset.dotsOfAll}, the coordinator's x̄ pass of the cluster).</li>
 * </ul>
 * Both precisions read the same rows and compute in double; float32 reads half the bytes and
 * widens each feature. Figures in {@code algorithms/BENCHMARKS.md}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Dorg.bytedeco.javacpp.maxPhysicalBytes=0", "-Xmx7g"})
public class PrecisionBench {
    static final int D = 100;
    static final int SHARD = 500;
    static final int BATCH = 32;
    static final int BATCHES = 4096;

    /** The grouped training set in one precision, its shards, and pre-drawn minibatches. */
    @State(Scope.Benchmark)
    public static class Data {
        @Param({"float64", "float32"})
        public String precision;

        /**
         * Shards of 500 rows: 1024 (410 MB as double, the workload) or 4096 (1.6 GB as
         * double, 820 MB as float: more than any cache, as at 100,000 nodes).
         */
        @Param({"1024"})
        public int shards;

        Dataset train;
        Dataset[] views;
        double[] w;
        int[][] batches;
        int[] shardOf;
        final LogisticRegression model = new LogisticRegression(D);

        @Setup(Level.Trial)
        public void setup() {
            SplittableRandom rng = new SplittableRandom(1);
            int n = shards * SHARD;
            double[] x = new double[n * D];
            for (int i = 0; i < x.length; i++) {
                x[i] = rng.nextGaussian();
            }
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = rng.nextInt(2);
            }
            // IID shards: a random permutation cut into 1,024 groups, stored grouped (as PreparedRun does).
            int[] order = new int[n];
            java.util.Arrays.setAll(order, i -> i);
            for (int i = n - 1; i > 0; i--) {
                int k = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[k];
                order[k] = t;
            }
            int[][] groups = new int[shards][];
            for (int s = 0; s < shards; s++) {
                groups[s] = java.util.Arrays.copyOfRange(order, s * SHARD, (s + 1) * SHARD);
            }
            Dataset loaded = Dataset.dense("bench", x, D, y, 2);
            x = null;
            Dataset.Precision p = precision.equals("float32") ? Dataset.Precision.FLOAT32 : Dataset.Precision.FLOAT64;
            train = loaded.withPrecision(p).grouped(groups);
            loaded = null;
            views = new Dataset[shards];
            for (int s = 0; s < shards; s++) {
                views[s] = train.view("shard " + s, groups[s]);
            }
            w = new double[D + 1];
            for (int j = 0; j < w.length; j++) {
                w[j] = rng.nextDouble(-0.1, 0.1);
            }
            batches = new int[BATCHES][BATCH];
            shardOf = new int[BATCHES];
            for (int b = 0; b < BATCHES; b++) {
                shardOf[b] = rng.nextInt(shards);
                for (int k = 0; k < BATCH; k++) {
                    batches[b][k] = rng.nextInt(SHARD);
                }
            }
        }
    }

    /** Per thread: which minibatch is next, and the buffers. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
        final double[] out = new double[BATCH];
        final double[] grad = new double[D + 1];

        int advance() {
            int b = next;
            next = (next + 1) % BATCHES;
            return b;
        }
    }

    @Benchmark
    public double dots(Data data, Cursor c) {
        int b = c.advance();
        data.views[data.shardOf[b]].dots(data.batches[b], 0, BATCH, data.w, 0, c.out, 0);
        return c.out[0] + c.out[BATCH - 1];
    }

    @Benchmark
    public double step(Data data, Cursor c) {
        int b = c.advance();
        data.model.gradient(data.w, data.views[data.shardOf[b]], data.batches[b], BATCH, c.grad);
        return c.grad[0];
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public double shardPass(Data data, Cursor c) {
        int b = c.advance();
        Evaluation e = data.model.evaluate(data.w, data.views[data.shardOf[b]]);
        return e.loss();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public double wholePass(Data data) {
        return data.model.evaluate(data.w, data.train).loss();
    }
}

package io.dlsim.algorithms.bench;

import io.dlsim.algorithms.data.Dataset;
import io.dlsim.algorithms.linalg.MatMul;
import io.dlsim.algorithms.model.LogisticRegression;
import io.dlsim.algorithms.model.Mlp;
import io.dlsim.algorithms.model.Model;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Minibatch {@code lossAndGradient} throughput of the models on synthetic data: the MLP
 * 784-128-10 at batch 32 (MNIST-shaped rows, {@code zeros} of the pixels zero; {@code backend}
 * {@code java}, {@code nd4j} or {@code default} = {@link MatMul#DEFAULT_THRESHOLD}) and
 * logistic regression with d = 100 at batch 32 (dense). Each call takes the next of 64
 * pre-drawn random minibatches. Figures in {@code algorithms/BENCHMARKS.md}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Dorg.bytedeco.javacpp.maxPhysicalBytes=0"})
public class ModelBench {
    private static final int BATCHES = 64;

    static Dataset dense(SplittableRandom rng, int n, int d, int classes, double zeros) {
        double[] x = new double[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextDouble() < zeros ? 0.0 : rng.nextDouble();
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(classes);
        }
        return Dataset.dense("bench", x, d, y, classes);
    }

    static int[][] batches(SplittableRandom rng, int n, int size) {
        int[][] b = new int[BATCHES][size];
        for (int[] batch : b) {
            for (int i = 0; i < size; i++) {
                batch[i] = rng.nextInt(n);
            }
        }
        return b;
    }

    /** Shared parts of a model benchmark. */
    public abstract static class ModelState {
        Model model;
        Dataset data;
        double[] w;
        double[] grad;
        int[][] batches;
        int next;

        double step() {
            int[] batch = batches[next];
            next = (next + 1) % BATCHES;
            return model.lossAndGradient(w, data, batch, batch.length, grad);
        }
    }

    @State(Scope.Thread)
    public static class MlpState extends ModelState {
        @Param({"java", "nd4j", "default"})
        public String backend;

        @Param({"0.8"})
        public double zeros;

        @Param({"32"})
        public int batch;

        @Setup
        public void setup() {
            SplittableRandom rng = new SplittableRandom(1);
            MatMul mm = switch (backend) {
                case "java" -> MatMul.javaOnly();
                case "nd4j" -> MatMul.nd4jOnly();
                default -> MatMul.withDefaultThreshold();
            };
            model = new Mlp(784, new int[] {128}, 10, mm);
            data = dense(rng, 4096, 784, 10, zeros);
            w = new double[model.parameterCount()];
            model.initialize(w, rng.split());
            grad = new double[w.length];
            batches = batches(rng, data.size(), batch);
        }
    }

    @State(Scope.Thread)
    public static class LogisticState extends ModelState {
        @Setup
        public void setup() {
            SplittableRandom rng = new SplittableRandom(2);
            model = new LogisticRegression(100);
            data = dense(rng, 4096, 100, 2, 0.0);
            w = new double[model.parameterCount()];
            for (int i = 0; i < w.length; i++) {
                w[i] = rng.nextDouble(-0.1, 0.1);
            }
            grad = new double[w.length];
            batches = batches(rng, data.size(), 32);
        }
    }

    @Benchmark
    public double mlp784x128x10(MlpState s) {
        return s.step();
    }

    @Benchmark
    public double logisticD100(LogisticState s) {
        return s.step();
    }

    /** The same minibatches through {@code Model.gradient} (no loss), what the node algorithms call. */
    @Benchmark
    public double logisticD100Gradient(LogisticState s) {
        int[] batch = s.batches[s.next];
        s.next = (s.next + 1) % BATCHES;
        s.model.gradient(s.w, s.data, batch, batch.length, s.grad);
        return s.grad[0];
    }
}

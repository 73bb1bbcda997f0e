package io.dlsim.algorithms.bench;

import io.dlsim.algorithms.linalg.MatMul;
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
 * Plain-Java {@link io.dlsim.algorithms.linalg.Gemm} kernels against nd4j-native
 * ({@code Nd4j.gemm} on reused native buffers, including the copies in and out) for the
 * products an MLP minibatch step makes. {@code shape} is {@code op:m:n:k} with the
 * {@link MatMul} meaning ({@code nn}: {@code C[m x n] = A[m x k] B[k x n]}; {@code tn}: A
 * stored {@code k x m}; {@code nt}: B stored {@code n x k}); the MLP 784-128-10 at batch B
 * makes {@code nn:B:128:784} and {@code tn:784:128:B} in its first layer. {@code zeros} is the
 * fraction of zero entries in A (0.8 is MNIST-like input, 0.5 ReLU-like). The crossover where
 * {@code nd4j} beats {@code java} sets {@link MatMul#DEFAULT_THRESHOLD}; see
 * {@code algorithms/BENCHMARKS.md}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Dorg.bytedeco.javacpp.maxPhysicalBytes=0"})
public class GemmBench {
    @Param({"nn:32:10:128", "nt:32:128:10", "tn:128:10:32", "nn:128:10:128", "nt:128:128:10", "nn:64:64:64",
        "nn:32:128:128", "nn:8:128:784", "tn:784:128:8", "nn:32:128:784", "tn:784:128:32", "nn:128:128:784",
        "tn:784:128:128", "nn:512:128:784", "tn:784:128:512", "nn:256:256:256", "nn:512:512:512", "tn:512:512:512",
        "nn:1024:1024:1024"})
    public String shape;

    @Param({"0"})
    public double zeros;

    private String op;
    private int m;
    private int n;
    private int k;
    private double[] a;
    private double[] b;
    private double[] c;
    private MatMul java;
    private MatMul nd4j;

    @Setup
    public void setup() {
        String[] f = shape.split(":");
        op = f[0];
        m = Integer.parseInt(f[1]);
        n = Integer.parseInt(f[2]);
        k = Integer.parseInt(f[3]);
        SplittableRandom rng = new SplittableRandom(42);
        a = new double[m * k];
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.nextDouble() < zeros ? 0.0 : rng.nextDouble(-1, 1);
        }
        b = new double[k * n];
        for (int i = 0; i < b.length; i++) {
            b[i] = rng.nextDouble(-1, 1);
        }
        c = new double[m * n];
        java = MatMul.javaOnly();
        nd4j = MatMul.nd4jOnly();
    }

    private double[] run(MatMul mm) {
        switch (op) {
            case "nn" -> mm.nn(m, n, k, a, 0, b, 0, c, 0, false);
            case "tn" -> mm.tn(m, n, k, a, 0, b, 0, c, 0, false);
            case "nt" -> mm.nt(m, n, k, a, 0, b, 0, c, 0, false);
            default -> throw new IllegalStateException(op);
        }
        return c;
    }

    @Benchmark
    public double[] java() {
        return run(java);
    }

    @Benchmark
    public double[] nd4j() {
        return run(nd4j);
    }
}

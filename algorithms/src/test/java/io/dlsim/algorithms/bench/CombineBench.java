package io.dlsim.algorithms.bench;

import io.dlsim.algorithms.engine.Gossip;
import java.util.Arrays;
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
 * One round's gossip combination of every node of a block, {@code mixed_i = sum_j W_ij m_j} on
 * the exponential graph (offsets +-1, +-2, +-4, ...), one row after the other
 * ({@link Gossip#combine}, as the engines did) or all rows together, block of coordinates by block
 * ({@link Gossip.Rows}, as they do now); both give the same bits. {@code nodes} rows of
 * {@code dimension} parameters: 64 x 101,770 is the MLP 784-128-10 of {@code dlsim bench} (52 MB
 * of messages, out of cache), 8 x 101,770 one of its eight blocks, 1024 x 101 the numpy-comparison
 * workload (830 KB, in cache). Time per round. Figures in {@code algorithms/BENCHMARKS.md}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@State(Scope.Thread)
public class CombineBench {
    @Param({"64:101770", "8:101770", "1024:101"})
    public String shape;

    private double[][] messages;
    private double[][] outs;
    private int[][] columns;
    private double[][] weights;
    private final double[][] gathered = new double[64][];
    private final Gossip.Rows rows = new Gossip.Rows();

    @Setup
    public void setUp() {
        String[] s = shape.split(":");
        int n = Integer.parseInt(s[0]);
        int d = Integer.parseInt(s[1]);
        SplittableRandom random = new SplittableRandom(1);
        messages = new double[n][d];
        outs = new double[n][d];
        for (double[] m : messages) {
            for (int c = 0; c < d; c++) {
                m[c] = random.nextGaussian();
            }
        }
        columns = new int[n][];
        weights = new double[n][];
        for (int i = 0; i < n; i++) {
            java.util.TreeSet<Integer> cols = new java.util.TreeSet<>();
            cols.add(i);
            for (int step = 1; step < n; step *= 2) {
                cols.add(Math.floorMod(i + step, n));
                cols.add(Math.floorMod(i - step, n));
            }
            columns[i] = cols.stream().mapToInt(Integer::intValue).toArray();
            weights[i] = new double[columns[i].length];
            Arrays.fill(weights[i], 1.0 / columns[i].length);
        }
    }

    private void gather(int i) {
        int[] cols = columns[i];
        for (int k = 0; k < cols.length; k++) {
            gathered[k] = messages[cols[k]];
        }
    }

    @Benchmark
    public double[][] oneByOne() {
        for (int i = 0; i < outs.length; i++) {
            gather(i);
            Gossip.combine(weights[i], gathered, outs[i]);
        }
        return outs;
    }

    @Benchmark
    public double[][] together() {
        for (int i = 0; i < outs.length; i++) {
            gather(i);
            rows.add(weights[i], gathered, outs[i]);
        }
        rows.combine();
        return outs;
    }
}

// What the memory system gives the numpy-comparison workload (issue 11), without any arithmetic:
// the time to load every cache line of a minibatch (32 random rows of 100 doubles out of one of
// 1,024 shards of 500 rows, 410 MB in all, as `scenarios/bench/numpy-comparison.yaml` reads them),
// and the bandwidth of a front-to-back pass over half the set (what a local-loss pass reads), on
// one and on two threads. These are floors for a node-step and for an evaluation: a kernel that
// also computes can only be slower unless it overlaps its arithmetic with these loads.
//
//   java -Xmx6g simulator/bench/MemoryFloor.java
//
// A benchmark: run it on a quiet machine. Figures in simulator/BENCHMARKS.md ("Goal 1: the floor").
import java.util.SplittableRandom;

public class MemoryFloor {
    static final int D = 100;
    static final int SHARD = 500;
    static final int BATCH = 32;
    static final int BATCHES = 4096;
    static double[] x;
    static int[][] batches;

    /** Loads one double of every 64-byte line of {@code iterations} minibatches (two rows at a time). */
    static double minibatches(int thread, int iterations, long[] nanos) {
        double s0 = 0;
        double s1 = 0;
        long t0 = System.nanoTime();
        for (int it = 0; it < iterations; it++) {
            int[] rows = batches[(it * 7 + thread * 1013) & (BATCHES - 1)];
            for (int k = 0; k < BATCH; k += 2) {
                int p = rows[k];
                int q = rows[k + 1];
                for (int j = 0; j < D; j += 8) {
                    s0 += x[p + j];
                    s1 += x[q + j];
                }
                s0 += x[p + D - 1];
                s1 += x[q + D - 1];
            }
        }
        nanos[thread] = System.nanoTime() - t0;
        return s0 + s1;
    }

    /** Loads one double of every line of this thread's half of the set, front to back. */
    static double pass(int thread, long[] nanos) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int half = x.length / 2;
        int from = thread * half;
        long t0 = System.nanoTime();
        for (int i = from; i + 24 < from + half; i += 32) {
            s0 += x[i];
            s1 += x[i + 8];
            s2 += x[i + 16];
            s3 += x[i + 24];
        }
        nanos[thread] = System.nanoTime() - t0;
        return s0 + s1 + s2 + s3;
    }

    interface Work {
        double run(int thread, long[] nanos);
    }

    /** Runs work on {@code threads} threads at once; the slowest thread's nanoseconds. */
    static long onThreads(int threads, Work work) throws InterruptedException {
        long[] nanos = new long[threads];
        double[] sink = new double[threads];
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int thread = t;
            ts[t] = new Thread(() -> sink[thread] = work.run(thread, nanos));
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        if (Double.isNaN(sink[0])) {
            System.out.println();
        }
        long slowest = 0;
        for (long n : nanos) {
            slowest = Math.max(slowest, n);
        }
        return slowest;
    }

    public static void main(String[] args) throws InterruptedException {
        int shards = 1024;
        int n = shards * SHARD;
        SplittableRandom rng = new SplittableRandom(1);
        x = new double[n * D];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        batches = new int[BATCHES][BATCH];
        for (int b = 0; b < BATCHES; b++) {
            int shard = rng.nextInt(shards);
            for (int k = 0; k < BATCH; k++) {
                batches[b][k] = (shard * SHARD + rng.nextInt(SHARD)) * D;
            }
        }
        int iterations = 100_000;
        double linesPerRow = Math.ceil(D * 8 / 64.0);
        for (int rep = 0; rep < 6; rep++) {
            for (int threads = 1; threads <= 2; threads++) {
                long mb = onThreads(threads, (t, ns) -> minibatches(t, iterations, ns));
                long ps = onThreads(threads, MemoryFloor::pass);
                if (rep >= 3) {
                    System.out.printf("%d thread(s): a minibatch's rows %.2f us per thread (%.1f GB/s in all); "
                            + "a pass %.1f GB/s in all%n", threads, mb / 1e3 / iterations,
                            threads * iterations * BATCH * linesPerRow * 64 / mb, threads * (x.length / 2) * 8.0 / ps);
                }
            }
        }
    }
}

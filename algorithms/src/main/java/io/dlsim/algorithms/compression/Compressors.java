package io.dlsim.algorithms.compression;

import io.dlsim.topologies.settings.Problems;
import java.util.Arrays;
import java.util.SplittableRandom;

/** The node-local instances of the {@link Compression} operators that need more than a few lines. */
final class Compressors {
    private Compressors() {
    }

    /** Top-k by a min-heap of the k best indices so far: O(d log k), no allocation per call. */
    static final class TopK implements Compressor {
        private final int d;
        private final int k;
        private final int[] heap;
        private double[] v;

        TopK(int d, int k) {
            this.d = d;
            this.k = k;
            this.heap = new int[k];
        }

        /** Whether entry a ranks above entry b: larger |v|, ties to the lower index. */
        private boolean above(int a, int b) {
            double x = Math.abs(v[a]);
            double y = Math.abs(v[b]);
            return x > y || x == y && a < b;
        }

        @Override
        public void compress(double[] vector, double[] out) {
            v = vector;
            int size = 0;
            for (int c = 0; c < d; c++) {
                if (size < k) {
                    heap[size] = c;
                    int i = size++;
                    while (i > 0 && above(heap[(i - 1) / 2], heap[i])) { // sift up: the root is the lowest-ranked kept entry
                        swap(i, (i - 1) / 2);
                        i = (i - 1) / 2;
                    }
                } else if (above(c, heap[0])) {
                    heap[0] = c;
                    int i = 0;
                    while (true) {
                        int l = 2 * i + 1;
                        int r = l + 1;
                        int low = i;
                        if (l < k && above(heap[low], heap[l])) {
                            low = l;
                        }
                        if (r < k && above(heap[low], heap[r])) {
                            low = r;
                        }
                        if (low == i) {
                            break;
                        }
                        swap(i, low);
                        i = low;
                    }
                }
            }
            Arrays.fill(out, 0, d, 0.0);
            for (int i = 0; i < size; i++) {
                out[heap[i]] = vector[heap[i]];
            }
            v = null;
        }

        private void swap(int a, int b) {
            int t = heap[a];
            heap[a] = heap[b];
            heap[b] = t;
        }

        @Override
        public long messageBytes() {
            return (long) k * (Double.BYTES + Integer.BYTES);
        }
    }

    static final class RandomK implements Compressor, io.dlsim.algorithms.engine.NodeState.Custom {
        private final int d;
        private final int k;
        private final int[] order;
        private final SplittableRandom random;
        /** Calls so far: a checkpoint replays them (the stream's state cannot be read). */
        private long calls;

        RandomK(int d, int k, SplittableRandom random) {
            this.d = d;
            this.k = k;
            this.random = random;
            this.order = new int[d];
            for (int c = 0; c < d; c++) {
                order[c] = c;
            }
        }

        @Override
        public void compress(double[] v, double[] out) {
            calls++;
            Arrays.fill(out, 0, d, 0.0);
            for (int i = 0; i < k; i++) {
                int j = i + random.nextInt(d - i);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
                out[order[i]] = v[order[i]];
            }
        }

        @Override
        public long messageBytes() {
            return (long) k * (Double.BYTES + Integer.BYTES);
        }

        @Override
        public void saveState(java.io.DataOutputStream out) throws java.io.IOException {
            out.writeLong(calls);
        }

        /** Onto a fresh compressor of the same stream: replays the calls (k draws each), so the order and the stream are where they were. */
        @Override
        public void restoreState(java.io.DataInputStream in) throws java.io.IOException {
            replay(in.readLong(), calls, d, this);
        }
    }

    /** Calls {@code q.compress} on scratch vectors until it has been called {@code saved} times. */
    static void replay(long saved, long done, int d, Compressor q) {
        if (saved < done) {
            throw new IllegalArgumentException("the saved compressor made " + saved + " calls, this fresh one already " + done);
        }
        double[] scratch = new double[d];
        double[] out = new double[d];
        for (long c = done; c < saved; c++) {
            q.compress(scratch, out);
        }
    }

    /** QSGD's stochastic rounding: d draws per call, also for the zero vector. */
    static final class Qsgd implements Compressor, io.dlsim.algorithms.engine.NodeState.Custom {
        private final int d;
        private final int levels;
        private final double scale;
        private final SplittableRandom random;
        /** Calls so far: a checkpoint replays them (the stream's state cannot be read). */
        private long calls;

        Qsgd(int d, int levels, double scale, SplittableRandom random) {
            this.d = d;
            this.levels = levels;
            this.scale = scale;
            this.random = random;
        }

        @Override
        public void compress(double[] v, double[] out) {
            calls++;
            double sq = 0;
            for (int c = 0; c < d; c++) {
                sq += v[c] * v[c];
            }
            double norm = Math.sqrt(sq);
            double unit = norm * scale / levels;
            for (int c = 0; c < d; c++) {
                double u = random.nextDouble();
                if (norm == 0) {
                    out[c] = 0.0;
                    continue;
                }
                double r = Math.abs(v[c]) / norm * levels;
                double level = Math.floor(r);
                if (u < r - level) {
                    level += 1;
                }
                out[c] = v[c] < 0 ? -level * unit : level * unit;
            }
        }

        @Override
        public long messageBytes() {
            long bits = (long) d * (1 + Compression.Qsgd.levelBits(levels));
            return Double.BYTES + (bits + 7) / 8;
        }

        @Override
        public void saveState(java.io.DataOutputStream out) throws java.io.IOException {
            out.writeLong(calls);
        }

        /** Onto a fresh compressor of the same stream: replays the calls (d draws each, also for a zero vector). */
        @Override
        public void restoreState(java.io.DataInputStream in) throws java.io.IOException {
            replay(in.readLong(), calls, d, this);
        }
    }

    /** The shared k / fraction keys of top-k and random-k. */
    static final class Sparsity {
        private Sparsity() {
        }

        static void check(Integer k, Double fraction) {
            Problems p = new Problems();
            if (k == null && fraction == null) {
                p.add("k", "is required (or fraction); give the count k >= 1 or the fraction of the entries in (0, 1]");
            } else if (k != null && fraction != null) {
                p.add("fraction", "give k or fraction, not both");
            } else if (k != null) {
                p.check(k >= 1, "k", "must be >= 1, got " + k);
            } else {
                p.inRange("fraction", fraction, 1, 0, true, 1, false);
            }
            p.throwIfAny();
        }

        /**
         * k for dimension d: {@code min(k, d)}, or {@code ceil(fraction d)} (at least 1; the
         * product is rounded to 1e-9 first so that 0.1 x 1000 gives 100, not 101).
         */
        static int count(Integer k, Double fraction, int d) {
            if (k != null) {
                return Math.min(k, d);
            }
            double product = fraction * d;
            long rounded = Math.round(product);
            long ceil = Math.abs(product - rounded) <= 1e-9 * Math.max(1, product) ? rounded : (long) Math.ceil(product);
            return (int) Math.max(1, Math.min(d, ceil));
        }
    }
}

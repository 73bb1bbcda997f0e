package io.dlsim.algorithms.compression;

import io.dlsim.topologies.settings.Problems;
import io.dlsim.topologies.settings.TypeRegistry;
import java.util.SplittableRandom;

/**
 * A compression operator Q for compressed gossip ({@code algorithm.compression}), one record per
 * {@code type:}, validated in its constructor. Each one is a (possibly randomized) contraction
 * in the sense of Koloskova, Stich and Jaggi (ICML 2019, Assumption 1):
 * {@code E||Q(v) - v||^2 <= (1 - delta) ||v||^2} for some {@code delta in (0, 1]}.
 *
 * <table>
 *   <caption>Operators, their delta and their encoding (d = model dimension)</caption>
 *   <tr><th>type</th><th>Q(v)</th><th>delta</th><th>bytes per message</th></tr>
 *   <tr><td>{@code none}</td><td>v</td><td>1</td><td>8 d (raw doubles)</td></tr>
 *   <tr><td>{@code top-k}</td><td>the k entries of largest |v_c| (ties: lower index), others 0</td><td>>= k/d</td>
 *       <td>12 k: k values (8 bytes) + k indices (4 bytes)</td></tr>
 *   <tr><td>{@code random-k}</td><td>k entries chosen uniformly without replacement from the node's own
 *       stream, unscaled, others 0</td><td>k/d (in expectation)</td><td>12 k, as top-k (the indices are
 *       counted although a receiver sharing the seed could regenerate them)</td></tr>
 *   <tr><td>{@code qsgd}</td><td>{@code ||v||_2 sign(v_c) xi_c / s}, xi_c the stochastic rounding of
 *       {@code s |v_c| / ||v||_2} to {0..s} (Alistarh et al., NeurIPS 2017), divided by 1 + tau when
 *       {@code scaled}</td><td>1/(1 + tau), tau = min(d/s^2, sqrt(d)/s)</td>
 *       <td>8 (the norm) + ceil(d (1 + ceil(log2(s + 1))) / 8): a sign bit and the level per entry</td></tr>
 *   <tr><td>{@code sign}</td><td>{@code (||v||_1 / d) sign(v)}, sign(0) = +1 (scaled sign; Karimireddy et al.,
 *       ICML 2019)</td><td>{@code ||v||_1^2 / (d ||v||_2^2) >= 1/d}</td><td>8 (the scale) + ceil(d / 8)</td></tr>
 * </table>
 * k is given as a count {@code k} or as a {@code fraction} of d ({@code k = ceil(fraction d)},
 * at least 1); a k larger than d keeps all d entries. Unscaled QSGD is unbiased but not a
 * contraction (its variance factor 1 + tau exceeds 1), so CHOCO uses the scaled form
 * {@code Q / (1 + tau)} by default, as Koloskova et al. do; random-k is used unscaled for the same
 * reason (the unbiased {@code (d/k)} rescaling is not a contraction). Sign needs no residual of
 * its own inside CHOCO, whose difference {@code x - xhat} already is error feedback (see
 * {@link ErrorFeedback}).
 */
public sealed interface Compression {
    /** The {@code type:} names. */
    TypeRegistry<Compression> TYPES = TypeRegistry.of(Compression.class).with("none", None.class).with("top-k", TopK.class)
            .with("random-k", RandomK.class).with("qsgd", Qsgd.class).with("sign", Sign.class).complete();

    /** Node-local instance of this operator for vectors of dimension {@code d}, drawing from {@code random}. */
    Compressor create(int d, SplittableRandom random);

    /**
     * CHOCO's default consensus step gamma for this operator on dimension d: its contraction
     * factor delta where that is a usable guarantee (1 for none, k/d for top-k and random-k,
     * 1/(1 + tau) for QSGD), 0.5 for sign (its guaranteed delta is only 1/d; on dense vectors it
     * is about 2/pi, e.g. for Gaussian entries; 0.5 and 1 both converged on the quickstart task,
     * 0.5 keeps a margin). Measured on the quickstart task (ring of 16): gamma of a few delta
     * speeds consensus, but top-1% diverges at 0.1, random-1% at 0.05 and 4-level QSGD at 1,
     * while gamma = delta converges for each.
     */
    double defaultConsensusStep(int d);

    /** The {@code type:} name. */
    default String typeName() {
        return TYPES.nameOf(this);
    }

    /** No compression: the identity, sent as raw doubles. */
    static Compression none() {
        return new None();
    }

    /** Q(v) = v. */
    record None() implements Compression {
        @Override
        public double defaultConsensusStep(int d) {
            return 1.0;
        }

        @Override
        public Compressor create(int d, SplittableRandom random) {
            return new Compressor() {
                @Override
                public void compress(double[] v, double[] out) {
                    System.arraycopy(v, 0, out, 0, d);
                }

                @Override
                public long messageBytes() {
                    return (long) Double.BYTES * d;
                }
            };
        }
    }

    /** Keeps the k entries of largest magnitude. */
    record TopK(Integer k, Double fraction) implements Compression {
        public TopK {
            Compressors.Sparsity.check(k, fraction);
        }

        @Override
        public double defaultConsensusStep(int d) {
            return (double) Compressors.Sparsity.count(k, fraction, d) / d;
        }

        @Override
        public Compressor create(int d, SplittableRandom random) {
            return new Compressors.TopK(d, Compressors.Sparsity.count(k, fraction, d));
        }
    }

    /** Keeps k entries chosen uniformly at random (unscaled). */
    record RandomK(Integer k, Double fraction) implements Compression {
        public RandomK {
            Compressors.Sparsity.check(k, fraction);
        }

        @Override
        public double defaultConsensusStep(int d) {
            return (double) Compressors.Sparsity.count(k, fraction, d) / d;
        }

        @Override
        public Compressor create(int d, SplittableRandom random) {
            return new Compressors.RandomK(d, Compressors.Sparsity.count(k, fraction, d), random);
        }
    }

    /**
     * QSGD with {@code levels} = s >= 1 (required) quantization levels; {@code scaled} (default
     * true) divides by 1 + tau so that the operator is a contraction.
     */
    record Qsgd(Integer levels, Boolean scaled) implements Compression {
        public Qsgd {
            Problems p = new Problems();
            if (p.required("levels", levels) != null) {
                p.atLeast("levels", levels, 1, 1);
            }
            scaled = scaled == null || scaled;
            p.throwIfAny();
        }

        /** tau = min(d / s^2, sqrt(d) / s), the variance factor of QSGD minus 1 (Alistarh et al., Lemma 3.1). */
        public static double tau(int d, int levels) {
            return Math.min((double) d / ((double) levels * levels), Math.sqrt(d) / levels);
        }

        /** Bits of a level in {0..s}: ceil(log2(s + 1)). */
        public static int levelBits(int levels) {
            return 32 - Integer.numberOfLeadingZeros(levels);
        }

        @Override
        public double defaultConsensusStep(int d) {
            return 1.0 / (1.0 + tau(d, levels));
        }

        @Override
        public Compressor create(int d, SplittableRandom random) {
            return new Compressors.Qsgd(d, levels, scaled ? 1.0 / (1.0 + tau(d, levels)) : 1.0, random);
        }
    }

    /** Scaled sign: {@code (||v||_1 / d) sign(v)}. */
    record Sign() implements Compression {
        @Override
        public double defaultConsensusStep(int d) {
            return 0.5;
        }

        @Override
        public Compressor create(int d, SplittableRandom random) {
            return new Compressor() {
                @Override
                public void compress(double[] v, double[] out) {
                    double l1 = 0;
                    for (int c = 0; c < d; c++) {
                        l1 += Math.abs(v[c]);
                    }
                    double scale = l1 / d;
                    for (int c = 0; c < d; c++) {
                        out[c] = v[c] < 0 ? -scale : scale;
                    }
                }

                @Override
                public long messageBytes() {
                    return Double.BYTES + (d + 7L) / 8;
                }
            };
        }
    }
}

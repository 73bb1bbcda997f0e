package io.dlsim.topologies.spectra;

import io.dlsim.topologies.TopologyException;
import io.dlsim.topologies.mixing.MixingMatrix;

/**
 * Tunes the laziness of a mixing matrix to reach a chosen spectral gap: given W and a target
 * g, finds {@code alpha in (0, 1]} such that {@code W' = alpha W + (1 - alpha) I} has
 * {@code spectralGap(W') = 1 - ||W' - 11^T/n||_2 = g}. This is how a scenario sweeps the
 * spectral gap with the graph fixed (the lambda^2 term of Zhu et al., ICML 2022).
 *
 * <p>Symmetric W: the eigenvalues move as {@code mu' = 1 - alpha (1 - mu)}, so for alpha up
 * to {@code 2 / (2 - lambda2 - lambdaMin)} the gap is {@code alpha (1 - lambda2)} and the answer
 * is {@code alpha = g / (1 - lambda2)}; the largest reachable gap is at
 * {@code alpha* = min(1, 2 / (2 - lambda2 - lambdaMin))}. Non-symmetric W: the gap is concave in
 * alpha (one minus a norm of an affine function), so alpha is found by bisection on the rising
 * side of its maximum.
 */
public final class TargetGap {
    /**
     * The smallest laziness alpha a tuned W may have: below it {@code alpha W + (1 - alpha) I}
     * is the identity to double precision in practice (no gossip), so such a target is refused.
     */
    public static final double MIN_ALPHA = 1e-12;

    private TargetGap() {
    }

    /** The lazy matrix whose spectral gap equals {@code target}, and its alpha. */
    public record Tuned(MixingMatrix matrix, double alpha, SpectralSummary spectra) {
    }

    /** Tunes {@code base} to {@code target}; refuses a target outside (0, max reachable]. */
    public static Tuned tune(MixingMatrix base, double target) {
        if (!(target > 0 && target <= 1)) {
            throw new TopologyException("target-gap: must be in (0, 1], got " + target);
        }
        SpectralSummary s = Spectra.of(base);
        if (s.symmetric()) {
            double top = 1 - s.lambda2();
            if (top <= 0) {
                throw unreachable(target, 0, "the graph is disconnected (lambda2 = 1)");
            }
            double alphaStar = Math.min(1, 2 / (2 - s.lambda2() - s.lambdaMin()));
            double maxGap = alphaStar * top;
            if (target > maxGap * (1 + 1e-12)) {
                throw unreachable(target, maxGap, "at laziness alpha = " + alphaStar);
            }
            double alpha = portable(Math.min(alphaStar, target / top));
            refuseIdentity(target, alpha, MIN_ALPHA * top);
            MixingMatrix tuned = base.lazy(alpha);
            return new Tuned(tuned, alpha, Spectra.of(tuned));
        }
        // Golden-section search for the alpha with the largest gap, then bisection below it.
        double lo = 0;
        double hi = 1;
        double phi = (Math.sqrt(5) - 1) / 2;
        for (int it = 0; it < 60; it++) {
            double a = hi - phi * (hi - lo);
            double b = lo + phi * (hi - lo);
            if (gap(base, a) < gap(base, b)) {
                lo = a;
            } else {
                hi = b;
            }
        }
        double alphaStar = 0.5 * (lo + hi);
        double maxGap = gap(base, alphaStar);
        if (gap(base, 1) >= maxGap) {
            alphaStar = 1;
            maxGap = gap(base, 1);
        }
        if (target > maxGap + 1e-12) {
            throw unreachable(target, maxGap, "at laziness alpha = " + alphaStar);
        }
        double a = 0;
        double b = alphaStar;
        for (int it = 0; it < 200 && b - a > 1e-15; it++) {
            double mid = 0.5 * (a + b);
            if (gap(base, mid) < target) {
                a = mid;
            } else {
                b = mid;
            }
        }
        b = portable(b);
        refuseIdentity(target, b, gap(base, MIN_ALPHA));
        MixingMatrix tuned = base.lazy(b);
        return new Tuned(tuned, b, Spectra.of(tuned));
    }

    /**
     * alpha rounded to 40 significant bits (a relative change below 5e-13, in the gap too): the
     * eigenvalues behind alpha come from LAPACK, whose last bits depend on the processor's
     * kernels, and W, hence every trajectory, must be the same on every machine. An error of a
     * few ulps moves alpha across a rounding boundary with odds of about 1e-4.
     */
    static double portable(double alpha) {
        double unit = Math.scalb(1.0, Math.getExponent(alpha) - 40);
        return Math.rint(alpha / unit) * unit;
    }

    private static void refuseIdentity(double target, double alpha, double smallest) {
        if (alpha < MIN_ALPHA) {
            throw new TopologyException(String.format("target-gap: %s needs the laziness alpha = %.3g, below %s, which makes W the "
                    + "identity (no gossip); the smallest target for this topology is about %.3g", target, alpha, MIN_ALPHA, smallest));
        }
    }

    private static double gap(MixingMatrix base, double alpha) {
        return alpha <= 0 ? 0 : Spectra.of(base.lazy(alpha)).spectralGap();
    }

    private static TopologyException unreachable(double target, double maxGap, String where) {
        return new TopologyException(String.format(
                "target-gap: %s is unreachable for this topology and mixing rule; the largest spectral gap a lazy version reaches is %.10f (%s)",
                target, maxGap, where));
    }
}

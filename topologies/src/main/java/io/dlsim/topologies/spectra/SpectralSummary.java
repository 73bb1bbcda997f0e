package io.dlsim.topologies.spectra;

/**
 * The spectral quantities of a mixing matrix W that papers use, all reported because they
 * use different ones (DESIGN.md section 3):
 * <ul>
 *   <li>{@code lambda2}: second largest eigenvalue of W (NaN when W is not symmetric);</li>
 *   <li>{@code lambdaMin}: smallest eigenvalue of W (NaN when W is not symmetric);</li>
 *   <li>{@code lambda = ||W - 11^T/n||_2}: for symmetric W, {@code max(|lambda2|, |lambdaMin|)};
 *       otherwise the largest singular value of {@code W - 11^T/n} (the second singular value
 *       of a doubly stochastic W);</li>
 *   <li>{@code spectralGap = 1 - lambda} and {@code spectralGapSquared = 1 - lambda^2}.</li>
 * </ul>
 *
 * @param method how the numbers were computed ({@code dense-eigen}, {@code dense-svd},
 *     {@code circulant}, {@code lanczos}), so a reader knows their accuracy
 * @param converged false only when an iterative method stopped at its iteration limit
 */
public record SpectralSummary(double lambda2, double lambdaMin, double lambda, double spectralGap,
        double spectralGapSquared, boolean symmetric, String method, boolean converged) {

    /** Summary of a symmetric W from its second largest and smallest eigenvalues. */
    public static SpectralSummary symmetric(double lambda2, double lambdaMin, String method, boolean converged) {
        double lambda = Math.max(Math.abs(lambda2), Math.abs(lambdaMin));
        return new SpectralSummary(lambda2, lambdaMin, lambda, 1 - lambda, 1 - lambda * lambda, true, method, converged);
    }

    /** Summary of a non-symmetric W from {@code ||W - 11^T/n||_2}. */
    public static SpectralSummary nonSymmetric(double lambda, String method, boolean converged) {
        return new SpectralSummary(Double.NaN, Double.NaN, lambda, 1 - lambda, 1 - lambda * lambda, false, method, converged);
    }
}

package io.dlsim.algorithms.compression;

/**
 * Error feedback (Seide et al. 2014; Stich, Cordonnier and Jaggi, NeurIPS 2018; Karimireddy
 * et al., ICML 2019): the node keeps the residual e of what compression dropped and adds it
 * to the next input,
 * <pre>
 *   u = a + e,   q = Q(u),   e <- u - q
 * </pre>
 * so {@code sum_t q_t = sum_t a_t - e_T}: the transmitted vectors track the inputs up to the
 * current residual, which stays bounded for a contraction Q.
 *
 * <p>CHOCO-SGD needs no separate residual: its message {@code Q(x^{t+1/2} - xhat^t)} is
 * exactly error feedback applied to the increments {@code a_t = x^{t+1/2} - x^{t-1/2}} of the
 * node's half-step model, with {@code e_t = x^{t-1/2} - xhat^t} (see
 * {@link io.dlsim.algorithms.optim.ChocoSgd}); adding this class on top would feed every
 * residual back twice.
 */
public final class ErrorFeedback {
    private final Compressor q;
    private final double[] residual;
    private final double[] input;

    public ErrorFeedback(Compressor q, int dimension) {
        this.q = q;
        this.residual = new double[dimension];
        this.input = new double[dimension];
    }

    /** Writes {@code Q(a + e)} into {@code out} and keeps the new residual. */
    public void compress(double[] a, double[] out) {
        for (int c = 0; c < a.length; c++) {
            input[c] = a[c] + residual[c];
        }
        q.compress(input, out);
        for (int c = 0; c < a.length; c++) {
            residual[c] = input[c] - out[c];
        }
    }

    /** The current residual e (read-only view). */
    public double[] residual() {
        return residual;
    }

    public long messageBytes() {
        return q.messageBytes();
    }
}

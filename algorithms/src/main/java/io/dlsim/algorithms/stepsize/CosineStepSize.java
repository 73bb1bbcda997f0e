package io.dlsim.algorithms.stepsize;

/**
 * Cosine annealing from {@code eta_0} to {@code eta_min} over {@code T} rounds:
 * {@code eta_t = eta_min + (eta_0 - eta_min) (1 + cos(pi t / T)) / 2} for {@code t <= T}, and
 * {@code eta_min} after (no restart).
 */
public final class CosineStepSize implements StepSize {
    private final double eta0;
    private final double etaMin;
    private final long horizon;

    /**
     * @param eta0 > 0 (setting {@code step-size})
     * @param etaMin in [0, eta0] (setting {@code min-step-size})
     * @param horizon T >= 1 rounds (setting {@code horizon})
     */
    public CosineStepSize(double eta0, double etaMin, long horizon) {
        this.eta0 = Settings.positive("step-size", eta0);
        if (!(etaMin >= 0 && etaMin <= eta0)) {
            throw new IllegalArgumentException("min-step-size: must be in [0, " + Settings.format(eta0)
                    + "] (the step size), got " + Settings.format(etaMin));
        }
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon: must be >= 1, got " + horizon);
        }
        this.etaMin = etaMin;
        this.horizon = horizon;
    }

    @Override
    public String type() {
        return "cosine";
    }

    @Override
    public double at(long t) {
        StepSize.checkRound(t);
        if (t >= horizon) {
            return etaMin;
        }
        return etaMin + (eta0 - etaMin) * (1 + StrictMath.cos(StrictMath.PI * t / horizon)) / 2;
    }

    @Override
    public String toString() {
        return "cosine " + eta0 + " -> " + etaMin + " over " + horizon + " rounds";
    }
}

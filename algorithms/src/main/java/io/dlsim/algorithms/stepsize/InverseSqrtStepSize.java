package io.dlsim.algorithms.stepsize;

/** {@code eta_t = eta_0 / sqrt(t + 1)} (DSPG's usual decreasing step). */
public final class InverseSqrtStepSize implements StepSize {
    private final double eta0;

    /** @param eta0 > 0 (setting {@code step-size}) */
    public InverseSqrtStepSize(double eta0) {
        this.eta0 = Settings.positive("step-size", eta0);
    }

    @Override
    public String type() {
        return "inverse-sqrt";
    }

    @Override
    public double at(long t) {
        StepSize.checkRound(t);
        return eta0 / StrictMath.sqrt(t + 1.0);
    }

    @Override
    public String toString() {
        return eta0 + " / sqrt(t + 1)";
    }
}

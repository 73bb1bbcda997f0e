package io.dlsim.algorithms.stepsize;

/** {@code eta_t = eta} for every round (e.g. DPSVRG's constant step). */
public final class ConstantStepSize implements StepSize {
    private final double eta;

    /** @param eta > 0 (setting {@code step-size}) */
    public ConstantStepSize(double eta) {
        this.eta = Settings.positive("step-size", eta);
    }

    @Override
    public String type() {
        return "constant";
    }

    @Override
    public double at(long t) {
        StepSize.checkRound(t);
        return eta;
    }

    @Override
    public String toString() {
        return "constant " + eta;
    }
}

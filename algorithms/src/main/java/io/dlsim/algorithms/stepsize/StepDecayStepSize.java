package io.dlsim.algorithms.stepsize;

/** {@code eta_t = eta_0 gamma^floor(t / every)}: multiplied by gamma every {@code every} rounds. */
public final class StepDecayStepSize implements StepSize {
    private final double eta0;
    private final double gamma;
    private final long every;

    /**
     * @param eta0 > 0 (setting {@code step-size})
     * @param gamma in (0, 1] (setting {@code decay})
     * @param every >= 1 rounds (setting {@code decay-every})
     */
    public StepDecayStepSize(double eta0, double gamma, long every) {
        this.eta0 = Settings.positive("step-size", eta0);
        if (!(gamma > 0 && gamma <= 1)) {
            throw new IllegalArgumentException("decay: must be in (0, 1], got " + Settings.format(gamma));
        }
        if (every < 1) {
            throw new IllegalArgumentException("decay-every: must be >= 1, got " + every);
        }
        this.gamma = gamma;
        this.every = every;
    }

    @Override
    public String type() {
        return "step-decay";
    }

    @Override
    public double at(long t) {
        StepSize.checkRound(t);
        return eta0 * StrictMath.pow(gamma, (double) (t / every));
    }

    @Override
    public String toString() {
        return eta0 + " * " + gamma + "^floor(t / " + every + ")";
    }
}

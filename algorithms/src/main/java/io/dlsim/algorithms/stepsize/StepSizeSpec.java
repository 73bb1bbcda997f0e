package io.dlsim.algorithms.stepsize;

import io.dlsim.topologies.Suggestions;
import java.util.List;
import java.util.Locale;

/**
 * What a user asks for: a schedule name and its settings, validated in the constructor with
 * errors that name the setting ({@code algorithm.step-size: must be > 0, got -1}). Settings a
 * schedule does not use are ignored.
 *
 * <table>
 *   <caption>Schedules</caption>
 *   <tr><th>schedule</th><th>eta_t</th><th>settings used</th></tr>
 *   <tr><td>{@code constant}</td><td>{@code eta_0}</td><td>step-size</td></tr>
 *   <tr><td>{@code inverse-sqrt}</td><td>{@code eta_0 / sqrt(t + 1)}</td><td>step-size</td></tr>
 *   <tr><td>{@code step-decay}</td><td>{@code eta_0 gamma^floor(t / every)}</td>
 *       <td>step-size, decay, decay-every</td></tr>
 *   <tr><td>{@code cosine}</td><td>{@code eta_min + (eta_0 - eta_min)(1 + cos(pi t / T)) / 2}</td>
 *       <td>step-size, min-step-size, horizon</td></tr>
 * </table>
 *
 * @param schedule one of {@link #SCHEDULES}
 * @param stepSize {@code eta_0 > 0} ({@code algorithm.step-size})
 * @param decay gamma in (0, 1] ({@code algorithm.decay})
 * @param decayEvery rounds between decays, >= 1 ({@code algorithm.decay-every})
 * @param minStepSize {@code eta_min} in [0, eta_0] ({@code algorithm.min-step-size})
 * @param horizon T >= 1 rounds ({@code algorithm.horizon})
 */
public record StepSizeSpec(String schedule, double stepSize, double decay, long decayEvery, double minStepSize,
        long horizon) {
    /** The known schedule names. */
    public static final List<String> SCHEDULES = List.of("constant", "inverse-sqrt", "step-decay", "cosine");

    public StepSizeSpec {
        if (schedule == null || schedule.isBlank()) {
            throw new IllegalArgumentException("algorithm.schedule: is required; one of " + String.join(", ", SCHEDULES));
        }
        schedule = schedule.strip().toLowerCase(Locale.ROOT);
        if (!SCHEDULES.contains(schedule)) {
            throw new IllegalArgumentException("algorithm.schedule: unknown schedule '" + schedule + "'"
                    + Suggestions.didYouMean(schedule, SCHEDULES) + "; one of " + String.join(", ", SCHEDULES));
        }
        create(schedule, stepSize, decay, decayEvery, minStepSize, horizon); // validates
    }

    public static StepSizeSpec constant(double eta) {
        return new StepSizeSpec("constant", eta, 1, 1, 0, 1);
    }

    public static StepSizeSpec inverseSqrt(double eta0) {
        return new StepSizeSpec("inverse-sqrt", eta0, 1, 1, 0, 1);
    }

    public static StepSizeSpec stepDecay(double eta0, double gamma, long every) {
        return new StepSizeSpec("step-decay", eta0, gamma, every, 0, 1);
    }

    public static StepSizeSpec cosine(double eta0, double etaMin, long horizon) {
        return new StepSizeSpec("cosine", eta0, 1, 1, etaMin, horizon);
    }

    /** The schedule. */
    public StepSize create() {
        return create(schedule, stepSize, decay, decayEvery, minStepSize, horizon);
    }

    private static StepSize create(String schedule, double stepSize, double decay, long decayEvery,
            double minStepSize, long horizon) {
        switch (schedule) {
            case "constant":
                return new ConstantStepSize(stepSize);
            case "inverse-sqrt":
                return new InverseSqrtStepSize(stepSize);
            case "step-decay":
                return new StepDecayStepSize(stepSize, decay, decayEvery);
            case "cosine":
                return new CosineStepSize(stepSize, minStepSize, horizon);
            default:
                throw new IllegalStateException("unreachable: " + schedule);
        }
    }
}

package io.dlsim.algorithms.stepsize;

import io.dlsim.topologies.settings.Problems;
import io.dlsim.topologies.settings.TypeRegistry;

/**
 * What a user asks for as the step-size schedule eta_t: one record per schedule, each with the
 * settings it takes and nothing else, validated in its constructor (field names relative to
 * the record: {@code decay: must be in (0, 1], got 2}). {@code eta_0} is the algorithm's
 * {@code step-size}; settings whose default depends on the run ({@code decay-every},
 * {@code horizon}) are {@code null} until {@link #create} is given the run's rounds.
 *
 * <table>
 *   <caption>Schedules (t counts rounds from 0)</caption>
 *   <tr><th>schedule</th><th>eta_t</th><th>settings (default)</th></tr>
 *   <tr><td>{@code constant}</td><td>{@code eta_0}</td><td></td></tr>
 *   <tr><td>{@code inverse-sqrt}</td><td>{@code eta_0 / sqrt(t + 1)}</td><td></td></tr>
 *   <tr><td>{@code step-decay}</td><td>{@code eta_0 decay^floor(t / decay-every)}</td>
 *       <td>decay (0.1) in (0, 1], decay-every (max(1, rounds / 3)) >= 1</td></tr>
 *   <tr><td>{@code cosine}</td><td>{@code eta_min + (eta_0 - eta_min)(1 + cos(pi t / T)) / 2}</td>
 *       <td>min-step-size (0) in [0, eta_0], horizon T (rounds) >= 1</td></tr>
 * </table>
 */
public sealed interface StepSchedule {
    /** The {@code step-schedule:} names. */
    TypeRegistry<StepSchedule> TYPES = TypeRegistry.of(StepSchedule.class).with("constant", Constant.class)
            .with("inverse-sqrt", InverseSqrt.class).with("step-decay", StepDecay.class).with("cosine", Cosine.class).complete();

    /** The schedule for step size {@code eta0} in a run of {@code rounds} rounds. */
    StepSize create(double eta0, long rounds);

    /** Checks the settings that depend on eta_0 (e.g. {@code min-step-size <= step-size}). */
    default void validate(double eta0, Problems problems) {
    }

    /** {@code eta_t = eta_0}. */
    record Constant() implements StepSchedule {
        @Override
        public StepSize create(double eta0, long rounds) {
            return new ConstantStepSize(eta0);
        }
    }

    /** {@code eta_t = eta_0 / sqrt(t + 1)}. */
    record InverseSqrt() implements StepSchedule {
        @Override
        public StepSize create(double eta0, long rounds) {
            return new InverseSqrtStepSize(eta0);
        }
    }

    /**
     * {@code eta_t = eta_0 decay^floor(t / decay-every)}.
     *
     * @param decay gamma in (0, 1]; default 0.1 ({@code 1} is a constant step)
     * @param decayEvery rounds between decays, >= 1; null: {@code max(1, rounds / 3)}
     */
    record StepDecay(Double decay, Long decayEvery) implements StepSchedule {
        public StepDecay {
            Problems p = new Problems();
            decay = p.inRange("decay", decay, 0.1, 0, true, 1, false);
            if (decayEvery != null) {
                p.atLeast("decay-every", decayEvery, 1, 1);
            }
            p.throwIfAny();
        }

        @Override
        public StepSize create(double eta0, long rounds) {
            return new StepDecayStepSize(eta0, decay, decayEvery != null ? decayEvery : Math.max(1, rounds / 3));
        }
    }

    /**
     * Cosine annealing from eta_0 to {@code min-step-size} over {@code horizon} rounds.
     *
     * @param minStepSize eta_min in [0, eta_0]; default 0
     * @param horizon T >= 1 rounds; null: the run's rounds
     */
    record Cosine(Double minStepSize, Long horizon) implements StepSchedule {
        public Cosine {
            Problems p = new Problems();
            minStepSize = p.nonNegative("min-step-size", minStepSize, 0);
            if (horizon != null) {
                p.atLeast("horizon", horizon, 1, 1);
            }
            p.throwIfAny();
        }

        @Override
        public void validate(double eta0, Problems problems) {
            problems.check(minStepSize <= eta0, "min-step-size", "must be in [0, " + Problems.format(eta0)
                    + "] (the step size), got " + Problems.format(minStepSize));
        }

        @Override
        public StepSize create(double eta0, long rounds) {
            return new CosineStepSize(eta0, minStepSize, horizon != null ? horizon : rounds);
        }
    }
}

package io.dlsim.algorithms.stepsize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StepSizeTest {
    private static String error(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void constant() {
        StepSize s = new ConstantStepSize(0.05);
        assertThat(s.at(0)).isEqualTo(0.05);
        assertThat(s.at(1_000_000)).isEqualTo(0.05);
        assertThat(s.initial()).isEqualTo(0.05);
        assertThat(s.type()).isEqualTo("constant");
    }

    @Test
    void inverseSqrt() {
        StepSize s = new InverseSqrtStepSize(0.3);
        assertThat(s.at(0)).isEqualTo(0.3);
        assertThat(s.at(3)).isEqualTo(0.15);
        assertThat(s.at(99)).isCloseTo(0.03, within(1e-17));
        assertThat(s.at(8)).isCloseTo(0.1, within(1e-17));
    }

    @Test
    void stepDecay() {
        StepSize s = new StepDecayStepSize(1.0, 0.5, 10);
        assertThat(s.at(0)).isEqualTo(1.0);
        assertThat(s.at(9)).isEqualTo(1.0);
        assertThat(s.at(10)).isEqualTo(0.5);
        assertThat(s.at(29)).isEqualTo(0.25);
        assertThat(s.at(30)).isEqualTo(0.125);
        assertThat(new StepDecayStepSize(0.2, 1.0, 1).at(500)).isEqualTo(0.2);
    }

    @Test
    void cosine() {
        StepSize s = new CosineStepSize(1.0, 0.1, 100);
        assertThat(s.at(0)).isEqualTo(1.0);
        assertThat(s.at(50)).isCloseTo(0.55, within(1e-15));
        assertThat(s.at(25)).isCloseTo(0.1 + 0.9 * (1 + Math.sqrt(0.5)) / 2, within(1e-15));
        assertThat(s.at(100)).isEqualTo(0.1);
        assertThat(s.at(1000)).isEqualTo(0.1);
        // non-increasing over the horizon
        for (int t = 1; t <= 100; t++) {
            assertThat(s.at(t)).isLessThanOrEqualTo(s.at(t - 1));
        }
        assertThat(new CosineStepSize(0.4, 0, 10).at(10)).isZero();
    }

    @Test
    void settingsRecordsBuildEveryScheduleWithRunDependentDefaults() {
        assertThat(new StepSchedule.Constant().create(0.1, 100)).isInstanceOf(ConstantStepSize.class);
        assertThat(new StepSchedule.InverseSqrt().create(1, 100).at(3)).isEqualTo(0.5);
        assertThat(new StepSchedule.StepDecay(0.9, 5L).create(0.1, 100).at(5)).isCloseTo(0.09, within(1e-17));
        // decay-every defaults to max(1, rounds / 3), the horizon to the rounds, decay to 0.1.
        assertThat(new StepSchedule.StepDecay(null, null).create(1, 30).at(10)).isCloseTo(0.1, within(1e-17));
        assertThat(new StepSchedule.StepDecay(null, null).create(1, 30).at(9)).isEqualTo(1);
        assertThat(new StepSchedule.Cosine(0.01, 50L).create(0.1, 100).at(50)).isEqualTo(0.01);
        assertThat(new StepSchedule.Cosine(null, null).create(0.1, 40).at(40)).isZero();
        StepSchedule.TYPES.types().forEach((name, type) -> assertThat(name).isNotBlank());
        assertThat(StepSchedule.TYPES.unregistered()).isEmpty();
        assertThat(StepSchedule.TYPES.names()).containsExactly("constant", "inverse-sqrt", "step-decay", "cosine");
    }

    @Test
    void refusesBadSettingsNamingThem() {
        assertThat(error(() -> new ConstantStepSize(-1))).isEqualTo("step-size: must be > 0, got -1");
        assertThat(error(() -> new InverseSqrtStepSize(0))).isEqualTo("step-size: must be > 0, got 0");
        assertThat(error(() -> new ConstantStepSize(Double.NaN))).isEqualTo("step-size: must be > 0, got NaN");
        assertThat(error(() -> new ConstantStepSize(Double.POSITIVE_INFINITY)))
                .isEqualTo("step-size: must be finite, got Infinity");
        assertThat(error(() -> new StepSchedule.StepDecay(1.5, 0L))).isEqualTo("decay: must be in (0, 1], got 1.5\n"
                + "decay-every: must be >= 1, got 0");
        assertThat(error(() -> new StepSchedule.Cosine(-0.1, 0L))).isEqualTo("min-step-size: must be >= 0, got -0.1\n"
                + "horizon: must be >= 1, got 0");
        assertThat(error(() -> new StepDecayStepSize(1, 1.5, 10))).isEqualTo("decay: must be in (0, 1], got 1.5");
        assertThat(error(() -> new StepDecayStepSize(1, 0, 10))).isEqualTo("decay: must be in (0, 1], got 0");
        assertThat(error(() -> new StepDecayStepSize(1, 0.5, 0))).isEqualTo("decay-every: must be >= 1, got 0");
        assertThat(error(() -> new CosineStepSize(1, -0.1, 10)))
                .isEqualTo("min-step-size: must be in [0, 1] (the step size), got -0.1");
        assertThat(error(() -> new CosineStepSize(0.5, 0.7, 10)))
                .isEqualTo("min-step-size: must be in [0, 0.5] (the step size), got 0.7");
        assertThat(error(() -> new CosineStepSize(1, 0, 0))).isEqualTo("horizon: must be >= 1, got 0");
        assertThat(error(() -> new ConstantStepSize(1).at(-1))).isEqualTo("round t: must be >= 0, got -1");
    }
}

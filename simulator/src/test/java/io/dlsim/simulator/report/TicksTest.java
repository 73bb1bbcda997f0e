package io.dlsim.simulator.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 14, item 5: readable axis numbers, round ticks, minor log ticks. */
class TicksTest {

    private static List<String> labels(Ticks t) {
        return t.major().stream().map(Ticks.Tick::label).toList();
    }

    private static List<Double> values(Ticks t) {
        return t.major().stream().map(Ticks.Tick::value).toList();
    }

    @Test
    void labelsAreEngineeringStyleNeverJavasENotation() {
        assertThat(Ticks.label(0)).isEqualTo("0");
        assertThat(Ticks.label(0.002)).isEqualTo("0.002");
        assertThat(Ticks.label(37.5)).isEqualTo("37.5");
        assertThat(Ticks.label(0.1 + 0.2)).isEqualTo("0.3");
        assertThat(Ticks.label(9999)).isEqualTo("9999");
        assertThat(Ticks.label(20_000)).isEqualTo("20k");
        assertThat(Ticks.label(1_500_000)).isEqualTo("1.5M");
        assertThat(Ticks.label(140_000_000)).isEqualTo("140M");
        assertThat(Ticks.label(2e9)).isEqualTo("2G");
        assertThat(Ticks.label(1e-4)).isEqualTo("10\u207b\u2074");
        assertThat(Ticks.label(2.5e-4)).isEqualTo("2.5\u00d710\u207b\u2074");
        assertThat(Ticks.label(1e-31)).isEqualTo("10\u207b\u00b3\u00b9");
        assertThat(Ticks.label(1e24)).isEqualTo("10\u00b2\u2074");
        assertThat(Ticks.label(-0.5)).isEqualTo("\u22120.5");
        assertThat(Ticks.label(Double.NaN)).isEqualTo("NaN");
        assertThat(Ticks.label(Double.POSITIVE_INFINITY)).isEqualTo("\u221e");
        for (double v = 1e-300; v < 1e300; v *= 7.3) {
            assertThat(Ticks.label(v)).as("label of %s", v).doesNotContain("E").doesNotContain("e");
        }
    }

    @Test
    void countAxesGetRoundStepsNotPowersOfTwo() {
        // Gradient evaluations of 16 nodes x batch 32 per round: 512 per round, 10 rounds.
        Ticks t = Ticks.linear(0, 5120, true);
        assertThat(values(t)).containsExactly(0.0, 1000.0, 2000.0, 3000.0, 4000.0, 5000.0, 6000.0);
        assertThat(Ticks.linear(0, 485_683_200, true).major()).extracting(Ticks.Tick::label)
                .containsExactly("0", "100M", "200M", "300M", "400M", "500M");
        // A handful of rounds: never a fractional step on a count axis.
        assertThat(values(Ticks.linear(0, 3, true))).allMatch(v -> v == Math.rint(v));
        for (Ticks s : List.of(Ticks.linear(0, 7, false), Ticks.linear(-3.2, 17.9, false), Ticks.linear(0.31, 0.33, false))) {
            double step = s.major().get(1).value() - s.major().get(0).value();
            double mantissa = step / Math.pow(10, Math.floor(Math.log10(step) + 1e-9));
            assertThat(Math.round(mantissa * 1000) / 1000.0).as("step %s", step).isIn(1.0, 2.0, 5.0);
            assertThat(s.major()).hasSizeBetween(4, 13);
        }
    }

    @Test
    void aConstantOrNoiseOnlyRangeIsDrawnFlatNotMagnified() {
        Ticks t = Ticks.linear(1.3905989512281627, 1.390598951228163, false);
        assertThat(t.hi() - t.lo()).as("the axis spans a readable range around the value").isGreaterThan(0.05);
        assertThat(labels(t)).doesNotHaveDuplicates().allMatch(l -> l.length() <= 5);
        assertThat(Ticks.linear(0, 0, true).hi()).isPositive();
    }

    @Test
    void logAxesHaveMinorTicksAndLabelsInsideADecade() {
        // Less than a decade: every 1..9 multiple is labelled, not one lonely "0.1".
        Ticks narrow = Ticks.log(0.12, 0.35);
        assertThat(labels(narrow)).contains("0.2", "0.3");
        // Two decades: 1, 2 and 5 labelled, the rest minor.
        Ticks two = Ticks.log(0.011, 0.9);
        assertThat(labels(two)).containsExactly("0.01", "0.02", "0.05", "0.1", "0.2", "0.5", "1");
        assertThat(two.minor()).hasSize(12);
        // Many decades: decades labelled, minor ticks at 2..9 each.
        Ticks six = Ticks.log(1e-6, 1);
        assertThat(labels(six)).containsExactly("10\u207b\u2076", "10\u207b\u2075", "10\u207b\u2074", "0.001", "0.01", "0.1", "1");
        assertThat(six.minor()).hasSize(6 * 8);
        // Thirty decades: every k-th decade labelled, the others minor, so labels do not collide.
        Ticks thirty = Ticks.log(1e-31, 10);
        assertThat(thirty.major()).hasSizeBetween(5, 9);
        assertThat(thirty.major().size() + thirty.minor().size()).isEqualTo(33);
        // A range between two minor ticks still gets labels.
        assertThat(Ticks.log(0.311, 0.329).major()).hasSizeGreaterThanOrEqualTo(2);
    }
}

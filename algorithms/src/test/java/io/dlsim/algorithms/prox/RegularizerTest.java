package io.dlsim.algorithms.prox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RegularizerTest {
    private static final double[] V = {3.0, -0.05, 0.2, -2.5, 0.0, 0.1};

    @Test
    void l1ProxIsSoftThresholding() {
        L1Regularizer r = new L1Regularizer(0.5);
        double[] out = new double[V.length];
        r.prox(V, 0.2, out); // threshold 0.1
        assertThat(out).containsExactly(new double[] {2.9, 0.0, 0.1, -2.4, 0.0, 0.0}, within(1e-15));
        assertThat(r.value(V)).isCloseTo(0.5 * (3 + 0.05 + 0.2 + 2.5 + 0 + 0.1), within(1e-15));
    }

    @Test
    void l2ProxIsAShrinkage() {
        L2Regularizer r = new L2Regularizer(2.0);
        double[] out = new double[V.length];
        r.prox(V, 0.25, out); // divide by 1.5
        for (int i = 0; i < V.length; i++) {
            assertThat(out[i]).isEqualTo(V[i] / 1.5);
        }
        double sq = 0;
        for (double v : V) {
            sq += v * v;
        }
        assertThat(r.value(V)).isCloseTo(sq, within(1e-15));
    }

    @Test
    void elasticNetProxThresholdsThenShrinks() {
        ElasticNetRegularizer r = new ElasticNetRegularizer(0.5, 2.0);
        double[] out = new double[V.length];
        r.prox(V, 0.2, out); // threshold 0.1, then divide by 1.4
        assertThat(out).containsExactly(new double[] {2.9 / 1.4, 0.0, 0.1 / 1.4, -2.4 / 1.4, 0.0, 0.0}, within(1e-15));
        assertThat(r.value(new double[] {1, -2})).isCloseTo(0.5 * 3 + 0.5 * 2.0 * 5, within(1e-15));
    }

    @Test
    void elasticNetReducesToItsParts() {
        double[] a = new double[V.length];
        double[] b = new double[V.length];
        new ElasticNetRegularizer(0.7, 0).prox(V, 0.3, a);
        new L1Regularizer(0.7).prox(V, 0.3, b);
        assertThat(a).isEqualTo(b);
        new ElasticNetRegularizer(0, 1.3).prox(V, 0.3, a);
        new L2Regularizer(1.3).prox(V, 0.3, b);
        assertThat(a).isEqualTo(b);
    }

    @Test
    void noneIsTheIdentityAndZero() {
        NoRegularizer r = new NoRegularizer();
        double[] out = new double[V.length];
        r.prox(V, 5, out);
        assertThat(out).isEqualTo(V);
        assertThat(r.value(V)).isZero();
    }

    @Test
    void stepSizeZeroIsTheIdentityAndProxWorksInPlace() {
        for (Regularizer r : new Regularizer[] {new L1Regularizer(1), new L2Regularizer(1), new ElasticNetRegularizer(1, 1)}) {
            double[] out = new double[V.length];
            r.prox(V, 0, out);
            assertThat(out).as(r.type()).isEqualTo(V);
            double[] expected = new double[V.length];
            r.prox(V, 0.3, expected);
            double[] inPlace = V.clone();
            r.prox(inPlace, 0.3, inPlace);
            assertThat(inPlace).isEqualTo(expected);
        }
    }

    @Test
    void excludedEntriesAreNeitherPenalizedNorMoved() {
        Regularizer r = new L1Regularizer(1).excluding(new int[] {5, 0, 5});
        assertThat(r.unpenalized()).containsExactly(0, 5);
        double[] v = V.clone();
        r.prox(v, 0.2, v); // in place, threshold 0.2
        assertThat(v).containsExactly(new double[] {3.0, 0.0, 0.0, -2.3, 0.0, 0.1}, within(1e-15));
        assertThat(r.value(V)).isCloseTo(0.05 + 0.2 + 2.5 + 0, within(1e-15));
        Regularizer e = new ElasticNetRegularizer(1, 1).excluding(new int[] {3});
        double[] out = new double[V.length];
        e.prox(V, 0.1, out);
        assertThat(out[3]).isEqualTo(-2.5);
        assertThat(out[0]).isCloseTo(2.9 / 1.1, within(1e-15));
        assertThat(new NoRegularizer().excluding(new int[] {1}).value(V)).isZero();
        assertThat(new L2Regularizer(1).excluding(new int[] {1}).toString()).isEqualTo("l2 (1 entries unpenalized)");
    }

    @Test
    void nanIsPropagatedNotHidden() {
        double[] out = new double[1];
        new L1Regularizer(1).prox(new double[] {Double.NaN}, 0.5, out);
        assertThat(out[0]).isNaN();
    }

    static Stream<Arguments> bruteForceCases() {
        Stream.Builder<Arguments> s = Stream.builder();
        Regularizer[] rs = {new L1Regularizer(0.8), new L2Regularizer(1.7), new ElasticNetRegularizer(0.6, 0.9),
            new NoRegularizer()};
        for (Regularizer r : rs) {
            for (double v : new double[] {-3.1, -0.4, -0.01, 0.0, 0.2, 0.5, 2.7}) {
                for (double eta : new double[] {0.05, 0.5, 2.0}) {
                    s.add(Arguments.of(r, v, eta));
                }
            }
        }
        return s.build();
    }

    /** Golden-section search for the minimiser of a convex function on [lo, hi]. */
    private static double argmin(java.util.function.DoubleUnaryOperator f, double lo, double hi) {
        double phi = (Math.sqrt(5) - 1) / 2;
        double a = lo;
        double b = hi;
        while (b - a > 1e-12) {
            double c = b - phi * (b - a);
            double d = a + phi * (b - a);
            if (f.applyAsDouble(c) <= f.applyAsDouble(d)) {
                b = d;
            } else {
                a = c;
            }
        }
        return (a + b) / 2;
    }

    @ParameterizedTest(name = "{0} v={1} eta={2}")
    @MethodSource("bruteForceCases")
    void proxMatchesABruteForceOneDimensionalMinimisation(Regularizer r, double v, double eta) {
        double[] x = new double[1];
        double expected = argmin(t -> {
            x[0] = t;
            return r.value(x) + (t - v) * (t - v) / (2 * eta);
        }, v - 10, v + 10);
        double[] out = new double[1];
        r.prox(new double[] {v}, eta, out);
        // A search on function values locates a smooth minimum only to about sqrt(machine eps).
        assertThat(out[0]).isCloseTo(expected, within(1e-6));
    }

    @Test
    void refusesNegativeOrNonFiniteWeightsNamingTheSetting() {
        assertThat(assertThrows(IllegalArgumentException.class, () -> new L1Regularizer(-1)))
                .hasMessage("l1: must be >= 0, got -1");
        assertThat(assertThrows(IllegalArgumentException.class, () -> new L2Regularizer(-0.5)))
                .hasMessage("l2: must be >= 0, got -0.5");
        assertThat(assertThrows(IllegalArgumentException.class, () -> new ElasticNetRegularizer(1, -2)))
                .hasMessage("l2: must be >= 0, got -2");
        assertThat(assertThrows(IllegalArgumentException.class, () -> new ElasticNetRegularizer(Double.NaN, 1)))
                .hasMessage("l1: must be >= 0, got NaN");
        assertThat(assertThrows(IllegalArgumentException.class, () -> new L1Regularizer(Double.POSITIVE_INFINITY)))
                .hasMessage("l1: must be finite, got Infinity");
    }

    @Test
    void refusesBadProxArguments() {
        L1Regularizer r = new L1Regularizer(1);
        assertThat(assertThrows(IllegalArgumentException.class, () -> r.prox(V, -1, new double[V.length])))
                .hasMessage("prox step size: must be >= 0 and finite, got -1");
        assertThat(assertThrows(IllegalArgumentException.class, () -> r.prox(V, Double.NaN, new double[V.length])))
                .hasMessage("prox step size: must be >= 0 and finite, got NaN");
        assertThat(assertThrows(IllegalArgumentException.class, () -> r.prox(V, 1, new double[2])))
                .hasMessage("prox output has length 2, the input 6");
        Regularizer excluded = r.excluding(new int[] {6});
        assertThat(assertThrows(IllegalArgumentException.class, () -> excluded.value(V)))
                .hasMessage("unpenalized index 6 is outside a vector of length 6");
        assertThat(assertThrows(IllegalArgumentException.class, () -> r.excluding(new int[] {-1})))
                .hasMessage("unpenalized index: must be >= 0, got -1");
    }
}

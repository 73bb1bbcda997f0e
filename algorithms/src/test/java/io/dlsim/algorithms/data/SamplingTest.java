package io.dlsim.algorithms.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SamplingTest {
    @Test
    void gammaDrawsHaveMeanAndVarianceEqualToTheShape() {
        SplittableRandom rng = new SplittableRandom(7);
        for (double shape : new double[] {0.3, 1, 2.5, 8}) {
            int m = 40_000;
            double sum = 0;
            double sumSq = 0;
            for (int k = 0; k < m; k++) {
                double g = Math.exp(Sampling.logGamma(shape, rng));
                sum += g;
                sumSq += g * g;
            }
            double mean = sum / m;
            double var = sumSq / m - mean * mean;
            assertThat(mean).as("mean for shape %s", shape).isCloseTo(shape, within(5 * Math.sqrt(shape / m)));
            assertThat(var).as("variance for shape %s", shape).isCloseTo(shape, within(0.1 * shape));
        }
    }

    @Test
    void dirichletDrawsAreProbabilityVectorsEvenForTinyConcentrations() {
        SplittableRandom rng = new SplittableRandom(3);
        double[] meanOfFirst = new double[1];
        for (double alpha : new double[] {1e-4, 0.1, 1, 50}) {
            for (int k = 0; k < 200; k++) {
                double[] p = Sampling.dirichlet(5, alpha, rng);
                assertThat(Arrays.stream(p).sum()).isCloseTo(1.0, within(1e-12));
                assertThat(Arrays.stream(p).min().getAsDouble()).isGreaterThanOrEqualTo(0.0);
                meanOfFirst[0] += p[0] / 800;
            }
        }
        assertThat(meanOfFirst[0]).isCloseTo(0.2, within(0.05));
        double[] concentrated = Sampling.dirichlet(5, 1e-4, new SplittableRandom(1));
        assertThat(Arrays.stream(concentrated).max().getAsDouble()).isGreaterThan(0.99);
    }

    @Test
    void apportionSumsToTheTotalAndFollowsTheWeights() {
        assertThat(Sampling.apportion(new double[] {1, 1, 1}, 10)).containsExactly(4, 3, 3);
        assertThat(Sampling.apportion(new double[] {0.5, 0.3, 0.2}, 10)).containsExactly(5, 3, 2);
        assertThat(Sampling.apportion(new double[] {2, 0, 1}, 7)).containsExactly(5, 0, 2);
        assertThat(Sampling.apportion(new double[] {1, 1}, 0)).containsExactly(0, 0);
        int[] big = Sampling.apportion(Sampling.dirichlet(37, 0.3, new SplittableRandom(5)), 1001);
        assertThat(Arrays.stream(big).sum()).isEqualTo(1001);
    }

    @Test
    void permutationsAreDeterministicPermutations() {
        int[] p = Sampling.permutation(50, new SplittableRandom(11));
        int[] q = Sampling.permutation(50, new SplittableRandom(11));
        assertThat(p).isEqualTo(q);
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 50; i++) {
            assertThat(sorted[i]).isEqualTo(i);
        }
        assertThat(p).isNotEqualTo(sorted);
    }

    @Test
    void sigmoidIsStableAtTheExtremes() {
        assertThat(Sampling.sigmoid(0)).isEqualTo(0.5);
        assertThat(Sampling.sigmoid(-1000)).isZero();
        assertThat(Sampling.sigmoid(1000)).isEqualTo(1.0);
        assertThat(Sampling.sigmoid(2) + Sampling.sigmoid(-2)).isCloseTo(1.0, within(1e-15));
    }
}

package io.dlsim.algorithms.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SyntheticTest {
    private static double[] row(Dataset d, int i) {
        double[] out = new double[d.dimension()];
        d.copyRow(i, out, 0);
        return out;
    }

    /** Fraction of examples whose label agrees with sign(x . w). */
    private static double agreement(Dataset d, double[] w) {
        int agree = 0;
        for (int i = 0; i < d.size(); i++) {
            agree += (d.dot(i, w, 0) > 0 ? 1 : 0) == d.label(i) ? 1 : 0;
        }
        return agree / (double) d.size();
    }

    @Test
    void sparseLogisticHasASparseTruthThatExplainsTheLabels() {
        Synthetic.Planted p = Synthetic.sparseLogistic(2000, 100, 10, 1.0, new SplittableRandom(1));
        double[] w = p.trueWeights();
        assertThat(Arrays.stream(w).filter(v -> v != 0).count()).isEqualTo(10);
        Dataset d = p.data();
        assertThat(d.size()).isEqualTo(2000);
        assertThat(d.dimension()).isEqualTo(100);
        assertThat(d.numClasses()).isEqualTo(2);
        assertThat(d.isSparse()).isFalse();
        assertThat(agreement(d, w)).isGreaterThan(0.75);
        double[] unrelated = Synthetic.sparseWeights(100, 10, new SplittableRandom(99));
        assertThat(agreement(d, unrelated)).isBetween(0.4, 0.6);
    }

    @Test
    void sparseFeaturesHaveTheRequestedDensity() {
        Synthetic.Planted p = Synthetic.sparseLogistic(1000, 500, 100, 0.05, new SplittableRandom(2));
        Dataset d = p.data();
        assertThat(d.isSparse()).isTrue();
        long nonZeros = 0;
        for (int i = 0; i < d.size(); i++) {
            nonZeros += Arrays.stream(row(d, i)).filter(v -> v != 0).count();
        }
        assertThat(nonZeros / (1000.0 * 500)).isCloseTo(0.05, within(0.003));
        // About 5 of the 100 true features are present per example: the labels still follow w*.
        assertThat(agreement(d, p.trueWeights())).isGreaterThan(0.7);
    }

    @Test
    void generatorsAreDeterministicInTheirStream() {
        Synthetic.Planted a = Synthetic.sparseLogistic(50, 20, 3, 0.5, new SplittableRandom(5));
        Synthetic.Planted b = Synthetic.sparseLogistic(50, 20, 3, 0.5, new SplittableRandom(5));
        Synthetic.Planted c = Synthetic.sparseLogistic(50, 20, 3, 0.5, new SplittableRandom(6));
        assertThat(a.trueWeights()).isEqualTo(b.trueWeights()).isNotEqualTo(c.trueWeights());
        for (int i = 0; i < 50; i++) {
            assertThat(row(a.data(), i)).isEqualTo(row(b.data(), i));
            assertThat(a.data().label(i)).isEqualTo(b.data().label(i));
        }
        // The weights come from their own split: they do not depend on how many examples follow.
        Synthetic.Planted more = Synthetic.sparseLogistic(500, 20, 3, 0.5, new SplittableRandom(5));
        assertThat(more.trueWeights()).isEqualTo(a.trueWeights());
    }

    @Test
    void linearRegressionResidualsAreTheNoise() {
        Synthetic.Planted p = Synthetic.linearRegression(4000, 8, 0.5, new SplittableRandom(3));
        Dataset d = p.data();
        assertThat(d.numClasses()).isZero();
        double[] w = p.trueWeights();
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < d.size(); i++) {
            double r = d.target(i) - d.dot(i, w, 0);
            sum += r;
            sumSq += r * r;
        }
        assertThat(sum / d.size()).isCloseTo(0, within(0.03));
        assertThat(Math.sqrt(sumSq / d.size())).isCloseTo(0.5, within(0.03));
        Synthetic.Planted exact = Synthetic.linearRegression(10, 3, 0, new SplittableRandom(3));
        for (int i = 0; i < 10; i++) {
            assertThat(exact.data().target(i)).isEqualTo(exact.data().dot(i, exact.trueWeights(), 0));
        }
    }

    @Test
    void teacherLabelsAreTheTeachersExceptExactlyTheNoisyFraction() {
        Synthetic.TeacherTask task = Synthetic.teacherTask(1000, 20, 16, 4, 0.2, new SplittableRandom(4));
        Dataset d = task.data();
        int[] clean = task.cleanLabels();
        assertThat(d.size()).isEqualTo(1000);
        assertThat(d.numClasses()).isEqualTo(4);
        assertThat(task.noisyCount()).isEqualTo(200);
        double[] x = new double[20];
        for (int i = 0; i < d.size(); i++) {
            d.copyRow(i, x, 0);
            assertThat(task.teacher().classify(x, 0)).isEqualTo(clean[i]);
        }
        int[] cleanCounts = new int[4];
        int[] flippedTo = new int[4];
        for (int i = 0; i < d.size(); i++) {
            cleanCounts[clean[i]]++;
            if (d.label(i) != clean[i]) {
                flippedTo[d.label(i)]++;
            }
        }
        // Every class is represented, and noise reaches every class.
        assertThat(Arrays.stream(cleanCounts).min().getAsInt()).isGreaterThan(1000 / (4 * 4));
        assertThat(Arrays.stream(flippedTo).min().getAsInt()).isGreaterThan(10);
    }

    @Test
    void aCleanTestSetFromTheSameTeacher() {
        Synthetic.TeacherTask train = Synthetic.teacherTask(200, 10, 8, 3, 0.3, new SplittableRandom(8));
        Synthetic.TeacherTask test = train.teacher().sample(300, 0, new SplittableRandom(9));
        assertThat(test.noisyCount()).isZero();
        assertThat(test.teacher()).isSameAs(train.teacher());
        assertThat(test.data().size()).isEqualTo(300);
        Synthetic.TeacherTask again = Synthetic.teacherTask(200, 10, 8, 3, 0.3, new SplittableRandom(8));
        assertThat(again.cleanLabels()).isEqualTo(train.cleanLabels());
        assertThat(Synthetic.teacherTask(10, 2, 2, 2, 1.0, new SplittableRandom(1)).noisyCount()).isEqualTo(10);
    }

    @Test
    void refusesBadParametersNamingThem() {
        SplittableRandom rng = new SplittableRandom(1);
        assertThat(assertThrows(IllegalArgumentException.class, () -> Synthetic.sparseWeights(10, 11, rng)))
                .hasMessage("synthetic.support: must be in 1..10, got 11");
        assertThat(assertThrows(IllegalArgumentException.class, () -> Synthetic.sparseLogistic(0, 10, 2, 1, rng)))
                .hasMessage("synthetic.n: must be >= 1, got 0");
        assertThat(assertThrows(IllegalArgumentException.class, () -> Synthetic.sparseLogistic(5, 10, 2, 0, rng)))
                .hasMessage("synthetic.feature-density: must be in (0, 1], got 0");
        assertThat(assertThrows(IllegalArgumentException.class, () -> Synthetic.linearRegression(5, 3, -1, rng)))
                .hasMessage("synthetic.noise-std: must be >= 0, got -1");
        assertThat(assertThrows(IllegalArgumentException.class, () -> Synthetic.teacherTask(5, 3, 4, 2, 1.5, rng)))
                .hasMessage("synthetic.label-noise: must be in [0, 1], got 1.5");
        assertThat(assertThrows(IllegalArgumentException.class, () -> Synthetic.teacherTask(5, 3, 4, 1, 0.1, rng)))
                .hasMessage("synthetic.classes: must be >= 2, got 1");
        assertThat(assertThrows(IllegalArgumentException.class, () -> Synthetic.teacherTask(5, 3, 0, 2, 0.1, rng)))
                .hasMessage("synthetic.hidden: must be >= 1, got 0");
    }
}

package io.dlsim.algorithms.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StandardizerTest {
    @Test
    void denseFeaturesGetMeanZeroAndVarianceOneOnTheFittedData() {
        Dataset d = Datasets.breastCancer(DatasetsTest.dataDir());
        Standardizer s = Standardizer.fit(d);
        Dataset z = s.apply(d);
        assertThat(z.name()).isEqualTo("breast_cancer/standardized");
        assertThat(z.classCounts()).containsExactly(212, 357);
        double[][] m = z.columnMoments();
        for (int j = 0; j < 30; j++) {
            assertThat(m[0][j]).isCloseTo(0, within(1e-9));
            assertThat(m[1][j]).isCloseTo(1, within(1e-9));
        }
        double[] x = new double[30];
        z.copyRow(0, x, 0);
        assertThat(x[0]).isCloseTo((17.99 - s.mean()[0]) / s.std()[0], within(1e-12));
    }

    @Test
    void testDataUsesTheTrainingStatistics() {
        Dataset d = Dataset.dense("d", new double[] {0, 2, 4, 6}, 1, new double[] {0, 1, 0, 1}, 2);
        TrainTestSplit.Split split = TrainTestSplit.split(d, 0.5, false, new SplittableRandom(1));
        Standardizer s = Standardizer.fit(split.train());
        double[] x = new double[1];
        Dataset test = s.apply(split.test());
        double[] source = new double[1];
        split.test().copyRow(0, source, 0);
        test.copyRow(0, x, 0);
        assertThat(x[0]).isEqualTo((source[0] - s.mean()[0]) / s.std()[0]);
    }

    @Test
    void sparseDataIsScaledButNotCentredAndConstantFeaturesAreKept() {
        Dataset d = Dataset.sparse("s", new int[] {0, 2, 3, 4}, new int[] {0, 2, 0, 2}, new double[] {3, 5, 3, 5}, 3,
                new double[] {0, 1, 0}, 2);
        Standardizer s = Standardizer.fit(d);
        // Feature 0: values 3, 3, 0 -> mean 2, std sqrt(2); feature 1: all zero -> std 1.
        assertThat(s.mean()).containsExactly(2, 0, 10 / 3.0);
        assertThat(s.std()[0]).isCloseTo(Math.sqrt(2), within(1e-12));
        assertThat(s.std()[1]).isEqualTo(1);
        Dataset z = s.apply(d);
        assertThat(z.isSparse()).isTrue();
        double[] x = new double[3];
        z.copyRow(1, x, 0);
        assertThat(x[0]).isCloseTo(3 / Math.sqrt(2), within(1e-12));
        assertThat(x[1]).isZero();
        assertThat(x[2]).isZero(); // absent entries stay zero: no centring
        Dataset constant = Dataset.dense("c", new double[] {7, 7}, 1, new double[] {0, 1}, 2);
        Dataset zc = Standardizer.fit(constant).apply(constant);
        zc.copyRow(1, x, 0);
        assertThat(x[0]).isZero();
    }

    @Test
    void refusesAnotherDimension() {
        Standardizer s = Standardizer.fit(Dataset.dense("a", new double[] {1, 2}, 1, new double[] {0, 1}, 2));
        Dataset other = Dataset.dense("b", new double[] {1, 2}, 2, new double[] {0}, 2);
        assertThat(assertThrows(IllegalArgumentException.class, () -> s.apply(other)))
                .hasMessage("standardize: fitted on 1 features, b has 2");
    }
}

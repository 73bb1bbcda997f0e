package io.dlsim.algorithms.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TrainTestSplitTest {
    /** 100 examples, one feature equal to the index; classes 0 (70) and 1 (30), interleaved. */
    private static Dataset imbalanced() {
        double[] x = new double[100];
        double[] y = new double[100];
        for (int i = 0; i < 100; i++) {
            x[i] = i;
            y[i] = i % 10 < 3 ? 1 : 0;
        }
        return Dataset.dense("imb", x, 1, y, 2);
    }

    private static void assertPartitionOfAll(TrainTestSplit.Split s, int n) {
        int[] all = IntStream.concat(IntStream.of(s.trainIndices()), IntStream.of(s.testIndices())).sorted().toArray();
        assertThat(all).isEqualTo(IntStream.range(0, n).toArray());
        assertThat(s.trainIndices()).isSorted();
        assertThat(s.testIndices()).isSorted();
    }

    @Test
    void splitIsCompleteDisjointSizedAndMatchesTheData() {
        Dataset d = imbalanced();
        TrainTestSplit.Split s = TrainTestSplit.split(d, 0.25, false, new SplittableRandom(1));
        assertThat(s.test().size()).isEqualTo(25);
        assertThat(s.train().size()).isEqualTo(75);
        assertPartitionOfAll(s, 100);
        double[] row = new double[1];
        int[] test = s.testIndices();
        for (int k = 0; k < test.length; k++) {
            s.test().copyRow(k, row, 0);
            assertThat(row[0]).isEqualTo(test[k]);
            assertThat(s.test().label(k)).isEqualTo(d.label(test[k]));
        }
        assertThat(s.train().name()).isEqualTo("imb/train");
        assertThat(s.test().name()).isEqualTo("imb/test");
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        Dataset d = imbalanced();
        int[] a = TrainTestSplit.split(d, 0.2, false, new SplittableRandom(42)).testIndices();
        int[] b = TrainTestSplit.split(d, 0.2, false, new SplittableRandom(42)).testIndices();
        int[] c = TrainTestSplit.split(d, 0.2, false, new SplittableRandom(43)).testIndices();
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void stratifiedSplitKeepsClassProportionsExactly() {
        Dataset d = imbalanced();
        for (long seed = 0; seed < 5; seed++) {
            TrainTestSplit.Split s = TrainTestSplit.split(d, 0.2, true, new SplittableRandom(seed));
            assertPartitionOfAll(s, 100);
            assertThat(s.test().classCounts()).containsExactly(14, 6);
            assertThat(s.train().classCounts()).containsExactly(56, 24);
        }
    }

    @Test
    void stratifiedSplitOfRealDataStaysWithinOneOfTheIdealShare() {
        Dataset d = Datasets.digits(DatasetsTest.dataDir());
        TrainTestSplit.Split s = TrainTestSplit.split(d, 0.3, true, new SplittableRandom(9));
        assertThat(s.test().size()).isEqualTo(539); // round(1797 * 0.3)
        int[] all = d.classCounts();
        int[] test = s.test().classCounts();
        for (int c = 0; c < 10; c++) {
            assertThat((double) test[c]).isCloseTo(all[c] * 539.0 / 1797, org.assertj.core.api.Assertions.within(1.0));
        }
    }

    @Test
    void tinyFractionsStillLeaveOneExampleOnEachSide() {
        Dataset d = imbalanced();
        assertThat(TrainTestSplit.split(d, 0.001, false, new SplittableRandom(1)).test().size()).isEqualTo(1);
        assertThat(TrainTestSplit.split(d, 0.999, false, new SplittableRandom(1)).train().size()).isEqualTo(1);
    }

    @Test
    void refusesBadArguments() {
        Dataset d = imbalanced();
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> TrainTestSplit.split(d, 1, false, new SplittableRandom(1))))
                .hasMessage("split.test-fraction: must be in (0, 1), got 1");
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> TrainTestSplit.split(d, Double.NaN, false, new SplittableRandom(1))))
                .hasMessage("split.test-fraction: must be in (0, 1), got NaN");
        Dataset one = d.subset("one", new int[] {0});
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> TrainTestSplit.split(one, 0.5, false, new SplittableRandom(1))))
                .hasMessage("split: needs at least 2 examples, one has 1");
        Dataset reg = Dataset.dense("reg", new double[] {1, 2, 3}, 1, new double[] {0.5, 1.5, 2.5}, 0);
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> TrainTestSplit.split(reg, 0.5, true, new SplittableRandom(1))))
                .hasMessage("split.stratified: needs class labels, but reg is a regression data set");
        assertThat(TrainTestSplit.split(reg, 0.5, false, new SplittableRandom(1)).test().size()).isEqualTo(2);
    }
}

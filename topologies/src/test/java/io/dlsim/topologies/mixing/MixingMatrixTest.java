package io.dlsim.topologies.mixing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.dlsim.topologies.graph.Graph;
import io.dlsim.topologies.graph.GraphGenerators;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MixingMatrixTest {
    @Test
    void fromRowsSortsColumnsAndDropsZeros() {
        MixingMatrix w = MixingMatrix.fromRows(3,
                new int[][] {{2, 0, 1}, {1}, {0, 2}},
                new double[][] {{0.25, 0.75, 0.0}, {1.0}, {0.5, 0.5}});
        assertThat(w.rowColumns(0)).containsExactly(0, 2);
        assertThat(w.rowWeights(0)).containsExactly(0.75, 0.25);
        assertThat(w.nonZeros()).isEqualTo(5);
        assertThat(w.get(0, 1)).isZero();
        assertThat(w.get(2, 2)).isEqualTo(0.5);
        assertThat(w.toDense()).isDeepEqualTo(new double[][] {{0.75, 0, 0.25}, {0, 1, 0}, {0.5, 0, 0.5}});
    }

    @Test
    void fromRowsRefusesRepeatedOrOutOfRangeColumns() {
        assertThatThrownBy(() -> MixingMatrix.fromRows(2, new int[][] {{0, 0}, {1}}, new double[][] {{0.5, 0.5}, {1}}))
                .hasMessageContaining("row 0 lists column 0 twice");
        assertThatThrownBy(() -> MixingMatrix.fromRows(2, new int[][] {{0, 2}, {1}}, new double[][] {{0.5, 0.5}, {1}}))
                .hasMessageContaining("row 0 has column 2 outside 0..1");
    }

    @Test
    void multiplyAndTransposeMatchTheDenseProducts() {
        MixingMatrix w = MixingRule.UNIFORM.apply(GraphGenerators.star(6));
        double[][] d = w.toDense();
        double[] x = {1, -2, 3, 0.5, 7, -1};
        double[] y = new double[6];
        double[] yt = new double[6];
        w.multiply(x, y);
        w.multiplyTranspose(x, yt);
        for (int i = 0; i < 6; i++) {
            double s = 0;
            double st = 0;
            for (int j = 0; j < 6; j++) {
                s += d[i][j] * x[j];
                st += d[j][i] * x[j];
            }
            assertThat(y[i]).isCloseTo(s, within(1e-14));
            assertThat(yt[i]).isCloseTo(st, within(1e-14));
        }
    }

    @Test
    void aLargeProductSpreadOverThreadsIsTheRowLoopBitForBit() {
        int n = 5 * MixingMatrix.ROWS_PER_PART + 123;
        MixingMatrix w = MixingRule.METROPOLIS_HASTINGS.apply(GraphGenerators.randomRegular(n, 4, new SplittableRandom(3), 100));
        SplittableRandom rng = new SplittableRandom(4);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextDouble(-1, 1) * Math.scalb(1.0, rng.nextInt(-30, 30));
        }
        double[] y = new double[n];
        w.multiply(x, y);
        for (int i = 0; i < n; i++) {
            int[] cols = w.rowColumns(i);
            double[] vals = w.rowWeights(i);
            double s = 0;
            for (int k = 0; k < cols.length; k++) {
                s += vals[k] * x[cols[k]];
            }
            assertThat(Double.doubleToRawLongBits(y[i])).as("row %d", i).isEqualTo(Double.doubleToRawLongBits(s));
        }
    }

    @Test
    void timesIsTheMatrixProduct() {
        MixingMatrix a = MixingRule.METROPOLIS_HASTINGS.apply(GraphGenerators.erdosRenyi(12, 0.3, new SplittableRandom(9), 100));
        MixingMatrix b = MixingRule.UNIFORM.apply(GraphGenerators.exponentialDirected(12));
        double[][] p = a.times(b).toDense();
        double[][] da = a.toDense();
        double[][] db = b.toDense();
        for (int i = 0; i < 12; i++) {
            for (int j = 0; j < 12; j++) {
                double s = 0;
                for (int k = 0; k < 12; k++) {
                    s += da[i][k] * db[k][j];
                }
                assertThat(p[i][j]).isCloseTo(s, within(1e-15));
            }
        }
        assertThatThrownBy(() -> a.times(MixingRule.UNIFORM.apply(GraphGenerators.ring(5))))
                .hasMessageContaining("size mismatch");
    }

    @Test
    void lazyAddsTheDiagonalWhenMissing() {
        // A matching-like W with no self weight at node 0: lazy must create W[0][0].
        MixingMatrix w = MixingMatrix.fromDense(new double[][] {{0, 1}, {1, 0}});
        MixingMatrix l = w.lazy(0.25);
        assertThat(l.toDense()).isDeepEqualTo(new double[][] {{0.75, 0.25}, {0.25, 0.75}});
        assertThat(w.lazy(1.0)).isEqualTo(w);
    }

    @Test
    void supportGraphIsUndirectedForASymmetricPatternAndDirectedOtherwise() {
        Graph ring = GraphGenerators.ring(6);
        assertThat(MixingRule.METROPOLIS_HASTINGS.apply(ring).supportGraph()).isEqualTo(ring);
        Graph expo = GraphGenerators.exponentialDirected(8);
        Graph support = MixingRule.UNIFORM.apply(expo).supportGraph();
        assertThat(support.isDirected()).isTrue();
        assertThat(support).isEqualTo(expo);
    }

    @Test
    void equalsIsBitForBit() {
        MixingMatrix a = MixingRule.METROPOLIS_HASTINGS.apply(GraphGenerators.ring(5));
        MixingMatrix b = MixingMatrix.fromDense(a.toDense());
        assertThat(b).isEqualTo(a).hasSameHashCodeAs(a);
        double[][] d = a.toDense();
        d[0][0] = Math.nextUp(d[0][0]);
        assertThat(MixingMatrix.fromDense(d)).isNotEqualTo(a);
    }
}

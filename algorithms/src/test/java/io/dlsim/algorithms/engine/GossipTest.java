package io.dlsim.algorithms.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GossipTest {
    private static double[] vector(SplittableRandom random, int length) {
        double[] v = new double[length];
        for (int c = 0; c < length; c++) {
            v[c] = random.nextGaussian() * Math.exp(random.nextDouble() * 20 - 10);
        }
        return v;
    }

    /** Ill-conditioned sums (magnitudes over 1e-4..1e4) so that any other order would show in the bits. */
    @Test
    void rowsCombinedTogetherAreEachRowCombinedAloneBitForBit() {
        SplittableRandom random = new SplittableRandom(7);
        for (int length : new int[] {1, 5, 511, 512, 513, 1300, 4096}) {
            int n = 40;
            double[][] messages = new double[n][];
            for (int j = 0; j < n; j++) {
                messages[j] = vector(random, length);
            }
            Gossip.Rows rows = new Gossip.Rows();
            double[][] together = new double[n][];
            double[][] alone = new double[n][];
            double[][] gathered = new double[n][];
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < n; i++) {
                    int degree = i % 7 == 3 ? 0 : 1 + random.nextInt(12);
                    double[] weights = new double[degree];
                    for (int k = 0; k < degree; k++) {
                        weights[k] = random.nextDouble();
                        gathered[k] = messages[random.nextInt(n)];
                    }
                    // A stale entry past the row's weights, which neither form may read.
                    gathered[degree] = new double[0];
                    together[i] = vector(random, length);
                    alone[i] = vector(random, length);
                    rows.add(weights, gathered, together[i]);
                    Gossip.combine(weights, gathered, alone[i]);
                }
                rows.combine();
                for (int i = 0; i < n; i++) {
                    assertThat(together[i]).as("length %d, row %d, round %d", length, i, round).isEqualTo(alone[i]);
                }
            }
        }
    }

    @Test
    void rowsOfDifferentLengthsAreCombinedOverTheirOwnCoordinates() {
        SplittableRandom random = new SplittableRandom(3);
        double[] shortMessage = vector(random, 3);
        double[] longMessage = vector(random, 2000);
        double[] shortOut = new double[3];
        double[] longOut = new double[2000];
        Gossip.Rows rows = new Gossip.Rows();
        rows.add(new double[] {0.5}, new double[][] {shortMessage}, shortOut);
        rows.add(new double[] {0.25, 0.75}, new double[][] {longMessage, longMessage}, longOut);
        rows.combine();
        double[] expectedShort = new double[3];
        double[] expectedLong = new double[2000];
        Gossip.combine(new double[] {0.5}, new double[][] {shortMessage}, expectedShort);
        Gossip.combine(new double[] {0.25, 0.75}, new double[][] {longMessage, longMessage}, expectedLong);
        assertThat(shortOut).isEqualTo(expectedShort);
        assertThat(longOut).isEqualTo(expectedLong);
    }
}

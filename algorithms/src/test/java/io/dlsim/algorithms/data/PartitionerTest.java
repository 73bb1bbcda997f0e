package io.dlsim.algorithms.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class PartitionerTest {
    /** 1000 examples of 10 classes with uneven sizes (55..145), in a scrambled order. */
    private static Dataset tenClasses() {
        int n = 1000;
        double[] x = new double[n];
        double[] y = new double[n];
        int[] perm = Sampling.permutation(n, new SplittableRandom(123));
        int i = 0;
        for (int c = 0; c < 10; c++) {
            int size = 55 + 10 * c;
            for (int k = 0; k < size; k++, i++) {
                x[perm[i]] = perm[i];
                y[perm[i]] = c;
            }
        }
        return Dataset.dense("ten", x, 1, y, 10);
    }

    private static Dataset regression(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        return Dataset.dense("reg", x, 1, x.clone(), 0);
    }

    static List<Partitioner> all() {
        return List.of(Partitioner.iid(), Partitioner.dirichlet(0.1), Partitioner.dirichlet(1),
                Partitioner.dirichlet(1000), Partitioner.labelShards(1), Partitioner.labelShards(2),
                Partitioner.labelShards(10), Partitioner.quantityDirichlet(0.3), Partitioner.quantityDirichlet(10),
                Partitioner.quantityPowerLaw(1.2), Partitioner.quantityPowerLaw(0.05));
    }

    /** Checks completeness, disjointness and the histograms directly from the shards. */
    private static void assertCompleteDisjointAndConsistent(Partition p, Dataset d, int nodes) {
        assertThat(p.numNodes()).isEqualTo(nodes);
        int[][] shards = p.shards();
        int[] all = Arrays.stream(shards).flatMapToInt(IntStream::of).sorted().toArray();
        assertThat(all).as("complete and disjoint").isEqualTo(IntStream.range(0, d.size()).toArray());
        for (int i = 0; i < nodes; i++) {
            assertThat(shards[i]).as("node %d", i).isNotEmpty().isSorted();
            assertThat(p.size(i)).isEqualTo(shards[i].length);
            int[] hist = new int[d.numClasses()];
            for (int idx : shards[i]) {
                if (d.numClasses() > 0) {
                    hist[d.label(idx)]++;
                }
            }
            assertThat(p.labelHistogram(i)).as("histogram of node %d", i).isEqualTo(hist);
        }
        assertThat(IntStream.of(p.sizes()).sum()).isEqualTo(d.size());
    }

    @ParameterizedTest
    @MethodSource("all")
    void everyPartitionerIsCompleteDisjointAndDeterministic(Partitioner partitioner) {
        Dataset d = tenClasses();
        for (int nodes : new int[] {1, 7, 20, 50}) {
            Partition p = partitioner.partition(d, nodes, new SplittableRandom(nodes));
            assertCompleteDisjointAndConsistent(p, d, nodes);
            assertThat(partitioner.partition(d, nodes, new SplittableRandom(nodes))).isEqualTo(p);
            assertThat(p.method()).isEqualTo(partitioner.describe());
        }
        Partition a = partitioner.partition(d, 20, new SplittableRandom(1));
        Partition b = partitioner.partition(d, 20, new SplittableRandom(2));
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void iidGivesNearEqualSizesAndMixedLabels() {
        Dataset d = tenClasses();
        Partition p = Partitioner.iid().partition(d, 7, new SplittableRandom(5));
        assertThat(p.sizes()).containsExactly(143, 143, 143, 143, 143, 143, 142);
        for (int i = 0; i < 7; i++) {
            assertThat(p.classesPresent(i)).isEqualTo(10);
        }
    }

    @Test
    void dirichletConcentrationControlsLabelSkew() {
        Dataset d = tenClasses();
        double skewed = meanClassesPresent(Partitioner.dirichlet(0.05).partition(d, 20, new SplittableRandom(3)));
        double mild = meanClassesPresent(Partitioner.dirichlet(1).partition(d, 20, new SplittableRandom(3)));
        double flat = meanClassesPresent(Partitioner.dirichlet(1000).partition(d, 20, new SplittableRandom(3)));
        assertThat(skewed).isLessThan(3.5);
        assertThat(mild).isBetween(skewed, flat);
        assertThat(flat).isEqualTo(10.0);
    }

    private static double meanClassesPresent(Partition p) {
        return IntStream.range(0, p.numNodes()).map(p::classesPresent).average().orElseThrow();
    }

    @Test
    void dirichletFailsClearlyWhenNodesCannotAllGetExamples() {
        Dataset d = tenClasses().subset("small", IntStream.range(0, 30).toArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Partitioner.dirichlet(0.0001).partition(d, 25, new SplittableRandom(1)));
        assertThat(e).hasMessage("beta: 0.0001 left some of the 25 nodes without examples in each of 1000"
                + " draws for 30 examples of 10 classes; raise beta or use fewer nodes");
    }

    @Test
    void labelShardsGiveEachNodeKClassesWhenShardsAlignWithClasses() {
        double[] x = new double[200];
        double[] y = new double[200];
        for (int i = 0; i < 200; i++) {
            y[i] = i % 10;
        }
        Dataset d = Dataset.dense("aligned", x, 1, y, 10);
        // 20 examples per class, 20 nodes x 2 shards = 40 shards of 5: every shard is one class.
        Partition p = Partitioner.labelShards(2).partition(d, 20, new SplittableRandom(4));
        for (int i = 0; i < 20; i++) {
            assertThat(p.size(i)).isEqualTo(10);
            assertThat(p.classesPresent(i)).isBetween(1, 2);
            for (int count : p.labelHistogram(i)) {
                assertThat(count % 5).isZero();
            }
        }
        Partition one = Partitioner.labelShards(1).partition(d, 10, new SplittableRandom(4));
        for (int i = 0; i < 10; i++) {
            assertThat(one.classesPresent(i)).isEqualTo(1);
        }
    }

    @Test
    void quantitySkewVariesSizesButKeepsEveryNodeNonEmpty() {
        Dataset d = tenClasses();
        Partition skewed = Partitioner.quantityDirichlet(0.1).partition(d, 50, new SplittableRandom(6));
        int[] s = skewed.sizes();
        assertThat(IntStream.of(s).min().getAsInt()).isGreaterThanOrEqualTo(1);
        assertThat(IntStream.of(s).max().getAsInt()).isGreaterThan(100);
        Partition even = Partitioner.quantityDirichlet(10_000).partition(d, 50, new SplittableRandom(6));
        assertThat(IntStream.of(even.sizes()).max().getAsInt() - IntStream.of(even.sizes()).min().getAsInt())
                .isLessThanOrEqualTo(4);
        Partition heavy = Partitioner.quantityPowerLaw(0.5).partition(d, 50, new SplittableRandom(6));
        assertThat(IntStream.of(heavy.sizes()).max().getAsInt()).isGreaterThan(200);
        assertThat(IntStream.of(heavy.sizes()).min().getAsInt()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void asManyNodesAsExamplesGivesOneEach() {
        Dataset d = tenClasses().subset("twenty", IntStream.range(0, 20).toArray());
        for (Partitioner p : List.of(Partitioner.iid(), Partitioner.quantityDirichlet(0.5),
                Partitioner.quantityPowerLaw(1), Partitioner.labelShards(1))) {
            assertThat(p.partition(d, 20, new SplittableRandom(1)).sizes()).containsOnly(1);
        }
    }

    @Test
    void regressionDataSupportsTheLabelFreePartitioners() {
        Dataset d = regression(100);
        for (Partitioner p : List.of(Partitioner.iid(), Partitioner.quantityDirichlet(0.5),
                Partitioner.quantityPowerLaw(2))) {
            Partition part = p.partition(d, 9, new SplittableRandom(2));
            assertCompleteDisjointAndConsistent(part, d, 9);
            assertThat(part.numClasses()).isZero();
        }
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> Partitioner.dirichlet(1).partition(d, 3, new SplittableRandom(1))))
                .hasMessage("partition: dirichlet(beta=1) needs class labels, but reg is a regression data set");
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> Partitioner.labelShards(1).partition(d, 3, new SplittableRandom(1))))
                .hasMessage("partition: label-shards(classes-per-node=1) needs class labels, but reg is a regression data set");
    }

    @Test
    void refusesBadParametersNamingThem() {
        Dataset d = tenClasses();
        assertThat(assertThrows(IllegalArgumentException.class, () -> Partitioner.dirichlet(0)))
                .hasMessage("beta: must be > 0, got 0");
        assertThat(assertThrows(IllegalArgumentException.class, () -> Partitioner.dirichlet(Double.NaN)))
                .hasMessage("beta: must be > 0, got NaN");
        assertThat(assertThrows(IllegalArgumentException.class, () -> Partitioner.quantityDirichlet(-1)))
                .hasMessage("beta: must be > 0, got -1");
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> Partitioner.quantityPowerLaw(Double.POSITIVE_INFINITY)))
                .hasMessage("exponent: must be > 0, got Infinity");
        assertThat(assertThrows(IllegalArgumentException.class, () -> Partitioner.labelShards(0)))
                .hasMessage("classes-per-node: must be >= 1, got 0");
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> Partitioner.labelShards(11).partition(d, 5, new SplittableRandom(1))))
                .hasMessage("classes-per-node: must be in 1..10 (the classes of ten), got 11");
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> Partitioner.labelShards(3).partition(d, 400, new SplittableRandom(1))))
                .hasMessage("nodes: 400 nodes x 3 shards need at least 1200 examples, ten has 1000");
        for (Partitioner p : all()) {
            assertThat(assertThrows(IllegalArgumentException.class,
                    () -> p.partition(d, 1001, new SplittableRandom(1))))
                    .hasMessage("nodes: must be <= 1000 (the examples of ten), got 1001");
            assertThat(assertThrows(IllegalArgumentException.class,
                    () -> p.partition(d, 0, new SplittableRandom(1))))
                    .hasMessage("nodes: must be >= 1, got 0");
        }
    }
}

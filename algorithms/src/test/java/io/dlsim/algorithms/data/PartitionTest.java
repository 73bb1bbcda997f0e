package io.dlsim.algorithms.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PartitionTest {
    /** Five examples: features 0..4, classes 0, 1, 1, 0, 1. */
    private static Dataset five() {
        return Dataset.dense("five", new double[] {0, 1, 2, 3, 4}, 1, new double[] {0, 1, 1, 0, 1}, 2);
    }

    @Test
    void ofComputesHistogramsAndSortsShards() {
        Partition p = Partition.of("manual", five(), new int[][] {{3, 0, 1}, {4, 2}});
        assertThat(p.shard(0)).containsExactly(0, 1, 3);
        assertThat(p.sizes()).containsExactly(3, 2);
        assertThat(p.labelHistogram(0)).containsExactly(2, 1);
        assertThat(p.labelHistogram(1)).containsExactly(0, 2);
        assertThat(p.classesPresent(1)).isEqualTo(1);
        assertThat(p.totalSize()).isEqualTo(5);
        assertThat(p.toString()).isEqualTo("Partition[manual, 2 nodes, sizes [3, 2]]");
    }

    @Test
    void tableShowsSizesAndClassCountsPerNode() {
        Partition p = Partition.of("manual", five(), new int[][] {{3, 0, 1}, {4, 2}});
        assertThat(p.table()).isEqualTo("manual: 2 nodes, 5 examples\n"
                + "node size |   c0   c1\n"
                + "   0    3 |    2    1\n"
                + "   1    2 |    0    2\n"
                + " all    5 |    2    3\n");
        Dataset reg = Dataset.dense("reg", new double[] {0, 1, 2}, 1, new double[] {0.5, 1, 2}, 0);
        assertThat(Partition.of("iid", reg, new int[][] {{0, 2}, {1}}).table()).isEqualTo("iid: 2 nodes, 3 examples\n"
                + "node size\n"
                + "   0    2\n"
                + "   1    1\n"
                + " all    3\n");
    }

    @Test
    void shardOfExtractsTheNodesExamples() {
        Dataset d = five();
        Partition p = Partition.of("manual", d, new int[][] {{3, 0, 1}, {4, 2}});
        Dataset node1 = p.shardOf(d, 1);
        assertThat(node1.name()).isEqualTo("five/node1");
        assertThat(node1.size()).isEqualTo(2);
        double[] x = new double[1];
        node1.copyRow(0, x, 0);
        assertThat(x[0]).isEqualTo(2.0);
        Dataset other = Dataset.dense("six", new double[6], 1, new double[6], 2);
        assertThat(assertThrows(IllegalArgumentException.class, () -> p.shardOf(other, 0)))
                .hasMessage("partition: made for 5 examples, six has 6");
    }

    @Test
    void isImmutableAndComparedByContent() {
        int[][] shards = {{0, 1}, {2, 3, 4}};
        Partition p = Partition.of("m", five(), shards);
        shards[0][0] = 4;
        p.shards()[1][0] = 0;
        p.shard(0)[0] = 3;
        p.labelCounts()[0][0] = 99;
        assertThat(p.shard(0)).containsExactly(0, 1);
        assertThat(p.shard(1)).containsExactly(2, 3, 4);
        assertThat(p.labelHistogram(0)).containsExactly(1, 1);
        Partition q = Partition.of("m", five(), new int[][] {{1, 0}, {4, 3, 2}});
        assertThat(q).isEqualTo(p).hasSameHashCodeAs(p);
        assertThat(Partition.of("m", five(), new int[][] {{0, 2}, {1, 3, 4}})).isNotEqualTo(p);
    }

    @Test
    void refusesOverlapsGapsEmptyNodesAndWrongHistograms() {
        Dataset d = five();
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> Partition.of("m", d, new int[][] {{0, 1, 2}, {2, 3}})))
                .hasMessage("partition: index 2 is on node 0 and on node 1");
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> Partition.of("m", d, new int[][] {{0, 1, 1}, {2, 3}})))
                .hasMessage("partition: index 1 appears twice on node 0");
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> Partition.of("m", d, new int[][] {{0, 1}, {3, 4}})))
                .hasMessage("partition: node 1 holds index 4, outside 0..3");
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> Partition.of("m", d, new int[][] {{0, 1, 2, 3, 4}, {}})))
                .hasMessage("partition: node 1 has no examples");
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> Partition.of("m", d, new int[][] {{0, 1}, {2}})))
                .hasMessage("partition: shards hold 3 examples, five has 5");
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> new Partition("m", new int[][] {{0}, {1}}, 2, new int[][] {{1, 0}, {1, 1}})))
                .hasMessage("partition: node 1 histogram does not sum to its 1 examples");
        assertThat(assertThrows(IllegalArgumentException.class, () -> new Partition("m", new int[0][], 2, new int[0][])))
                .hasMessage("partition: no nodes");
    }
}

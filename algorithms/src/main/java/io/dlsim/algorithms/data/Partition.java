package io.dlsim.algorithms.data;

import java.util.Arrays;

/**
 * An assignment of the examples {@code 0..N-1} of a data set to nodes {@code 0..n-1}:
 * {@code shards[i]} holds the example indices of node i.
 *
 * <p>Invariants, checked on construction: every node has at least one example; the shards are
 * disjoint and together hold every index {@code 0..N-1} exactly once ({@code N = totalSize()});
 * each shard is stored ascending. {@code labelCounts[i][c]} is the number of examples of class c
 * on node i ({@code numClasses == 0}, no columns, for regression data) and sums to the shard size.
 * Arrays are copied in and out, so a Partition is immutable; equality is by content.
 *
 * @param method      how the partition was made, e.g. {@code dirichlet(beta=0.5)}
 * @param shards      the example indices of each node
 * @param numClasses  the number of classes of the data set, or 0 for regression
 * @param labelCounts per node, the number of examples of each class
 */
public record Partition(String method, int[][] shards, int numClasses, int[][] labelCounts) {
    public Partition {
        if (shards.length == 0) {
            throw new IllegalArgumentException("partition: no nodes");
        }
        if (labelCounts.length != shards.length) {
            throw new IllegalArgumentException("partition: " + labelCounts.length + " label histograms for "
                    + shards.length + " nodes");
        }
        int total = 0;
        int[][] sorted = new int[shards.length][];
        int[][] counts = new int[shards.length][];
        for (int i = 0; i < shards.length; i++) {
            if (shards[i].length == 0) {
                throw new IllegalArgumentException("partition: node " + i + " has no examples");
            }
            sorted[i] = shards[i].clone();
            Arrays.sort(sorted[i]);
            total += sorted[i].length;
            counts[i] = labelCounts[i].clone();
            if (counts[i].length != numClasses) {
                throw new IllegalArgumentException("partition: node " + i + " has a histogram of "
                        + counts[i].length + " classes, expected " + numClasses);
            }
            if (numClasses > 0 && Arrays.stream(counts[i]).sum() != sorted[i].length) {
                throw new IllegalArgumentException("partition: node " + i + " histogram does not sum to its "
                        + sorted[i].length + " examples");
            }
        }
        int[] owner = new int[total];
        Arrays.fill(owner, -1);
        for (int i = 0; i < sorted.length; i++) {
            for (int idx : sorted[i]) {
                if (idx < 0 || idx >= total) {
                    throw new IllegalArgumentException("partition: node " + i + " holds index " + idx
                            + ", outside 0.." + (total - 1));
                }
                if (owner[idx] == i) {
                    throw new IllegalArgumentException("partition: index " + idx + " appears twice on node " + i);
                }
                if (owner[idx] >= 0) {
                    throw new IllegalArgumentException("partition: index " + idx + " is on node " + owner[idx]
                            + " and on node " + i);
                }
                owner[idx] = i;
            }
        }
        shards = sorted;
        labelCounts = counts;
    }

    /** The partition of {@code data} given by {@code shards}, with its label histograms. */
    public static Partition of(String method, Dataset data, int[][] shards) {
        int k = data.numClasses();
        int[][] counts = new int[shards.length][k];
        for (int i = 0; i < shards.length; i++) {
            if (k > 0) {
                for (int idx : shards[i]) {
                    if (idx >= 0 && idx < data.size()) {
                        counts[i][data.label(idx)]++;
                    }
                }
            }
        }
        Partition p = new Partition(method, shards, k, counts);
        if (p.totalSize() != data.size()) {
            throw new IllegalArgumentException("partition: shards hold " + p.totalSize() + " examples, "
                    + data.name() + " has " + data.size());
        }
        return p;
    }

    @Override
    public int[][] shards() {
        return deepCopy(shards);
    }

    @Override
    public int[][] labelCounts() {
        return deepCopy(labelCounts);
    }

    public int numNodes() {
        return shards.length;
    }

    /** N, the number of examples partitioned. */
    public int totalSize() {
        int t = 0;
        for (int[] s : shards) {
            t += s.length;
        }
        return t;
    }

    /** The example indices of {@code node}, ascending. */
    public int[] shard(int node) {
        return shards[node].clone();
    }

    public int size(int node) {
        return shards[node].length;
    }

    /** The shard sizes, by node. */
    public int[] sizes() {
        int[] s = new int[shards.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = shards[i].length;
        }
        return s;
    }

    /** The number of examples of each class on {@code node} (empty for regression). */
    public int[] labelHistogram(int node) {
        return labelCounts[node].clone();
    }

    /** How many classes occur on {@code node}. */
    public int classesPresent(int node) {
        int k = 0;
        for (int c : labelCounts[node]) {
            k += c > 0 ? 1 : 0;
        }
        return k;
    }

    /**
     * Node {@code node}'s examples of {@code data} (the partitioned data set), named
     * {@code <name>/node<i>}: a {@link Dataset#view}, sharing the storage of {@code data}.
     */
    public Dataset shardOf(Dataset data, int node) {
        if (data.size() != totalSize()) {
            throw new IllegalArgumentException("partition: made for " + totalSize() + " examples, "
                    + data.name() + " has " + data.size());
        }
        return data.view(data.name() + "/node" + node, shards[node]);
    }

    /**
     * A plain-text table: one row per node with its size and class counts, and a total row, e.g.
     * <pre>
     * node  size |  c0  c1
     *    0     3 |   2   1
     *    1     2 |   0   2
     *  all     5 |   2   3
     * </pre>
     */
    public String table() {
        int[] total = new int[numClasses];
        for (int[] row : labelCounts) {
            for (int c = 0; c < numClasses; c++) {
                total[c] += row[c];
            }
        }
        int width = Math.max(4, Integer.toString(totalSize()).length());
        int nodeWidth = Math.max(4, Integer.toString(shards.length - 1).length());
        StringBuilder sb = new StringBuilder();
        sb.append(method).append(": ").append(shards.length).append(" nodes, ").append(totalSize())
                .append(" examples\n");
        sb.append(pad("node", nodeWidth)).append(' ').append(pad("size", width));
        if (numClasses > 0) {
            sb.append(" |");
            for (int c = 0; c < numClasses; c++) {
                sb.append(' ').append(pad("c" + c, width));
            }
        }
        sb.append('\n');
        for (int i = 0; i < shards.length; i++) {
            row(sb, Integer.toString(i), nodeWidth, shards[i].length, labelCounts[i], width);
        }
        row(sb, "all", nodeWidth, totalSize(), total, width);
        return sb.toString();
    }

    private void row(StringBuilder sb, String node, int nodeWidth, int size, int[] counts, int width) {
        sb.append(pad(node, nodeWidth)).append(' ').append(pad(Integer.toString(size), width));
        if (numClasses > 0) {
            sb.append(" |");
            for (int c : counts) {
                sb.append(' ').append(pad(Integer.toString(c), width));
            }
        }
        sb.append('\n');
    }

    private static String pad(String s, int width) {
        return " ".repeat(Math.max(0, width - s.length())) + s;
    }

    private static int[][] deepCopy(int[][] a) {
        int[][] out = new int[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Partition p && method.equals(p.method) && numClasses == p.numClasses
                && Arrays.deepEquals(shards, p.shards) && Arrays.deepEquals(labelCounts, p.labelCounts);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * method.hashCode() + numClasses) + Arrays.deepHashCode(shards);
    }

    @Override
    public String toString() {
        return "Partition[" + method + ", " + shards.length + " nodes, sizes " + Arrays.toString(sizes()) + "]";
    }
}

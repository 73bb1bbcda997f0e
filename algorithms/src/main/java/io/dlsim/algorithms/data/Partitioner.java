package io.dlsim.algorithms.data;

import io.dlsim.topologies.settings.Problems;
import io.dlsim.topologies.settings.TypeRegistry;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Splits a data set across {@code n} nodes. Every partitioner is a pure function of the data
 * set's labels, {@code n} and the state of the {@link SplittableRandom} it is given: the same
 * inputs give the same {@link Partition}. Every result is complete and disjoint, gives each node
 * at least one example, and stores each shard ascending (see {@link Partition}).
 *
 * <ul>
 *   <li>{@link Iid}: shuffle, then cut into {@code n} contiguous parts whose sizes differ by at
 *       most one (the first {@code N mod n} nodes get the extra example).</li>
 *   <li>{@link Dirichlet}: label skew. For each class c, proportions {@code q_c ~ Dir(beta, ..., beta)}
 *       over the n nodes; the class's shuffled examples are cut at the cumulative proportions.
 *       Small beta (0.1) gives each node few classes; large beta (100) is close to IID. This is
 *       the per-class form used by Yurochkin et al. (ICML 2019) and by Li, Diao, Chen and He
 *       (NIID-Bench, ICDE 2022) of the Dirichlet scheme of Hsu, Qi and Brown (2019), "Measuring
 *       the effects of non-identical data distribution for federated visual classification",
 *       arXiv:1909.06335. Draws that leave a node empty are redrawn (up to 1000 times, a
 *       deterministic sequence); if every draw leaves one empty, it fails naming beta.</li>
 *   <li>{@link LabelShards}: pathological label skew of McMahan, Moore, Ramage, Hampson and
 *       Agüera y Arcas (AISTATS 2017), "Communication-efficient learning of deep networks from
 *       decentralized data": sort the examples by label (ties in random order), cut them into
 *       {@code n * k} contiguous shards of near-equal size, give each node k shards chosen at
 *       random. A node then holds about k classes (fewer if two of its shards share a class,
 *       one more when a shard straddles a class boundary).</li>
 *   <li>{@link QuantityDirichlet}, {@link QuantityPowerLaw}: quantity skew with IID labels.
 *       Each node first gets one example; the other {@code N - n} are apportioned (largest
 *       remainder) by proportions {@code p ~ Dir(beta, ..., beta)}, or by i.i.d. Pareto weights
 *       {@code U^(-1/exponent)} (a power law: smaller exponents, heavier tails), normalised;
 *       then a shuffle of the examples is cut into parts of those sizes.</li>
 * </ul>
 *
 * Errors name the parameter: {@code beta: must be > 0, got 0},
 * {@code nodes: must be <= 569 (the examples of breast_cancer), got 1000}.
 * Label-based partitioners need classification data.
 */
public sealed interface Partitioner
        permits Partitioner.Iid, Partitioner.Dirichlet, Partitioner.LabelShards, Partitioner.QuantityDirichlet,
        Partitioner.QuantityPowerLaw {
    /** The {@code partition.type} names. */
    TypeRegistry<Partitioner> TYPES = TypeRegistry.of(Partitioner.class).with("iid", Iid.class).with("dirichlet", Dirichlet.class)
            .with("label-shards", LabelShards.class).with("quantity-skew", QuantityDirichlet.class)
            .with("power-law", QuantityPowerLaw.class).complete();


    /** Assigns the examples of {@code data} to {@code nodes} nodes, drawing from {@code rng}. */
    Partition partition(Dataset data, int nodes, SplittableRandom rng);

    /** The method and its parameters, e.g. {@code dirichlet(beta=0.5)}. */
    String describe();

    static Partitioner iid() {
        return new Iid();
    }

    static Partitioner dirichlet(double beta) {
        return new Dirichlet(beta);
    }

    static Partitioner labelShards(int classesPerNode) {
        return new LabelShards(classesPerNode);
    }

    static Partitioner quantityDirichlet(double beta) {
        return new QuantityDirichlet(beta);
    }

    static Partitioner quantityPowerLaw(double exponent) {
        return new QuantityPowerLaw(exponent);
    }

    /** IID: shuffle and cut into near-equal parts. */
    record Iid() implements Partitioner {
        @Override
        public Partition partition(Dataset data, int nodes, SplittableRandom rng) {
            PartitionSupport.nodes(data, nodes);
            int n = data.size();
            int[] sizes = new int[nodes];
            for (int i = 0; i < nodes; i++) {
                sizes[i] = n / nodes + (i < n % nodes ? 1 : 0);
            }
            return Partition.of(describe(), data, PartitionSupport.cut(Sampling.permutation(n, rng), sizes));
        }

        @Override
        public String describe() {
            return "iid";
        }
    }

    /** Label skew: per class, proportions across nodes ~ Dir(beta). */
    record Dirichlet(Double beta) implements Partitioner {
        /** Redraws allowed when a draw leaves a node without examples. */
        public static final int MAX_DRAWS = 1000;

        public Dirichlet {
            PartitionSupport.positive("beta", beta);
        }

        public Dirichlet(double beta) {
            this(Double.valueOf(beta));
        }

        @Override
        public Partition partition(Dataset data, int nodes, SplittableRandom rng) {
            PartitionSupport.nodes(data, nodes);
            PartitionSupport.classification(data, describe());
            int[][] byClass = TrainTestSplit.indicesByClass(data);
            for (int attempt = 0; attempt < MAX_DRAWS; attempt++) {
                int[][] counts = new int[byClass.length][];
                int[] sizes = new int[nodes];
                for (int c = 0; c < byClass.length; c++) {
                    double[] q = Sampling.dirichlet(nodes, beta, rng);
                    counts[c] = cumulativeCuts(q, byClass[c].length);
                    for (int i = 0; i < nodes; i++) {
                        sizes[i] += counts[c][i];
                    }
                }
                if (Arrays.stream(sizes).min().orElse(0) == 0) {
                    continue;
                }
                int[][] shards = new int[nodes][];
                int[] fill = new int[nodes];
                for (int i = 0; i < nodes; i++) {
                    shards[i] = new int[sizes[i]];
                }
                for (int c = 0; c < byClass.length; c++) {
                    int[] members = byClass[c].clone();
                    Sampling.shuffle(members, rng);
                    int k = 0;
                    for (int i = 0; i < nodes; i++) {
                        for (int m = 0; m < counts[c][i]; m++) {
                            shards[i][fill[i]++] = members[k++];
                        }
                    }
                }
                return Partition.of(describe(), data, shards);
            }
            throw new IllegalArgumentException("beta: " + DataFiles.fmt(beta) + " left some of the "
                    + nodes + " nodes without examples in each of " + MAX_DRAWS + " draws for " + data.size()
                    + " examples of " + data.numClasses() + " classes; raise beta or use fewer nodes");
        }

        /** Counts {@code floor(N * cumsum(q))} differences: the class's examples cut at the cumulative proportions. */
        private static int[] cumulativeCuts(double[] q, int total) {
            int[] counts = new int[q.length];
            double cum = 0;
            int previous = 0;
            for (int i = 0; i < q.length; i++) {
                cum += q[i];
                int cut = i == q.length - 1 ? total : (int) Math.min(total, Math.floor(cum * total));
                counts[i] = Math.max(0, cut - previous);
                previous = Math.max(previous, cut);
            }
            return counts;
        }

        @Override
        public String describe() {
            return "dirichlet(beta=" + DataFiles.fmt(beta) + ")";
        }
    }

    /** Label-sorted shards: each node gets {@code classesPerNode} random shards of the label-sorted data. */
    record LabelShards(Integer classesPerNode) implements Partitioner {
        public LabelShards {
            Problems p = new Problems();
            classesPerNode = p.atLeast("classes-per-node", classesPerNode, 2, 1);
            p.throwIfAny();
        }

        public LabelShards(int classesPerNode) {
            this(Integer.valueOf(classesPerNode));
        }

        @Override
        public Partition partition(Dataset data, int nodes, SplittableRandom rng) {
            PartitionSupport.nodes(data, nodes);
            PartitionSupport.classification(data, describe());
            if (classesPerNode > data.numClasses()) {
                throw new IllegalArgumentException("classes-per-node: must be in 1.." + data.numClasses()
                        + " (the classes of " + data.name() + "), got " + classesPerNode);
            }
            long shardCount = (long) nodes * classesPerNode;
            if (shardCount > data.size()) {
                throw new IllegalArgumentException("nodes: " + nodes + " nodes x " + classesPerNode
                        + " shards need at least " + shardCount + " examples, " + data.name() + " has " + data.size());
            }
            // Sort by label, ties in random order: shuffle, then a stable counting sort.
            int[] order = new int[data.size()];
            int k = 0;
            int[][] byClass = TrainTestSplit.indicesByClass(data);
            for (int[] members : byClass) {
                int[] m = members.clone();
                Sampling.shuffle(m, rng);
                for (int idx : m) {
                    order[k++] = idx;
                }
            }
            int shards = (int) shardCount;
            int[] shardSizes = new int[shards];
            for (int s = 0; s < shards; s++) {
                shardSizes[s] = data.size() / shards + (s < data.size() % shards ? 1 : 0);
            }
            int[][] pieces = PartitionSupport.cut(order, shardSizes);
            int[] assignment = Sampling.permutation(shards, rng);
            int[][] out = new int[nodes][];
            for (int i = 0; i < nodes; i++) {
                int size = 0;
                for (int j = 0; j < classesPerNode; j++) {
                    size += pieces[assignment[i * classesPerNode + j]].length;
                }
                out[i] = new int[size];
                int fill = 0;
                for (int j = 0; j < classesPerNode; j++) {
                    int[] piece = pieces[assignment[i * classesPerNode + j]];
                    System.arraycopy(piece, 0, out[i], fill, piece.length);
                    fill += piece.length;
                }
            }
            return Partition.of(describe(), data, out);
        }

        @Override
        public String describe() {
            return "label-shards(classes-per-node=" + classesPerNode + ")";
        }
    }

    /** Quantity skew: node sizes ~ 1 + Dir(beta) share of the rest, labels IID. */
    record QuantityDirichlet(Double beta) implements Partitioner {
        public QuantityDirichlet {
            PartitionSupport.positive("beta", beta);
        }

        public QuantityDirichlet(double beta) {
            this(Double.valueOf(beta));
        }

        @Override
        public Partition partition(Dataset data, int nodes, SplittableRandom rng) {
            PartitionSupport.nodes(data, nodes);
            return PartitionSupport.bySizes(describe(), data, Sampling.dirichlet(nodes, beta, rng), rng);
        }

        @Override
        public String describe() {
            return "quantity-dirichlet(beta=" + DataFiles.fmt(beta) + ")";
        }
    }

    /** Quantity skew: node sizes ~ 1 + share of the rest by i.i.d. Pareto(exponent) weights, labels IID. */
    record QuantityPowerLaw(Double exponent) implements Partitioner {
        public QuantityPowerLaw {
            PartitionSupport.positive("exponent", exponent);
        }

        public QuantityPowerLaw(double exponent) {
            this(Double.valueOf(exponent));
        }

        @Override
        public Partition partition(Dataset data, int nodes, SplittableRandom rng) {
            PartitionSupport.nodes(data, nodes);
            // Pareto weights U^(-1/exponent), normalised in log space so small exponents do not overflow.
            double[] logW = new double[nodes];
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < nodes; i++) {
                logW[i] = -Math.log(Sampling.openUniform(rng)) / exponent;
                max = Math.max(max, logW[i]);
            }
            double[] w = new double[nodes];
            for (int i = 0; i < nodes; i++) {
                w[i] = Math.exp(logW[i] - max);
            }
            return PartitionSupport.bySizes(describe(), data, w, rng);
        }

        @Override
        public String describe() {
            return "quantity-power-law(exponent=" + DataFiles.fmt(exponent) + ")";
        }
    }
}

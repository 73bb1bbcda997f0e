package io.dlsim.algorithms.optim;

import io.dlsim.algorithms.RandomStreams;
import io.dlsim.algorithms.data.Dataset;
import io.dlsim.algorithms.data.Partition;
import io.dlsim.algorithms.engine.BatchSampler;
import io.dlsim.algorithms.model.InitMode;
import io.dlsim.algorithms.model.Model;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@link NodeContext}s of a run: node i gets shard i of the partition (a
 * {@link Dataset#view} of the training set's storage), its own model
 * copy, a minibatch sampler on its own stream ({@code RandomStreams.of(seed, BATCHES, i)}) and
 * initial parameters from the init mode (shared or per node). Everything derives from the seed
 * and the node id, so it does not matter which JVM builds which node.
 */
public final class NodeContexts {
    private NodeContexts() {
    }

    /** The context of one node (what a cluster member builds for the nodes it hosts). */
    public static NodeContext of(int node, Dataset train, Partition partition, Model model, InitMode init, long seed,
            int batchSize) {
        // A view: every node's shard shares the training set's storage (no feature is copied).
        Dataset shard = train.view(train.name() + "[node " + node + "]", partition.shard(node));
        Model own = model.copy();
        double[] w = new double[own.parameterCount()];
        own.initialize(w, init.random(seed, node));
        BatchSampler sampler = new BatchSampler(shard.size(), RandomStreams.of(seed, RandomStreams.Purpose.BATCHES, node));
        return new NodeContext(node, shard, own, sampler, batchSize, w, seed);
    }

    /** The contexts of all nodes, in id order. */
    public static List<NodeContext> all(Dataset train, Partition partition, Model model, InitMode init, long seed, int batchSize) {
        // numNodes(), not shards().length: shards() deep-copies every shard, which made setup quadratic in n.
        List<NodeContext> out = new ArrayList<>(partition.numNodes());
        for (int i = 0; i < partition.numNodes(); i++) {
            out.add(of(i, train, partition, model, init, seed, batchSize));
        }
        return out;
    }
}

package io.dlsim.algorithms.optim;

import io.dlsim.algorithms.data.Dataset;
import io.dlsim.algorithms.engine.BatchSampler;
import io.dlsim.algorithms.model.Model;

/**
 * Everything one node's algorithm works with: its id, its shard, its own model instance (models
 * may hold scratch buffers), its minibatch sampler (its own random stream) and its initial
 * parameters (shared or per-node init is decided by whoever builds the context).
 */
public record NodeContext(int node, Dataset shard, Model model, BatchSampler sampler, int batchSize,
        double[] initialParameters) {
    public NodeContext {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch-size: must be >= 1, got " + batchSize);
        }
        if (initialParameters.length != model.parameterCount()) {
            throw new IllegalArgumentException("initial parameters have length " + initialParameters.length
                    + ", the model needs " + model.parameterCount());
        }
    }
}

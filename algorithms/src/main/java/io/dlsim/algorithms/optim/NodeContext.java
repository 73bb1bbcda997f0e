package io.dlsim.algorithms.optim;

import io.dlsim.algorithms.RandomStreams;
import io.dlsim.algorithms.data.Dataset;
import io.dlsim.algorithms.engine.BatchSampler;
import io.dlsim.algorithms.model.Model;
import java.util.SplittableRandom;

/**
 * Everything one node's algorithm works with: its id, its shard, its own model instance (models
 * may hold scratch buffers), its minibatch sampler (its own random stream), its initial
 * parameters (shared or per-node init is decided by whoever builds the context) and the run's
 * seed, from which an algorithm derives any further stream of its own
 * ({@link #stream(RandomStreams.Purpose)}), so the minibatch stream is never shared.
 */
public record NodeContext(int node, Dataset shard, Model model, BatchSampler sampler, int batchSize,
        double[] initialParameters, long seed) {
    public NodeContext {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch-size: must be >= 1, got " + batchSize);
        }
        if (initialParameters.length != model.parameterCount()) {
            throw new IllegalArgumentException("initial parameters have length " + initialParameters.length
                    + ", the model needs " + model.parameterCount());
        }
    }

    /** A context for a run of seed 0 (tests that build contexts by hand). */
    public NodeContext(int node, Dataset shard, Model model, BatchSampler sampler, int batchSize, double[] initialParameters) {
        this(node, shard, model, sampler, batchSize, initialParameters, 0L);
    }

    /** This node's stream for {@code purpose}: {@code RandomStreams.of(seed, purpose, node)}. */
    public SplittableRandom stream(RandomStreams.Purpose purpose) {
        return RandomStreams.of(seed, purpose, node);
    }
}

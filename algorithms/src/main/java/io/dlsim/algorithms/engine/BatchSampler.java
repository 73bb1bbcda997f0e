package io.dlsim.algorithms.engine;

import java.util.SplittableRandom;

/**
 * Minibatches of a node's shard, drawn without replacement within an epoch: the shard is
 * shuffled (Fisher–Yates, from the node's own stream), cut into consecutive batches, and
 * reshuffled when exhausted; a batch that would cross the end of an epoch is completed from the
 * next shuffle. Deterministic given the stream; {@link #samplesDrawn()} counts examples drawn,
 * so {@code samplesDrawn / shardSize} is the node's epoch count.
 */
public final class BatchSampler {
    private final int[] order;
    private final SplittableRandom rng;
    private int cursor;
    private long drawn;

    public BatchSampler(int shardSize, SplittableRandom rng) {
        if (shardSize < 1) {
            throw new IllegalArgumentException("a node's shard must hold at least one example, got " + shardSize);
        }
        this.order = new int[shardSize];
        for (int i = 0; i < shardSize; i++) {
            order[i] = i;
        }
        this.rng = rng;
        shuffle();
    }

    /** Fills {@code batch[0..size)} with shard indices; returns size. */
    public int next(int[] batch, int size) {
        for (int k = 0; k < size; k++) {
            if (cursor == order.length) {
                shuffle();
            }
            batch[k] = order[cursor++];
        }
        drawn += size;
        return size;
    }

    public long samplesDrawn() {
        return drawn;
    }

    public int shardSize() {
        return order.length;
    }

    private void shuffle() {
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        cursor = 0;
    }
}

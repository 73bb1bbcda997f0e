package io.dlsim.algorithms.engine;

import java.util.SplittableRandom;

/**
 * Minibatches of a node's shard, drawn without replacement within an epoch: the shard is
 * shuffled (Fisher–Yates, from the node's own stream), cut into consecutive batches, and
 * reshuffled when exhausted; a batch that would cross the end of an epoch is completed from the
 * next shuffle. Deterministic given the stream; {@link #samplesDrawn()} counts examples drawn,
 * so {@code samplesDrawn / shardSize} is the node's epoch count.
 */
public final class BatchSampler implements NodeState.Custom {
    private final int[] order;
    private final SplittableRandom rng;
    private int cursor;
    private long drawn;
    /** Shuffles so far (the constructor's included): what a checkpoint replays, since the stream's state cannot be read. */
    private long shuffles;

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

    /** Saves the cursor, the examples drawn and the number of shuffles. */
    @Override
    public void saveState(java.io.DataOutputStream out) throws java.io.IOException {
        out.writeInt(order.length);
        out.writeLong(shuffles);
        out.writeInt(cursor);
        out.writeLong(drawn);
    }

    /**
     * Onto a fresh sampler of the same stream: replays the saved number of shuffles (O(shuffles x
     * shard), i.e. about the examples drawn; far less than the gradients that drew them), so the
     * order and the stream are where they were.
     */
    @Override
    public void restoreState(java.io.DataInputStream in) throws java.io.IOException {
        int size = in.readInt();
        long savedShuffles = in.readLong();
        if (size != order.length || savedShuffles < shuffles) {
            throw new IllegalArgumentException("the saved sampler (shard " + size + ", " + savedShuffles + " shuffles) does not fit "
                    + "this fresh one (shard " + order.length + ", " + shuffles + " shuffles)");
        }
        while (shuffles < savedShuffles) {
            shuffle();
        }
        cursor = in.readInt();
        drawn = in.readLong();
    }

    private void shuffle() {
        shuffles++;
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        cursor = 0;
    }
}

package io.dlsim.algorithms.optim;

import io.dlsim.algorithms.engine.NodeCounters;

/** What every node algorithm keeps: its context, x_i, a message buffer and counters. */
abstract class BaseNode implements NodeAlgorithm {
    protected final NodeContext ctx;
    protected final double[] x;
    protected final double[] message;
    protected final double[] gradient;
    protected final int[] batch;
    protected final NodeCounters counters = new NodeCounters();

    BaseNode(NodeContext ctx) {
        this.ctx = ctx;
        this.x = ctx.initialParameters().clone();
        this.message = new double[x.length];
        this.gradient = new double[x.length];
        this.batch = new int[ctx.batchSize()];
    }

    /** {@code gradient = grad f_{i,xi}(x)} on a fresh minibatch xi; counts b component gradients. */
    protected void minibatchGradient(double[] at, double[] out) {
        ctx.sampler().next(batch, batch.length);
        ctx.model().gradient(at, ctx.shard(), batch, batch.length, out);
        counters.addGradients(batch.length);
    }

    /** {@code out = grad f_i(at)}, the full local gradient over the shard; counts the shard size. */
    protected void fullGradient(double[] at, double[] out) {
        ctx.model().gradient(at, ctx.shard(), out);
        counters.addGradients(ctx.shard().size());
    }

    /** Component gradients evaluated so far divided by the shard size (passes over the shard). */
    protected double gradientPasses() {
        return (double) counters.gradientEvaluations() / ctx.shard().size();
    }

    @Override
    public int node() {
        return ctx.node();
    }

    @Override
    public double[] parameters() {
        return x;
    }

    @Override
    public NodeCounters counters() {
        return counters;
    }

    @Override
    public double epochs() {
        return (double) ctx.sampler().samplesDrawn() / ctx.sampler().shardSize();
    }
}

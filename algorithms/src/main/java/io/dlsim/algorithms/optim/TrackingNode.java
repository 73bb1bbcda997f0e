package io.dlsim.algorithms.optim;

import io.dlsim.algorithms.prox.Regularizer;
import io.dlsim.algorithms.stepsize.StepSize;

/**
 * The gradient-tracking recursion shared by {@link GradientTracking} and {@link GtSvrg}; they
 * differ only in the local gradient estimate {@code v_i} ({@link #estimate}):
 * <pre>
 *   init:  v_i = estimate(x_i^0),  y_i^0 = v_i
 *   x_i  <- prox_{eta r}( sum_j W_ij(t) x_j - eta y_i )
 *   y_i  <- sum_j W_ij(t) y_j + estimate(x_i^new) - v_i,   v_i <- estimate(x_i^new)
 * </pre>
 * Both x and y are gossiped: the message is {@code [x_i, y_i]} (2d doubles, so {@code bytes}
 * counts both), and since the combination is linear the mixed message is
 * {@code [sum_j W_ij x_j, sum_j W_ij y_j]}. With a doubly stochastic W the average of the y_i
 * equals the average of the v_i at every step, which is what removes the heterogeneity bias of
 * D-SGD / DSPG with a constant step.
 */
abstract class TrackingNode extends BaseNode {
    private final StepSize stepSize;
    private final Regularizer regularizer;
    private final double[] y;
    private final double[] v;
    private final double[] next;
    private final double[] packed;
    private boolean started;
    private double eta;

    TrackingNode(NodeContext ctx, StepSize stepSize, Regularizer regularizer) {
        super(ctx);
        this.stepSize = stepSize;
        this.regularizer = regularizer;
        int d = x.length;
        y = new double[d];
        v = new double[d];
        next = new double[d];
        packed = new double[2 * d];
    }

    /** Writes the local gradient estimate at {@code at} (the node's x) into {@code out}; called once per step. */
    protected abstract void estimate(double[] at, double[] out);

    @Override
    public double[] outgoing(long round) {
        if (!started) {
            started = true;
            estimate(x, v);
            System.arraycopy(v, 0, y, 0, y.length);
        }
        eta = stepSize.at(round);
        int d = x.length;
        System.arraycopy(x, 0, packed, 0, d);
        System.arraycopy(y, 0, packed, d, d);
        return packed;
    }

    @Override
    public void step(long round, double[] mixed) {
        int d = x.length;
        for (int c = 0; c < d; c++) {
            x[c] = mixed[c] - eta * y[c];
        }
        regularizer.prox(x, eta, x);
        estimate(x, next);
        for (int c = 0; c < d; c++) {
            y[c] = mixed[d + c] + next[c] - v[c];
            v[c] = next[c];
        }
    }
}

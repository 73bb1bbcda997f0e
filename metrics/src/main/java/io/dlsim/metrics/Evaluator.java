package io.dlsim.metrics;

import io.dlsim.algorithms.data.Dataset;
import io.dlsim.algorithms.model.Evaluation;
import io.dlsim.algorithms.model.Model;
import io.dlsim.algorithms.prox.Regularizer;
import java.util.List;

/**
 * Computes a {@link MetricsRow} from the nodes' models: x̄ and the consensus distance, loss and
 * accuracy of x̄ on the training set (the union of all shards) and the test set, the
 * generalization gap, the optimality gap against a known F*, and the mean local loss. Train
 * loss, test loss and consensus distance always come together, so a small gap from
 * underfitting is visible. Owns its model copy: one evaluator per thread.
 */
public final class Evaluator {
    private final Model model;
    private final Dataset train;
    private final Dataset test;
    private final List<Dataset> shards;
    private final Regularizer regularizer;
    private final double optimum;

    /**
     * @param test the test set, or null
     * @param regularizer r in F = f + r, or null
     * @param optimum F* for the optimality gap, or NaN when not known (non-convex)
     */
    public Evaluator(Model model, Dataset train, Dataset test, List<Dataset> shards, Regularizer regularizer, double optimum) {
        this.model = model.copy();
        this.train = train;
        this.test = test;
        this.shards = List.copyOf(shards);
        this.regularizer = regularizer;
        this.optimum = optimum;
    }

    /**
     * Evaluates one round from the snapshots of all nodes, in node id order; counters are summed
     * and epochs averaged over the nodes.
     */
    public MetricsRow evaluate(java.util.List<NodeSnapshot> snapshots, double wallSeconds) {
        long grads = 0;
        long messages = 0;
        long bytes = 0;
        double epochs = 0;
        java.util.List<double[]> xs = new java.util.ArrayList<>(snapshots.size());
        for (int i = 0; i < snapshots.size(); i++) {
            NodeSnapshot s = snapshots.get(i);
            if (s.node() != i || s.round() != snapshots.get(0).round()) {
                throw new IllegalArgumentException("snapshot " + i + " is of node " + s.node() + " at round " + s.round()
                        + "; expected node " + i + " at round " + snapshots.get(0).round());
            }
            grads += s.gradientEvaluations();
            messages += s.messagesSent();
            bytes += s.bytesSent();
            epochs += s.epochs();
            xs.add(s.parameters());
        }
        return evaluate(snapshots.get(0).round(), epochs / snapshots.size(), grads, messages, bytes, xs, wallSeconds);
    }

    /** Evaluates the node models {@code xs} (in node id order) with the given counters. */
    public MetricsRow evaluate(long round, double epoch, long gradEvals, long messages, long bytes, List<double[]> xs,
            double wallSeconds) {
        double[] mean = Consensus.average(xs);
        double consensus = Consensus.distance(xs, mean);
        Evaluation tr = model.evaluate(mean, train);
        double testLoss = Double.NaN;
        double testAccuracy = Double.NaN;
        if (test != null) {
            Evaluation te = model.evaluate(mean, test);
            testLoss = te.loss();
            testAccuracy = te.accuracy();
        }
        double local = Double.NaN;
        if (shards.size() == xs.size()) {
            local = 0;
            for (int i = 0; i < xs.size(); i++) {
                local += model.loss(xs.get(i), shards.get(i));
            }
            local /= xs.size();
        }
        double objective = tr.loss() + (regularizer == null ? 0 : regularizer.value(mean));
        return new MetricsRow(round, epoch, gradEvals, messages, bytes, consensus, tr.loss(), testLoss, tr.accuracy(),
                testAccuracy, testLoss - tr.loss(), objective - optimum, local, wallSeconds);
    }
}

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
 *
 * <p>Quantities the run does not define are {@link MetricsRow#UNDEFINED}: test metrics without
 * a test set, accuracies of a regression (the model reports NaN), the optimality gap without a
 * finite F*, the mean local loss when the models are not one per shard (the centralized
 * baseline). Every computed value goes through {@link MetricsRow#computed}, so a NaN of a
 * diverging run is {@link MetricsRow#NAN} whatever the processor. {@link #check} also applies
 * the {@link Divergence} rule, for the engines to stop a diverged run; it remembers the train
 * loss of the round-0 row it evaluated (the reference of the growth rule), so rows must come in
 * round order, as every engine gives them.
 */
public final class Evaluator {
    /** Whether rows carry simulated time ({@link #reportSimulatedTime}). */
    private boolean simulatedTime;
    private final Model model;
    private final Dataset train;
    private final Dataset test;
    private final List<Dataset> shards;
    private final Regularizer regularizer;
    private final double optimum;
    /** The train loss of the round-0 row, the reference of the {@link Divergence} growth rule; NaN until seen. */
    private double initialTrainLoss = Double.NaN;

    /**
     * The train loss of round 0, the reference of the divergence rule's growth limit, for a run
     * resumed from a checkpoint (its round 0 is not evaluated again); NaN leaves the limit off.
     */
    public void resumeWithInitialTrainLoss(double trainLoss) {
        this.initialTrainLoss = Double.isFinite(trainLoss) ? trainLoss : Double.NaN;
    }

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
        return check(snapshots, wallSeconds).row();
    }

    /**
     * As {@link #evaluate(List, double)}, with the divergence check. Under churn x̄, the consensus
     * distance and the mean local loss are over the snapshots that are {@linkplain NodeSnapshot#online online}
     * (over all of them when none is); counters are summed and epochs averaged over all nodes.
     */
    public Checked check(List<NodeSnapshot> snapshots, double wallSeconds) {
        double clock = 0;
        double idle = 0;
        double clocks = 0;
        long grads = 0;
        long messages = 0;
        long bytes = 0;
        double epochs = 0;
        int online = 0;
        long fewestSteps = Long.MAX_VALUE;
        long mostSteps = 0;
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
            clock = Math.max(clock, s.clock());
            clocks += s.clock();
            idle += s.idleSeconds();
            if (s.online()) {
                online++;
            }
            fewestSteps = Math.min(fewestSteps, s.steps());
            mostSteps = Math.max(mostSteps, s.steps());
        }
        boolean all = online == snapshots.size() || online == 0;
        java.util.List<double[]> xs = new java.util.ArrayList<>(all ? snapshots.size() : online);
        double[] locals = new double[snapshots.size()];
        boolean localsGiven = !snapshots.isEmpty();
        java.util.List<Dataset> evaluatedShards = all ? shards : new java.util.ArrayList<>(online);
        for (NodeSnapshot s : snapshots) {
            if (!all && !s.online()) {
                continue;
            }
            if (s.localLoss() == null) {
                localsGiven = false;
            } else {
                locals[xs.size()] = s.localLoss();
            }
            if (!all && shards.size() == snapshots.size()) {
                evaluatedShards.add(shards.get(s.node()));
            }
            xs.add(s.parameters());
        }
        Checked checked = check(snapshots.get(0).round(), epochs / snapshots.size(), grads, messages, bytes, xs,
                localsGiven ? java.util.Arrays.copyOf(locals, xs.size()) : null, evaluatedShards, wallSeconds);
        if (!simulatedTime) {
            return checked;
        }
        return new Checked(checked.row().withSimulatedTime(clock, clocks > 0 ? idle / clocks : 0, online,
                snapshots.isEmpty() ? 0 : fewestSteps, mostSteps), checked.divergence());
    }

    /**
     * Makes the rows of {@link #check(List, double)} carry simulated time: {@code sim_seconds}
     * (the largest node clock) and {@code idle_fraction} (sum of idle over sum of clocks), for a
     * run with a system model.
     */
    public void reportSimulatedTime() {
        simulatedTime = true;
    }

    /**
     * Node i's local loss f_i(x_i) = loss of its model on its shard, the terms of the mean local
     * loss, for an engine to compute where the node runs (the same computation as this
     * evaluator's, so the row is the same bit for bit). Owns a model copy: one per thread.
     */
    public static final class LocalLoss {
        private final Model model;
        private final List<Dataset> shards;

        private LocalLoss(Model model, List<Dataset> shards) {
            this.model = model.copy();
            this.shards = shards;
        }

        /** f_i(x) on node i's shard. */
        public double of(int node, double[] x) {
            return model.loss(x, shards.get(node));
        }
    }

    /**
     * A local-loss calculator for the nodes of this run (its own model copy), or null when the
     * models are not one per shard (the centralized baseline).
     */
    public LocalLoss localLoss(int nodes) {
        return shards.size() == nodes ? new LocalLoss(model, shards) : null;
    }

    /** Evaluates the node models {@code xs} (in node id order) with the given counters. */
    public MetricsRow evaluate(long round, double epoch, long gradEvals, long messages, long bytes, List<double[]> xs,
            double wallSeconds) {
        return check(round, epoch, gradEvals, messages, bytes, xs, wallSeconds).row();
    }

    /**
     * An evaluated row and its divergence.
     *
     * @param divergence null unless the row or x̄ breaks the {@link Divergence} rule
     */
    public record Checked(MetricsRow row, Divergence divergence) {
    }

    /**
     * As {@link #evaluate(long, double, long, long, long, List, double)}, with the divergence
     * check: the one place every engine decides whether a run diverged.
     */
    public Checked check(long round, double epoch, long gradEvals, long messages, long bytes, List<double[]> xs,
            double wallSeconds) {
        return check(round, epoch, gradEvals, messages, bytes, xs, null, wallSeconds);
    }

    /** With the nodes' local losses already computed ({@code locals}, in node id order), or null to compute them here. */
    private Checked check(long round, double epoch, long gradEvals, long messages, long bytes, List<double[]> xs, double[] locals,
            double wallSeconds) {
        return check(round, epoch, gradEvals, messages, bytes, xs, locals, shards, wallSeconds);
    }

    /** With the shards of the nodes {@code xs} are the models of (all nodes', or the online ones'). */
    private Checked check(long round, double epoch, long gradEvals, long messages, long bytes, List<double[]> xs, double[] locals,
            List<Dataset> shards, double wallSeconds) {
        double[] mean = Consensus.average(xs);
        double consensus = Consensus.distance(xs, mean);
        Evaluation tr = model.evaluate(mean, train);
        double trainLoss = MetricsRow.computed(tr.loss());
        // A classifier's accuracy is a fraction whatever w is; only a regression reports NaN.
        double trainAccuracy = Double.isNaN(tr.accuracy()) ? MetricsRow.UNDEFINED : tr.accuracy();
        double testLoss = MetricsRow.UNDEFINED;
        double testAccuracy = MetricsRow.UNDEFINED;
        double gap = MetricsRow.UNDEFINED;
        if (test != null) {
            Evaluation te = model.evaluate(mean, test);
            testLoss = MetricsRow.computed(te.loss());
            testAccuracy = Double.isNaN(te.accuracy()) ? MetricsRow.UNDEFINED : te.accuracy();
            gap = MetricsRow.computed(te.loss() - tr.loss());
        }
        double local = MetricsRow.UNDEFINED;
        if (shards.size() == xs.size()) {
            double sum = 0;
            for (int i = 0; i < xs.size(); i++) {
                sum += locals != null ? locals[i] : model.loss(xs.get(i), shards.get(i));
            }
            local = MetricsRow.computed(sum / xs.size());
        }
        double optimalityGap = MetricsRow.UNDEFINED;
        if (Double.isFinite(optimum)) {
            double objective = tr.loss() + (regularizer == null ? 0 : regularizer.value(mean));
            optimalityGap = MetricsRow.computed(objective - optimum);
        }
        MetricsRow row = new MetricsRow(round, MetricsRow.computed(epoch), gradEvals, messages, bytes,
                MetricsRow.computed(consensus), trainLoss, testLoss, trainAccuracy, testAccuracy, gap, optimalityGap, local,
                wallSeconds);
        if (round == 0 && Double.isFinite(trainLoss)) {
            initialTrainLoss = trainLoss;
        }
        return new Checked(row, Divergence.of(row, mean, initialTrainLoss));
    }
}

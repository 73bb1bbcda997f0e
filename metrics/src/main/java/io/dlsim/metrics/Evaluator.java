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
        return check(snapshots, null, null, wallSeconds);
    }

    /**
     * x̄ of a round's snapshots (in node id order): the average over the ones
     * {@linkplain NodeSnapshot#online online} (over all when none is), bit for bit the x̄ that
     * {@link #check(List, double)} evaluates. What the holders of the shards need to compute the
     * training set's terms for {@link #check(List, double[][], double[][], double)}.
     */
    public double[] mean(List<NodeSnapshot> snapshots) {
        if (snapshots.isEmpty()) {
            throw new IllegalArgumentException("no snapshots to average");
        }
        int online = 0;
        for (NodeSnapshot s : snapshots) {
            if (s.online()) {
                online++;
            }
        }
        boolean all = online == snapshots.size() || online == 0;
        List<double[]> xs = new java.util.ArrayList<>(all ? snapshots.size() : online);
        for (NodeSnapshot s : snapshots) {
            if (all || s.online()) {
                xs.add(s.parameters());
            }
        }
        return Consensus.average(xs);
    }

    /**
     * As {@link #check(List, double)}, with the loss and accuracy of x̄ on the training set from
     * per-example terms computed on the shards ({@link LocalLoss#ofWithTrainTerms}, for a run that
     * {@link #spreadsTrainPass}): {@code trainLoss[i]} and {@code trainCorrect[i]} are the terms
     * of node i's shard in shard order, for every node (online or not). They are placed by
     * example and summed in example order ({@link Evaluation#ofTerms}), so the row is the one of
     * {@link #check(List, double)} bit for bit.
     *
     * @throws IllegalArgumentException when the run does not spread the pass or a shard's terms
     *     have the wrong length
     */
    public Checked check(List<NodeSnapshot> snapshots, double[][] trainLoss, double[][] trainCorrect, double wallSeconds) {
        Evaluation tr = null;
        if (trainLoss != null || trainCorrect != null) {
            int[][] at = shardExamples(snapshots.size());
            if (at == null) {
                throw new IllegalArgumentException("the training set's terms cannot be taken from the shards of this run "
                        + "(the model does not evaluate by terms, or the shards are not a partition of the training set)");
            }
            if (trainLoss == null || trainCorrect == null || trainLoss.length != at.length || trainCorrect.length != at.length) {
                throw new IllegalArgumentException("expected the training terms of " + at.length + " shards");
            }
            double[] loss = new double[train.size()];
            double[] correct = new double[train.size()];
            for (int i = 0; i < at.length; i++) {
                int[] examples = at[i];
                double[] l = trainLoss[i];
                double[] c = trainCorrect[i];
                if (l == null || c == null || l.length != examples.length || c.length != examples.length) {
                    throw new IllegalArgumentException("shard " + i + " has " + examples.length + " examples, got "
                            + (l == null ? "no" : l.length) + " loss and " + (c == null ? "no" : c.length) + " correctness terms");
                }
                for (int k = 0; k < examples.length; k++) {
                    loss[examples[k]] = l[k];
                    correct[examples[k]] = c[k];
                }
            }
            tr = Evaluation.ofTerms(loss, correct);
        }
        return check(snapshots, tr, wallSeconds);
    }

    /** {@link #check(List, double)} with the training set's evaluation of x̄ given, or null to compute it here. */
    private Checked check(List<NodeSnapshot> snapshots, Evaluation trainEvaluation, double wallSeconds) {
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
                localsGiven ? java.util.Arrays.copyOf(locals, xs.size()) : null, evaluatedShards, trainEvaluation, wallSeconds);
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
     *
     * <p>One made {@linkplain #localLoss(int, boolean) with the training terms} also computes a
     * shard's share of x̄'s evaluation on the training set ({@link #ofWithTrainTerms}), so that this
     * pass over all of the training set runs where the shards are, in parallel, and reads each
     * shard's rows once for both ({@link #ofWithTrainTerms}); the evaluator sums the terms
     * ({@link #check(List, double[][], double[][], double)}).
     */
    public static final class LocalLoss {
        private final Model model;
        private final List<Dataset> shards;
        private final boolean withTrainTerms;

        private LocalLoss(Model model, List<Dataset> shards, boolean withTrainTerms) {
            this.model = model.copy();
            this.shards = shards;
            this.withTrainTerms = withTrainTerms;
        }

        /** f_i(x) on node i's shard. */
        public double of(int node, double[] x) {
            return model.loss(x, shards.get(node));
        }

        /**
         * Whether this calculator was made for a run whose x̄ train pass is spread over the
         * shards: then an engine reports its nodes' snapshots without local losses and computes
         * them with the training terms, once x̄ is known.
         */
        public boolean withTrainTerms() {
            return withTrainTerms;
        }

        /**
         * f_i(x) on node i's shard ({@link #of}, bit for bit), and the per-example loss and
         * correctness terms of {@code mean} (x̄) on that shard, in shard order
         * ({@link Model#evaluationTerms}), into {@code lossOut} and {@code correctOut} of length
         * {@link #shardSize}: the shard's share of x̄'s evaluation on the training set, with the
         * node's local loss, in one read of the shard where the model can
         * ({@link Model#lossAndEvaluationTerms}).
         *
         * @throws IllegalStateException unless {@link #withTrainTerms}
         */
        public double ofWithTrainTerms(int node, double[] x, double[] mean, double[] lossOut, double[] correctOut) {
            if (!withTrainTerms) {
                throw new IllegalStateException("this local-loss calculator was made without the training terms");
            }
            Dataset shard = shards.get(node);
            if (lossOut.length != shard.size() || correctOut.length != shard.size()) {
                throw new IllegalArgumentException("node " + node + "'s shard has " + shard.size() + " examples, got "
                        + lossOut.length + " loss and " + correctOut.length + " correctness slots");
            }
            return model.lossAndEvaluationTerms(x, mean, shard, lossOut, correctOut);
        }

        /** The number of examples of node i's shard (the length of its terms in {@link #ofWithTrainTerms}). */
        public int shardSize(int node) {
            return shards.get(node).size();
        }
    }

    /**
     * A local-loss calculator for the nodes of this run (its own model copy), or null when the
     * models are not one per shard (the centralized baseline).
     */
    public LocalLoss localLoss(int nodes) {
        return localLoss(nodes, false);
    }

    /**
     * As {@link #localLoss(int)}, also computing the shards' training terms of x̄ when
     * {@code withTrainTerms} (which needs {@link #spreadsTrainPass}).
     *
     * @throws IllegalArgumentException when the training terms are asked for a run that cannot spread them
     */
    public LocalLoss localLoss(int nodes, boolean withTrainTerms) {
        if (withTrainTerms && !spreadsTrainPass(nodes)) {
            throw new IllegalArgumentException("the training pass of x̄ cannot be spread over the shards of this run");
        }
        return shards.size() == nodes ? new LocalLoss(model, shards, withTrainTerms) : null;
    }

    /**
     * Whether x̄'s evaluation on the training set can be computed on the shards of the
     * {@code nodes} nodes and summed here bit for bit: the model {@link Model#evaluatesByTerms}
     * and the shards are views of the training set that hold each of its examples exactly once
     * ({@link Dataset#indicesOf}).
     */
    public boolean spreadsTrainPass(int nodes) {
        return shardExamples(nodes) != null;
    }

    /** Per shard, its examples' indices in the training set (computed once), or null when the pass cannot be spread. */
    private synchronized int[][] shardExamples(int nodes) {
        if (shards.size() != nodes || !model.evaluatesByTerms()) {
            return null;
        }
        if (!shardExamplesKnown) {
            shardExamplesKnown = true;
            int[][] at = new int[shards.size()][];
            boolean[] seen = new boolean[train.size()];
            int covered = 0;
            for (int i = 0; i < at.length; i++) {
                at[i] = train.indicesOf(shards.get(i));
                if (at[i] == null) {
                    return null;
                }
                for (int e : at[i]) {
                    if (seen[e]) {
                        return null;
                    }
                    seen[e] = true;
                    covered++;
                }
            }
            if (covered != train.size()) {
                return null;
            }
            shardExamples = at;
        }
        return shardExamples;
    }

    /** Set by {@link #shardExamples} when it found the shards to be a partition of the training set (null otherwise). */
    private int[][] shardExamples;
    private boolean shardExamplesKnown;

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
        return check(round, epoch, gradEvals, messages, bytes, xs, locals, shards, null, wallSeconds);
    }

    /**
     * With the shards of the nodes {@code xs} are the models of (all nodes', or the online ones'),
     * and x̄'s evaluation on the training set when it was computed elsewhere (else null).
     */
    private Checked check(long round, double epoch, long gradEvals, long messages, long bytes, List<double[]> xs, double[] locals,
            List<Dataset> shards, Evaluation trainEvaluation, double wallSeconds) {
        double[] mean = Consensus.average(xs);
        double consensus = Consensus.distance(xs, mean);
        Evaluation tr = trainEvaluation != null ? trainEvaluation : model.evaluate(mean, train);
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

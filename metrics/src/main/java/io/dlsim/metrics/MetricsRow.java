package io.dlsim.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One evaluation of a run, with the quantities DESIGN.md section 3 defines. Undefined values
 * are NaN (e.g. the optimality gap of a non-convex model, accuracies of a regression, test
 * metrics without a test set).
 *
 * @param round rounds completed
 * @param epoch mean over nodes of examples drawn / shard size
 * @param gradEvals component gradient evaluations, summed over nodes
 * @param messages messages sent, summed over nodes
 * @param bytes parameter bytes sent, summed over nodes
 * @param consensusDistance {@code (1/n) sum_i ||x_i - x̄||^2}
 * @param trainLoss loss of x̄ on the union of all shards
 * @param testLoss loss of x̄ on the test set
 * @param generalizationGap {@code testLoss - trainLoss}
 * @param optimalityGap {@code F(x̄) - F*} with {@code F = trainLoss + r}
 * @param meanLocalLoss {@code (1/n) sum_i f_i(x_i)}, each node's loss on its own shard
 * @param wallSeconds wall-clock seconds since the run started
 */
public record MetricsRow(long round, double epoch, long gradEvals, long messages, long bytes, double consensusDistance,
        double trainLoss, double testLoss, double trainAccuracy, double testAccuracy, double generalizationGap,
        double optimalityGap, double meanLocalLoss, double wallSeconds) {

    /** The CSV column names, in order. */
    public static final String[] COLUMNS = {"round", "epoch", "grad_evals", "messages", "bytes", "consensus_distance",
        "train_loss", "test_loss", "train_accuracy", "test_accuracy", "generalization_gap", "optimality_gap",
        "mean_local_loss", "wall_seconds"};

    /** The values keyed by {@link #COLUMNS}. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        Object[] v = {round, epoch, gradEvals, messages, bytes, consensusDistance, trainLoss, testLoss, trainAccuracy,
            testAccuracy, generalizationGap, optimalityGap, meanLocalLoss, wallSeconds};
        for (int k = 0; k < COLUMNS.length; k++) {
            m.put(COLUMNS[k], v[k]);
        }
        return m;
    }

    /** The same row with another wall-clock time (wall time is the one value engines may differ in). */
    public MetricsRow withWallSeconds(double seconds) {
        return new MetricsRow(round, epoch, gradEvals, messages, bytes, consensusDistance, trainLoss, testLoss, trainAccuracy,
                testAccuracy, generalizationGap, optimalityGap, meanLocalLoss, seconds);
    }
}

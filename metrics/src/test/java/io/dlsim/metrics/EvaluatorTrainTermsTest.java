package io.dlsim.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dlsim.algorithms.data.Dataset;
import io.dlsim.algorithms.data.Synthetic;
import io.dlsim.algorithms.model.LogisticRegression;
import io.dlsim.algorithms.model.Model;
import io.dlsim.algorithms.model.SoftmaxRegression;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The evaluation of x̄ on the training set computed from the shards' per-example terms
 * ({@link Evaluator.LocalLoss#ofWithTrainTerms}, summed by {@link Evaluator#check(List, double[][], double[][], double)})
 * gives the row that the evaluator computes alone ({@link Evaluator#check(List, double)}), bit
 * for bit, with and without churn; and runs whose shards or model do not allow it are told so.
 */
class EvaluatorTrainTermsTest {
    private static final int NODES = 6;
    private static final int D = 9;

    /** A grouped training set (as the engines store it), its IID shards in random order, and views of them. */
    private record Run(Dataset train, Dataset test, List<Dataset> shards) {
        static Run of(long seed, boolean grouped) {
            SplittableRandom rng = new SplittableRandom(seed);
            double[] w = new double[D];
            for (int j = 0; j < D; j++) {
                w[j] = rng.nextGaussian();
            }
            Dataset loaded = Synthetic.logistic("train", 203, w, 1.0, rng.split());
            Dataset test = Synthetic.logistic("test", 41, w, 1.0, rng.split());
            int[] order = java.util.stream.IntStream.range(0, loaded.size()).toArray();
            for (int i = order.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            int[][] groups = new int[NODES][];
            int[] cuts = {0, 30, 31, 90, 150, 170, order.length};
            for (int g = 0; g < NODES; g++) {
                groups[g] = java.util.Arrays.copyOfRange(order, cuts[g], cuts[g + 1]);
            }
            Dataset train = grouped ? loaded.grouped(groups) : loaded;
            List<Dataset> shards = new ArrayList<>();
            for (int[] g : groups) {
                shards.add(train.view("shard", g));
            }
            return new Run(train, test, shards);
        }

        Evaluator evaluator(Model model) {
            return new Evaluator(model, train, test, shards, null, 0.125);
        }
    }

    private static List<NodeSnapshot> snapshots(long seed, boolean[] online) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<NodeSnapshot> out = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            double[] x = new double[D + 1];
            for (int j = 0; j < x.length; j++) {
                x[j] = rng.nextDouble(-2, 2);
            }
            out.add(new NodeSnapshot(i, 20, x, 100 + i, 10, 80, 1.5, null, null, 3.0 + i, 0.5, online[i], 7));
        }
        return out;
    }

    /** What an engine that spreads the pass does: local losses and x̄'s terms on the shards, summed by the evaluator. */
    private static Evaluator.Checked spread(Evaluator evaluator, List<NodeSnapshot> snapshots) {
        Evaluator.LocalLoss shards = evaluator.localLoss(NODES, true);
        assertThat(shards.withTrainTerms()).isTrue();
        double[] mean = evaluator.mean(snapshots);
        double[][] loss = new double[NODES][];
        double[][] correct = new double[NODES][];
        List<NodeSnapshot> withLocals = new ArrayList<>();
        for (NodeSnapshot s : snapshots) {
            int i = s.node();
            loss[i] = new double[shards.shardSize(i)];
            correct[i] = new double[shards.shardSize(i)];
            double local = shards.ofWithTrainTerms(i, s.parameters(), mean, loss[i], correct[i]);
            assertThat(local).isEqualTo(shards.of(i, s.parameters()));
            withLocals.add(s.withLocalLoss(local));
        }
        return evaluator.check(withLocals, loss, correct, 2.5);
    }

    @Test
    void theRowFromTheShardsTermsIsTheEvaluatorsRowBitForBit() {
        boolean[] all = {true, true, true, true, true, true};
        boolean[] churn = {true, false, true, true, false, true};
        for (long seed = 1; seed <= 4; seed++) {
            Run run = Run.of(seed, true);
            for (boolean[] online : new boolean[][] {all, churn}) {
                Evaluator alone = run.evaluator(new LogisticRegression(D));
                alone.reportSimulatedTime();
                Evaluator spreading = run.evaluator(new LogisticRegression(D));
                spreading.reportSimulatedTime();
                assertThat(spreading.spreadsTrainPass(NODES)).isTrue();
                List<NodeSnapshot> snaps = snapshots(seed * 7, online);
                MetricsRow expected = alone.check(snaps, 2.5).row();
                MetricsRow actual = spread(spreading, snaps).row();
                assertThat(actual).isEqualTo(expected);
                assertThat(Double.doubleToRawLongBits(actual.trainLoss())).isEqualTo(Double.doubleToRawLongBits(expected.trainLoss()));
                assertThat(actual.meanLocalLoss()).isEqualTo(expected.meanLocalLoss());
            }
        }
    }

    @Test
    void anUngroupedTrainingSetsShardsAreSpreadToo() {
        Run run = Run.of(9, false);
        List<NodeSnapshot> snaps = snapshots(3, new boolean[] {true, true, true, true, true, true});
        Evaluator spreading = run.evaluator(new LogisticRegression(D));
        assertThat(spread(spreading, snaps).row()).isEqualTo(run.evaluator(new LogisticRegression(D)).check(snaps, 2.5).row());
    }

    @Test
    void runsThatCannotSpreadThePassAreToldSo() {
        Run run = Run.of(5, true);
        // Not one shard per node.
        assertThat(run.evaluator(new LogisticRegression(D)).spreadsTrainPass(NODES + 1)).isFalse();
        // A model that does not evaluate by terms.
        Dataset train2 = run.train();
        assertThat(new Evaluator(new SoftmaxRegression(D, 2), train2, null, run.shards(), null, Double.NaN)
                .spreadsTrainPass(NODES)).isFalse();
        // Shards that miss an example, or hold one twice.
        List<Dataset> missing = new ArrayList<>(run.shards());
        missing.set(0, run.train().view("short", new int[] {run.train().indicesOf(run.shards().get(0))[0]}));
        Evaluator shortOne = new Evaluator(new LogisticRegression(D), run.train(), null, missing, null, Double.NaN);
        assertThat(shortOne.spreadsTrainPass(NODES)).isFalse();
        assertThatThrownBy(() -> shortOne.localLoss(NODES, true)).isInstanceOf(IllegalArgumentException.class);
        assertThat(shortOne.localLoss(NODES).withTrainTerms()).isFalse();
        assertThatThrownBy(() -> shortOne.localLoss(NODES).ofWithTrainTerms(0, new double[D + 1], new double[D + 1], new double[1], new double[1]))
                .isInstanceOf(IllegalStateException.class);
        List<Dataset> twice = new ArrayList<>(run.shards());
        twice.set(1, run.shards().get(0));
        assertThat(new Evaluator(new LogisticRegression(D), run.train(), null, twice, null, Double.NaN)
                .spreadsTrainPass(NODES)).isFalse();
        // Shards of other storage (a copy of the training set).
        List<Dataset> copies = new ArrayList<>();
        for (Dataset s : run.shards()) {
            copies.add(run.train().subset("copy", run.train().indicesOf(s)));
        }
        assertThat(new Evaluator(new LogisticRegression(D), run.train(), null, copies, null, Double.NaN)
                .spreadsTrainPass(NODES)).isFalse();
    }

    @Test
    void termsOfTheWrongLengthAreRefused() {
        Run run = Run.of(6, true);
        Evaluator evaluator = run.evaluator(new LogisticRegression(D));
        List<NodeSnapshot> snaps = snapshots(1, new boolean[] {true, true, true, true, true, true});
        double[][] loss = new double[NODES][];
        double[][] correct = new double[NODES][];
        for (int i = 0; i < NODES; i++) {
            loss[i] = new double[run.shards().get(i).size()];
            correct[i] = new double[run.shards().get(i).size()];
        }
        correct[2] = new double[1];
        assertThatThrownBy(() -> evaluator.check(snaps, loss, correct, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shard 2 has 59 examples");
        assertThatThrownBy(() -> evaluator.check(snaps, new double[1][], correct, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

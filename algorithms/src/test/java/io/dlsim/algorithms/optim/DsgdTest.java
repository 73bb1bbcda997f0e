package io.dlsim.algorithms.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dlsim.algorithms.data.Dataset;
import io.dlsim.algorithms.data.Partition;
import io.dlsim.algorithms.data.Partitioner;
import io.dlsim.algorithms.data.Synthetic;
import io.dlsim.algorithms.engine.SequentialEngine;
import io.dlsim.algorithms.model.InitMode;
import io.dlsim.algorithms.model.Model;
import io.dlsim.algorithms.model.ModelSettings;
import io.dlsim.algorithms.stepsize.StepSchedule;
import io.dlsim.topologies.TopologyFactory;
import io.dlsim.topologies.TopologySpec;
import io.dlsim.topologies.schedule.StaticSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DsgdTest {
    private static final int NODES = 8;

    private static List<NodeContext> contexts(Dataset train, Partition p, Model model) {
        return NodeContexts.all(train, p, model, InitMode.SHARED, 11, 8);
    }

    @Test
    void adaptThenCombineOnTheCompleteGraphWithUniformWeightsIsCentralizedMinibatchSgd() {
        Dataset train = Synthetic.sparseLogistic(NODES * 64, 20, 5, 1.0, new SplittableRandom(3)).data();
        Partition partition = Partitioner.iid().partition(train, NODES, new SplittableRandom(4));
        Model model = ModelSettings.logistic().create(train);
        AlgorithmSettings spec = new Dsgd.Settings(0.5, new StepSchedule.Constant(), 8, Variant.ADAPT_THEN_COMBINE);

        var w = TopologyFactory.build(TopologySpec.of("complete", NODES).withMixing("uniform")).matrix();
        List<NodeAlgorithm> nodes = new ArrayList<>();
        for (NodeContext c : contexts(train, partition, model)) {
            nodes.add(spec.create(c, 100));
        }
        SequentialEngine engine = new SequentialEngine(new StaticSchedule(w, "complete"), nodes);
        CentralizedSgd central = new CentralizedSgd.Settings(0.5, new StepSchedule.Constant(), 8, null)
                .createCentralized(contexts(train, partition, model), 100);

        double worst = 0;
        for (int t = 0; t < 100; t++) {
            engine.runRound();
            central.runRound();
            for (NodeAlgorithm node : nodes) {
                for (int c = 0; c < central.parameters().length; c++) {
                    worst = Math.max(worst, Math.abs(node.parameters()[c] - central.parameters()[c]));
                }
            }
        }
        assertThat(worst).isLessThan(1e-12);
        // The run really moved: the model is far from its zero start.
        assertThat(java.util.Arrays.stream(central.parameters()).map(Math::abs).max().orElseThrow()).isGreaterThan(0.1);
        assertThat(central.gradientEvaluations()).isEqualTo(100L * NODES * 8);
        assertThat(nodes.get(0).counters().gradientEvaluations()).isEqualTo(100L * 8);
        assertThat(nodes.get(0).counters().messagesSent()).isEqualTo(100L * (NODES - 1));
    }

    @Test
    void combineThenAdaptUsesThePreMixingGradient() {
        // Two nodes, W = [[1/2, 1/2], [1/2, 1/2]]: x_i <- mean(x) - eta g_i(x_i) at the old x_i.
        Dataset train = Synthetic.sparseLogistic(40, 4, 2, 1.0, new SplittableRandom(5)).data();
        Partition partition = Partitioner.iid().partition(train, 2, new SplittableRandom(6));
        Model model = ModelSettings.logistic().create(train);
        List<NodeContext> ctx = NodeContexts.all(train, partition, model, InitMode.PER_NODE, 9, 4);
        List<NodeContext> replay = NodeContexts.all(train, partition, model, InitMode.PER_NODE, 9, 4);
        AlgorithmSettings spec = new Dsgd.Settings(0.3, new StepSchedule.Constant(), 4, null);
        List<NodeAlgorithm> nodes = List.of(spec.create(ctx.get(0), 100), spec.create(ctx.get(1), 100));
        var w = TopologyFactory.build(TopologySpec.of("complete", 2)).matrix();
        new SequentialEngine(new StaticSchedule(w, "k2"), nodes).runRound();

        double[] x0 = replay.get(0).initialParameters();
        double[] x1 = replay.get(1).initialParameters();
        int[] batch = new int[4];
        double[] g0 = new double[x0.length];
        replay.get(0).sampler().next(batch, 4);
        replay.get(0).model().lossAndGradient(x0, replay.get(0).shard(), batch, 4, g0);
        for (int c = 0; c < x0.length; c++) {
            double expected = (0.5 * x0[c] + 0.5 * x1[c]) - 0.3 * g0[c];
            assertThat(nodes.get(0).parameters()[c]).isEqualTo(expected);
        }
    }

    @Test
    void dsgdSettingsRefuseBadValuesAllAtOnceAndApplyTheirDefaults() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Dsgd.Settings(-1.0, null, 0, null));
        assertThat(e.getMessage()).isEqualTo("step-size: must be > 0, got -1\nbatch-size: must be >= 1, got 0");
        e = assertThrows(IllegalArgumentException.class, () -> new Dsgd.Settings(null, null, null, null));
        assertThat(e.getMessage()).isEqualTo("step-size: is required");
        Dsgd.Settings defaults = new Dsgd.Settings(0.1, null, null, null);
        assertThat(defaults.batchSize()).isEqualTo(8);
        assertThat(defaults.stepSchedule()).isEqualTo(new StepSchedule.Constant());
        assertThat(defaults.variant()).isEqualTo(Variant.COMBINE_THEN_ADAPT);
        assertThat(defaults.regularizer().isNone()).isTrue();
        assertThat(defaults.typeName()).isEqualTo("dsgd");
        assertThat(new Dspg.Settings(0.1, null, null, null).stepSchedule()).isEqualTo(new StepSchedule.InverseSqrt());
        assertThat(AlgorithmSettings.TYPES.unregistered()).isEmpty();
    }
}

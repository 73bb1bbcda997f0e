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
import io.dlsim.algorithms.model.ModelSpec;
import io.dlsim.algorithms.prox.RegularizerSpec;
import io.dlsim.algorithms.stepsize.StepSizeSpec;
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
        Model model = ModelSpec.of("logistic").create(train);
        AlgorithmSpec spec = new AlgorithmSpec("dsgd", StepSizeSpec.constant(0.5), 8, RegularizerSpec.none(), true, null);

        var w = TopologyFactory.build(TopologySpec.of("complete", NODES).withMixing("uniform")).matrix();
        List<NodeAlgorithm> nodes = new ArrayList<>();
        for (NodeContext c : contexts(train, partition, model)) {
            nodes.add(spec.create(c));
        }
        SequentialEngine engine = new SequentialEngine(new StaticSchedule(w, "complete"), nodes);
        CentralizedSgd central = spec.createCentralized(contexts(train, partition, model));

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
        Model model = ModelSpec.of("logistic").create(train);
        List<NodeContext> ctx = NodeContexts.all(train, partition, model, InitMode.PER_NODE, 9, 4);
        List<NodeContext> replay = NodeContexts.all(train, partition, model, InitMode.PER_NODE, 9, 4);
        AlgorithmSpec spec = new AlgorithmSpec("dsgd", StepSizeSpec.constant(0.3), 4, null, false, null);
        List<NodeAlgorithm> nodes = List.of(spec.create(ctx.get(0)), spec.create(ctx.get(1)));
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
    void dsgdRefusesANonSmoothRegularizerAndBadSettings() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AlgorithmSpec("dsgd", StepSizeSpec.constant(0.1), 8, RegularizerSpec.l1(0.1), false, null));
        assertThat(e.getMessage()).contains("algorithm.regularizer").contains("dspg or dpsvrg");
        e = assertThrows(IllegalArgumentException.class,
                () -> new AlgorithmSpec("dsgd", StepSizeSpec.constant(0.1), 0, null, false, null));
        assertThat(e.getMessage()).isEqualTo("algorithm.batch-size: must be >= 1, got 0");
        e = assertThrows(IllegalArgumentException.class,
                () -> new AlgorithmSpec("sgd", StepSizeSpec.constant(0.1), 8, null, false, null));
        assertThat(e.getMessage()).contains("algorithm.type: unknown type 'sgd'");
        e = assertThrows(IllegalArgumentException.class, () -> StepSizeSpec.constant(-1));
        assertThat(e.getMessage()).contains("must be > 0").contains("-1");
    }
}

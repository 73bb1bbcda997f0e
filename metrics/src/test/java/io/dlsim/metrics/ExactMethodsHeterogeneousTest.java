package io.dlsim.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlsim.algorithms.data.Dataset;
import io.dlsim.algorithms.data.Partition;
import io.dlsim.algorithms.data.Partitioner;
import io.dlsim.algorithms.data.Synthetic;
import io.dlsim.algorithms.engine.SequentialEngine;
import io.dlsim.algorithms.model.InitMode;
import io.dlsim.algorithms.model.Model;
import io.dlsim.algorithms.model.ModelSettings;
import io.dlsim.algorithms.optim.AlgorithmSettings;
import io.dlsim.algorithms.optim.Dsgd;
import io.dlsim.algorithms.optim.Dspg;
import io.dlsim.algorithms.optim.GradientTracking;
import io.dlsim.algorithms.optim.GtSvrg;
import io.dlsim.algorithms.optim.Nids;
import io.dlsim.algorithms.optim.NodeAlgorithm;
import io.dlsim.algorithms.optim.NodeContexts;
import io.dlsim.algorithms.optim.PgExtra;
import io.dlsim.algorithms.prox.RegularizerSettings;
import io.dlsim.algorithms.stepsize.StepSchedule;
import io.dlsim.topologies.TopologyFactory;
import io.dlsim.topologies.TopologySpec;
import io.dlsim.topologies.schedule.StaticSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 9's acceptance for the exact methods: L1-logistic regression (d = 20, l1 = 0.01) on a
 * label-sorted binary split (label-shards, one class per node: every node holds one label),
 * 16 nodes x 25 examples over a ring and a 4 x 4 torus (Metropolis-Hastings weights), one
 * constant step eta = 0.2 for every method, 1200 rounds. D-SGD and DSPG (full local
 * gradients, so the floor is the heterogeneity bias alone) stay above 1e-5; gradient tracking
 * (full gradients, DIGing with a prox), GT-SVRG (batch 5), PG-EXTRA and NIDS reach the optimum
 * of FISTA to 1e-9. Prints method x topology x final gap x gradient evaluations x bytes x the
 * first evaluated round (every 50) with a gap <= 1e-9.
 *
 * <p>(Gradient tracking's step bound depends on the network: at eta = 0.3 it stalls at 3.6e-3
 * on this torus while PG-EXTRA and NIDS still converge.)
 */
class ExactMethodsHeterogeneousTest {
    private static final int NODES = 16;
    private static final int SHARD = 25;
    private static final double ETA = 0.2;
    private static final long ROUNDS = 1200;
    private static Problem problem;

    /** The data, its label-sorted split, the model, r and F* = min f + r (FISTA). */
    private record Problem(Dataset train, Partition partition, Model model, RegularizerSettings l1, double optimum) {
    }

    @BeforeAll
    static void labelSortedL1Logistic() {
        Dataset data = Synthetic.sparseLogistic(NODES * SHARD, 20, 5, 1.0, new SplittableRandom(1)).data();
        Partition split = Partitioner.labelShards(1).partition(data, NODES, new SplittableRandom(2));
        Model logistic = ModelSettings.logistic().create(data);
        RegularizerSettings r = RegularizerSettings.l1(1e-2);
        Fista.Solution fista = Fista.minimize(logistic, data, r.create(logistic.biasIndices()), new double[logistic.parameterCount()], 1e-14, 100_000);
        assertThat(fista.iterations()).isLessThan(100_000);
        problem = new Problem(data, split, logistic, r, fista.value());
        // Label-sorted: every shard holds one label, except the one where the sorted labels change.
        long mixed = java.util.Arrays.stream(split.shards())
                .filter(shard -> java.util.Arrays.stream(shard).map(data::label).distinct().count() > 1).count();
        assertThat(mixed).isLessThanOrEqualTo(1);
    }

    /** The last row (after ROUNDS rounds) of a run of {@code spec} over {@code topology}; prints it. */
    private static MetricsRow run(AlgorithmSettings spec, String topology) {
        List<NodeAlgorithm> nodes = new ArrayList<>();
        NodeContexts.all(problem.train(), problem.partition(), problem.model(), InitMode.SHARED, 3, spec.batchSize())
                .forEach(c -> nodes.add(spec.create(c, ROUNDS)));
        var w = TopologyFactory.build(TopologySpec.of(topology, NODES)).matrix();
        SequentialEngine engine = new SequentialEngine(new StaticSchedule(w, topology), nodes);
        Model model = problem.model();
        Evaluator evaluator = new Evaluator(model, problem.train(), null, List.of(), problem.l1().create(model.biasIndices()), problem.optimum());
        List<MetricsRow> rows = SequentialRunner.run(engine, evaluator, new EvaluationRounds(ROUNDS, 50), null);
        MetricsRow last = rows.get(rows.size() - 1);
        String reached = rows.stream().filter(r -> Math.abs(r.optimalityGap()) <= 1e-9).findFirst().map(r -> Long.toString(r.round())).orElse("-");
        System.out.printf("| %-17s | %-5s | %10.3e | %9d | %10d | %5s |%n", spec.typeName(), topology, last.optimalityGap(), last.gradEvals(),
                last.bytes(), reached);
        return last;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ring", "torus"})
    void exactMethodsReachTheOptimumWhereDsgdAndDspgStall(String topology) {
        for (AlgorithmSettings inexact : List.of(new Dsgd.Settings(ETA, new StepSchedule.Constant(), SHARD, null),
                new Dspg.Settings(ETA, new StepSchedule.Constant(), SHARD, problem.l1()))) {
            assertThat(run(inexact, topology).optimalityGap()).isGreaterThanOrEqualTo(1e-5);
        }
        RegularizerSettings l1 = problem.l1();
        for (AlgorithmSettings exact : List.of(new GradientTracking.Settings(ETA, null, null, l1, GradientTracking.Gradient.FULL),
                new GtSvrg.Settings(ETA, null, 5, l1, null), new PgExtra.Settings(ETA, l1), new Nids.Settings(ETA, l1))) {
            assertThat(Math.abs(run(exact, topology).optimalityGap())).isLessThanOrEqualTo(1e-9);
        }
    }
}

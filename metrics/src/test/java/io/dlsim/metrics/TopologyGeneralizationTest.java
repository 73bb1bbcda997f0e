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
import io.dlsim.algorithms.optim.NodeAlgorithm;
import io.dlsim.algorithms.optim.NodeContexts;
import io.dlsim.topologies.Topology;
import io.dlsim.topologies.TopologyFactory;
import io.dlsim.topologies.TopologySpec;
import io.dlsim.topologies.schedule.StaticSchedule;
import io.dlsim.topologies.spectra.Spectra;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Zhu et al. (ICML 2022), qualitatively: D-SGD training a 1-hidden-layer MLP on a noisy teacher
 * task (16 nodes, IID shards, per-node initialisation) until it overfits; a smaller spectral gap
 * gives a larger consensus distance and a larger generalization gap. Prints the table.
 */
class TopologyGeneralizationTest {
    static final int NODES = 16;
    static final int ROUNDS = Integer.getInteger("dlsim.zhu.rounds", 3000);

    record Outcome(double lambda, double trainLoss, double testLoss, double gap, double consensus, double testAccuracy) {
    }

    static Outcome train(String topology, Dataset train, Dataset test, Partition partition, Model model) {
        AlgorithmSettings spec = new Dsgd.Settings(0.1, null, 8, null);
        List<NodeAlgorithm> nodes = new ArrayList<>();
        NodeContexts.all(train, partition, model, InitMode.PER_NODE, 5, 8).forEach(c -> nodes.add(spec.create(c, Long.MAX_VALUE)));
        Topology t = TopologyFactory.build(TopologySpec.of(topology, NODES));
        SequentialEngine engine = new SequentialEngine(new StaticSchedule(t.matrix(), topology), nodes);
        Evaluator evaluator = new Evaluator(model, train, test, List.of(), null, Double.NaN);
        List<MetricsRow> rows = SequentialRunner.run(engine, evaluator, new EvaluationRounds(ROUNDS, 100), null);
        // Consensus distance fluctuates round to round: average it over the last quarter of the run.
        double consensus = rows.subList(rows.size() * 3 / 4, rows.size()).stream().mapToDouble(MetricsRow::consensusDistance).average().orElseThrow();
        MetricsRow last = rows.get(rows.size() - 1);
        return new Outcome(Spectra.of(t.matrix()).lambda(), last.trainLoss(), last.testLoss(), last.generalizationGap(), consensus,
                last.testAccuracy());
    }

    @Test
    void sparserTopologiesDriftApartMoreAndGeneralizeWorse() {
        Synthetic.Teacher teacher = Synthetic.Teacher.random(20, 32, 4, new SplittableRandom(1));
        Dataset train = teacher.sample(NODES * 64, 0.2, new SplittableRandom(2)).data();
        Dataset test = teacher.sample(4000, 0.2, new SplittableRandom(3)).data();
        Partition partition = Partitioner.iid().partition(train, NODES, new SplittableRandom(4));
        Model model = ModelSettings.mlp(64).create(train);
        Map<String, Outcome> out = new LinkedHashMap<>();
        for (String topology : List.of("ring", "grid", "exponential", "complete")) {
            out.put(topology, train(topology, train, test, partition, model));
        }
        System.out.printf("%-12s %8s %10s %10s %10s %12s %9s%n", "topology", "lambda", "train loss", "test loss", "gen gap", "consensus", "test acc");
        out.forEach((k, o) -> System.out.printf("%-12s %8.4f %10.4f %10.4f %10.4f %12.4e %9.4f%n", k, o.lambda(), o.trainLoss(),
                o.testLoss(), o.gap(), o.consensus(), o.testAccuracy()));

        // It overfits: the test loss is well above the train loss everywhere.
        out.values().forEach(o -> assertThat(o.gap()).isGreaterThan(0.1));
        assertThat(out.get("ring").consensus()).isGreaterThan(out.get("grid").consensus());
        assertThat(out.get("grid").consensus()).isGreaterThan(out.get("exponential").consensus());
        assertThat(out.get("exponential").consensus()).isGreaterThanOrEqualTo(out.get("complete").consensus());
        assertThat(out.get("ring").gap()).isGreaterThan(out.get("complete").gap());
    }
}

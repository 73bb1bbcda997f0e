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
import io.dlsim.algorithms.prox.RegularizerSettings;
import io.dlsim.algorithms.stepsize.StepSchedule;
import io.dlsim.topologies.TopologyFactory;
import io.dlsim.topologies.TopologySpec;
import io.dlsim.topologies.settings.InvalidSettingsException;
import io.dlsim.topologies.schedule.StaticSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GossipRoundsTest {
    private static final int NODES = 6;

    @Test
    void schedulesGiveTheirFormula() {
        assertThat(new GossipRounds.Constant(4).at(1000)).isEqualTo(4);
        assertThat(new GossipRounds.Linear(1, 2).at(0)).isEqualTo(1);
        assertThat(new GossipRounds.Linear(1, 2).at(10)).isEqualTo(21);
        assertThat(new GossipRounds.Linear(3, 0).at(10)).isEqualTo(3);
        assertThat(new GossipRounds.Linear(1, 1).at(Long.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
        // ceil(3 log2(s + 2)): exact powers of two are not rounded up by the log's last bit.
        GossipRounds log = new GossipRounds.Logarithmic(3.0);
        assertThat(List.of(log.at(0), log.at(1), log.at(2), log.at(6), log.at(14), log.at(1022))).containsExactly(3, 5, 6, 9, 12, 30);
        assertThat(new GossipRounds.Logarithmic(0.1).at(0)).isEqualTo(1);
        assertThat(new GossipRounds.Logarithmic(null).scale()).isEqualTo(1.0);
    }

    @Test
    void recordsRefuseBadSettingsByTheirOwnFieldNames() {
        assertThat(assertThrows(InvalidSettingsException.class, () -> new GossipRounds.Constant(0))).hasMessageContaining("rounds: must be >= 1, got 0");
        assertThat(assertThrows(InvalidSettingsException.class, () -> new GossipRounds.Linear(0, -1)))
                .hasMessageContaining("initial: must be >= 1, got 0").hasMessageContaining("growth: must be >= 0, got -1");
        assertThat(assertThrows(InvalidSettingsException.class, () -> new GossipRounds.Logarithmic(-2.0))).hasMessageContaining("scale: must be > 0, got -2");
    }

    /** Runs {@code rounds} rounds of {@code spec} on a ring; returns the nodes. */
    private static List<NodeAlgorithm> run(AlgorithmSettings spec, int rounds) {
        Dataset train = Synthetic.sparseLogistic(NODES * 16, 8, 3, 1.0, new SplittableRandom(5)).data();
        Partition partition = Partitioner.labelShards(1).partition(train, NODES, new SplittableRandom(6));
        Model model = ModelSettings.logistic().create(train);
        List<NodeAlgorithm> nodes = new ArrayList<>();
        NodeContexts.all(train, partition, model, InitMode.PER_NODE, 7, 4).forEach(c -> nodes.add(spec.create(c, rounds)));
        var w = TopologyFactory.build(TopologySpec.of("ring", NODES)).matrix();
        new SequentialEngine(new StaticSchedule(w, "ring"), nodes).run(rounds);
        return nodes;
    }

    @Test
    void aStepTakesKRoundsAndEveryRoundIsCounted() {
        // 12 rounds of K = 3: four gradient steps, twelve rounds of messages to both ring neighbours.
        for (Variant v : Variant.values()) {
            NodeAlgorithm node = run(new Dsgd.Settings(0.1, null, 4, v, new GossipRounds.Constant(3)), 12).get(0);
            assertThat(node.counters().gradientEvaluations()).isEqualTo(4L * 4);
            assertThat(node.counters().messagesSent()).isEqualTo(12L * 2);
        }
    }

    @Test
    void adaptThenCombineWithATinyStepMixesExactlyLikeGossip() {
        // Step size 0 is refused, so a negligible one: one step of K = 12 rounds mixes the
        // messages x_j - eta d_j twelve times, which is twelve rounds of gossip averaging.
        List<NodeAlgorithm> gossip = run(new GossipAveraging.Settings(), 12);
        List<NodeAlgorithm> atc = run(new Dspg.Settings(1e-300, new StepSchedule.Constant(), 4, RegularizerSettings.none(),
                Variant.ADAPT_THEN_COMBINE, new GossipRounds.Constant(12)), 12);
        for (int i = 0; i < NODES; i++) {
            for (int c = 0; c < gossip.get(i).parameters().length; c++) {
                assertThat(atc.get(i).parameters()[c]).isCloseTo(gossip.get(i).parameters()[c], org.assertj.core.data.Offset.offset(1e-12));
            }
        }
    }
}

package io.dlsim.algorithms.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dlsim.algorithms.compression.Compression;
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
import io.dlsim.topologies.settings.InvalidSettingsException;
import io.dlsim.topologies.schedule.StaticSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ChocoSgdTest {
    private static final int NODES = 8;
    private static final Dataset TRAIN = Synthetic.sparseLogistic(NODES * 40, 12, 4, 1.0, new SplittableRandom(3)).data();
    private static final Partition PARTITION = Partitioner.iid().partition(TRAIN, NODES, new SplittableRandom(4));
    private static final Model MODEL = ModelSettings.logistic().create(TRAIN);

    private static SequentialEngine engine(AlgorithmSettings spec, String topology) {
        return engine(spec, topology, MODEL);
    }

    private static SequentialEngine engine(AlgorithmSettings spec, String topology, Model model) {
        List<NodeAlgorithm> nodes = new ArrayList<>();
        NodeContexts.all(TRAIN, PARTITION, model, InitMode.PER_NODE, 5, spec.batchSize()).forEach(c -> nodes.add(spec.create(c, 1000)));
        var w = TopologyFactory.build(TopologySpec.of(topology, NODES)).matrix();
        return new SequentialEngine(new StaticSchedule(w, topology), nodes);
    }

    private static double[] mean(SequentialEngine e) {
        double[] m = new double[e.nodes().get(0).parameters().length];
        for (NodeAlgorithm n : e.nodes()) {
            for (int c = 0; c < m.length; c++) {
                m[c] += n.parameters()[c] / NODES;
            }
        }
        return m;
    }

    @Test
    void withoutCompressionAndGammaOneItIsDsgdAdaptThenCombineUpToRounding() {
        // xhat_i^{t+1} = xhat_i^t + (x_i^{t+1/2} - xhat_i^t) = x_i^{t+1/2}, so
        // x_i^{t+1} = x_i^{t+1/2} + (sum_j w_ij x_j^{t+1/2} - x_i^{t+1/2}) = sum_j w_ij (x_j - eta g_j).
        SequentialEngine choco = engine(new ChocoSgd.Settings(0.3, null, 4, 1.0, Compression.none()), "ring");
        SequentialEngine atc = engine(new Dsgd.Settings(0.3, null, 4, Variant.ADAPT_THEN_COMBINE), "ring");
        for (int t = 0; t < 200; t++) {
            choco.runRound();
            atc.runRound();
        }
        for (int i = 0; i < NODES; i++) {
            double[] a = choco.nodes().get(i).parameters();
            double[] b = atc.nodes().get(i).parameters();
            for (int c = 0; c < a.length; c++) {
                assertThat(a[c]).isCloseTo(b[c], org.assertj.core.data.Offset.offset(1e-9 * (1 + Math.abs(b[c]))));
            }
            assertThat(choco.nodes().get(i).counters().bytesSent()).isEqualTo(atc.nodes().get(i).counters().bytesSent());
        }
        // ... and it is not the combine-then-adapt form, which differs by more than rounding.
        SequentialEngine cta = engine(new Dsgd.Settings(0.3, null, 4, null), "ring");
        cta.run(200);
        assertThat(Math.abs(cta.nodes().get(0).parameters()[0] - choco.nodes().get(0).parameters()[0])).isGreaterThan(1e-6);
    }

    @Test
    void compressedGossipPreservesTheAverageAndReachesConsensus() {
        // Step size ~0: CHOCO-gossip. The consensus step keeps the mean (W doubly stochastic) and
        // shrinks the spread even though each message carries 2 of 13 entries.
        for (Compression q : List.of(new Compression.TopK(2, null), new Compression.RandomK(2, null), new Compression.Qsgd(2, null),
                new Compression.Sign())) {
            // An MLP: per-node initialisation puts every node elsewhere (logistic starts at 0).
            SequentialEngine e = engine(new ChocoSgd.Settings(1e-300, null, 1, null, q), "torus", ModelSettings.mlp(2).create(TRAIN));
            double[] start = mean(e);
            double spread0 = spread(e, start);
            e.run(3000);
            double[] end = mean(e);
            for (int c = 0; c < start.length; c++) {
                assertThat(end[c]).as(q.typeName()).isCloseTo(start[c], org.assertj.core.data.Offset.offset(1e-9));
            }
            assertThat(spread(e, end)).as(q.typeName()).isLessThan(1e-3 * spread0);
        }
    }

    private static double spread(SequentialEngine e, double[] mean) {
        double s = 0;
        for (NodeAlgorithm n : e.nodes()) {
            for (int c = 0; c < mean.length; c++) {
                s += Math.pow(n.parameters()[c] - mean[c], 2);
            }
        }
        return s / NODES;
    }

    @Test
    void bytesCountTheEncodingAndTheRunIsReproducible() {
        AlgorithmSettings spec = new ChocoSgd.Settings(0.3, new StepSchedule.Constant(), 4, 0.2, new Compression.RandomK(3, null));
        SequentialEngine a = engine(spec, "ring");
        SequentialEngine b = engine(spec, "ring");
        a.run(50);
        b.run(50);
        for (int i = 0; i < NODES; i++) {
            assertThat(a.nodes().get(i).parameters()).isEqualTo(b.nodes().get(i).parameters());
            // 50 rounds x 2 ring neighbours x (3 values x 8 + 3 indices x 4) bytes.
            assertThat(a.nodes().get(i).counters().bytesSent()).isEqualTo(50L * 2 * 36);
        }
        // The minibatch stream is the nodes' own: the same as D-SGD's with the same seed.
        SequentialEngine dsgd = engine(new Dsgd.Settings(0.3, null, 4, null), "ring");
        dsgd.run(50);
        assertThat(dsgd.nodes().get(0).epochs()).isEqualTo(a.nodes().get(0).epochs());
    }

    @Test
    void settingsAreCheckedAndTheDefaultGammaIsTheOperatorsDelta() {
        assertThat(assertThrows(InvalidSettingsException.class, () -> new ChocoSgd.Settings(0.1, null, null, 0.0, Compression.none()))
                .getMessage()).contains("consensus-step: must be in (0, 1], got 0");
        assertThat(assertThrows(InvalidSettingsException.class, () -> new ChocoSgd.Settings(0.1, null, null, 1.5, Compression.none()))
                .getMessage()).contains("consensus-step: must be in (0, 1], got 1.5");
        assertThat(assertThrows(InvalidSettingsException.class, () -> new ChocoSgd.Settings(0.1, null, null, null, null))
                .getMessage()).contains("compression: is required");
        assertThat(assertThrows(InvalidSettingsException.class, () -> new ChocoSgd.Settings(null, null, null, null, Compression.none()))
                .getMessage()).contains("step-size: is required");
        assertThat(new ChocoSgd.Settings(0.1, null, null, null, Compression.none()).needsStaticTopology()).isTrue();
        assertThat(Compression.none().defaultConsensusStep(650)).isEqualTo(1.0);
        assertThat(new Compression.TopK(null, 0.01).defaultConsensusStep(650)).isEqualTo(7.0 / 650);
        assertThat(new Compression.Qsgd(4, null).defaultConsensusStep(650)).isEqualTo(1 / (1 + Math.sqrt(650) / 4));
    }
}

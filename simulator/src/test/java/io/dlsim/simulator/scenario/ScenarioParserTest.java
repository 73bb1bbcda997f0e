package io.dlsim.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dlsim.algorithms.data.DataSource;
import io.dlsim.algorithms.model.InitMode;
import io.dlsim.algorithms.model.ModelSettings;
import io.dlsim.algorithms.optim.Dsgd;
import io.dlsim.algorithms.optim.Variant;
import io.dlsim.algorithms.optim.Dpsvrg;
import io.dlsim.algorithms.optim.Dspg;
import io.dlsim.algorithms.optim.GossipRounds;
import io.dlsim.algorithms.stepsize.StepSchedule;
import io.dlsim.simulator.engine.EngineType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScenarioParserTest {
    static final String BASE = """
            name: zhu2022-topology-generalization
            seed: 7
            nodes: 16
            rounds: 400
            eval-every: 100
            data: { type: synthetic-teacher, samples-per-node: 32, test-samples: 500, label-noise: 0.2 }
            partition: { type: iid }
            model: { type: mlp, hidden: [16], init: per-node }
            algorithm: { type: dsgd, step-size: 0.2, batch-size: 8 }
            topology: { type: ring, mixing: metropolis-hastings }
            """;

    static List<Scenario> parse(String yaml) {
        return ScenarioParser.parse(yaml, Path.of("."));
    }

    @Test
    void bindsEveryFieldAndAppliesDefaults() {
        Scenario s = parse(BASE).get(0);
        assertThat(s.name()).isEqualTo("zhu2022-topology-generalization");
        assertThat(s.runName()).isEqualTo(s.name());
        assertThat(s.seed()).isEqualTo(7);
        assertThat(s.nodes()).isEqualTo(16);
        assertThat(s.rounds()).isEqualTo(400);
        assertThat(s.evalEvery()).isEqualTo(100);
        assertThat(s.engine()).isEqualTo(EngineType.ACTORS);
        assertThat(s.data()).isEqualTo(new DataSource.SyntheticTeacher(32, 500, 0.2, 20, 32, 4));
        assertThat(s.model()).isEqualTo(new ModelSettings.MultilayerPerceptron(List.of(16), InitMode.PER_NODE));
        assertThat(s.init().settingName()).isEqualTo("per-node");
        assertThat(s.algorithm().typeName()).isEqualTo("dsgd");
        assertThat(s.algorithm()).isEqualTo(new Dsgd.Settings(0.2, new StepSchedule.Constant(), 8, Variant.COMBINE_THEN_ADAPT));
        assertThat(s.schedule().type()).isEqualTo("static");
        assertThat(s.schedule().topology().type()).isEqualTo("ring");
        assertThat(s.computeOptimum()).isFalse();
        String defaults = BASE.replace("eval-every: 100\n", "").replace("seed: 7\n", "");
        Scenario d = parse(defaults).get(0);
        assertThat(d.evalEvery()).isEqualTo(20);
        assertThat(d.seed()).isEqualTo(1);
    }

    @Test
    void dataPrecisionIsFloat64ByDefaultFloat32WhenAskedAndKeptInTheResolvedScenario() {
        assertThat(parse(BASE).get(0).dataPrecision()).isEqualTo(io.dlsim.algorithms.data.Dataset.Precision.FLOAT64);
        Scenario f = parse(BASE.replace("label-noise: 0.2 }", "label-noise: 0.2, precision: float32 }")).get(0);
        assertThat(f.dataPrecision()).isEqualTo(io.dlsim.algorithms.data.Dataset.Precision.FLOAT32);
        // The data section binds as without the key; the resolved scenario says what ran.
        assertThat(f.data()).isEqualTo(parse(BASE).get(0).data());
        assertThat(f.resolvedYaml()).contains("precision: float32");
        List<Scenario> swept = parse(BASE + "sweep:\n  data.precision: [float64, float32]\n");
        assertThat(swept).extracting(Scenario::dataPrecision).containsExactly(io.dlsim.algorithms.data.Dataset.Precision.FLOAT64,
                io.dlsim.algorithms.data.Dataset.Precision.FLOAT32);
    }

    @Test
    void dataPrecisionRefusesOtherValuesAndSparseData() {
        assertThat(assertThrows(ScenarioException.class,
                () -> parse(BASE.replace("label-noise: 0.2 }", "label-noise: 0.2, precision: float16 }"))).getMessage())
                .contains("data.precision: must be float64 (the default: features stored as double) or float32");
        String sparse = BASE.replace("data: { type: synthetic-teacher, samples-per-node: 32, test-samples: 500, label-noise: 0.2 }",
                "data: { type: synthetic-logistic, feature-density: 0.5, precision: float32 }")
                .replace("model: { type: mlp, hidden: [16], init: per-node }", "model: { type: logistic }");
        assertThat(assertThrows(ScenarioException.class, () -> parse(sparse)).getMessage()).contains("data.precision: float32 "
                + "stores dense features; synthetic-logistic data with feature-density < 1 is sparse (compressed rows), whose "
                + "values are kept as double: use float64 (or leave precision out)");
        assertThat(parse(sparse.replace("feature-density: 0.5, ", "")).get(0).dataPrecision())
                .isEqualTo(io.dlsim.algorithms.data.Dataset.Precision.FLOAT32);
    }

    @Test
    void float32OfLibsvmDataIsRefusedNamingTheField(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.svm"), "1 1:0.5 3:1\n0 2:1\n");
        String yaml = BASE.replace("data: { type: synthetic-teacher, samples-per-node: 32, test-samples: 500, label-noise: 0.2 }",
                "data: { type: libsvm, path: a.svm, precision: float32 }").replace("model: { type: mlp, hidden: [16], init: per-node }",
                "model: { type: logistic }");
        assertThat(assertThrows(ScenarioException.class, () -> ScenarioParser.parse(yaml, dir)).getMessage())
                .contains("data.precision: float32 stores dense features; libsvm data is sparse (compressed rows)");
    }

    @Test
    void sweepIsTheCartesianProductInListedOrder() {
        List<Scenario> runs = parse(BASE + """
                sweep:
                  topology.type: [ring, grid, exponential, complete]
                  seed: [1, 2]
                """);
        assertThat(runs).hasSize(8);
        assertThat(runs).extracting(Scenario::runName).containsExactly(
                "type=ring,seed=1", "type=ring,seed=2", "type=grid,seed=1", "type=grid,seed=2",
                "type=exponential,seed=1", "type=exponential,seed=2", "type=complete,seed=1", "type=complete,seed=2");
        assertThat(runs.get(2).schedule().topology().type()).isEqualTo("grid");
        assertThat(runs.get(2).seed()).isEqualTo(1);
        assertThat(runs.get(2).sweepValues()).isEqualTo(Map.of("topology.type", "grid", "seed", "1"));
        assertThat(runs.get(2).resolvedYaml()).contains("type: grid").doesNotContain("sweep");
        // Different seeds give different random topology seeds, same seeds the same.
        assertThat(runs.get(0).schedule().topology().seed()).isNotEqualTo(runs.get(1).schedule().topology().seed());
        assertThat(runs.get(0).schedule().topology().seed()).isEqualTo(runs.get(2).schedule().topology().seed());
    }

    @Test
    void runNamesKeepAsMuchOfEachDottedKeyAsTellsItApartFromTheOtherSweptKeys() {
        List<Scenario> runs = parse(BASE.replace("model: { type: mlp, hidden: [16], init: per-node }", "model: { type: logistic }")
                .replace("synthetic-teacher", "synthetic-logistic").replace(", label-noise: 0.2", "") + """
                sweep:
                  algorithm.type: [dsgd, dspg]
                  topology.type: [ring]
                  seed: [3]
                """);
        assertThat(runs).extracting(Scenario::runName).containsExactly("algorithm.type=dsgd,topology.type=ring,seed=3",
                "algorithm.type=dspg,topology.type=ring,seed=3");
        // The rule alone: the last segment when it is unique, else as many more as needed, up to the whole path.
        List<String> keys = List.of("a.b.type", "c.b.type", "topology.type", "seed", "type");
        assertThat(keys).extracting(k -> ScenarioParser.shortKey(k, keys))
                .containsExactly("a.b.type", "c.b.type", "topology.type", "seed", "type");
        assertThat(ScenarioParser.shortKey("topology.type", List.of("topology.type", "seed"))).isEqualTo("type");
    }

    @Test
    void paramsAreTheSweptValuesAsTheFileTypesThemInSweepOrderThenTheSeed() {
        List<Scenario> runs = parse(BASE.replace("topology: { type: ring, mixing: metropolis-hastings }",
                "topology: { phases: [{ type: ring }] }") + """
                sweep:
                  seed: [1, 2]
                  algorithm.step-size: [0.1]
                  topology.phases:
                    - [{ type: complete, rounds: 100 }, { type: ring }]
                """);
        assertThat(runs.get(1).params()).containsExactly(Map.entry("algorithm.step-size", 0.1),
                Map.entry("topology.phases", List.of(Map.of("type", "complete", "rounds", 100), Map.of("type", "ring"))),
                Map.entry("seed", 2L));
        assertThat(runs.get(1).sweepValues().keySet()).containsExactly("seed", "algorithm.step-size", "topology.phases");
        // Without a sweep: the seed alone (the file's, or the default 1).
        assertThat(parse(BASE).get(0).params()).containsExactly(Map.entry("seed", 7L));
    }

    @Test
    void sweepCanReachNestedKeysThatAreNotInTheBaseFile() {
        List<Scenario> runs = parse(BASE.replace("topology: { type: ring, mixing: metropolis-hastings }",
                "topology: { type: ring }") + "sweep:\n  topology.target-gap: [0.01, 0.02]\n");
        assertThat(runs).extracting(Scenario::topologyLabel).containsExactly("ring/gap=0.01", "ring/gap=0.02");
    }

    @Test
    void sweepingWholeListsGivesEveryRunItsOwnName() {
        List<Scenario> runs = parse(BASE.replace("topology: { type: ring, mixing: metropolis-hastings }",
                "topology: { phases: [{ type: ring }] }") + """
                sweep:
                  topology.phases:
                    - [{ type: ring }]
                    - [{ type: complete, rounds: 100 }, { type: ring }]
                    - [{ type: ring, rounds: 100 }, { type: complete }]
                """);
        assertThat(runs).extracting(Scenario::runName)
                .containsExactly("phases=ring", "phases=complete-100-ring", "phases=ring-100-complete");
        assertThat(runs).extracting(Scenario::topologyLabel).containsExactly("ring", "complete(100)->ring", "ring(100)->complete");
        assertThat(runs.get(1).sweepValues()).containsEntry("topology.phases", "complete-100-ring");
        // Values that read the same in a folder name still get distinct folders.
        assertThat(parse(BASE + "sweep:\n  description: ['a b', 'a_b', 'a b']\n")).extracting(Scenario::runName)
                .containsExactly("description=a_b", "description=a_b-2", "description=a_b-3");
    }

    @Test
    void phasesAndTimeVaryingSchedules() {
        Scenario s = parse(BASE.replace("topology: { type: ring, mixing: metropolis-hastings }", """
                topology:
                  phases:
                    - { type: complete, rounds: 200 }
                    - { type: ring }
                """)).get(0);
        assertThat(s.schedule().type()).isEqualTo("phases");
        assertThat(s.schedule().phases()).hasSize(2);
        assertThat(s.schedule().phases().get(0).rounds()).isEqualTo(200);
        assertThat(s.topologyLabel()).isEqualTo("complete(200)->ring");
        Scenario r = parse(BASE.replace("topology: { type: ring, mixing: metropolis-hastings }",
                "topology: { type: torus, schedule: random-edges, activation: 0.5 }")).get(0);
        assertThat(r.schedule().params()).containsEntry("p", "0.5");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "step-size: 0.2|step-size: -1|algorithm.step-size: must be > 0, got -1",
        "step-size: 0.2|stepsize: 0.2|algorithm.step-size: is required (is 'stepsize' a misspelling?)",
        "rounds: 400|rouns: 400|rounds: is required (is 'rouns' a misspelling?)",
        "eval-every: 100|eval-evry: 100|eval-evry: unknown key (did you mean 'eval-every'?)",
        "nodes: 16|nodes: lots|nodes: must be a whole number, got 'lots'",
        "nodes: 16|nodes: 0|nodes: must be >= 2, got 0",
        "type: dsgd|type: sgd|algorithm.type: unknown type 'sgd'",
        "type: mlp|type: perceptron|model.type: unknown type 'perceptron'",
        "type: ring|type: rnig|topology.type: unknown type 'rnig' (did you mean 'ring'?)",
        "type: iid|type: dirichlet|partition.beta: is required",
        "type: synthetic-teacher|type: synthetic-teachers|data.type: unknown type 'synthetic-teachers' (did you mean 'synthetic-teacher'?)",
        "label-noise: 0.2|label-noise: 1.5|data.label-noise: must be in [0, 1), got 1.5",
        "hidden: [16]|hidden: [16, 0]|model.hidden[1]: must be >= 1, got 0",
        "batch-size: 8|batch-size: 0|algorithm.batch-size: must be >= 1, got 0",
        "step-size: 0.2|step-size: 0.2, regularizer: { type: l1, l1: 0.1 }|algorithm.regularizer: unknown key for type dsgd; only for dspg, dpsvrg, centralized",
        "type: dsgd|type: dspg, regularizer: { type: l1, l1: -1 }|algorithm.regularizer.l1: must be >= 0, got -1",
        "mixing: metropolis-hastings|mixing: metropolis|mixing: unknown rule 'metropolis'",
        "type: ring|type: regular, d: 16|d: must be in [1, n-1] = [1, 15], got 16",
        "init: per-node|init: everyone|model.init: unknown value 'everyone'",
        "eval-every: 100|eval-every: 0|eval-every: must be >= 1, got 0",
        // A whole number of gossip rounds is a constant schedule; its mistakes read as written.
        "batch-size: 8|batch-size: 8, gossip-rounds: 0|algorithm.gossip-rounds: must be >= 1, got 0",
        "batch-size: 8|batch-size: 8, gossip-rounds: two|algorithm.gossip-rounds: must be a whole number, got 'two'",
        "batch-size: 8|batch-size: 8, gossip-rounds: { type: constant, rounds: 0 }|algorithm.gossip-rounds.rounds: must be >= 1, got 0",
        "batch-size: 8|batch-size: 8, gossip-rounds: { type: linear, growth: -1 }|algorithm.gossip-rounds.growth: must be >= 0, got -1",
        "batch-size: 8|batch-size: 8, gossip-rounds: { type: logarithmic, scale: 0 }|algorithm.gossip-rounds.scale: must be > 0, got 0",
        "batch-size: 8|batch-size: 8, gossip-rounds: { type: expo }|algorithm.gossip-rounds.type: unknown type 'expo'",
        "batch-size: 8|batch-size: 8, variant: both|algorithm.variant: unknown value 'both'",
    })
    void everyValidationErrorNamesThePathAndTheReason(String from, String to, String expected) {
        String yaml = BASE.replace(from, to);
        assertThat(yaml).isNotEqualTo(BASE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(yaml));
        assertThat(e.getMessage()).contains(expected);
    }

    @Test
    void gossipRoundsAreAWholeNumberOrASchedule() {
        Scenario plain = parse(BASE.replace("batch-size: 8 }", "batch-size: 8, gossip-rounds: 2 }")).get(0);
        assertThat(((Dsgd.Settings) plain.algorithm()).gossipRounds()).isEqualTo(new GossipRounds.Constant(2));
        Scenario log = parse(BASE.replace("type: dsgd, step-size: 0.2, batch-size: 8 }",
                "type: dpsvrg, step-size: 0.2, variant: adapt-then-combine, gossip-rounds: { type: logarithmic, scale: 3 } }")).get(0);
        Dpsvrg.Settings d = (Dpsvrg.Settings) log.algorithm();
        assertThat(d.gossipRounds()).isEqualTo(new GossipRounds.Logarithmic(3.0));
        assertThat(d.variant()).isEqualTo(Variant.ADAPT_THEN_COMBINE);
        Scenario linear = parse(BASE.replace("type: dsgd, step-size: 0.2, batch-size: 8 }",
                "type: dspg, step-size: 0.2, gossip-rounds: { type: linear, initial: 2 } }")).get(0);
        assertThat(((Dspg.Settings) linear.algorithm()).gossipRounds()).isEqualTo(new GossipRounds.Linear(2, 1));
        // A sweep over whole numbers works on the tree, before the rewrite.
        List<Scenario> swept = parse(BASE.replace("batch-size: 8 }", "batch-size: 8, gossip-rounds: 1 }")
                + "sweep:\n  algorithm.gossip-rounds: [1, 3]\n");
        assertThat(swept).extracting(r -> ((Dsgd.Settings) r.algorithm()).gossipRounds().at(0)).containsExactly(1, 3);
    }

    @Test
    void pairedKeysAreSweptTogether() {
        List<Scenario> runs = parse(BASE + """
                sweep:
                  algorithm + topology.mixing:
                    - [{ type: gossip }, uniform]
                    - [{ type: dsgd, step-size: 0.1 }, max-degree]
                  seed: [1, 2]
                """);
        assertThat(runs).extracting(Scenario::runName).containsExactly("algorithm=gossip,mixing=uniform,seed=1",
                "algorithm=gossip,mixing=uniform,seed=2", "algorithm=dsgd-0.1,mixing=max-degree,seed=1",
                "algorithm=dsgd-0.1,mixing=max-degree,seed=2");
        assertThat(runs.get(2).algorithm()).isInstanceOf(Dsgd.Settings.class);
        assertThat(runs.get(2).schedule().topology().mixing()).isEqualTo("max-degree");
        assertThat(assertThrows(ScenarioException.class, () -> parse(BASE + "sweep:\n  algorithm + topology.mixing: [[{ type: gossip }]]\n"))
                .getMessage()).contains("sweep.algorithm + topology.mixing[0]: must be a list of 2 values, one for each of algorithm, "
                        + "topology.mixing");
        assertThat(assertThrows(ScenarioException.class, () -> parse(BASE + "sweep:\n  seed + : [[1]]\n")).getMessage())
                .contains("paired keys are dotted paths joined by '+'");
    }

    @Test
    void chebyshevAccelerationTakesLambdaFromTheTopology() {
        String yaml = BASE.replace("{ type: dsgd, step-size: 0.2, batch-size: 8 }",
                "{ type: dsgd, step-size: 0.2, gossip-rounds: 4, acceleration: chebyshev }");
        Dsgd.Settings s = (Dsgd.Settings) parse(yaml).get(0).algorithm();
        assertThat(s.acceleration()).isEqualTo(io.dlsim.algorithms.optim.Acceleration.CHEBYSHEV);
        assertThat(s.chebyshevLambda()).isCloseTo(0.9493, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(((Dsgd.Settings) parse(yaml.replace("chebyshev }", "chebyshev, chebyshev-lambda: 0.99 }")).get(0).algorithm())
                .chebyshevLambda()).isEqualTo(0.99);
        assertThat(assertThrows(ScenarioException.class, () -> parse(yaml.replace("topology: { type: ring, mixing: metropolis-hastings }",
                "topology: { type: ring, schedule: random-matching }"))).getMessage())
                .contains("algorithm.acceleration: chebyshev needs a static topology").contains("give chebyshev-lambda");
        assertThat(assertThrows(ScenarioException.class, () -> parse(yaml.replace("topology: { type: ring, mixing: metropolis-hastings }",
                "topology: { type: star, mixing: uniform }"))).getMessage())
                .contains("algorithm.acceleration: chebyshev needs a symmetric, doubly stochastic W");
        assertThat(assertThrows(ScenarioException.class, () -> parse(yaml.replace(", acceleration: chebyshev", ", chebyshev-lambda: 0.9")))
                .getMessage()).contains("algorithm.chebyshev-lambda: only with acceleration: chebyshev");
        assertThat(assertThrows(ScenarioException.class, () -> parse(yaml.replace("chebyshev }", "chebyshev, chebyshev-lambda: 1 }")))
                .getMessage()).contains("algorithm.chebyshev-lambda: must be");
    }

    @Test
    void pushSumMethodsNeedColumnStochasticWeights() {
        String directed = BASE.replace("topology: { type: ring, mixing: metropolis-hastings }",
                "topology: { type: erdos-renyi-directed, p: 0.3, mixing: column-stochastic }");
        for (String algorithm : List.of("{ type: push-sum }", "{ type: sgp, step-size: 0.1 }")) {
            String yaml = directed.replace("{ type: dsgd, step-size: 0.2, batch-size: 8 }", algorithm);
            Scenario s = parse(yaml).get(0);
            assertThat(s.algorithm().needsWeights()).isEqualTo(io.dlsim.topologies.mixing.Stochasticity.COLUMN);
            // The default rule of a directed graph is row stochastic: refused, naming the fix.
            assertThat(assertThrows(ScenarioException.class, () -> parse(yaml.replace(", mixing: column-stochastic", "")))
                    .getMessage()).contains("topology.mixing: algorithm ").contains("needs weights whose columns sum to 1")
                    .contains("use mixing: column-stochastic").contains("of W(0) sums to");
            // Also in a later phase.
            assertThat(assertThrows(ScenarioException.class, () -> parse(yaml.replace(
                    "topology: { type: erdos-renyi-directed, p: 0.3, mixing: column-stochastic }",
                    "topology: { phases: [{ type: erdos-renyi-directed, p: 0.3, mixing: column-stochastic, rounds: 50 },"
                            + " { type: star, mixing: uniform }] }"))).getMessage()).contains("of W(50) sums to");
            // A doubly stochastic W is column stochastic too.
            assertThat(parse(yaml.replace("{ type: erdos-renyi-directed, p: 0.3, mixing: column-stochastic }", "{ type: ring }")))
                    .hasSize(1);
        }
        // A pull method on column weights runs: it is the biased baseline push-sum corrects.
        assertThat(parse(directed.replace("{ type: dsgd, step-size: 0.2, batch-size: 8 }", "{ type: gossip }"))).hasSize(1);
    }

    @Test
    void structuralErrors() {
        assertThat(assertThrows(ScenarioException.class, () -> parse(BASE.replace("name: zhu2022-topology-generalization\n", ""))))
                .hasMessage("name: is required");
        assertThat(assertThrows(ScenarioException.class, () -> parse(BASE + "sweep:\n  seed: 3\n")).getMessage())
                .contains("sweep.seed: must be a non-empty list");
        assertThat(assertThrows(ScenarioException.class, () -> parse("name: x\nnodes: [1\n")).getMessage())
                .startsWith("line ").contains("not valid YAML");
        assertThat(assertThrows(ScenarioException.class, () -> parse("- just\n- a list\n")).getMessage())
                .contains("must be a YAML mapping");
        assertThat(assertThrows(ScenarioException.class, () -> parse(BASE.replace("data: {", "data: 3\nx: {"))).getMessage())
                .contains("data: must be a mapping");
        assertThat(assertThrows(ScenarioException.class, () -> parse(BASE.replace("name: zhu2022-topology-generalization", "name: a b"))).getMessage())
                .contains("name: use letters");
        assertThat(assertThrows(ScenarioException.class, () -> parse(BASE + "sweep:\n  data.samples-per-node.x: [1]\n")).getMessage())
                .contains("is not a mapping");
    }

    @Test
    void fileErrorsNameTheFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, BASE.replace("type: synthetic-teacher, samples-per-node: 32, test-samples: 500, label-noise: 0.2",
                "type: libsvm, path: missing.txt"));
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioParser.parse(f));
        assertThat(e.getMessage()).startsWith(f.toString() + ": data.path: no such file");
        assertThat(assertThrows(ScenarioException.class, () -> ScenarioParser.parse(dir.resolve("none.yaml"))).getMessage())
                .endsWith("none.yaml: no such file");
    }

    @Test
    void optimumIsComputedOnlyWhereAMinimiserExists() {
        String logistic = BASE.replace("type: mlp, hidden: [16], init: per-node", "type: softmax");
        assertThat(parse(logistic).get(0).computeOptimum()).isFalse();
        assertThat(parse(logistic.replace("type: dsgd, step-size: 0.2", "type: dspg, step-size: 0.2, regularizer: { type: l2, l2: 0.01 }"))
                .get(0).computeOptimum()).isTrue();
        assertThat(parse(logistic + "optimum: fista\n").get(0).computeOptimum()).isTrue();
        assertThat(assertThrows(ScenarioException.class, () -> parse(BASE + "optimum: fista\n")).getMessage())
                .contains("optimum: fista needs a convex model");
    }

    @Test
    void topologyFilesResolveAgainstTheScenarioFileAndRandomSchedulesRefuseTuning(@TempDir Path dir) throws Exception {
        Path sub = Files.createDirectories(dir.resolve("graphs"));
        StringBuilder edges = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            edges.append(i).append(' ').append((i + 1) % 16).append('\n');
        }
        Files.writeString(sub.resolve("ring.txt"), edges.toString());
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, BASE.replace("topology: { type: ring, mixing: metropolis-hastings }",
                "topology: { type: file, path: graphs/ring.txt }"));
        Scenario s = ScenarioParser.parse(file).get(0);
        assertThat(s.schedule().topology().params().get("path")).isEqualTo(sub.resolve("ring.txt").toString());

        assertThat(assertThrows(ScenarioException.class, () -> parse(BASE.replace("topology: { type: ring, mixing: metropolis-hastings }",
                "topology: { type: torus, schedule: random-edges, activation: 0.5, target-gap: 0.1 }"))).getMessage())
                .contains("topology.target-gap: unknown key for schedule random-edges; only for static");
        Scenario onePeer = parse(BASE.replace("topology: { type: ring, mixing: metropolis-hastings }",
                "topology: { schedule: one-peer-exponential }")).get(0);
        assertThat(onePeer.topologyLabel()).isEqualTo("one-peer-exponential");
    }
}

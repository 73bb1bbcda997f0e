package io.dlsim.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dlsim.algorithms.compression.Compression;
import io.dlsim.algorithms.data.DataSource;
import io.dlsim.algorithms.data.Partitioner;
import io.dlsim.algorithms.model.ModelSettings;
import io.dlsim.algorithms.optim.AlgorithmSettings;
import io.dlsim.algorithms.optim.GossipRounds;
import io.dlsim.algorithms.prox.RegularizerSettings;
import io.dlsim.algorithms.stepsize.StepSchedule;
import io.dlsim.topologies.TopologySettings;
import io.dlsim.topologies.settings.TypeRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * A key that does not apply to the chosen type is an error everywhere: every key of every type
 * of a section, given to every other type of the same section that does not take it, is
 * reported as {@code <path>.<key>: unknown key} (and the run is refused). The keys come from the
 * records themselves, so a type added later is covered without editing this test.
 */
class NotApplicableKeysTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String BASE = """
            name: matrix
            nodes: 8
            rounds: 10
            data: { type: synthetic-logistic, samples-per-node: 20, test-samples: 20, dimension: 5, support: 2 }
            partition: { type: iid }
            model: { type: logistic }
            algorithm: { type: dspg, step-size: 0.1, regularizer: { type: l1, l1: 0.01 } }
            topology: { type: ring }
            """;

    /** One mistake per case: the scenario, the path of the section and the key fed to it. */
    record Case(String yaml, String path, String key, String type) {
    }

    static ObjectNode base() throws Exception {
        return (ObjectNode) YAML.readTree(BASE);
    }

    /** Every (key of type A, type B that does not take it) of one registry. */
    static List<Case> cases(TypeRegistry<?> registry, String path, BiFunction<String, String, ObjectNode> scenarioWith)
            throws Exception {
        List<Case> cases = new ArrayList<>();
        Set<String> allKeys = new LinkedHashSet<>();
        registry.types().values().forEach(c -> allKeys.addAll(ScenarioBinder.keys(c)));
        for (Map.Entry<String, ? extends Class<?>> b : registry.types().entrySet()) {
            for (String key : allKeys) {
                if (!ScenarioBinder.keys(b.getValue()).contains(key)) {
                    cases.add(new Case(YAML.writeValueAsString(scenarioWith.apply(b.getKey(), key)), path, key, b.getKey()));
                }
            }
        }
        return cases;
    }

    static ObjectNode withSection(String section, ObjectNode node) {
        try {
            ObjectNode root = base();
            root.set(section, node);
            return root;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode mapping(String type, String key) {
        ObjectNode n = YAML.createObjectNode();
        n.put("type", type);
        n.put(key, 1);
        return n;
    }

    @Test
    void everyKeyOfEveryTypeIsRefusedByEveryOtherTypeOfItsSection() throws Exception {
        List<Case> cases = new ArrayList<>();
        cases.addAll(cases(DataSource.TYPES, "data", (type, key) -> withSection("data", mapping(type, key))));
        cases.addAll(cases(Partitioner.TYPES, "partition", (type, key) -> withSection("partition", mapping(type, key))));
        cases.addAll(cases(ModelSettings.TYPES, "model", (type, key) -> withSection("model", mapping(type, key))));
        cases.addAll(cases(AlgorithmSettings.TYPES, "algorithm", (type, key) -> {
            ObjectNode a = mapping(type, key);
            a.put("step-size", 0.1);
            return withSection("algorithm", a);
        }));
        cases.addAll(cases(RegularizerSettings.TYPES, "algorithm.regularizer", (type, key) -> {
            ObjectNode a = mapping("dspg", "step-size");
            a.set("regularizer", mapping(type, key));
            return withSection("algorithm", a);
        }));
        // Step schedules are written flat in the algorithm section.
        cases.addAll(cases(StepSchedule.TYPES, "algorithm", (type, key) -> {
            ObjectNode a = mapping("dsgd", "step-size");
            a.put("step-schedule", type);
            a.put(key, 1);
            return withSection("algorithm", a);
        }));
        // Compression operators of choco-sgd.
        cases.addAll(cases(Compression.TYPES, "algorithm.compression", (type, key) -> {
            ObjectNode a = mapping("choco-sgd", "step-size");
            a.set("compression", mapping(type, key));
            return withSection("algorithm", a);
        }));
        // Schedules of gossip rounds.
        cases.addAll(cases(GossipRounds.TYPES, "algorithm.gossip-rounds", (type, key) -> {
            ObjectNode a = mapping("dpsvrg", "step-size");
            a.set("gossip-rounds", mapping(type, key));
            return withSection("algorithm", a);
        }));
        // Schedules of the topology section (keyed by schedule; graph parameters are every other key).
        cases.addAll(cases(TopologySettings.TYPES, "topology", (type, key) -> {
            ObjectNode t = YAML.createObjectNode();
            t.put("schedule", type);
            t.put("type", "ring");
            t.put("activation", 0.5);
            t.put(key, key.equals("type") ? "ring" : "1");
            return withSection("topology", t);
        }).stream().filter(c -> !c.key().equals("params")).toList());
        // Graph parameters of the topology types (the topology factory owns them).
        Map<String, List<String>> graphParams = Map.of("grid", List.of("rows", "cols"), "erdos-renyi", List.of("p", "max-tries"),
                "regular", List.of("d", "max-tries"), "small-world", List.of("k", "beta", "max-tries"),
                "file", List.of("path", "format", "directed"));
        Set<String> params = new LinkedHashSet<>();
        graphParams.values().forEach(params::addAll);
        for (String type : List.of("ring", "complete", "grid", "erdos-renyi", "regular", "small-world", "hypercube")) {
            for (String key : params) {
                if (!graphParams.getOrDefault(type, List.of()).contains(key)) {
                    ObjectNode topology = mapping(type, key);
                    if (type.equals("regular")) {
                        topology.put("d", 2);
                    } else if (type.equals("erdos-renyi")) {
                        topology.put("p", 0.9);
                    }
                    cases.add(new Case(YAML.writeValueAsString(withSection("topology", topology)), "topology", key, type));
                }
            }
        }
        assertThat(cases).hasSizeGreaterThan(200);
        System.out.println("not-applicable key cases: " + cases.size());
        List<String> missed = new ArrayList<>();
        for (Case c : cases) {
            ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioParser.parse(c.yaml(), Path.of(".")),
                    c.path() + " type " + c.type() + " with " + c.key());
            String expected = c.path() + "." + c.key() + ": unknown";
            // A key that looks like a misspelling of a missing required key is named in that key's message.
            String misspelling = "(is '" + c.key() + "' a misspelling?)";
            if (e.errors().stream().noneMatch(line -> line.startsWith(expected) || line.contains(misspelling))) {
                missed.add(c.type() + " + " + c.key() + " -> " + e.errors());
            }
        }
        assertThat(missed).as("keys accepted by a type that does not take them").isEmpty();
    }

    @Test
    void theVariantIsForTheThreeGradientMethodsOnly() {
        String yaml = BASE.replace("algorithm: { type: dspg, step-size: 0.1, regularizer: { type: l1, l1: 0.01 } }",
                "algorithm: { type: centralized, variant: adapt-then-combine, step-size: 0.1 }");
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioParser.parse(yaml, Path.of(".")));
        assertThat(e.errors()).singleElement().asString().startsWith("algorithm.variant: unknown key for type centralized; only for dsgd, dspg, dpsvrg");
        String dpsvrg = BASE.replace("algorithm: { type: dspg, step-size: 0.1, regularizer: { type: l1, l1: 0.01 } }",
                "algorithm: { type: dpsvrg, variant: adapt-then-combine, step-size: 0.1, gossip-rounds: { type: linear } }");
        assertThat(ScenarioParser.parse(dpsvrg, Path.of("."))).hasSize(1);
    }
}

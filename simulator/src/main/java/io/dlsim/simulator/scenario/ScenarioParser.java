package io.dlsim.simulator.scenario;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.dlsim.algorithms.RandomStreams;
import io.dlsim.algorithms.data.DataSource;
import io.dlsim.algorithms.data.Partitioner;
import io.dlsim.algorithms.model.ModelSettings;
import io.dlsim.algorithms.optim.AlgorithmSettings;
import io.dlsim.simulator.engine.EngineType;
import io.dlsim.topologies.ScheduleFactory;
import io.dlsim.topologies.ScheduleSpec;
import io.dlsim.topologies.TopologySettings;
import io.dlsim.topologies.mixing.MixingMatrix;
import io.dlsim.topologies.mixing.MixingValidator;
import io.dlsim.topologies.mixing.Stochasticity;
import io.dlsim.topologies.schedule.MixingSchedule;
import io.dlsim.topologies.settings.InvalidSettingsException;
import io.dlsim.topologies.settings.Problems;
import io.dlsim.topologies.schedule.MixingSchedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a scenario file: YAML into a tree, {@code sweep:} expanded into the cartesian product of
 * its keys (in the order listed; each key a dotted path such as {@code topology.type}, or
 * paths joined by {@code +}, swept together: {@code algorithm + topology.mixing}), and each
 * resolved tree bound into a validated {@link Scenario}. Every error is a
 * {@link ScenarioException} that starts with the file name. Every section's keys and defaults
 * are listed in {@code scenarios/README.md}.
 */
public final class ScenarioParser {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private ScenarioParser() {
    }

    /** Parses, expands and validates a scenario file: one Scenario per run of the sweep. */
    public static List<Scenario> parse(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ScenarioException(file + ": no such file");
        } catch (IOException e) {
            throw new ScenarioException(file + ": cannot read (" + e.getMessage() + ")");
        }
        Path baseDir = file.toAbsolutePath().getParent();
        try {
            return parse(text, baseDir);
        } catch (ScenarioException e) {
            throw e.prefixed(file + ": ");
        }
    }

    /** Parses scenario text; relative paths in it resolve against {@code baseDir}. */
    public static List<Scenario> parse(String text, Path baseDir) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
            throw new ScenarioException(where + "not valid YAML: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ScenarioException("must be a YAML mapping of scenario keys (name, nodes, rounds, ...)");
        }
        ObjectNode base = (ObjectNode) root.deepCopy();
        JsonNode sweep = base.remove("sweep");
        List<Map<String, JsonNode>> combos = expand(sweep);
        List<Scenario> runs = new ArrayList<>();
        Map<String, List<String>> errorsByRun = new LinkedHashMap<>();
        for (Map<String, JsonNode> combo : combos) {
            ObjectNode resolved = base.deepCopy();
            Map<String, String> values = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : combo.entrySet()) {
                set(resolved, e.getKey(), e.getValue());
                values.put(e.getKey(), valueText(e.getValue()));
            }
            ScenarioBinder.Errors errors = new ScenarioBinder.Errors();
            Scenario run = bind(resolved, values, baseDir, errors);
            if (run != null) {
                runs.add(run);
            } else {
                errorsByRun.put(values.isEmpty() ? "" : runName(values), errors.messages());
            }
        }
        if (!errorsByRun.isEmpty()) {
            throw new ScenarioException(errorLines(errorsByRun, combos.size()));
        }
        return uniqueRunNames(runs);
    }

    /**
     * Every error once: one that every run of the sweep has is given without a run name, the
     * others with the run they belong to ({@code run type=ring: topology.d: ...}).
     */
    private static List<String> errorLines(Map<String, List<String>> errorsByRun, int runCount) {
        List<String> lines = new ArrayList<>();
        Set<String> everywhere = new LinkedHashSet<>();
        if (errorsByRun.size() == runCount) {
            everywhere.addAll(errorsByRun.values().iterator().next());
            errorsByRun.values().forEach(everywhere::retainAll);
        }
        lines.addAll(everywhere);
        errorsByRun.forEach((run, errors) -> errors.stream().filter(e -> !everywhere.contains(e))
                .forEach(e -> lines.add("run " + run + ": " + e)));
        return lines;
    }

    /**
     * A sweep value as text for the run name: a scalar as written; a list or mapping (e.g. a
     * whole {@code topology.phases} list) as its scalar leaves in document order joined by
     * '-', so {@code [{type: complete, rounds: 500}, {type: ring}]} reads
     * {@code complete-500-ring} (asText() would give "" for every such value, hence one results
     * folder for all of them).
     */
    static String valueText(JsonNode v) {
        if (v.isValueNode()) {
            return v.asText();
        }
        List<String> leaves = new ArrayList<>();
        leaves(v, leaves);
        return leaves.isEmpty() ? "empty" : String.join("-", leaves);
    }

    private static void leaves(JsonNode v, List<String> out) {
        if (v.isValueNode()) {
            out.add(v.asText());
        } else {
            v.elements().forEachRemaining(e -> leaves(e, out));
        }
    }

    /**
     * Run names name the results folders, so they must differ: a name that an earlier run of
     * the sweep already has (e.g. values that differ only in characters replaced by '_', or
     * in the keys of a mapping) gets the suffix {@code -2}, {@code -3}, ...
     */
    private static List<Scenario> uniqueRunNames(List<Scenario> runs) {
        Set<String> taken = new HashSet<>();
        List<Scenario> out = new ArrayList<>(runs.size());
        for (Scenario s : runs) {
            String name = s.runName();
            for (int k = 2; !taken.add(name); k++) {
                name = s.runName() + "-" + k;
            }
            out.add(name.equals(s.runName()) ? s : s.withRunName(name));
        }
        return out;
    }

    private static List<Map<String, JsonNode>> expand(JsonNode sweep) {
        List<Map<String, JsonNode>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        if (sweep == null || sweep.isNull()) {
            return combos;
        }
        if (!sweep.isObject()) {
            throw new ScenarioException("sweep: must be a mapping of dotted keys to lists, e.g. topology.type: [ring, complete]");
        }
        Iterator<Map.Entry<String, JsonNode>> it = sweep.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            if (java.util.Arrays.stream(key.split("\\+", -1)).map(String::trim).anyMatch(k -> k.equals("sweep") || k.startsWith("sweep."))) {
                throw new ScenarioException("sweep." + key + ": a sweep cannot sweep itself");
            }
            JsonNode values = e.getValue();
            if (!values.isArray() || values.isEmpty()) {
                throw new ScenarioException("sweep." + key + ": must be a non-empty list of values, got " + ScenarioBinder.describe(values));
            }
            // "a + b": paired paths, swept together (each value a list of one value per path).
            List<String> paths = java.util.Arrays.stream(key.split("\\+", -1)).map(String::trim).toList();
            if (paths.stream().anyMatch(String::isEmpty)) {
                throw new ScenarioException("sweep." + key + ": paired keys are dotted paths joined by '+', e.g. "
                        + "algorithm + topology.mixing");
            }
            for (int k = 0; paths.size() > 1 && k < values.size(); k++) {
                JsonNode v = values.get(k);
                if (!v.isArray() || v.size() != paths.size()) {
                    throw new ScenarioException("sweep." + key + "[" + k + "]: must be a list of " + paths.size()
                            + " values, one for each of " + String.join(", ", paths) + ", got " + ScenarioBinder.describe(v));
                }
            }
            List<Map<String, JsonNode>> next = new ArrayList<>();
            for (Map<String, JsonNode> c : combos) {
                for (JsonNode v : values) {
                    Map<String, JsonNode> m = new LinkedHashMap<>(c);
                    for (int p = 0; p < paths.size(); p++) {
                        m.put(paths.get(p), paths.size() == 1 ? v : v.get(p));
                    }
                    next.add(m);
                }
            }
            combos = next;
        }
        return combos;
    }

    /** Sets a dotted path in the tree, creating mappings on the way. */
    private static void set(ObjectNode root, String dotted, JsonNode value) {
        String[] parts = dotted.split("\\.");
        ObjectNode at = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode next = at.get(parts[i]);
            if (next == null || next.isNull()) {
                next = at.putObject(parts[i]);
            } else if (!next.isObject()) {
                throw new ScenarioException("sweep." + dotted + ": " + String.join(".", java.util.Arrays.copyOf(parts, i + 1))
                        + " is not a mapping, so it has no key '" + parts[i + 1] + "'");
            }
            at = (ObjectNode) next;
        }
        at.set(parts[parts.length - 1], value.deepCopy());
    }

    /** The optimum setting: whether F* is computed by FISTA. */
    enum Optimum { AUTO, FISTA, NONE }

    /**
     * The top level of a scenario file: its scalar keys, validated here, and its sections as
     * trees, bound one by one so that a mistake in one section does not hide those in another.
     */
    record TopLevel(String name, String description, Long seed, Integer nodes, Long rounds, Long evalEvery, EngineType engine,
            Optimum optimum, Long checkpointEvery, JsonNode data, JsonNode partition, JsonNode model, JsonNode algorithm,
            JsonNode topology) {
        TopLevel {
            Problems p = new Problems();
            if (p.required("name", name) != null) {
                p.check(name.matches("[A-Za-z0-9._-]+"), "name",
                        "use letters, digits, '.', '_' and '-' only (it names the results folder), got '" + name + "'");
            }
            description = description == null ? "" : description;
            seed = seed == null ? 1 : seed;
            if (p.required("nodes", nodes) != null) {
                p.atLeast("nodes", nodes, 1, 1);
            }
            if (p.required("rounds", rounds) != null) {
                p.atLeast("rounds", rounds, 1, 1);
            }
            evalEvery = p.atLeast("eval-every", evalEvery, rounds == null ? 1 : Math.max(1, rounds / 20), 1);
            engine = engine == null ? EngineType.ACTORS : engine;
            p.check(engine != EngineType.CLUSTER, "engine", "cluster is started with dlsim node (one coordinator and its workers), "
                    + "not from the scenario file; use actors or sequential");
            optimum = optimum == null ? Optimum.AUTO : optimum;
            checkpointEvery = p.atLeast("checkpoint-every", checkpointEvery, 0L, 0);
            if (checkpointEvery > 0 && evalEvery != null && checkpointEvery % evalEvery != 0) {
                p.add("checkpoint-every", "must be a multiple of eval-every (" + evalEvery + "): a checkpoint is taken with the row"
                        + " of its round, got " + checkpointEvery);
            }
            p.throwIfAny();
        }
    }

    /** Binds one run's tree; every error of it goes to {@code errors}; null when there is one. */
    private static Scenario bind(ObjectNode tree, Map<String, String> sweepValues, Path baseDir, ScenarioBinder.Errors errors) {
        TopLevel top = ScenarioBinder.bind(tree, TopLevel.class, "", errors);
        DataSource data = section(tree, "data", DataSource.class, null, errors);
        if (data != null) {
            try {
                data = data.resolve(baseDir);
            } catch (InvalidSettingsException e) {
                ScenarioBinder.report(e, "data", errors);
                data = null;
            }
        }
        Partitioner partition = section(tree, "partition", Partitioner.class, Partitioner.iid(), errors);
        ModelSettings model = section(tree, "model", ModelSettings.class, null, errors);
        AlgorithmSettings algorithm = section(tree, "algorithm", AlgorithmSettings.class, null, errors);
        BoundTopology topology = topology(tree, errors);
        ScheduleSpec schedule = null;
        if (top != null && topology != null) {
            try {
                schedule = topology.schedule(top.nodes(), top.seed(), baseDir);
                // Build the schedule once now: topology errors belong to validation, not to the run.
                MixingSchedule built = ScheduleFactory.build(schedule);
                if (algorithm != null && algorithm.needsStaticTopology() && !isStatic(built)) {
                    errors.add("", "topology", algorithm.typeName() + " needs a fixed mixing matrix W (it keeps sum_j w_ij xhat_j "
                            + "incrementally), got the time-varying schedule " + built.describe()
                            + "; use a static topology or another algorithm");
                }
                if (algorithm != null) {
                    checkWeights(algorithm, built, topology, errors);
                    try {
                        algorithm = algorithm.forSchedule(built);
                    } catch (InvalidSettingsException e) {
                        ScenarioBinder.report(e, "algorithm", errors);
                    }
                }
            } catch (IllegalArgumentException e) {
                errors.add("", "", e.getMessage().startsWith("topology") ? e.getMessage() : "topology." + e.getMessage());
            }
        }
        boolean computeOptimum = false;
        if (top != null && model != null && algorithm != null) {
            // F* exists for convex models; without a regularizer a logistic or softmax loss on
            // separable data has no minimiser (F* = 0 is only approached), so "auto" needs one.
            if (top.optimum() == Optimum.FISTA && !model.convex()) {
                errors.add("", "optimum", "fista needs a convex model (logistic, softmax, least-squares), got mlp");
            }
            computeOptimum = model.convex() && (top.optimum() == Optimum.FISTA || top.optimum() == Optimum.AUTO
                    && (model instanceof ModelSettings.LeastSquaresRegression || !algorithm.regularizer().isNone()));
        }
        if (!errors.isEmpty()) {
            return null;
        }
        String runName = sweepValues.isEmpty() ? top.name() : runName(sweepValues);
        String yaml;
        try {
            yaml = YAML.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return new Scenario(top.name(), top.description(), runName, sweepValues, yaml, top.seed(), top.nodes(), top.rounds(),
                top.evalEvery(), top.engine(), data, partition, model, algorithm, schedule, topology.label(),
                computeOptimum, top.checkpointEvery());
    }

    /**
     * Checks that the schedule's mixing matrices have the sums the algorithm needs (push-sum
     * methods: columns summing to 1), at the start of every phase and over one period of a
     * periodic schedule; the rules guarantee the rest.
     */
    private static void checkWeights(AlgorithmSettings algorithm, MixingSchedule schedule, BoundTopology topology,
            ScenarioBinder.Errors errors) {
        Stochasticity needs = algorithm.needsWeights();
        if (!needs.columns()) {
            // Every rule but column-stochastic gives row sums of 1, and a pull method on column
            // weights is an experiment worth running (it shows their bias), not an error.
            return;
        }
        java.util.TreeSet<Long> rounds = new java.util.TreeSet<>(topology.phaseStarts());
        for (long t = 0; t < Math.min(schedule.period().orElse(1), 64); t++) {
            rounds.add(t);
        }
        for (long t : rounds) {
            MixingMatrix w = schedule.at(t);
            double[] sums = w.columnSums();
            for (int j = 0; j < sums.length; j++) {
                if (Math.abs(sums[j] - 1) > MixingValidator.TOLERANCE) {
                    errors.add("topology", "mixing", "algorithm " + algorithm.typeName() + " needs weights whose columns sum to 1"
                            + " (push-sum preserves the sum over nodes); use mixing: column-stochastic, but column " + j
                            + " of W(" + t + ") sums to " + sums[j]);
                    return;
                }
            }
        }
    }

    /** Whether W(t) is the same matrix in every round. */
    private static boolean isStatic(MixingSchedule schedule) {
        return schedule.period().isPresent() && schedule.period().getAsInt() == 1;
    }

    /** Binds the section {@code key} of the tree; {@code absent} when the file has none (null: required). */
    private static <T> T section(ObjectNode tree, String key, Class<T> type, T absent, ScenarioBinder.Errors errors) {
        JsonNode node = tree.get(key);
        if (node == null || node.isNull()) {
            if (absent == null) {
                errors.add(key, "type", "is required; one of " + String.join(", ", ScenarioBinder.typeNames(type)));
            }
            return absent;
        }
        if (!node.isObject()) {
            errors.add("", key, "must be a mapping (key: value), got " + ScenarioBinder.describe(node));
            return null;
        }
        return ScenarioBinder.bind(node, type, key, errors);
    }

    /** A folder-friendly name from sweep values: {@code topology.type=ring,seed=1}. */
    static String runName(Map<String, String> values) {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> {
            if (sb.length() > 0) {
                sb.append(',');
            }
            String key = k.contains(".") ? k.substring(k.lastIndexOf('.') + 1) : k;
            sb.append(key).append('=').append(v.replaceAll("[^A-Za-z0-9._-]", "_"));
        });
        return sb.toString();
    }

    /** The topology section as bound: its phases (one phase of 0 rounds when it has no phases). */
    private record BoundTopology(List<TopologySettings.Phase> phases, boolean phased) {
        ScheduleSpec schedule(int nodes, long seed, Path baseDir) {
            long topologySeed = RandomStreams.of(seed, RandomStreams.Purpose.TOPOLOGY, RandomStreams.SHARED).nextLong();
            return phased ? TopologySettings.phased(phases, nodes, topologySeed, baseDir)
                    : phases.get(0).topology().schedule(nodes, topologySeed, baseDir);
        }

        /** The round at which each phase starts (0 alone without phases). */
        List<Long> phaseStarts() {
            List<Long> starts = new ArrayList<>();
            long t = 0;
            for (TopologySettings.Phase p : phases) {
                starts.add(t);
                t += p.rounds();
            }
            return starts;
        }

        String label() {
            return phased ? TopologySettings.phasedLabel(phases) : phases.get(0).topology().label();
        }
    }

    /**
     * Binds the topology section: one schedule, or with {@code phases} a list of topology
     * sections, each with {@code rounds} (required, >= 1, for every phase but the last).
     */
    private static BoundTopology topology(ObjectNode tree, ScenarioBinder.Errors errors) {
        JsonNode node = tree.get("topology");
        if (node == null || node.isNull() || !node.isObject()) {
            errors.add("", "topology", node == null || node.isNull() ? "is required" : "must be a mapping (key: value), got "
                    + ScenarioBinder.describe(node));
            return null;
        }
        JsonNode phases = node.get("phases");
        if (phases == null) {
            TopologySettings single = ScenarioBinder.bind(node, TopologySettings.class, "topology", errors);
            return single == null ? null : new BoundTopology(List.of(new TopologySettings.Phase(single, 0)), false);
        }
        ScenarioBinder.fieldNames(node).stream().filter(k -> !k.equals("phases")).forEach(k -> errors.add("topology", k,
                "unknown key; with phases the topology section takes nothing else (each phase is a topology section)"));
        if (!phases.isArray() || phases.isEmpty()) {
            errors.add("topology", "phases", "must be a non-empty list of topology sections, got " + ScenarioBinder.describe(phases));
            return null;
        }
        List<TopologySettings.Phase> bound = new ArrayList<>();
        for (int k = 0; k < phases.size(); k++) {
            String at = "topology.phases[" + k + "]";
            if (!phases.get(k).isObject()) {
                errors.add(at, "", "must be a mapping (key: value), got " + ScenarioBinder.describe(phases.get(k)));
                continue;
            }
            ObjectNode phase = phases.get(k).deepCopy();
            JsonNode roundsNode = phase.remove("rounds");
            Long rounds = roundsNode == null ? null : ScenarioBinder.bind(roundsNode, Long.class, at + ".rounds", errors);
            if (k + 1 < phases.size() && (rounds == null || rounds < 1) && !errors.has(at + ".rounds")) {
                errors.add(at, "rounds", "is required (>= 1) for every phase but the last");
            }
            TopologySettings t = ScenarioBinder.bind(phase, TopologySettings.class, at, errors);
            bound.add(t == null ? null : new TopologySettings.Phase(t, rounds == null ? 0 : rounds));
        }
        return bound.contains(null) ? null : new BoundTopology(bound, true);
    }
}

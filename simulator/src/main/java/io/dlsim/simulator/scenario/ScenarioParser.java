package io.dlsim.simulator.scenario;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.dlsim.algorithms.RandomStreams;
import io.dlsim.algorithms.data.Partitioner;
import io.dlsim.algorithms.model.InitMode;
import io.dlsim.algorithms.model.ModelSpec;
import io.dlsim.algorithms.optim.AlgorithmSpec;
import io.dlsim.algorithms.optim.DpsvrgSettings;
import io.dlsim.algorithms.prox.RegularizerSpec;
import io.dlsim.algorithms.stepsize.StepSizeSpec;
import io.dlsim.topologies.ScheduleFactory;
import io.dlsim.topologies.ScheduleSpec;
import io.dlsim.topologies.TopologySpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a scenario file: YAML into a tree, {@code sweep:} expanded into the cartesian product of
 * its keys (in the order listed; each key a dotted path such as {@code topology.type}), and each
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
            throw new ScenarioException(file + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            // Errors from the specs (topology, model, algorithm) already name their field.
            throw new ScenarioException(file + ": " + e.getMessage());
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
        for (Map<String, JsonNode> combo : combos) {
            ObjectNode resolved = base.deepCopy();
            Map<String, String> values = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : combo.entrySet()) {
                set(resolved, e.getKey(), e.getValue());
                values.put(e.getKey(), valueText(e.getValue()));
            }
            runs.add(bind(resolved, values, baseDir));
        }
        return uniqueRunNames(runs);
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
            out.add(name.equals(s.runName()) ? s : new Scenario(s.name(), s.description(), name, s.sweepValues(), s.resolvedYaml(),
                    s.seed(), s.nodes(), s.rounds(), s.evalEvery(), s.engine(), s.data(), s.partition(), s.model(), s.init(),
                    s.algorithm(), s.schedule(), s.topologyLabel(), s.computeOptimum()));
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
            if (key.equals("sweep") || key.startsWith("sweep.")) {
                throw new ScenarioException("sweep." + key + ": a sweep cannot sweep itself");
            }
            JsonNode values = e.getValue();
            if (!values.isArray() || values.isEmpty()) {
                throw new ScenarioException("sweep." + key + ": must be a non-empty list of values, got " + Section.describe(values));
            }
            List<Map<String, JsonNode>> next = new ArrayList<>();
            for (Map<String, JsonNode> c : combos) {
                for (JsonNode v : values) {
                    Map<String, JsonNode> m = new LinkedHashMap<>(c);
                    m.put(key, v);
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

    private static Scenario bind(ObjectNode tree, Map<String, String> sweepValues, Path baseDir) {
        Section top = new Section("", tree);
        String name = top.requiredString("name");
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw Section.error("name", "use letters, digits, '.', '_' and '-' only (it names the results folder), got '" + name + "'");
        }
        String description = top.string("description", "");
        long seed = top.whole("seed", 1);
        int nodes = top.integer("nodes", 0);
        if (!top.has("nodes")) {
            throw top.missing("nodes");
        }
        if (nodes < 1) {
            throw Section.error("nodes", "must be >= 1, got " + nodes);
        }
        long rounds = top.whole("rounds", 0);
        if (!top.has("rounds")) {
            throw top.missing("rounds");
        }
        if (rounds < 1) {
            throw Section.error("rounds", "must be >= 1, got " + rounds);
        }
        long evalEvery = top.whole("eval-every", Math.max(1, rounds / 20));
        if (evalEvery < 1) {
            throw Section.error("eval-every", "must be >= 1, got " + evalEvery);
        }
        String engine = top.choice("engine", "actors", Scenario.ENGINES);
        DataSpec data = DataSpec.parse(top.section("data"), baseDir);
        Partitioner partition = partition(top.section("partition"));
        Section modelSection = top.section("model");
        ModelSpec model = new ModelSpec(modelSection.requiredString("type"), modelSection.integers("hidden"));
        InitMode init = InitMode.parse(modelSection.choice("init", "shared", List.of("shared", "per-node")));
        modelSection.rejectUnknown();
        AlgorithmSpec algorithm = algorithm(top.section("algorithm"), rounds);
        TopologySection topology = topology(top.section("topology"), nodes, seed, baseDir);
        // F* exists for convex models; without a regularizer a logistic or softmax loss on
        // separable data has no minimiser (F* = 0 is only approached), so "auto" needs one.
        String optimumChoice = top.choice("optimum", "auto", List.of("auto", "fista", "none"));
        boolean optimum = optimumChoice.equals("fista") || optimumChoice.equals("auto")
                && (model.type().equals("least-squares") || !algorithm.regularizer().type().equals("none"));
        if (optimumChoice.equals("fista") && model.type().equals("mlp")) {
            throw Section.error("optimum", "fista needs a convex model (logistic, softmax, least-squares), got mlp");
        }
        top.rejectUnknown();
        String runName = sweepValues.isEmpty() ? name : runName(sweepValues);
        String yaml;
        try {
            yaml = YAML.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Scenario s = new Scenario(name, description, runName, sweepValues, yaml, seed, nodes, rounds, evalEvery, engine, data,
                partition, model, init, algorithm, topology.schedule(), topology.label(), optimum);
        // Build the schedule once now: topology errors belong to validation, not to the run.
        ScheduleFactory.build(s.schedule());
        return s;
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

    private static Partitioner partition(Section s) {
        String type = s.choice("type", "iid", List.of("iid", "dirichlet", "label-shards", "quantity-skew", "power-law"));
        Partitioner p = switch (type) {
            case "iid" -> Partitioner.iid();
            case "dirichlet" -> Partitioner.dirichlet(s.requiredNumber("beta"));
            case "label-shards" -> Partitioner.labelShards(s.integer("classes-per-node", 2));
            case "quantity-skew" -> Partitioner.quantityDirichlet(s.requiredNumber("beta"));
            case "power-law" -> Partitioner.quantityPowerLaw(s.requiredNumber("exponent"));
            default -> throw new AssertionError(type);
        };
        s.rejectUnknown();
        return p;
    }

    private static AlgorithmSpec algorithm(Section s, long rounds) {
        String type = s.choice("type", null, AlgorithmSpec.TYPES);
        if (type == null) {
            throw Section.error(s.child("type"), "is required; one of " + String.join(", ", AlgorithmSpec.TYPES));
        }
        StepSizeSpec step = null;
        if (!type.equals("gossip")) {
            double eta = s.requiredNumber("step-size");
            if (!(eta > 0)) {
                throw Section.error(s.child("step-size"), "must be > 0, got " + fmt(eta));
            }
            String schedule = s.choice("step-schedule", type.equals("dspg") ? "inverse-sqrt" : "constant", StepSizeSpec.SCHEDULES);
            step = switch (schedule) {
                case "step-decay" -> StepSizeSpec.stepDecay(eta, s.number("decay", 0.1), s.whole("decay-every", Math.max(1, rounds / 3)));
                case "cosine" -> StepSizeSpec.cosine(eta, s.number("min-step-size", 0), s.whole("horizon", rounds));
                case "inverse-sqrt" -> StepSizeSpec.inverseSqrt(eta);
                default -> StepSizeSpec.constant(eta);
            };
        }
        int batch = s.integer("batch-size", 8);
        if (batch < 1) {
            throw Section.error(s.child("batch-size"), "must be >= 1, got " + batch);
        }
        boolean atc = s.choice("variant", "combine-then-adapt", List.of("combine-then-adapt", "adapt-then-combine"))
                .equals("adapt-then-combine");
        RegularizerSpec regularizer = RegularizerSpec.none();
        if (s.has("regularizer")) {
            Section r = s.section("regularizer");
            String rtype = r.requiredString("type");
            regularizer = new RegularizerSpec(rtype, r.number("l1", 0), r.number("l2", 0), r.bool("exclude-bias", true));
            r.rejectUnknown();
        }
        DpsvrgSettings dpsvrg = DpsvrgSettings.DEFAULTS;
        if (type.equals("dpsvrg")) {
            dpsvrg = new DpsvrgSettings(s.integer("epoch-length", 0),
                    DpsvrgSettings.parse(DpsvrgSettings.Snapshot.class, s.child("snapshot"), s.string("snapshot", "node")),
                    DpsvrgSettings.parse(DpsvrgSettings.ProxPlacement.class, s.child("prox"), s.string("prox", "after-mixing")),
                    DpsvrgSettings.parse(DpsvrgSettings.InnerOutput.class, s.child("inner-output"), s.string("inner-output", "last")),
                    s.integer("gossip-rounds", 1));
        }
        s.rejectUnknown();
        return new AlgorithmSpec(type, step, batch, regularizer, atc, dpsvrg);
    }

    private record TopologySection(ScheduleSpec schedule, String label) {
    }

    private static TopologySection topology(Section s, int nodes, long seed, Path baseDir) {
        long topologySeed = RandomStreams.of(seed, RandomStreams.Purpose.TOPOLOGY, RandomStreams.SHARED).nextLong();
        List<Section> phases = s.sections("phases");
        if (!phases.isEmpty()) {
            List<ScheduleSpec.PhaseSpec> specs = new ArrayList<>();
            StringBuilder label = new StringBuilder();
            for (int k = 0; k < phases.size(); k++) {
                Section ph = phases.get(k);
                long phaseRounds = ph.whole("rounds", 0);
                if (k + 1 < phases.size() && phaseRounds < 1) {
                    throw Section.error(ph.child("rounds"), "is required (>= 1) for every phase but the last");
                }
                TopologySection inner = single(ph, nodes, topologySeed, baseDir);
                specs.add(new ScheduleSpec.PhaseSpec(inner.schedule(), phaseRounds));
                label.append(k == 0 ? "" : "->").append(inner.label()).append(k + 1 < phases.size() ? "(" + phaseRounds + ")" : "");
            }
            s.rejectUnknown();
            return new TopologySection(new ScheduleSpec("phases", TopologySpec.of("ring", nodes).withSeed(topologySeed), Map.of(),
                    specs), label.toString());
        }
        return single(s, nodes, topologySeed, baseDir);
    }

    private static TopologySection single(Section s, int nodes, long topologySeed, Path baseDir) {
        String schedule = s.choice("schedule", "static", ScheduleFactory.TYPES.stream().filter(t -> !t.equals("phases")).toList());
        // One-peer exponential and random matchings define their own graphs: no type to give.
        boolean ownGraph = schedule.equals("one-peer-exponential") || schedule.equals("random-matching");
        String type = ownGraph ? s.string("type", "ring") : s.requiredString("type");
        String mixing = s.string("mixing", null);
        Double lazy = s.has("lazy") ? s.number("lazy", 1) : null;
        Double target = s.has("target-gap") ? s.number("target-gap", 0) : null;
        if (!schedule.equals("static") && (lazy != null || target != null)) {
            throw Section.error(s.child(lazy != null ? "lazy" : "target-gap"), "only for a static topology (schedule: static), "
                    + "not for schedule: " + schedule);
        }
        Map<String, String> scheduleParams = new LinkedHashMap<>();
        if (schedule.equals("random-edges")) {
            scheduleParams.put("p", Double.toString(s.requiredNumber("activation")));
        } else if (s.has("activation")) {
            throw Section.error(s.child("activation"), "only for schedule: random-edges");
        }
        s.accept("rounds");
        Map<String, String> params = new LinkedHashMap<>(s.remainingScalars());
        s.rejectUnknown();
        if (type.equals("file") && params.containsKey("path")) {
            // Like data files, a topology file is relative to the scenario file.
            params.put("path", baseDir.resolve(params.get("path")).normalize().toString());
        }
        TopologySpec t = new TopologySpec(type, nodes, params, mixing, lazy, target, topologySeed);
        String label = schedule.equals("static") ? type : ownGraph ? schedule : schedule + "(" + type + ")";
        if (target != null) {
            label += "/gap=" + target;
        } else if (lazy != null) {
            label += "/lazy=" + lazy;
        }
        return new TopologySection(new ScheduleSpec(schedule, t, scheduleParams, List.of()), label);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}

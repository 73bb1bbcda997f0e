package io.dlsim.simulator.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.dlsim.algorithms.RandomStreams;
import io.dlsim.algorithms.data.DataSource;
import io.dlsim.algorithms.data.Dataset;
import io.dlsim.algorithms.data.Partitioner;
import io.dlsim.algorithms.model.ModelSettings;
import io.dlsim.algorithms.optim.AlgorithmSettings;
import io.dlsim.algorithms.system.SystemSettings;
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

    /**
     * The most runs a sweep may have unless the command says otherwise ({@code --max-runs}): a
     * 1000 x 1000 sweep took 4.5 GB to validate and would create a million folders.
     */
    public static final long DEFAULT_MAX_RUNS = 10_000;

    private ScenarioParser() {
    }

    /**
     * A parsed scenario file: its runs, and warnings about settings that are allowed but
     * probably not meant (one line each, starting with the file name), to print on stderr.
     */
    public record Parsed(List<Scenario> runs, List<String> warnings) {
    }

    /** Parses, expands and validates a scenario file: one Scenario per run of the sweep. */
    public static List<Scenario> parse(Path file) {
        return parse(file, DEFAULT_MAX_RUNS);
    }

    /** As {@link #parse(Path)}, refusing a sweep of more than {@code maxRuns} runs. */
    public static List<Scenario> parse(Path file, long maxRuns) {
        return read(file, maxRuns).runs();
    }

    /** As {@link #parse(Path, long)}, with the warnings. */
    public static Parsed read(Path file, long maxRuns) {
        return read(file, maxRuns, ScenarioOverrides.NONE);
    }

    /**
     * As {@link #read(Path, long)}, with the file's tree changed by {@code overrides} before
     * anything is checked (relative paths still resolve against the file's folder); their errors
     * start with the file name, as those of the edited file would.
     */
    public static Parsed read(Path file, long maxRuns, ScenarioOverrides overrides) {
        String text = read(file);
        Path baseDir = file.toAbsolutePath().getParent();
        try {
            Parsed p = parseAll(text, baseDir, maxRuns, overrides);
            return new Parsed(p.runs(), p.warnings().stream().map(w -> file + ": " + w).toList());
        } catch (ScenarioException e) {
            throw e.prefixed(file + ": ");
        }
    }

    /**
     * The text of a scenario file: a regular file of at most {@link ScenarioYaml#MAX_CHARS}
     * bytes, checked before it is read (a 50 MB scalar took minutes to refuse).
     */
    static String read(Path file) {
        try {
            if (Files.isDirectory(file)) {
                throw new ScenarioException(file + ": is a directory, not a scenario file");
            }
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                throw new ScenarioException(file + ": is not a regular file (a device, pipe or socket); give a scenario file");
            }
            long size = Files.size(file);
            if (size > ScenarioYaml.MAX_CHARS) {
                throw ScenarioYaml.tooLarge(size + " bytes").prefixed(file + ": ");
            }
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ScenarioException(file + ": no such file");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new ScenarioException(file + ": permission denied");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new ScenarioException(file + ": is not UTF-8 text");
        } catch (IOException e) {
            throw new ScenarioException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** Parses scenario text; relative paths in it resolve against {@code baseDir}. */
    public static List<Scenario> parse(String text, Path baseDir) {
        return parse(text, baseDir, DEFAULT_MAX_RUNS);
    }

    /** As {@link #parse(String, Path)}, refusing a sweep of more than {@code maxRuns} runs. */
    public static List<Scenario> parse(String text, Path baseDir, long maxRuns) {
        return parseAll(text, baseDir, maxRuns, ScenarioOverrides.NONE).runs();
    }

    private static Parsed parseAll(String text, Path baseDir, long maxRuns, ScenarioOverrides overrides) {
        JsonNode root = ScenarioYaml.read(text);
        if (root == null || !root.isObject()) {
            throw new ScenarioException("must be a YAML mapping of scenario keys (name, nodes, rounds, ...)");
        }
        ObjectNode base = (ObjectNode) root.deepCopy();
        overrides.apply(base);
        JsonNode sweep = base.remove("sweep");
        List<Map<String, JsonNode>> combos = expand(sweep, maxRuns);
        List<Scenario> runs = new ArrayList<>();
        Map<String, List<String>> errorsByRun = new LinkedHashMap<>();
        Map<String, List<String>> warningsByRun = new LinkedHashMap<>();
        for (Map<String, JsonNode> combo : combos) {
            ObjectNode resolved = base.deepCopy();
            Map<String, String> values = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : combo.entrySet()) {
                set(resolved, e.getKey(), e.getValue(), "sweep." + e.getKey());
                values.put(e.getKey(), valueText(e.getValue()));
            }
            ScenarioBinder.Errors errors = new ScenarioBinder.Errors();
            List<String> warnings = new ArrayList<>();
            Scenario run = bind(resolved, values, combo, baseDir, errors, warnings);
            String name = values.isEmpty() ? "" : runName(values);
            if (run != null) {
                runs.add(run);
            } else {
                errorsByRun.put(name, errors.messages());
            }
            warningsByRun.merge(name, warnings, (a, b) -> {
                List<String> both = new ArrayList<>(a);
                both.addAll(b);
                return both;
            });
        }
        if (!errorsByRun.isEmpty()) {
            throw new ScenarioException(errorLines(errorsByRun, combos.size()));
        }
        return new Parsed(uniqueRunNames(runs), errorLines(warningsByRun, warningsByRun.size()));
    }

    /**
     * Every error once: one that every run of the sweep has is given without a run name, the
     * others with the run they belong to ({@code run type=ring: topology.d: ...}).
     */
    public static List<String> errorLines(Map<String, List<String>> errorsByRun, int runCount) {
        List<String> lines = new ArrayList<>();
        Set<String> everywhere = new LinkedHashSet<>();
        if (errorsByRun.size() == runCount && runCount > 0) {
            everywhere.addAll(errorsByRun.values().iterator().next());
            errorsByRun.values().forEach(everywhere::retainAll);
        }
        lines.addAll(everywhere);
        errorsByRun.forEach((run, errors) -> errors.stream().filter(e -> !everywhere.contains(e))
                .forEach(e -> lines.add(run.isEmpty() ? e : "run " + run + ": " + e)));
        return lines;
    }

    /**
     * A sweep value as text for the run name: {@link Scenario#valueText} of the value (asText()
     * would give "" for every list or mapping, hence one results folder for all of them).
     */
    static String valueText(JsonNode v) {
        return Scenario.valueText(YAML.convertValue(v, Object.class));
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

    /**
     * The runs of a sweep: the product of its lists' sizes, refused before any combination is
     * made when it exceeds {@code maxRuns}.
     */
    private static void checkSweepSize(JsonNode sweep, long maxRuns) {
        long runs = 1;
        List<String> sizes = new ArrayList<>();
        for (JsonNode values : sweep) {
            if (!values.isArray() || values.isEmpty()) {
                return; // reported by expand
            }
            sizes.add(String.valueOf(values.size()));
            runs = runs > Long.MAX_VALUE / values.size() ? Long.MAX_VALUE : runs * values.size();
        }
        if (runs > maxRuns) {
            throw new ScenarioException("sweep: gives " + (runs == Long.MAX_VALUE ? "more than " + Long.MAX_VALUE : runs) + " runs ("
                    + String.join(" x ", sizes) + "), more than the limit of " + maxRuns
                    + "; sweep fewer values, or raise the limit with --max-runs");
        }
    }

    private static List<Map<String, JsonNode>> expand(JsonNode sweep, long maxRuns) {
        List<Map<String, JsonNode>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        if (sweep == null || sweep.isNull()) {
            return combos;
        }
        if (!sweep.isObject()) {
            throw new ScenarioException("sweep: must be a mapping of dotted keys to lists, e.g. topology.type: [ring, complete]");
        }
        checkSweepSize(sweep, maxRuns);
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

    /**
     * Sets a dotted path in the tree, creating mappings on the way; {@code named} names what set
     * it in the error of a path through a scalar or a list ({@code sweep.data.x}, {@code --set data.x}).
     */
    static void set(ObjectNode root, String dotted, JsonNode value, String named) {
        String[] parts = dotted.split("\\.");
        ObjectNode at = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode next = at.get(parts[i]);
            if (next == null || next.isNull()) {
                next = at.putObject(parts[i]);
            } else if (!next.isObject()) {
                throw new ScenarioException(named + ": " + String.join(".", java.util.Arrays.copyOf(parts, i + 1))
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
            JsonNode topology, JsonNode system, java.util.LinkedHashMap<String, Double> targets, Execution.Mode execution,
            Double quorum, Double evalEverySeconds) {
        TopLevel {
            Problems p = new Problems();
            boolean asynchronous = execution == Execution.Mode.ASYNCHRONOUS;
            if (quorum != null) {
                p.check(asynchronous, "quorum", "is for execution: asynchronous (quorum rounds of a synchronous method)");
                p.check(quorum > 0 && quorum <= 1, "quorum", "must be in (0, 1] (the share of in-neighbours waited for), got " + quorum);
            }
            if (evalEverySeconds != null) {
                p.check(asynchronous, "eval-every-seconds", "is for execution: asynchronous (synchronous runs evaluate every "
                        + "eval-every rounds)");
                p.check(evalEverySeconds > 0 && Double.isFinite(evalEverySeconds), "eval-every-seconds",
                        "must be a finite number of seconds > 0, got " + evalEverySeconds);
            }
            targets = targets == null ? new java.util.LinkedHashMap<>() : targets;
            for (Map.Entry<String, Double> t : targets.entrySet()) {
                String key = "targets." + t.getKey();
                if (io.dlsim.metrics.TimeToTarget.metric(t.getKey()).isEmpty()) {
                    p.add(key, "not a metric a target can name; one of " + String.join(", ",
                            io.dlsim.metrics.TimeToTarget.TARGETABLE.stream().map(io.dlsim.metrics.Metric::name).toList()));
                } else if (t.getValue() == null || !Double.isFinite(t.getValue())) {
                    p.add(key, "must be a finite number, got " + t.getValue());
                }
            }
            if (p.required("name", name) != null) {
                p.check(name.matches("[A-Za-z0-9._-]+"), "name",
                        "use letters, digits, '.', '_' and '-' only (it names the results folder), got '" + name + "'");
                p.check(!name.matches("\\.+"), "name", "must not be '.' or '..' (it names the results folder, and '"
                        + name + "' names an existing one: the current or the parent folder), got '" + name + "'");
            }
            description = description == null ? "" : description;
            seed = seed == null ? 1 : seed;
            if (p.required("nodes", nodes) != null) {
                // Gossip needs someone to talk to: every topology needs 2 nodes (centralized SGD on 1 node is plain SGD).
                p.atLeast("nodes", nodes, 1, 2);
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
    private static Scenario bind(ObjectNode tree, Map<String, String> sweepValues, Map<String, JsonNode> swept, Path baseDir,
            ScenarioBinder.Errors errors, List<String> warnings) {
        TopLevel top = ScenarioBinder.bind(tree, TopLevel.class, "", errors);
        // data.precision applies to every data type, so it is read here and the rest of the
        // section bound without it (the resolved scenario keeps it).
        ObjectNode dataTree = tree;
        Dataset.Precision precision = Dataset.Precision.FLOAT64;
        if (tree.get("data") instanceof ObjectNode section && section.has("precision")) {
            dataTree = tree.deepCopy();
            precision = precision(((ObjectNode) dataTree.get("data")).remove("precision"), errors);
        }
        DataSource data = section(dataTree, "data", DataSource.class, null, errors);
        if (data != null) {
            try {
                data = data.resolve(baseDir);
            } catch (InvalidSettingsException e) {
                ScenarioBinder.report(e, "data", errors);
                data = null;
            }
        }
        if (precision == Dataset.Precision.FLOAT32) {
            checkFloat32(data, errors);
        }
        Partitioner partition = section(tree, "partition", Partitioner.class, Partitioner.iid(), errors);
        ModelSettings model = section(tree, "model", ModelSettings.class, null, errors);
        AlgorithmSettings algorithm = section(tree, "algorithm", AlgorithmSettings.class, null, errors);
        BoundTopology topology = topology(tree, errors);
        SystemSettings system = tree.hasNonNull("system") ? section(tree, "system", SystemSettings.class, null, errors) : null;
        if (system != null) {
            try {
                system = system.resolve(baseDir);
            } catch (InvalidSettingsException e) {
                ScenarioBinder.report(e, "system", errors);
                system = null;
            }
        }
        if (system != null && top != null) {
            // Read the files now: a bad one belongs to validation, not to the run.
            try {
                if (system.compute().speeds() != null) {
                    io.dlsim.algorithms.system.NodeSpeeds.read(java.nio.file.Path.of(system.compute().speeds().path()), top.nodes());
                }
            } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
                errors.add("system.compute.speeds", "path", e.getMessage());
                system = null;
            }
            try {
                if (system != null && system.network().latency() instanceof SystemSettings.Latency.File f) {
                    io.dlsim.algorithms.system.LatencyMatrix.read(java.nio.file.Path.of(f.path()), top.nodes());
                }
            } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
                errors.add("system.network.latency", "path", e.getMessage());
                system = null;
            }
            try {
                if (system != null && system.churn() instanceof SystemSettings.Churn.Trace trace) {
                    io.dlsim.algorithms.system.ChurnTrace.read(java.nio.file.Path.of(trace.path()), top.nodes());
                }
            } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
                errors.add("system.churn", "path", e.getMessage());
                system = null;
            }
        }
        if (system != null && system.churn() != null) {
            checkChurn(system, algorithm, errors);
        }
        Execution execution = top == null ? Execution.SYNCHRONOUS : new Execution(top.execution(), top.quorum(), top.evalEverySeconds());
        checkExecution(execution, top, system, algorithm, errors);
        if (system != null && algorithm instanceof io.dlsim.algorithms.optim.CentralizedSgd.Settings) {
            errors.add("", "system", "the centralized baseline has no network to simulate (one model, no messages); "
                    + "remove system: or choose a decentralized algorithm");
        }
        if (system != null && algorithm != null && system.network().loss() > 0
                && system.network().onLoss() == SystemSettings.OnLoss.SKIP && !algorithm.toleratesLostMessages()) {
            errors.add("system.network", "on-loss", "skip re-weights a node's row over the messages that arrived, which only "
                    + "methods whose message is the model tolerate (dsgd, dspg, dpsvrg, gossip); "
                    + algorithm.typeName() + " would lose state it sends incrementally or break its weights' sums: use on-loss: "
                    + "retransmit");
        }
        ScheduleSpec schedule = null;
        String tooLarge = top == null || topology == null ? null
                : MemoryBudget.exceeded(MemoryBudget.topology(top.nodes(), topology.degree(top.nodes())),
                        "the topology of " + top.nodes() + " nodes", "nodes");
        if (tooLarge != null) {
            errors.add("", "nodes", tooLarge);
        } else if (top != null && topology != null) {
            try {
                schedule = topology.schedule(top.nodes(), top.seed(), baseDir);
                // Build the schedule once now: topology errors belong to validation, not to the run.
                MixingSchedule built = ScheduleFactory.build(schedule);
                if (system != null && system.churn() != null) {
                    checkChurnTopology(schedule, built, errors);
                }
                if (execution.asynchronous() && !(built instanceof io.dlsim.topologies.schedule.StaticSchedule)) {
                    errors.add("", "execution", "asynchronous execution runs on a fixed W (each node loops on its own, with no "
                            + "round to index W(t) by); got the time-varying schedule " + built.describe());
                }
                if (algorithm != null && algorithm.needsStaticTopology() && !isStatic(built)) {
                    errors.add("", "topology", algorithm.typeName() + " needs a fixed mixing matrix W (it keeps sum_j w_ij xhat_j "
                            + "incrementally), got the time-varying schedule " + built.describe()
                            + "; use a static topology or another algorithm");
                }
                if (algorithm != null) {
                    checkWeights(algorithm, built, topology, errors);
                    warnIfNotDoublyStochastic(algorithm, built, topology, warnings);
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
                computeOptimum, top.checkpointEvery(), system, top.targets(), params(swept, top.seed()), execution, precision);
    }

    /** {@code data.precision}: float64 (the default) or float32; null on an error (reported). */
    private static Dataset.Precision precision(JsonNode value, ScenarioBinder.Errors errors) {
        if (value != null && value.isTextual()) {
            switch (value.asText()) {
                case "float64":
                    return Dataset.Precision.FLOAT64;
                case "float32":
                    return Dataset.Precision.FLOAT32;
                default:
                    break;
            }
        }
        errors.add("data", "precision", "must be float64 (the default: features stored as double) or float32 (stored as "
                + "float, half the memory; changes the results), got " + ScenarioBinder.describe(value));
        return null;
    }

    /**
     * float32 storage is for dense features: refuses the data types that load sparse data (whose
     * values stay double), naming the field, before anything is loaded.
     */
    private static void checkFloat32(DataSource data, ScenarioBinder.Errors errors) {
        String sparse = data instanceof DataSource.LibSvm ? "libsvm data is sparse (compressed rows)"
                : data instanceof DataSource.SyntheticLogistic l && l.featureDensity() < 1
                        ? "synthetic-logistic data with feature-density < 1 is sparse (compressed rows)" : null;
        if (sparse != null) {
            errors.add("data", "precision", "float32 stores dense features; " + sparse
                    + ", whose values are kept as double: use float64 (or leave precision out)");
        }
    }

    /**
     * A run's {@link Scenario#params()}: the swept values as plain Java values (numbers stay
     * numbers), in sweep order, then the seed.
     */
    private static Map<String, Object> params(Map<String, JsonNode> swept, long seed) {
        Map<String, Object> params = new LinkedHashMap<>();
        swept.forEach((key, value) -> {
            if (!key.equals("seed")) {
                params.put(key, YAML.convertValue(value, Object.class));
            }
        });
        params.put("seed", seed);
        return params;
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
    /**
     * Churn's conditions on the algorithm and the clocks: the method must tolerate a row
     * re-weighted over the online nodes (its message is its model), and rounds must take
     * simulated time, or an offline node could never come back.
     */
    private static void checkChurn(SystemSettings system, AlgorithmSettings algorithm, ScenarioBinder.Errors errors) {
        if (algorithm != null && !algorithm.toleratesChurn()) {
            errors.add("system", "churn", "an offline node's neighbours re-weight their rows over the online nodes, which only "
                    + "methods whose message is the model tolerate (dsgd, dspg, dpsvrg, gossip, without chebyshev acceleration); "
                    + algorithm.typeName() + " sends state incrementally, needs exact weight sums or a fixed W");
        }
        Double step = system.compute().secondsPerStep();
        boolean noLatency = system.network().latency() instanceof SystemSettings.Latency.Constant c && c.seconds() == 0;
        if (!(step != null && step > 0) && noLatency) {
            errors.add("system", "churn", "nodes come back online when simulated time passes, which needs rounds that take "
                    + "time: give compute.seconds-per-step > 0 or a network latency");
        }
    }

    /**
     * Asynchronous execution's conditions: simulated time (a system section), a method that has
     * an asynchronous form (async-gossip, AD-PSGD, or a synchronous method whose message is its
     * model, in quorum rounds); and the asynchronous methods refuse synchronous rounds.
     */
    private static void checkExecution(Execution execution, TopLevel top, SystemSettings system, AlgorithmSettings algorithm,
            ScenarioBinder.Errors errors) {
        if (!execution.asynchronous()) {
            if (algorithm != null && algorithm.runsOnlyAsynchronously()) {
                errors.add("", "execution", algorithm.typeName() + " has no rounds: it runs with execution: asynchronous "
                        + "(and a system: section for its clocks)");
            }
            return;
        }
        if (system == null) {
            errors.add("", "execution", "asynchronous execution runs on simulated time: add a system: section (compute and "
                    + "network times)");
        }
        if (algorithm != null && !algorithm.runsOnlyAsynchronously()) {
            if (algorithm instanceof io.dlsim.algorithms.optim.CentralizedSgd.Settings || !algorithm.toleratesLostMessages()) {
                errors.add("", "execution", "asynchronous execution runs async-gossip, ad-psgd, or quorum rounds of a method whose "
                        + "message is its model (dsgd, dspg, dpsvrg, gossip); " + algorithm.typeName()
                        + " sends state incrementally or needs every message");
            }
        } else if (algorithm != null && execution.quorum() != null) {
            errors.add("", "quorum", "is for the synchronous methods' quorum rounds; " + algorithm.typeName()
                    + " has no rounds (async-gossip bounds staleness with algorithm.max-staleness)");
        }
    }

    /** Churn re-applies a static topology's rule to the online nodes: it needs one, undirected, with a degree-based rule. */
    private static void checkChurnTopology(ScheduleSpec schedule, MixingSchedule built, ScenarioBinder.Errors errors) {
        if (!(built instanceof io.dlsim.topologies.schedule.StaticSchedule)) {
            errors.add("system", "churn", "churn re-applies the mixing rule to the online nodes of a fixed graph; got the "
                    + "time-varying schedule " + built.describe() + ": use a static topology");
            return;
        }
        try {
            io.dlsim.topologies.mixing.OnlineMixing.of(io.dlsim.topologies.TopologyFactory.build(schedule.topology()));
        } catch (io.dlsim.topologies.TopologyException e) {
            errors.add("system", "churn", e.getMessage());
        }
    }

    private static boolean isStatic(MixingSchedule schedule) {
        return schedule.period().isPresent() && schedule.period().getAsInt() == 1;
    }

    /**
     * Warns when a phase's explicit W (a {@code file} topology's own weights) has rows but not
     * columns summing to 1 and the algorithm is a "pull" method, which needs a doubly stochastic
     * W to average: allowed (a biased consensus is an experiment), but rarely meant.
     */
    private static void warnIfNotDoublyStochastic(AlgorithmSettings algorithm, MixingSchedule schedule, BoundTopology topology,
            List<String> warnings) {
        if (algorithm.needsWeights() != Stochasticity.ROW) {
            return;
        }
        List<Long> starts = topology.phaseStarts();
        for (int k = 0; k < topology.phases().size(); k++) {
            if (!(topology.phases().get(k).topology() instanceof TopologySettings.Static st) || !"file".equals(st.type())
                    || st.mixing() != null && !st.mixing().equals("explicit")) {
                continue;
            }
            MixingMatrix w = schedule.at(starts.get(k));
            if (Stochasticity.of(w, MixingValidator.TOLERANCE) != Stochasticity.ROW) {
                continue;
            }
            double[] sums = w.columnSums();
            int j = 0;
            while (j + 1 < sums.length && Math.abs(sums[j] - 1) <= MixingValidator.TOLERANCE) {
                j++;
            }
            String at = topology.phased() ? "topology.phases[" + k + "]" : "topology";
            warnings.add(at + ": the explicit W is row stochastic but not doubly stochastic (column " + j + " sums to " + sums[j]
                    + "); " + algorithm.typeName() + " then reaches a weighted average of the nodes, not their average"
                    + " (for the average, give doubly stochastic weights or use mixing: metropolis-hastings)");
        }
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

    /**
     * A folder-friendly name from sweep values: {@code type=ring,seed=1}. Each key is written as
     * its {@link #shortKey shortest unambiguous suffix} among the sweep's keys, so
     * {@code algorithm.type} and {@code topology.type} swept together give
     * {@code algorithm.type=dspg,topology.type=ring}, not {@code type=dspg,type=ring}.
     */
    static String runName(Map<String, String> values) {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(shortKey(k, values.keySet())).append('=').append(v.replaceAll("[^A-Za-z0-9._-]", "_"));
        });
        return sb.toString();
    }

    /**
     * The shortest suffix of whole segments of the dotted path {@code key} that no other path of
     * {@code keys} ends with as well (a path shorter than the suffix counts as a whole): the last
     * segment unless another key has the same last segment, then the last two, and so on, up to
     * the whole path.
     */
    static String shortKey(String key, java.util.Collection<String> keys) {
        String[] parts = key.split("\\.", -1);
        for (int k = 1; k < parts.length; k++) {
            String suffix = suffix(parts, k);
            int segments = k;
            if (keys.stream().filter(o -> !o.equals(key)).noneMatch(o -> suffix(o.split("\\.", -1), segments).equals(suffix))) {
                return suffix;
            }
        }
        return key;
    }

    private static String suffix(String[] parts, int segments) {
        return String.join(".", java.util.Arrays.copyOfRange(parts, Math.max(0, parts.length - segments), parts.length));
    }

    /** The topology section as bound: its phases (one phase of 0 rounds when it has no phases). */
    private record BoundTopology(List<TopologySettings.Phase> phases, boolean phased) {
        ScheduleSpec schedule(int nodes, long seed, Path baseDir) {
            long topologySeed = RandomStreams.of(seed, RandomStreams.Purpose.TOPOLOGY, RandomStreams.SHARED).nextLong();
            return phased ? TopologySettings.phased(phases, nodes, topologySeed, baseDir)
                    : phases.get(0).topology().schedule(nodes, topologySeed, baseDir);
        }

        /**
         * About how many neighbours a node has in the densest phase (for the memory estimate):
         * all others in a complete graph, p n in an Erdos-Renyi graph, a few otherwise.
         */
        double degree(int nodes) {
            double most = 1;
            for (TopologySettings.Phase p : phases) {
                double d = Math.log(Math.max(2, nodes)) / Math.log(2) * 2;
                if (p.topology() instanceof TopologySettings.Static st) {
                    d = degree(st.type(), st.params(), nodes, d);
                } else if (p.topology() instanceof TopologySettings.RandomEdges re) {
                    d = degree(re.type(), re.params(), nodes, d);
                }
                most = Math.max(most, d);
            }
            return most;
        }

        private static double degree(String type, Map<String, String> params, int nodes, double otherwise) {
            if ("complete".equals(type)) {
                return nodes - 1.0;
            }
            if (type != null && type.startsWith("erdos-renyi") && params != null && params.get("p") != null) {
                try {
                    double p = Double.parseDouble(params.get("p"));
                    return p > 0 && p <= 1 ? p * (nodes - 1.0) : otherwise;
                } catch (NumberFormatException e) {
                    return otherwise;
                }
            }
            return otherwise;
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

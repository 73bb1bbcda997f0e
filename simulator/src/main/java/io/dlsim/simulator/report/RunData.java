package io.dlsim.simulator.report;

import io.dlsim.metrics.MetricsRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One run as the experiment report sees it: its labels, its evaluation rows in order, and
 * per-run extras (e.g. {@code lambda}, {@code spectralGap}, {@code status}) that go into the
 * comparison table. Immutable: the lists and maps are copied (extras keep their order; null
 * values are allowed in extras and shown as empty cells).
 *
 * @param labels the run's labels
 * @param rows the evaluations in the order they were made; may be empty
 * @param extras per-run values for the comparison table; nested maps are flattened there with
 *     dotted keys
 * @param params what tells the run apart from the others of its experiment: the swept keys
 *     under their full dotted paths with their values, then {@code seed}
 *     ({@link io.dlsim.simulator.scenario.Scenario#params()}; {@code run.json}'s
 *     {@code "params"}); columns of {@code runs.csv} and {@code comparison.csv}
 * @param seedGroup the runs this one repeats with other seeds ({@link SeedAggregate}); null: a
 *     group of its own, named by its run name
 */
public record RunData(RunLabels labels, List<MetricsRow> rows, Map<String, Object> extras, Map<String, Object> params,
        SeedGroup seedGroup) {

    /** Copies the lists and maps (keeping their order; null values are allowed). */
    public RunData {
        Objects.requireNonNull(labels, "labels");
        rows = List.copyOf(rows);
        extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras));
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** A run that is a seed group of its own. */
    public RunData(RunLabels labels, List<MetricsRow> rows, Map<String, Object> extras, Map<String, Object> params) {
        this(labels, rows, extras, params, null);
    }

    /** A run without params that is a seed group of its own. */
    public RunData(RunLabels labels, List<MetricsRow> rows, Map<String, Object> extras) {
        this(labels, rows, extras, Map.of(), null);
    }

    /** A run without extras or params. */
    public RunData(RunLabels labels, List<MetricsRow> rows) {
        this(labels, rows, Map.of());
    }

    /** The last row, or null when there is none. */
    public MetricsRow finalRow() {
        return rows.isEmpty() ? null : rows.get(rows.size() - 1);
    }

    /** Whether some run of an experiment is on simulated time (so its tables and charts show it). */
    public static boolean anyTimed(List<RunData> runs) {
        return runs.stream().anyMatch(r -> r.finalRow() != null && r.finalRow().timed());
    }

    /**
     * Loads a results folder written by {@link RunResultsWriter}: labels and params from
     * {@code run.json} (a folder written before params were: its seed alone),
     * rows from {@code metrics.csv}, and, when {@code summary.json} exists, its {@code extras}
     * plus {@code status} (and {@code reason}); a folder without {@code summary.json} (a run
     * still going, or killed without its hook) gets status {@code incomplete}. The seed group
     * comes from {@code scenario.yaml} and the seed in {@code run.json} (none without them).
     */
    public static RunData load(Path runDir) throws IOException {
        Map<String, Object> run = Json.readMap(runDir.resolve(RunResultsWriter.RUN_JSON));
        Object labels = run.get("labels");
        if (!(labels instanceof Map<?, ?> lm)) {
            throw new IOException(runDir.resolve(RunResultsWriter.RUN_JSON) + ": missing \"labels\"");
        }
        @SuppressWarnings("unchecked")
        RunLabels l = RunLabels.fromMap((Map<String, ?>) lm);
        List<MetricsRow> rows = MetricsCsv.read(runDir.resolve(RunResultsWriter.METRICS_CSV));
        Map<String, Object> extras = new LinkedHashMap<>();
        Path summaryFile = runDir.resolve(RunResultsWriter.SUMMARY_JSON);
        if (Files.exists(summaryFile)) {
            Map<String, Object> summary = Json.readMap(summaryFile);
            extras.put("status", summary.get("status"));
            if (summary.containsKey("reason")) {
                extras.put("reason", summary.get("reason"));
            }
            if (summary.get("extras") instanceof Map<?, ?> em) {
                em.forEach((k, v) -> extras.put(String.valueOf(k), v));
            }
        } else {
            extras.put("status", "incomplete");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        if (run.get("params") instanceof Map<?, ?> pm) {
            pm.forEach((k, v) -> params.put(String.valueOf(k), v));
        } else if (run.get("seed") != null) {
            params.put("seed", run.get("seed"));
        }
        SeedGroup group = null;
        Path yaml = runDir.resolve(RunResultsWriter.SCENARIO_YAML);
        if (Files.exists(yaml) && run.get("seed") instanceof Number seed) {
            group = SeedGroup.of(l.scenario(), l.run(), Files.readString(yaml), seed.longValue());
        }
        return new RunData(l, rows, extras, params, group);
    }
}

package io.dlsim.simulator.run;

import io.dlsim.metrics.DivergedException;
import io.dlsim.metrics.EvaluationRounds;
import io.dlsim.metrics.MetricsRow;
import io.dlsim.metrics.RunObserver;
import io.dlsim.simulator.engine.Engine;
import io.dlsim.simulator.engine.RunFailedException;
import io.dlsim.simulator.live.LiveMetrics;
import io.dlsim.simulator.live.LiveRegistry;
import io.dlsim.simulator.report.ConsoleProgress;
import io.dlsim.simulator.report.ExperimentReport;
import io.dlsim.simulator.report.RunData;
import io.dlsim.simulator.report.RunLabels;
import io.dlsim.simulator.report.RunResultsWriter;
import io.dlsim.simulator.scenario.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs every run of a scenario (one per sweep combination) in this JVM and writes the
 * experiment folder: one results folder per run (rows written as they are evaluated, marked
 * incomplete until the run ends), then the comparison table, plots and {@code report.html}.
 * Live metrics go to the given registry when there is one. Interrupting the process (Ctrl-C)
 * leaves every row evaluated so far and marks the run incomplete.
 *
 * <p>A run that diverges ({@link io.dlsim.metrics.Divergence}) ends with status
 * {@code diverged} and its rows up to and including the diverged one; the sweep goes on with
 * the next run, and the report includes it. Each run's {@link RunData#extras()} start with its
 * {@code status} ({@code complete} or {@code diverged}, and for a diverged run the
 * {@code reason}), as {@link RunData#load} gives them.
 */
public final class ExperimentRunner {
    /**
     * How to run.
     *
     * @param engine the engine of every run; null: each run's own {@code engine:} (the cluster
     *     coordinator passes its engine here)
     */
    public record Options(Path experimentDir, Engine engine, boolean quiet, LiveRegistry live, String version) {
    }

    /** What an experiment produced. */
    public record Result(Path experimentDir, List<RunData> runs, ExperimentReport.Output report) {
        /** The runs that diverged, in order. */
        public List<RunData> diverged() {
            return runs.stream().filter(r -> STATUS_DIVERGED.equals(r.extras().get("status"))).toList();
        }
    }

    /** The {@code status} of a run that diverged, in summary.json and the comparison. */
    public static final String STATUS_DIVERGED = "diverged";

    private ExperimentRunner() {
    }

    public static Result run(List<Scenario> scenarios, Options options) throws InterruptedException {
        List<RunData> runs = new ArrayList<>();
        for (Scenario s : scenarios) {
            runs.add(runOne(s, options));
        }
        try {
            ExperimentReport.Output report = ExperimentReport.write(options.experimentDir(), scenarios.get(0).name(), runs);
            return new Result(options.experimentDir(), runs, report);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report in " + options.experimentDir() + ": " + e.getMessage(), e);
        }
    }

    private static RunData runOne(Scenario s, Options options) throws InterruptedException {
        Engine engine = options.engine() != null ? options.engine() : s.engine().create();
        RunLabels labels = new RunLabels(s.name(), s.runName(), s.algorithm().typeName(), s.topologyLabel());
        PreparedRun run = PreparedRun.of(s);
        Path runDir = options.experimentDir().resolve(s.runName());
        RunResultsWriter writer;
        try {
            writer = RunResultsWriter.open(runDir, labels, s.resolvedYaml(), s.seed(), options.version());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the results folder " + runDir + ": " + e.getMessage(), e);
        }
        writer.abortOnShutdown("interrupted (the process was stopped)");
        LiveMetrics live = options.live() == null ? null : new LiveMetrics(options.live().registry(), labels);
        RunFacts facts = run.facts();
        Map<String, Object> summary = new LinkedHashMap<>(facts.asMap());
        // The status leads the run's extras in the comparison (summary.json has it at the top).
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("status", "complete");
        summary.put("engine", engine.type().userName());
        if (live != null) {
            live.setPlannedRounds(s.rounds());
            live.setTopology(facts.topology());
        }
        EvaluationRounds plan = new EvaluationRounds(s.rounds(), s.evalEvery());
        List<MetricsRow> rows;
        try (ConsoleProgress progress = ConsoleProgress.start(s.runName(), s.rounds(), options.quiet())) {
            RunObserver observer = row -> {
                try {
                    writer.append(row);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write " + runDir.resolve(RunResultsWriter.METRICS_CSV) + ": " + e.getMessage(), e);
                }
                if (live != null) {
                    live.update(row);
                }
                progress.update(row);
            };
            rows = engine.run(run, plan, observer);
        } catch (DivergedException e) {
            try {
                writer.diverged(e.divergence(), summary);
            } catch (IOException io) {
                throw new UncheckedIOException("cannot finish " + runDir + ": " + io.getMessage(), io);
            }
            status.put("status", STATUS_DIVERGED);
            status.put("reason", e.divergence().describe());
            status.putAll(summary);
            return new RunData(labels, e.rows(), status);
        } catch (RunFailedException e) {
            writer.abort("run failed: " + e.getMessage(), summary);
            throw e;
        } catch (InterruptedException | RuntimeException e) {
            writer.abort("run failed: " + e, summary);
            throw e;
        }
        // The run's gauges stay registered (final values) until the registry closes, so a
        // Prometheus that scrapes after the run still sees how it ended.
        try {
            writer.complete(summary);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish " + runDir + ": " + e.getMessage(), e);
        }
        status.putAll(summary);
        return new RunData(labels, rows, status);
    }
}

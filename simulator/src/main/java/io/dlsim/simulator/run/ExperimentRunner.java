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
import io.dlsim.simulator.report.SeedGroup;
import io.dlsim.simulator.report.TensorBoardWriter;
import io.dlsim.simulator.scenario.Scenario;
import io.dlsim.simulator.scenario.ScenarioOverrides;
import io.dlsim.simulator.scenario.ScenarioParser;
import io.dlsim.topologies.UserInputException;
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
 * Live metrics go to the given registry when there is one, and TensorBoard event files to
 * {@link Options#tensorboard()} when given. The console progress ({@link ConsoleProgress}, on
 * stderr unless quiet) counts the experiment's runs and shows each run's
 * {@link Scenario#headline() headline} metric. Interrupting the process (Ctrl-C)
 * leaves every row evaluated so far, marks the running runs incomplete and writes the report of
 * the runs there are ({@link ShutdownPath}).
 *
 * <p>{@link Options#jobs()} runs run at once (in order of start, each on
 * {@link Options#coresPerRun} processors); a run is a pure function of its scenario and seed, so
 * every file is what one run at a time writes (but the wall-clock column), and the runs are
 * reported in run order. When a run fails, no further run starts, the running ones finish, and
 * the failure is thrown.
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
     * @param scenarioFile the scenario file the runs come from, recorded in {@code experiment.json}
     *     for {@code dlsim resume}; null: the experiment cannot be resumed
     * @param overrides the {@code --set} / {@code --sweep} options the runs were read with,
     *     recorded next to the file, so that a resume reads the same runs
     * @param tensorboard where each run also writes its rows as TensorBoard scalars, one
     *     sub-folder per run ({@link TensorBoardWriter}); null: nowhere
     * @param jobs how many runs run at once (>= 1; {@code dlsim run --jobs}), or {@link #AUTO_JOBS}:
     *     as {@link AutoJobs} picks for the runs to run; each of them then gets
     *     {@link #coresPerRun about the cores / jobs} of this JVM's processors
     */
    public record Options(Path experimentDir, Engine engine, boolean quiet, LiveRegistry live, String version, Path scenarioFile,
            ScenarioOverrides overrides, Path tensorboard, int jobs) {
        /** Null overrides are none. */
        public Options {
            overrides = overrides == null ? ScenarioOverrides.NONE : overrides;
            if (jobs < 1 && jobs != AUTO_JOBS) {
                throw new IllegalArgumentException("jobs must be >= 1 or AUTO_JOBS, got " + jobs);
            }
        }

        /** {@link #jobs()}: as {@link AutoJobs} picks for the runs to run. */
        public static final int AUTO_JOBS = 0;

        /** Options that run one run at a time. */
        public Options(Path experimentDir, Engine engine, boolean quiet, LiveRegistry live, String version, Path scenarioFile,
                ScenarioOverrides overrides, Path tensorboard) {
            this(experimentDir, engine, quiet, live, version, scenarioFile, overrides, tensorboard, 1);
        }

        /** These options with {@code jobs} runs at once. */
        public Options withJobs(int jobs) {
            return new Options(experimentDir, engine, quiet, live, version, scenarioFile, overrides, tensorboard, jobs);
        }

        /**
         * The processors each of {@code running} runs at once may use: this JVM's processors
         * divided by the runs (rounded down, at least 1), all of them for one run. The actor
         * engine sizes its blocks by it ({@link Engine#withCores}).
         */
        public static int coresPerRun(int running) {
            int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
            return Math.max(1, cores / Math.max(1, running));
        }

        /** Options without TensorBoard output. */
        public Options(Path experimentDir, Engine engine, boolean quiet, LiveRegistry live, String version, Path scenarioFile,
                ScenarioOverrides overrides) {
            this(experimentDir, engine, quiet, live, version, scenarioFile, overrides, null);
        }

        /** Options for a scenario file read as it is. */
        public Options(Path experimentDir, Engine engine, boolean quiet, LiveRegistry live, String version, Path scenarioFile) {
            this(experimentDir, engine, quiet, live, version, scenarioFile, ScenarioOverrides.NONE, null);
        }

        /** Options without a scenario file: the experiment cannot be resumed ({@code experiment.json} is not written). */
        public Options(Path experimentDir, Engine engine, boolean quiet, LiveRegistry live, String version) {
            this(experimentDir, engine, quiet, live, version, null, ScenarioOverrides.NONE, null);
        }
    }

    /** What {@code dlsim resume} reads: the scenario file and the runs of the experiment, in order. */
    public static final String EXPERIMENT_JSON = RunResultsWriter.EXPERIMENT_JSON;

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

    public static Result run(List<Scenario> scenarios, Options given) throws InterruptedException {
        Options options = withJobsFor(scenarios, given, given.scenarioFile());
        writeExperimentJson(scenarios, options);
        ConsoleProgress.Sweep progress = progress(scenarios, options);
        int cores = Options.coresPerRun(Math.min(options.jobs(), scenarios.size()));
        try (ShutdownPath stop = ShutdownPath.register(options.experimentDir(), scenarios.get(0).name(),
                ReportContexts.of(scenarios, options.scenarioFile()), runNames(scenarios))) {
            List<Step> steps = new ArrayList<>();
            for (int k = 0; k < scenarios.size(); k++) {
                Scenario s = scenarios.get(k);
                int index = k;
                steps.add(() -> runOne(s, options, null, stop, progress, index, cores));
            }
            return report(runAll(steps, options.jobs(), stop), options, stop);
        }
    }

    private static List<String> runNames(List<Scenario> scenarios) {
        return scenarios.stream().map(Scenario::runName).toList();
    }

    /** A run step; a failure caused by the process being stopped waits for the stop to finish instead of being reported. */
    private interface Step {
        RunData run() throws InterruptedException;
    }

    /**
     * Runs the steps, {@code jobs} at a time, and returns their runs in the steps' order. Steps
     * start in order; with one job this is a loop in the calling thread. When a step fails, no
     * further step starts, the steps running finish (their runs are complete and kept), and the
     * first failure is thrown. Once the process is stopping, no step starts and the shutdown
     * path owns the end.
     */
    private static List<RunData> runAll(List<Step> steps, int jobs, ShutdownPath stop) throws InterruptedException {
        int threads = Math.min(jobs, steps.size());
        List<RunData> runs = new ArrayList<>();
        if (threads <= 1) {
            for (Step step : steps) {
                runs.add(guarded(stop, step));
            }
            return runs;
        }
        java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads, task -> {
            Thread t = new Thread(task, "dlsim-job-" + count.incrementAndGet());
            // The process ends when the experiment does (or at a stop, when the shutdown path is done).
            t.setDaemon(true);
            return t;
        });
        try {
            List<java.util.concurrent.Future<RunData>> futures = new ArrayList<>();
            for (int i = 0; i < steps.size(); i++) {
                Step step = steps.get(i);
                // The first `threads` steps start together, whichever thread the OS runs first (a
                // step beside them that failed at once used to skip one that had not been scheduled
                // yet); a later step starts when one of them ends, and not after a failure.
                boolean startsTogether = i < threads;
                futures.add(pool.submit(() -> {
                    if (!startsTogether && failed.get()) {
                        return null;
                    }
                    try {
                        return guarded(stop, step);
                    } catch (RuntimeException | InterruptedException | Error e) {
                        failed.set(true);
                        throw e;
                    }
                }));
            }
            Throwable failure = null;
            for (java.util.concurrent.Future<RunData> f : futures) {
                try {
                    RunData r = f.get();
                    if (r != null) {
                        runs.add(r);
                    }
                } catch (java.util.concurrent.ExecutionException e) {
                    failure = failure == null ? e.getCause() : failure;
                }
            }
            if (failure != null) {
                if (stop.stopping()) {
                    parkUntilExit();
                }
                if (failure instanceof RuntimeException re) {
                    throw re;
                }
                if (failure instanceof Error err) {
                    throw err;
                }
                if (failure instanceof InterruptedException ie) {
                    throw ie;
                }
                throw new IllegalStateException(failure);
            }
            return runs;
        } finally {
            pool.shutdownNow();
        }
    }

    private static RunData guarded(ShutdownPath stop, Step step) throws InterruptedException {
        if (stop.stopping()) {
            parkUntilExit();
        }
        try {
            RunData data = step.run();
            stop.finished(data);
            return data;
        } catch (RuntimeException | InterruptedException e) {
            if (stop.stopping()) {
                // The shutdown hook aborted this run and writes the report; the JVM halts when it is done.
                parkUntilExit();
            }
            throw e;
        }
    }

    private static void parkUntilExit() throws InterruptedException {
        while (true) {
            Thread.sleep(60_000);
        }
    }

    /**
     * Runs {@code scenarios} into {@code options.experimentDir()}, keeping what is already there:
     * a run whose folder is complete (or diverged) is kept as it is, an incomplete one continues
     * from its checkpoint or starts over, a missing one runs; then the report is written for all
     * of them and {@code experiment.json} names these runs. What {@code dlsim run --resume} does
     * (with the scenario from the command line, where {@link #resume(Options)} reads it from the
     * folder).
     *
     * @throws UserInputException when the folder holds an experiment of another scenario file, or
     *     a run's folder holds another scenario than the run's
     */
    public static Result complete(List<Scenario> scenarios, Options options) throws InterruptedException {
        Path json = options.experimentDir().resolve(EXPERIMENT_JSON);
        if (options.scenarioFile() != null && java.nio.file.Files.isRegularFile(json)) {
            String recorded;
            try {
                recorded = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile()).path("scenario").asText();
            } catch (IOException e) {
                throw new UserInputException(json + ": cannot read (" + e.getMessage() + ")", e);
            }
            String file = options.scenarioFile().toAbsolutePath().normalize().toString();
            if (!recorded.equals(file)) {
                throw new UserInputException(options.experimentDir() + ": holds an experiment of " + recorded + ", not of " + file
                        + "; --resume completes an experiment with its own scenario file (give another folder for this one)");
            }
        }
        writeExperimentJson(scenarios, options);
        try (ShutdownPath stop = ShutdownPath.register(options.experimentDir(), scenarios.get(0).name(),
                ReportContexts.of(scenarios, options.scenarioFile()), runNames(scenarios))) {
            return resume(scenarios, options.scenarioFile(), options, stop);
        }
    }

    /**
     * Continues the experiment in {@code options.experimentDir()} (from its {@code experiment.json}:
     * the scenario file, read with the recorded {@code --set} / {@code --sweep}, and the runs it
     * names): a complete run is kept as it is, a run with a checkpoint continues from it (bit for bit what
     * it would have been without the stop), any other run (never started, or stopped before its
     * first checkpoint) runs from the start; then the report is written for all of them.
     *
     * @throws UserInputException when the folder is not a resumable experiment, or the scenario
     *     file changed since (a run's resolved scenario differs from the one in its folder)
     */
    public static Result resume(Options options) throws InterruptedException {
        Path dir = options.experimentDir();
        Recorded recorded = Recorded.read(requireResumable(dir));
        List<Scenario> scenarios = recordedRuns(dir, recorded);
        try (ShutdownPath stop = ShutdownPath.register(dir, scenarios.get(0).name(),
                ReportContexts.of(scenarios, recorded.scenarioFile()), runNames(scenarios))) {
            return resume(scenarios, recorded.scenarioFile(), options, stop);
        }
    }

    /**
     * The runs of the experiment in {@code dir}, as {@link #resume} would complete them, read
     * without touching the folder: the scenario file it recorded, read with the recorded
     * {@code --set} / {@code --sweep} options, and of its runs those the experiment has.
     *
     * @throws UserInputException when {@code dir} is not an experiment folder or its scenario
     *     file no longer has one of its runs
     */
    public static List<Scenario> recordedRuns(Path dir) {
        return recordedRuns(dir, Recorded.read(requireResumable(dir)));
    }

    private static Path requireResumable(Path dir) {
        if (!java.nio.file.Files.isRegularFile(dir.resolve(EXPERIMENT_JSON))) {
            throw new UserInputException(dir + ": not a resumable experiment folder (no " + EXPERIMENT_JSON
                    + "; it is written by dlsim run and dlsim node --role coordinator)");
        }
        return dir;
    }

    private static List<Scenario> recordedRuns(Path dir, Recorded recorded) {
        List<Scenario> all = ScenarioParser.read(recorded.scenarioFile(), ScenarioParser.DEFAULT_MAX_RUNS, recorded.overrides()).runs();
        // The experiment's runs are those it recorded (a run --only experiment has some of the sweep's).
        List<String> names = all.stream().map(Scenario::runName).toList();
        for (String r : recorded.runs()) {
            if (!names.contains(r)) {
                throw new UserInputException(recorded.scenarioFile() + ": run " + r + " of " + dir + " is no longer a run of this "
                        + "file; the scenario file changed since the experiment started, so it cannot be resumed");
            }
        }
        return recorded.of(all);
    }

    /**
     * What {@code experiment.json} records: the scenario file, the {@code --set} / {@code --sweep}
     * options it was read with, and the experiment's runs (empty: every run of the file).
     */
    private record Recorded(Path scenarioFile, ScenarioOverrides overrides, List<String> runs) {
        /** Reads {@code dir}'s {@code experiment.json}. */
        static Recorded read(Path dir) {
            Path json = dir.resolve(EXPERIMENT_JSON);
            try {
                var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
                return new Recorded(Path.of(tree.path("scenario").asText()),
                        new ScenarioOverrides(texts(tree.path("set")), texts(tree.path("sweep"))), texts(tree.path("runs")));
            } catch (IOException e) {
                throw new UserInputException(json + ": cannot read (" + e.getMessage() + ")", e);
            }
        }

        /** The experiment's runs among {@code all} the file's. */
        List<Scenario> of(List<Scenario> all) {
            return runs.isEmpty() ? all : all.stream().filter(s -> runs.contains(s.runName())).toList();
        }
    }

    /**
     * The question an experiment folder's report answers (the scenario file's text, its sweep, its
     * topologies: {@link ReportContexts}), read from its {@code experiment.json} and the scenario
     * file it names; empty when the folder has none or the file cannot be read any more (the
     * report is then made from the run folders alone).
     */
    public static java.util.Optional<io.dlsim.simulator.report.ReportContext> reportContext(Path dir) {
        if (!java.nio.file.Files.isRegularFile(dir.resolve(EXPERIMENT_JSON))) {
            return java.util.Optional.empty();
        }
        try {
            Recorded recorded = Recorded.read(dir);
            List<Scenario> scenarios = recorded.of(
                    ScenarioParser.read(recorded.scenarioFile(), ScenarioParser.DEFAULT_MAX_RUNS, recorded.overrides()).runs());
            return scenarios.isEmpty() ? java.util.Optional.empty()
                    : java.util.Optional.of(ReportContexts.of(scenarios, recorded.scenarioFile()));
        } catch (RuntimeException e) {
            // A moved or edited scenario file: the report is still made from the run folders.
            return java.util.Optional.empty();
        }
    }

    private static Result resume(List<Scenario> scenarios, Path scenarioFile, Options given, ShutdownPath stop)
            throws InterruptedException {
        Path dir = given.experimentDir();
        Options options = withJobsFor(scenarios.stream().filter(s -> toRun(dir.resolve(s.runName()))).toList(), given, scenarioFile);
        ConsoleProgress.Sweep progress = progress(scenarios, options);
        int cores = Options.coresPerRun(Math.min(options.jobs(), scenarios.size()));
        // Every run's folder is checked before any run starts: a changed scenario is refused at once.
        List<Step> steps = new ArrayList<>();
        for (int k = 0; k < scenarios.size(); k++) {
            Scenario s = scenarios.get(k);
            int index = k;
            Path runDir = dir.resolve(s.runName());
            try {
                if (!java.nio.file.Files.isDirectory(runDir)) {
                    steps.add(() -> runOne(s, options, null, stop, progress, index, cores));
                    continue;
                }
                Path saved = runDir.resolve(RunResultsWriter.SCENARIO_YAML);
                if (java.nio.file.Files.exists(saved) && !java.nio.file.Files.readString(saved).equals(s.resolvedYaml())) {
                    throw new UserInputException(scenarioFile + ": run " + s.runName() + " differs from the one in " + saved
                            + "; the scenario file changed since the experiment started, so it cannot be resumed");
                }
                if (!toRun(runDir)) {
                    RunData kept = RunData.load(runDir);
                    progress.kept(index);
                    steps.add(() -> kept);
                    continue;
                }
                RunResultsWriter.Checkpoint checkpoint = RunResultsWriter.readCheckpoint(runDir);
                if (checkpoint != null) {
                    if (!checkpoint.scenarioDigest().equals(RunResultsWriter.digest(s.resolvedYaml()))) {
                        throw new UserInputException(runDir.resolve(RunResultsWriter.CHECKPOINT) + ": taken for another scenario");
                    }
                    steps.add(() -> runOne(s, options, checkpoint, stop, progress, index, cores));
                } else {
                    // Stopped before its first checkpoint: nothing to continue from.
                    steps.add(() -> {
                        try {
                            deleteRunFiles(runDir);
                        } catch (IOException e) {
                            throw new UncheckedIOException("cannot resume " + runDir + ": " + e.getMessage(), e);
                        }
                        return runOne(s, options, null, stop, progress, index, cores);
                    });
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot resume " + runDir + ": " + e.getMessage(), e);
            }
        }
        return report(runAll(steps, options.jobs(), stop), options, stop);
    }

    /** Whether a run's folder still has to run (missing, incomplete, or without its summary); {@link #resume} keeps the others. */
    private static boolean toRun(Path runDir) {
        return !java.nio.file.Files.isDirectory(runDir) || java.nio.file.Files.exists(runDir.resolve(RunResultsWriter.INCOMPLETE))
                || !java.nio.file.Files.exists(runDir.resolve(RunResultsWriter.SUMMARY_JSON));
    }

    /**
     * {@code options}, with {@link Options#AUTO_JOBS} replaced by what {@link AutoJobs} picks for
     * the runs {@code toRun} (their preflight asked for the memory budget when it would spread
     * them; its errors name {@code scenarioFile}).
     */
    private static Options withJobsFor(List<Scenario> toRun, Options options, Path scenarioFile) {
        if (options.jobs() != Options.AUTO_JOBS) {
            return options;
        }
        return options.withJobs(AutoJobs.checkingMemory(toRun, options.engine(), scenarioFile == null ? "" : scenarioFile + ": "));
    }

    /** The texts of a JSON list (none when the key is absent: an experiment from before --set). */
    private static List<String> texts(com.fasterxml.jackson.databind.JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(e -> out.add(e.asText()));
        return out;
    }

    private static void deleteRunFiles(Path runDir) throws IOException {
        for (String f : List.of(RunResultsWriter.METRICS_CSV, RunResultsWriter.SUMMARY_JSON, RunResultsWriter.INCOMPLETE,
                RunResultsWriter.RUN_JSON, RunResultsWriter.SCENARIO_YAML, RunResultsWriter.CHECKPOINT)) {
            java.nio.file.Files.deleteIfExists(runDir.resolve(f));
        }
    }

    /**
     * {@code experiment.json}: the scenario file (absolute), the overrides it was read with and the
     * run names, so that {@code dlsim resume} can continue.
     */
    private static void writeExperimentJson(List<Scenario> scenarios, Options options) {
        if (options.scenarioFile() == null) {
            return;
        }
        try {
            RunResultsWriter.writeExperiment(options.experimentDir().resolve(EXPERIMENT_JSON), options.scenarioFile(),
                    options.overrides().sets(), options.overrides().sweeps(), scenarios.stream().map(Scenario::runName).toList(),
                    options.version());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the results folder " + options.experimentDir() + ": " + e.getMessage(), e);
        }
    }

    private static Result report(List<RunData> runs, Options options, ShutdownPath stop) throws InterruptedException {
        try {
            ExperimentReport.Output report = stop.report(runs);
            if (report == null) {
                // The process is being stopped and the shutdown hook wrote the report.
                parkUntilExit();
            }
            return new Result(options.experimentDir(), runs, report);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report in " + options.experimentDir() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The run's TensorBoard event file under {@code options.tensorboard()} (with the rows a resumed
     * run kept), or null when the options ask for none.
     */
    private static TensorBoardWriter openTensorBoard(Options options, Scenario s, List<MetricsRow> resumedRows) {
        if (options.tensorboard() == null) {
            return null;
        }
        Path dir = options.tensorboard().resolve(s.runName());
        try {
            TensorBoardWriter w = TensorBoardWriter.open(dir, java.time.Instant.now(), s.system() != null);
            for (MetricsRow row : resumedRows) {
                w.append(row);
            }
            return w;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the TensorBoard events in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The console progress of the experiment's runs (quiet: nothing). */
    private static ConsoleProgress.Sweep progress(List<Scenario> scenarios, Options options) {
        return ConsoleProgress.Sweep.onStderr(scenarios.stream().map(Scenario::rounds).toList(), options.quiet(), options.jobs());
    }

    /**
     * One run, from the start or ({@code checkpoint} not null) from a checkpoint in its folder;
     * it is run {@code index} of the experiment's {@code progress}, and its engine uses about
     * {@code cores} processors.
     */
    private static RunData runOne(Scenario s, Options options, RunResultsWriter.Checkpoint checkpoint, ShutdownPath stop,
            ConsoleProgress.Sweep progressOfSweep, int index, int cores) throws InterruptedException {
        Engine engine = (options.engine() != null ? options.engine() : s.engine().create()).withCores(cores);
        RunLabels labels = new RunLabels(s.name(), s.runName(), s.algorithm().typeName(), s.topologyLabel());
        SeedGroup group = SeedGroup.of(s.name(), s.runName(), s.resolvedYaml(), s.seed());
        PreparedRun run = PreparedRun.of(s);
        Path runDir = options.experimentDir().resolve(s.runName());
        Map<String, Object> summary = new LinkedHashMap<>();
        RunResultsWriter writer;
        try {
            // From here a stop (Ctrl-C) aborts this run with its rows and summary: the experiment's one shutdown path.
            // Once the process is stopping no run folder is made (the report names the runs there are).
            writer = stop.open(() -> {
                if (checkpoint != null) {
                    run.resumeFrom(checkpoint.round(), checkpoint.states());
                    RunResultsWriter w = RunResultsWriter.resume(runDir, labels, s.seed(), options.version(), checkpoint.rows());
                    if (!w.resumedRows().isEmpty() && w.resumedRows().get(0).round() == 0) {
                        run.resumeInitialTrainLoss(w.resumedRows().get(0).trainLoss());
                    }
                    return w;
                }
                return RunResultsWriter.open(runDir, labels, s.resolvedYaml(), s.seed(), options.version(), s.system() != null,
                        s.params(), io.dlsim.simulator.BuildInfo.commit().orElse(null));
            }, summary);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the results folder " + runDir + ": " + e.getMessage(), e);
        }
        if (writer == null) {
            parkUntilExit();
        }
        LiveMetrics live = options.live() == null ? null : new LiveMetrics(options.live().registry(), labels, s.system() != null);
        RunFacts facts = run.facts();
        summary.putAll(facts.asMap());
        // The status leads the run's extras in the comparison (summary.json has it at the top).
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("status", "complete");
        // An asynchronous run is the discrete-event oracle's whatever the engine (Engine.run).
        summary.put("engine", engine.type().userName());
        if (s.execution().asynchronous()) {
            summary.put("execution", "asynchronous");
        }
        if (live != null) {
            live.setPlannedRounds(s.rounds());
            live.setTopology(facts.topology());
        }
        EvaluationRounds plan = checkpoint == null ? s.plan() : s.plan().resumedAt(checkpoint.round());
        List<MetricsRow> rows;
        try (TensorBoardWriter tensorboard = openTensorBoard(options, s, writer.resumedRows());
                ConsoleProgress progress = progressOfSweep.start(index, s.runName(), s.headline())) {
            RunObserver observer = new RunObserver() {
                @Override
                public void onRow(MetricsRow row) {
                    try {
                        writer.append(row);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot write " + runDir.resolve(RunResultsWriter.METRICS_CSV) + ": "
                                + e.getMessage(), e);
                    }
                    if (live != null) {
                        live.update(row);
                    }
                    if (tensorboard != null) {
                        try {
                            tensorboard.append(row);
                        } catch (IOException e) {
                            throw new UncheckedIOException("cannot write " + tensorboard.file() + ": " + e.getMessage(), e);
                        }
                    }
                    progress.update(row);
                }

                @Override
                public void onCheckpoint(long round, List<byte[]> nodeStates) {
                    try {
                        writer.checkpoint(round, nodeStates, s.resolvedYaml());
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot write " + runDir.resolve(RunResultsWriter.CHECKPOINT) + ": "
                                + e.getMessage(), e);
                    }
                }
            };
            // A resumed run's rows up to its checkpoint are those kept in its folder.
            rows = new ArrayList<>(writer.resumedRows());
            rows.addAll(engine.run(run, plan, observer));
        } catch (DivergedException e) {
            if (!s.targets().isEmpty()) {
                // The targets a run reached before it diverged are still reached.
                List<MetricsRow> before = new ArrayList<>(writer.resumedRows());
                before.addAll(e.rows());
                summary.put("targets", io.dlsim.metrics.TimeToTarget.of(before, s.targets()));
            }
            try {
                writer.diverged(e.divergence(), summary);
            } catch (IOException io) {
                throw new UncheckedIOException("cannot finish " + runDir + ": " + io.getMessage(), io);
            }
            status.put("status", STATUS_DIVERGED);
            status.put("reason", e.divergence().describe());
            status.putAll(summary);
            List<MetricsRow> all = new ArrayList<>(writer.resumedRows());
            all.addAll(e.rows());
            return new RunData(labels, all, status, s.params(), group);
        } catch (RunFailedException e) {
            writer.abort("run failed: " + e.getMessage(), summary);
            throw e;
        } catch (InterruptedException | RuntimeException e) {
            writer.abort("run failed: " + e, summary);
            throw e;
        }
        if (!s.targets().isEmpty()) {
            summary.put("targets", io.dlsim.metrics.TimeToTarget.of(rows, s.targets()));
        }
        // The run's gauges stay registered (final values) until the registry closes, so a
        // Prometheus that scrapes after the run still sees how it ended.
        try {
            writer.complete(summary);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish " + runDir + ": " + e.getMessage(), e);
        }
        status.putAll(summary);
        return new RunData(labels, rows, status, s.params(), group);
    }
}

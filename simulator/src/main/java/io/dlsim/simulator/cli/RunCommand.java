package io.dlsim.simulator.cli;

import io.dlsim.simulator.engine.Engine;
import io.dlsim.simulator.engine.EngineType;
import io.dlsim.simulator.engine.RunFailedException;
import io.dlsim.simulator.live.LiveServer;
import io.dlsim.simulator.report.SummaryTable;
import io.dlsim.simulator.run.AutoJobs;
import io.dlsim.simulator.run.ExperimentRunner;
import io.dlsim.simulator.scenario.Scenario;
import io.dlsim.simulator.scenario.ScenarioOverrides;
import io.dlsim.topologies.UserInputException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dlsim run SCENARIO}: runs a scenario (every run of its sweep) and writes its results. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a scenario file (every run of its sweep) in this JVM and write its results folder.",
            "The folder holds one folder per run (scenario.yaml, run.json, metrics.csv, summary.json), plots, runs.csv, "
                + "comparison.csv and report.html."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:success", "1:a run failed (its rows are kept, the folder is marked incomplete)",
            "2:bad arguments or an invalid scenario",
            "3:a run diverged: a loss, gap or consensus distance, or an entry of the averaged model, became NaN, "
                + "infinite or larger than 1e100 in magnitude, or the train loss passed 1000 x max(1, its round-0 value) "
                + "(its rows up to that evaluation are kept, its summary.json says \"status\": \"diverged\" with the round "
                + "and the quantity; the other runs of the sweep and the report are still made)"})
public final class RunCommand implements Callable<Integer>, DlsimCommand.ConfiguresNativeThreadsItself {
    @Parameters(index = "0", paramLabel = "SCENARIO", description = "The scenario file (YAML).")
    Path file;

    /** Exit code when a run diverged (and none failed). */
    public static final int DIVERGED = 3;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Experiment folder (default: results/<name>-<date-time>); it must not exist yet or be empty.")
    Path output;

    @Option(names = "--max-runs", paramLabel = "N", defaultValue = "10000",
            description = "Refuse a sweep of more than N runs (default: ${DEFAULT-VALUE}).")
    long maxRuns;

    @Option(names = "--engine", paramLabel = "ENGINE",
            description = "actors or sequential (default: the scenario's, else actors); a cluster runs with 'dlsim node'.")
    String engine;

    @Option(names = "--tensorboard", paramLabel = "DIR",
            description = {"Also write every run's evaluations as TensorBoard scalars (step = round, one tag per metric):",
                "DIR/<run>/events.out.tfevents.*; view them with 'tensorboard --logdir DIR'."})
    Path tensorboard;

    @Mixin
    OverrideOptions overrides;

    @Option(names = "--only", paramLabel = "RUN",
            description = "Run only this run of the sweep, named as its folder (dlsim validate lists them); repeatable.")
    List<String> only = new java.util.ArrayList<>();

    @Option(names = "--resume",
            description = "Complete the experiment in -o DIR: keep the runs whose folder is complete, run the others "
                + "(an incomplete run continues from its checkpoint, else starts over).")
    boolean resume;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", defaultValue = "auto",
            description = {"Run N runs of the sweep at once, each on about 1/N of the processors; the results are those of one "
                + "run at a time. Default (auto): on the default engine, one run per processor, each on one core, as far "
                + "as memory allows; one at a time with --engine sequential."})
    String jobs;

    @Mixin
    MetricsOptions metrics;

    @Option(names = {"-q", "--quiet"}, description = "No progress bars or summary table: print only the results folder's path "
            + "on stdout, one line (for scripts: dir=$(dlsim run -q x.yaml)).")
    boolean quiet;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Engine chosen = engine == null ? null : engine(engine);
        Integer requested = jobs(jobs);
        if (resume && output == null) {
            throw new UserInputException("--resume: needs -o DIR, the experiment folder to complete");
        }
        if (output != null) {
            checkOutput(output, resume);
        }
        ScenarioOverrides changes = overrides.overrides();
        io.dlsim.simulator.scenario.ScenarioParser.Parsed parsed = ValidateCommand.parse(file, maxRuns, changes);
        // Before the data is made or read: a second JVM would make it again.
        java.util.OptionalInt handedOver = DlsimCommand.handOverOrStartHere(only(parsed.runs(), only), spec.commandLine().getErr(),
                quiet, "run");
        if (handedOver.isPresent()) {
            return handedOver.getAsInt();
        }
        ValidateCommand.Checked checked = ValidateCommand.check(file, parsed, spec.commandLine().getErr(), "run");
        List<Scenario> runs = only(checked.runs(), only);
        int jobs;
        if (requested == null) {
            jobs = AutoJobs.of(runs, chosen, checked.preflight());
            if (jobs > 1 && !quiet) {
                spec.commandLine().getErr().println("dlsim run: " + autoJobsLine(runs.size(), jobs));
                spec.commandLine().getErr().flush();
            }
        } else {
            checked.preflight().requireJobsFit(requested);
            jobs = requested;
        }
        Path dir = output != null ? output
                : Path.of("results", runs.get(0).name() + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        checkOutput(dir, resume);
        if (tensorboard != null) {
            checkTensorBoard(tensorboard, runs);
        }
        java.io.PrintWriter out = spec.commandLine().getOut();
        try (LiveServer live = metrics.start("embedded")) {
            if (metrics.on()) {
                System.err.println("dlsim: live metrics at " + metrics.url(live));
            }
            String version = new DlsimCommand.Version().getVersion()[0];
            ExperimentRunner.Result result;
            try {
                var options = new ExperimentRunner.Options(dir, chosen, quiet, live.registry(), version, file, changes,
                        tensorboard, jobs);
                result = resume ? ExperimentRunner.complete(runs, options) : ExperimentRunner.run(runs, options);
            } catch (RunFailedException e) {
                System.err.println("dlsim run: error: " + e.getMessage() + "; the rows evaluated before it are in " + dir
                        + " (marked incomplete)");
                return 1;
            }
            printResults(out, quiet, result, dir);
            return reportDiverged(spec.commandLine().getErr(), "dlsim run", result, dir);
        }
    }

    /**
     * What a finished experiment prints on stdout: the summary table, the results folder and the
     * report; with {@code quiet} only the results folder, alone on its line, so that a script can
     * capture it ({@code dir=$(dlsim run -q x.yaml)}).
     */
    static void printResults(java.io.PrintWriter out, boolean quiet, ExperimentRunner.Result result, Path dir) {
        if (quiet) {
            out.println(dir);
        } else {
            out.println(SummaryTable.format(result.runs()));
            out.println("results: " + dir);
            out.println("report:  " + result.report().reportHtml());
        }
        out.flush();
    }

    /**
     * One line on stderr per diverged run, naming the run, the round and the quantity.
     *
     * @return {@link #DIVERGED} if a run diverged, else 0
     */
    static int reportDiverged(java.io.PrintWriter err, String prefix, ExperimentRunner.Result result, Path dir) {
        for (var r : result.diverged()) {
            err.println(prefix + ": run " + r.labels().run() + " " + r.extras().get("reason") + "; its rows are in "
                    + dir.resolve(r.labels().run()));
        }
        err.flush();
        return result.diverged().isEmpty() ? 0 : DIVERGED;
    }

    /**
     * The runs {@code --only} names, in the sweep's order (all of them when it names none).
     *
     * @throws UserInputException for a name no run has, with the closest name or the names
     */
    static List<Scenario> only(List<Scenario> runs, List<String> names) {
        if (names.isEmpty()) {
            return runs;
        }
        List<String> known = runs.stream().map(Scenario::runName).toList();
        for (String name : names) {
            if (!known.contains(name)) {
                String hint = io.dlsim.topologies.Suggestions.didYouMean(name, known);
                throw new UserInputException("--only " + name + ": no run of the sweep has this name" + (!hint.isEmpty() ? hint
                        : "; the runs are " + String.join(", ", known.subList(0, Math.min(10, known.size())))
                                + (known.size() > 10 ? ", ... (" + known.size() + " runs; dlsim validate lists them)" : "")));
            }
        }
        return runs.stream().filter(s -> names.contains(s.runName())).toList();
    }

    /**
     * As {@link #checkOutput(Path)}; with {@code resume}, a folder that holds an experiment
     * ({@code experiment.json}) is accepted too: its complete runs are kept.
     */
    static void checkOutput(Path dir, boolean resume) {
        if (resume && java.nio.file.Files.isRegularFile(dir.resolve(ExperimentRunner.EXPERIMENT_JSON))) {
            return;
        }
        try {
            checkOutput(dir);
        } catch (UserInputException e) {
            throw resume && e.getMessage().contains("not empty")
                    ? new UserInputException("-o " + dir + ": --resume completes an experiment folder (one with "
                            + ExperimentRunner.EXPERIMENT_JSON + "), but this folder holds something else; give the experiment's folder, "
                            + "or a new or empty one")
                    : e;
        }
    }

    /**
     * Refuses an experiment folder that would mix experiments: {@code -o ""} (the working
     * directory), a file, or a folder that holds anything already (another experiment's
     * report.html, plots and comparison.csv would be replaced). A folder that does not exist, or
     * an empty one, is safe.
     */
    static void checkOutput(Path dir) {
        if (dir.toString().isBlank()) {
            throw new UserInputException("-o: must name a folder, got an empty path");
        }
        if (!java.nio.file.Files.exists(dir)) {
            return;
        }
        if (!java.nio.file.Files.isDirectory(dir)) {
            throw new UserInputException("-o " + dir + ": is not a folder");
        }
        try (var entries = java.nio.file.Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new UserInputException("-o " + dir + ": the folder is not empty (it may hold another experiment, whose report "
                        + "and plots this run would replace); give a new or empty folder");
            }
        } catch (java.io.IOException e) {
            throw new UserInputException("-o " + dir + ": cannot read the folder (" + e.getMessage() + ")");
        }
    }

    /**
     * Refuses a {@code --tensorboard} folder that is a file, or where a run's sub-folder already
     * holds an event file: TensorBoard would show the old and the new run as one.
     */
    static void checkTensorBoard(Path dir, List<Scenario> runs) {
        if (dir.toString().isBlank()) {
            throw new UserInputException("--tensorboard: must name a folder, got an empty path");
        }
        if (java.nio.file.Files.exists(dir) && !java.nio.file.Files.isDirectory(dir)) {
            throw new UserInputException("--tensorboard " + dir + ": is not a folder");
        }
        for (Scenario s : runs) {
            Path runDir = dir.resolve(s.runName());
            try {
                if (io.dlsim.simulator.report.TensorBoardWriter.holdsEvents(runDir)) {
                    throw new UserInputException("--tensorboard " + dir + ": " + runDir + " already holds TensorBoard events "
                            + "(TensorBoard would show both runs as one); give a new folder");
                }
            } catch (java.io.IOException e) {
                throw new UserInputException("--tensorboard " + dir + ": cannot read " + runDir + " (" + e.getMessage() + ")");
            }
        }
    }

    /** What {@code dlsim run} says when it runs {@code jobs} of a sweep's {@code runs} at once without being asked. */
    static String autoJobsLine(int runs, int jobs) {
        int cores = ExperimentRunner.Options.coresPerRun(jobs);
        return runs + " runs, " + jobs + " at a time, each on " + (cores == 1 ? "one core" : cores + " cores")
                + " (--jobs 1: one at a time on every core)";
    }

    /**
     * The runs at once {@code --jobs} asks for: null for {@code auto} ({@link AutoJobs} picks), else a
     * whole number >= 1.
     *
     * @throws UserInputException for anything else
     */
    static Integer jobs(String text) {
        if (text == null || text.equals("auto")) {
            return null;
        }
        int jobs;
        try {
            jobs = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            jobs = 0;
        }
        if (jobs < 1) {
            throw new UserInputException("--jobs: must be a whole number >= 1 or auto, got '" + text + "'");
        }
        return jobs;
    }

    /** The engine {@code --engine} names; the cluster is not one this command can start. */
    static Engine engine(String name) {
        try {
            return EngineType.parse(name).create();
        } catch (UserInputException e) {
            throw UserInputException.wrap("--engine: ", e);
        }
    }
}

package io.dlsim.simulator.cli;

import io.dlsim.simulator.run.Preflight;
import io.dlsim.simulator.scenario.Scenario;
import io.dlsim.simulator.scenario.ScenarioParser;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dlsim validate SCENARIO}: checks a scenario file without running it: the checks
 * {@code run} makes before its first run, the data-dependent ones included, for every run of the
 * sweep.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check a scenario file without running it.",
            "Every run of its sweep is checked as run does before it starts: keys, values, topologies, and the data",
            "(loaded to check nodes vs examples, the partition, the model and the memory needed)."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the scenario is valid (warnings, if any, on stderr)", "2:it is not (one line names the file, the key and the reason)"})
public final class ValidateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SCENARIO", description = "The scenario file (YAML).")
    Path file;

    @Option(names = "--max-runs", paramLabel = "N", defaultValue = "10000",
            description = "Refuse a sweep of more than N runs (default: ${DEFAULT-VALUE}).")
    long maxRuns;

    @picocli.CommandLine.Mixin
    OverrideOptions overrides;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<Scenario> runs = checked(file, maxRuns, overrides.overrides(), spec.commandLine().getErr(), "validate");
        var out = spec.commandLine().getOut();
        out.printf("%s: valid, %d run%s%n", file, runs.size(), runs.size() == 1 ? "" : "s");
        for (Scenario s : runs) {
            out.printf("  %-40s nodes=%d rounds=%d algorithm=%s topology=%s seed=%d%n", s.runName(), s.nodes(), s.rounds(),
                    s.algorithm().typeName(), s.topologyLabel(), s.seed());
        }
        out.flush();
        return 0;
    }

    /**
     * The runs of {@code file} after every check that needs no run (the file, then the data of
     * every run), warnings printed on {@code err}; what validate and run both do first. The file
     * is read with {@code overrides} ({@code --set}, {@code --sweep}) applied.
     */
    static List<Scenario> checked(Path file, long maxRuns, io.dlsim.simulator.scenario.ScenarioOverrides overrides, PrintWriter err,
            String command) {
        return read(file, maxRuns, overrides, err, command).runs();
    }

    /** The runs of a scenario file and what the preflight check found (its warnings already printed). */
    record Checked(List<Scenario> runs, Preflight.Checked preflight) {
    }

    /**
     * As {@link #checked(Path, long, io.dlsim.simulator.scenario.ScenarioOverrides, PrintWriter, String)},
     * with each run's memory estimate, from which {@code dlsim run} picks or checks {@code --jobs}.
     */
    static Checked read(Path file, long maxRuns, io.dlsim.simulator.scenario.ScenarioOverrides overrides, PrintWriter err,
            String command) {
        return check(file, parse(file, maxRuns, overrides), err, command);
    }

    /**
     * The first half of {@link #read}: the file read and every run checked but for its data,
     * nothing printed (the parser's warnings are in what it returns).
     */
    static ScenarioParser.Parsed parse(Path file, long maxRuns, io.dlsim.simulator.scenario.ScenarioOverrides overrides) {
        if (maxRuns < 1) {
            throw new io.dlsim.topologies.UserInputException("--max-runs: must be >= 1, got " + maxRuns);
        }
        return ScenarioParser.read(file, maxRuns, overrides);
    }

    /** The second half of {@link #read}: the preflight check of the parsed runs, then every warning printed. */
    static Checked check(Path file, ScenarioParser.Parsed parsed, PrintWriter err, String command) {
        List<String> warnings = new ArrayList<>(parsed.warnings());
        Preflight.Checked preflight = Preflight.check(parsed.runs(), file + ": ");
        warnings.addAll(preflight.warnings());
        for (String w : warnings) {
            err.println("dlsim " + command + ": warning: " + w);
        }
        err.flush();
        return new Checked(parsed.runs(), preflight);
    }
}

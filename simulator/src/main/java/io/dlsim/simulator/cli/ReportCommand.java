package io.dlsim.simulator.cli;

import io.dlsim.simulator.report.ExperimentFolder;
import io.dlsim.simulator.report.ExperimentReport;
import io.dlsim.topologies.UserInputException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dlsim report DIR...}: rebuilds the report of an experiment folder from its run folders,
 * or merges the runs of several experiment folders into one report ({@link ExperimentFolder}).
 * Runs nothing.
 */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Rebuild the report of an experiment folder from its run folders, or merge several experiments into one report.",
            "Writes comparison.csv, runs.csv, aggregate.csv, plots/ and report.html from each run's run.json, metrics.csv and "
                + "summary.json (complete, diverged and stopped runs alike), in the experiment's run order; with several folders, "
                + "their runs in the order the folders are given (run names must differ). Runs nothing."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:success", "1:the report cannot be written",
            "2:bad arguments, or a folder that is not an experiment folder"})
public final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0..*", arity = "1..*", paramLabel = "DIR", description = "Experiment folders (as given to dlsim run -o).")
    List<Path> dirs;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT",
            description = "Where to write the report (a new or empty folder); required with several DIRs. Default: DIR itself.")
    Path output;

    @Option(names = {"-q", "--quiet"}, description = "Print only the report folder's path on stdout.")
    boolean quiet;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (dirs.size() > 1 && output == null) {
            throw new UserInputException("-o OUT: required when merging several experiment folders (" + dirs.size()
                    + " given); the report goes to a new or empty folder");
        }
        Path out = output == null ? dirs.get(0) : output;
        boolean inPlace = dirs.size() == 1 && out.toAbsolutePath().normalize().equals(dirs.get(0).toAbsolutePath().normalize());
        // Read every folder first: a folder that is not an experiment makes nothing.
        var runs = ExperimentFolder.runs(dirs);
        if (!inPlace) {
            RunCommand.checkOutput(out);
        }
        ExperimentReport.Output report;
        try {
            // One experiment's report answers its scenario's question, as dlsim run's does.
            var context = dirs.size() == 1 ? io.dlsim.simulator.run.ExperimentRunner.reportContext(dirs.get(0)).orElse(null) : null;
            report = ExperimentFolder.report(runs, out, context);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write the report in " + out + ": " + e.getMessage(), e);
        }
        var stdout = spec.commandLine().getOut();
        if (quiet) {
            stdout.println(out);
        } else {
            stdout.println("report: " + report.reportHtml());
        }
        stdout.flush();
        return 0;
    }
}

package io.dlsim.simulator.cli;

import io.dlsim.simulator.engine.Engine;
import io.dlsim.simulator.engine.RunFailedException;
import io.dlsim.simulator.live.LiveServer;
import io.dlsim.simulator.run.ExperimentRunner;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dlsim resume DIR}: continues an experiment that stopped (Ctrl-C, a kill, a lost
 * machine; embedded or cluster) from the checkpoints its runs wrote ({@code checkpoint-every}),
 * in this JVM. Every engine gives the same rows, so a cluster experiment resumes here too.
 */
@Command(name = "resume", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Continue a stopped experiment in its folder.",
            "Complete runs are kept, a run with a checkpoint (scenario key checkpoint-every) continues from it, bit for",
            "bit what it would have been without the stop, and any other run starts over. The scenario file named in",
            "DIR/experiment.json (read with the --set and --sweep options recorded there) must be unchanged; the runs are",
            "those the experiment has (dlsim run --only makes an experiment of some runs of a sweep)."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:success", "1:a run failed (its rows are kept, the folder is marked incomplete)",
            "2:bad arguments, not a resumable folder, or a changed scenario", "3:a run diverged (as for dlsim run)"})
public final class ResumeCommand implements Callable<Integer>, DlsimCommand.ConfiguresNativeThreadsItself {
    @Parameters(index = "0", paramLabel = "DIR", description = "The experiment folder (as given to dlsim run -o).")
    Path dir;

    @Option(names = "--engine", paramLabel = "ENGINE",
            description = "actors or sequential (default: each run's own); the rows are the same with any engine.")
    String engine;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", defaultValue = "auto",
            description = "Run N runs at once (default: ${DEFAULT-VALUE}), as dlsim run --jobs.")
    String jobs;

    @Mixin
    MetricsOptions metrics;

    @Option(names = {"-q", "--quiet"}, description = "No progress bars or summary table: print only the results folder's path on stdout.")
    boolean quiet;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Engine chosen = engine == null ? null : RunCommand.engine(engine);
        Integer requested = RunCommand.jobs(jobs);
        java.util.OptionalInt handedOver = DlsimCommand.handOverOrStartHere(ExperimentRunner.recordedRuns(dir),
                spec.commandLine().getErr(), quiet, "resume");
        if (handedOver.isPresent()) {
            return handedOver.getAsInt();
        }
        try (LiveServer live = metrics.start("embedded")) {
            String version = new DlsimCommand.Version().getVersion()[0];
            ExperimentRunner.Result result;
            try {
                result = ExperimentRunner.resume(new ExperimentRunner.Options(dir, chosen, quiet, live.registry(), version)
                        .withJobs(requested == null ? ExperimentRunner.Options.AUTO_JOBS : requested));
            } catch (RunFailedException e) {
                System.err.println("dlsim resume: error: " + e.getMessage() + "; the rows evaluated before it are in " + dir
                        + " (marked incomplete)");
                return 1;
            }
            RunCommand.printResults(spec.commandLine().getOut(), quiet, result, dir);
            return RunCommand.reportDiverged(spec.commandLine().getErr(), "dlsim resume", result, dir);
        }
    }
}

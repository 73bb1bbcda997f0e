package io.dlsim.simulator.cli;

import io.dlsim.simulator.bench.EngineBench;
import io.dlsim.topologies.UserInputException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dlsim bench}: node-steps per second of the sequential and actor engines, and their ratio. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time the sequential and the actor engine and print node-steps per second.",
            "Fixed workloads, with the ratio actor / sequential: logistic regression d=100 on a 1,024-node ring and exponential graph,",
            "and an MLP 784-128-10 on 64 nodes; or, with --scenario FILE, every run of your own scenario.",
            "A benchmark: run it on a quiet machine, and run it twice."})
public final class BenchCommand implements Callable<Integer>, DlsimCommand.ConfiguresNativeThreadsItself {
    @Option(names = "--rounds", paramLabel = "R", defaultValue = "200", description = "Measured rounds per workload (default: ${DEFAULT-VALUE}).")
    long rounds;

    @Option(names = "--warmup", paramLabel = "R", defaultValue = "50", description = {"Rounds per engine in a warm-up pass (default: ${DEFAULT-VALUE}); passes are repeated",
        "until one spends under 5 %% of its time in the JIT compiler (at most 30, none begun after 2 minutes)."})
    long warmup;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "3", description = {"Measurements per engine, the engines "
        + "alternated (default: ${DEFAULT-VALUE}); the medians are reported,", "and the lowest and highest ratio of a pair."})
    int repeats;

    @Option(names = "--only", paramLabel = "NAME", description = "Run only the workloads whose name contains NAME.")
    String only;

    @Option(names = "--scenario", paramLabel = "FILE", description = {"Time every run of this scenario instead of the fixed workloads:",
        "setup, memory per node, one evaluation, and node-steps/s of each engine (evaluation excluded)."})
    java.nio.file.Path scenario;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (rounds < 1) {
            throw new UserInputException("--rounds: must be >= 1, got " + rounds);
        }
        if (warmup < 1) {
            throw new UserInputException("--warmup: must be >= 1, got " + warmup);
        }
        if (repeats < 1) {
            throw new UserInputException("--repeats: must be >= 1, got " + repeats);
        }
        var out = spec.commandLine().getOut();
        if (scenario != null) {
            if (only != null) {
                throw new UserInputException("--only: selects fixed workloads; not with --scenario");
            }
            var runs = io.dlsim.simulator.scenario.ScenarioParser.parse(scenario);
            java.util.OptionalInt handedOver = DlsimCommand.handOverOrStartHere(runs, spec.commandLine().getErr(), false, "bench");
            if (handedOver.isPresent()) {
                return handedOver.getAsInt();
            }
            out.println("cores: " + Runtime.getRuntime().availableProcessors() + ", java " + System.getProperty("java.version")
                    + ", max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB");
            for (var s : runs) {
                out.println(EngineBench.measure(s, rounds, warmup, repeats).format());
                out.flush();
            }
            return 0;
        }
        DlsimCommand.configureNativeThreads();
        List<EngineBench.Workload> all = EngineBench.standard();
        List<EngineBench.Workload> chosen = all.stream().filter(w -> only == null || w.name().contains(only)).toList();
        if (chosen.isEmpty()) {
            throw new UserInputException("--only " + only + ": no workload name contains it; the workloads are "
                    + String.join(", ", all.stream().map(EngineBench.Workload::name).toList()));
        }
        out.println("cores: " + Runtime.getRuntime().availableProcessors() + ", java " + System.getProperty("java.version"));
        out.println(EngineBench.HEADER);
        out.flush();
        for (EngineBench.Workload w : chosen) {
            out.println(EngineBench.measure(w, rounds, warmup, repeats).format());
            out.flush();
        }
        return 0;
    }
}

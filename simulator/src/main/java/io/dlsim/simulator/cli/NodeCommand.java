package io.dlsim.simulator.cli;

import io.dlsim.simulator.cluster.ClusterException;
import io.dlsim.simulator.cluster.ClusterMember;
import io.dlsim.simulator.cluster.ClusterSettings;
import io.dlsim.simulator.engine.RunFailedException;
import io.dlsim.simulator.live.LiveRegistry;
import io.dlsim.simulator.live.LiveServer;
import io.dlsim.simulator.run.ExperimentRunner;
import io.dlsim.simulator.scenario.Scenario;
import io.dlsim.simulator.scenario.ScenarioParser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dlsim node --role coordinator|worker --scenario FILE}: one member of a dlsim cluster.
 * Cluster settings come from HOCON ({@code dlsim.cluster}, overridable by DLSIM_* environment
 * variables) and can be overridden again by the options below.
 */
@Command(name = "node", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Start one member of a dlsim cluster.",
            "The coordinator (usually the seed) waits for the expected workers, places the simulated nodes on them,",
            "runs the scenario and writes the results; workers host nodes until the coordinator is done. Every member reads the same scenario file and loads its data itself.",
            "Settings: DLSIM_HOST, DLSIM_PORT, DLSIM_SEED_NODES, DLSIM_EXPECTED_WORKERS, DLSIM_MEMBER, DLSIM_JOIN_TIMEOUT."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:success", "1:the run failed or the cluster could not form (a clear message says why)",
            "2:bad arguments, bad cluster settings or an invalid scenario",
            "3:coordinator: a run diverged (as for 'dlsim run'; the other runs and the report are still made)"})
public final class NodeCommand implements Callable<Integer>, DlsimCommand.ConfiguresNativeThreadsItself {
    /** A member's role; also its Pekko cluster role. */
    enum Role {
        coordinator, worker
    }

    @Option(names = "--role", required = true, paramLabel = "ROLE", description = "coordinator or worker.")
    Role role;

    @Option(names = "--scenario", required = true, paramLabel = "FILE", description = "The scenario file (the same on every member).")
    Path scenario;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Coordinator: experiment folder (default: results/<name>-cluster).")
    Path output;

    @Option(names = "--host", paramLabel = "HOST", description = "Host name other members reach this one at (DLSIM_HOST).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "Remoting port, 0 for any (DLSIM_PORT).")
    Integer port;

    @Option(names = "--seed-nodes", paramLabel = "HOST:PORT[,...]", description = "Seed members (DLSIM_SEED_NODES).")
    String seedNodes;

    @Option(names = "--expected-workers", paramLabel = "N", description = "Coordinator: workers to wait for (DLSIM_EXPECTED_WORKERS).")
    Integer expectedWorkers;

    @Option(names = "--member", paramLabel = "NAME", description = "This member's name (DLSIM_MEMBER).")
    String member;

    @Option(names = "--join-timeout", paramLabel = "SECONDS", description = "Coordinator: how long to wait for the workers (DLSIM_JOIN_TIMEOUT).")
    Long joinTimeoutSeconds;

    @Mixin
    MetricsOptions metrics;

    @Option(names = {"-q", "--quiet"}, description = "No progress bars or summary table (the coordinator prints only the "
            + "results folder's path on stdout).")
    boolean quiet;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ClusterSettings settings = settings();
        List<Scenario> runs = ScenarioParser.parse(scenario);
        // Every member holds the data set: a large one runs in a JVM with huge pages, as dlsim run does.
        java.util.OptionalInt handedOver = DlsimCommand.handOverOrStartHere(runs, spec.commandLine().getErr(), quiet, "node");
        if (handedOver.isPresent()) {
            return handedOver.getAsInt();
        }
        try (ClusterMember m = role == Role.coordinator ? ClusterMember.startCoordinator(settings)
                : ClusterMember.startWorker(settings, runs);
                LiveServer live = metrics.start(m.member())) {
            if (metrics.on()) {
                System.err.println("dlsim node " + m.member() + ": metrics at " + metrics.url(live));
            }
            System.err.println("dlsim node " + m.member() + ": " + role + " up on port " + m.port());
            return role == Role.coordinator ? coordinate(m, runs, live.registry()) : work(m);
        } catch (ClusterException e) {
            System.err.println("dlsim node: error: " + e.getMessage());
            return 1;
        }
    }

    private int coordinate(ClusterMember m, List<Scenario> runs, LiveRegistry live) throws Exception {
        m.awaitWorkers();
        System.err.println("dlsim node " + m.member() + ": workers " + m.workerNames());
        Path dir = output != null ? output : Path.of("results", runs.get(0).name() + "-cluster");
        String version = new DlsimCommand.Version().getVersion()[0];
        try {
            ExperimentRunner.Result result = ExperimentRunner.run(runs, new ExperimentRunner.Options(dir, m.engine(), quiet, live, version,
                    scenario));
            RunCommand.printResults(spec.commandLine().getOut(), quiet, result, dir);
            finish(m, "the experiment is complete");
            return RunCommand.reportDiverged(spec.commandLine().getErr(), "dlsim node", result, dir);
        } catch (RunFailedException e) {
            System.err.println("dlsim node: error: " + e.getMessage() + "; the rows evaluated before it are in " + dir
                    + " (marked incomplete)");
            finish(m, "the run failed: " + e.getMessage(), true);
            return 1;
        } catch (RuntimeException e) {
            // Bad input found only now (e.g. a worker's data file) or a bug: the workers stop too.
            finish(m, "the coordinator stopped: " + e.getMessage(), true);
            throw e;
        }
    }

    /** Tells the workers the experiment is over and lets them leave first. */
    private static void finish(ClusterMember m, String reason) throws InterruptedException {
        finish(m, reason, false);
    }

    private static void finish(ClusterMember m, String reason, boolean failed) throws InterruptedException {
        m.finishWorkers(reason, failed);
        m.awaitWorkersLeft(Duration.ofSeconds(30));
    }

    /** A worker exits 1 when the experiment it served failed, so a script sees the failure on every member. */
    private int work(ClusterMember m) throws InterruptedException {
        String reason = m.awaitFinish();
        System.err.println("dlsim node " + m.member() + ": done (" + reason + ")");
        return m.experimentFailed() ? 1 : 0;
    }

    /** The HOCON / environment settings with the options given here on top. */
    private ClusterSettings settings() {
        ClusterSettings s = ClusterSettings.load();
        if (host != null) {
            s = s.withHost(host);
        }
        if (port != null) {
            s = s.withPort(port);
        }
        if (seedNodes != null) {
            s = s.withSeedNodes(ClusterSettings.parseSeedNodes(seedNodes));
        }
        if (expectedWorkers != null) {
            s = s.withExpectedWorkers(expectedWorkers);
        }
        if (member != null) {
            s = s.withMember(member);
        }
        if (joinTimeoutSeconds != null) {
            s = s.withJoinTimeout(Duration.ofSeconds(joinTimeoutSeconds));
        }
        return s;
    }
}

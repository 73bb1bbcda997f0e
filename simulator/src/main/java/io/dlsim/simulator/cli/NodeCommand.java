package io.dlsim.simulator.cli;

import io.dlsim.simulator.cluster.ClusterMember;
import io.dlsim.simulator.cluster.ClusterSettings;
import io.dlsim.simulator.engine.RunFailedException;
import io.dlsim.simulator.live.LiveRegistry;
import io.dlsim.simulator.live.LiveServer;
import io.dlsim.simulator.report.SummaryTable;
import io.dlsim.simulator.run.ExperimentRunner;
import io.dlsim.simulator.scenario.Scenario;
import io.dlsim.simulator.scenario.ScenarioParser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dlsim node --role coordinator|worker --scenario FILE}: one member of a dlsim cluster.
 * Cluster settings come from HOCON ({@code dlsim.cluster}, overridable by DLSIM_* environment
 * variables) and can be overridden again by the options below.
 */
@Command(name = "node", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Start one member of a dlsim cluster. The coordinator (usually the seed) waits for the expected",
            "workers, places the simulated nodes on them, runs the scenario and writes the results; workers host",
            "nodes until the coordinator is done. Every member reads the same scenario file and loads its data itself.",
            "Settings: DLSIM_HOST, DLSIM_PORT, DLSIM_SEED_NODES, DLSIM_EXPECTED_WORKERS, DLSIM_MEMBER, DLSIM_JOIN_TIMEOUT."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:success", "1:the run failed or the cluster could not form (a clear message says why)",
            "2:bad arguments or an invalid scenario"})
public final class NodeCommand implements Callable<Integer> {
    @Option(names = "--role", required = true, paramLabel = "ROLE", description = "coordinator or worker.")
    String role;

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

    @Option(names = "--metrics-port", paramLabel = "PORT", description = "Serve Prometheus metrics of this member on this port (0: any).")
    Integer metricsPort;

    @Option(names = "--metrics-host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Address the metrics endpoint binds to (default: ${DEFAULT-VALUE}; 0.0.0.0 in containers).")
    String metricsHost;

    @Option(names = {"-q", "--quiet"}, description = "No progress bars or summary table.")
    boolean quiet;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!role.equals("coordinator") && !role.equals("worker")) {
            throw new IllegalArgumentException("--role: must be coordinator or worker, got '" + role + "'");
        }
        List<Scenario> runs = ScenarioParser.parse(scenario);
        ClusterSettings settings = settings();
        try (ClusterMember m = role.equals("coordinator") ? ClusterMember.startCoordinator(settings)
                : ClusterMember.startWorker(settings, runs);
                LiveServer live = metricsPort == null ? LiveServer.off() : LiveServer.start(m.member(), metricsHost, metricsPort)) {
            if (metricsPort != null) {
                System.err.println("dlsim node " + m.member() + ": metrics at " + live.url(metricsHost));
            }
            System.err.println("dlsim node " + m.member() + ": " + role + " up on port " + m.port());
            return role.equals("coordinator") ? coordinate(m, runs, live.registry()) : work(m);
        }
    }

    private int coordinate(ClusterMember m, List<Scenario> runs, LiveRegistry live) throws Exception {
        try {
            m.awaitWorkers();
        } catch (IllegalStateException e) {
            System.err.println("dlsim node: error: " + e.getMessage());
            return 1;
        }
        System.err.println("dlsim node " + m.member() + ": workers " + m.workerNames());
        Path dir = output != null ? output : Path.of("results", runs.get(0).name() + "-cluster");
        String version = new DlsimCommand.Version().getVersion()[0];
        try {
            ExperimentRunner.Result result = ExperimentRunner.run(runs, new ExperimentRunner.Options(dir, m.engine(), quiet, live, version));
            if (!quiet) {
                System.out.println(SummaryTable.format(result.runs()));
                System.out.println("results: " + dir);
            }
            m.finishWorkers("the experiment is complete");
            m.awaitWorkersLeft(Duration.ofSeconds(30));
            return 0;
        } catch (RunFailedException e) {
            System.err.println("dlsim node: error: " + e.getMessage() + "; the rows evaluated before it are in " + dir
                    + " (marked incomplete)");
            m.finishWorkers("the run failed: " + e.getMessage());
            m.awaitWorkersLeft(Duration.ofSeconds(30));
            return 1;
        }
    }

    private int work(ClusterMember m) throws InterruptedException {
        try {
            String reason = m.awaitFinish();
            System.err.println("dlsim node " + m.member() + ": done (" + reason + ")");
            return 0;
        } catch (IllegalStateException e) {
            System.err.println("dlsim node " + m.member() + ": error: " + e.getMessage());
            return 1;
        }
    }

    private ClusterSettings settings() {
        ClusterSettings s = ClusterSettings.load();
        if (host != null) {
            s = new ClusterSettings(host, s.bindHost(), s.port(), s.seedNodes(), s.expectedWorkers(), s.joinTimeout(), s.member(),
                    s.maxMessageBytes());
        }
        if (port != null) {
            s = s.withPort(port);
        }
        if (seedNodes != null) {
            s = s.withSeedNodes(Arrays.stream(seedNodes.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList());
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

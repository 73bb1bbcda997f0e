package io.dlsim.simulator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlsim.metrics.MetricsRow;
import io.dlsim.simulator.cli.DlsimCommand;
import io.dlsim.simulator.engine.EngineType;
import io.dlsim.simulator.report.MetricsCsv;
import io.dlsim.simulator.report.RunResultsWriter;
import io.dlsim.simulator.run.ExperimentRunner;
import io.dlsim.simulator.scenario.ScenarioParser;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A coordinator and two workers as separate JVM processes on loopback. */
class MultiJvmClusterIT {
    /** The launcher's JVM options (the tests run in the simulator module's folder), so members start as ./dlsim starts them. */
    private static final Path JVM_OPTIONS = Path.of("jvm.options").toAbsolutePath();

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        processes.forEach(Process::destroyForcibly);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private Process member(Path dir, String name, String role, int port, int seedPort, Path scenario, String... extra) throws IOException {
        assertThat(JVM_OPTIONS).isRegularFile();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + JVM_OPTIONS, "-cp", System.getProperty("java.class.path"), DlsimCommand.class.getName(),
                "node", "--role", role, "--scenario", scenario.toString(), "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--seed-nodes", "127.0.0.1:" + seedPort, "--expected-workers", "2", "--member", name, "--join-timeout", "120", "--quiet"));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
        processes.add(p);
        return p;
    }

    @Test
    void threeProcessesGiveTheEmbeddedRunBitForBit(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("s.yaml");
        Files.writeString(scenario, ClusterIT.SCENARIO);
        int seed = freePort();
        Path out = dir.resolve("cluster");
        Process coordinator = member(dir, "coordinator", "coordinator", seed, seed, scenario, "--output", out.toString());
        Process a = member(dir, "worker-a", "worker", freePort(), seed, scenario);
        Process b = member(dir, "worker-b", "worker", freePort(), seed, scenario);
        assertThat(coordinator.waitFor(300, TimeUnit.SECONDS)).as(log(dir, "coordinator")).isTrue();
        assertThat(coordinator.exitValue()).as(log(dir, "coordinator")).isZero();
        assertThat(a.waitFor(60, TimeUnit.SECONDS) && b.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(a.exitValue()).as(log(dir, "worker-a")).isZero();
        assertThat(b.exitValue()).as(log(dir, "worker-b")).isZero();

        var embedded = ExperimentRunner.run(ScenarioParser.parse(scenario), new ExperimentRunner.Options(dir.resolve("embedded"),
                EngineType.ACTORS.create(), true, null, "test")).runs();
        for (var run : embedded) {
            List<MetricsRow> clusterRows = MetricsCsv.read(out.resolve(run.labels().run()).resolve(RunResultsWriter.METRICS_CSV));
            assertThat(clusterRows).hasSameSizeAs(run.rows());
            for (int i = 0; i < clusterRows.size(); i++) {
                assertThat(clusterRows.get(i).withWallSeconds(0)).isEqualTo(run.rows().get(i).withWallSeconds(0));
            }
            assertThat(out.resolve(run.labels().run()).resolve(RunResultsWriter.INCOMPLETE)).doesNotExist();
        }
    }

    @Test
    void aWorkerKilledMidRunEndsTheRunWithAClearErrorAndKeepsTheRows(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("long.yaml");
        Files.writeString(scenario, """
                name: long
                nodes: 6
                rounds: 10000000
                eval-every: 50
                data: { type: synthetic-logistic, samples-per-node: 50, dimension: 10 }
                model: { type: logistic }
                algorithm: { type: dsgd, step-size: 0.1 }
                topology: { type: ring }
                """);
        int seed = freePort();
        Path out = dir.resolve("cluster");
        Process coordinator = member(dir, "coordinator", "coordinator", seed, seed, scenario, "--output", out.toString());
        Process a = member(dir, "worker-a", "worker", freePort(), seed, scenario);
        Process b = member(dir, "worker-b", "worker", freePort(), seed, scenario);
        Path csv = out.resolve("long").resolve(RunResultsWriter.METRICS_CSV);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline && (!Files.exists(csv) || Files.readAllLines(csv).size() < 4)) {
            assertThat(coordinator.isAlive()).as(log(dir, "coordinator")).isTrue();
            Thread.sleep(100);
        }
        b.destroyForcibly(); // SIGKILL: no goodbye
        assertThat(coordinator.waitFor(120, TimeUnit.SECONDS)).as(log(dir, "coordinator")).isTrue();
        String log = log(dir, "coordinator");
        assertThat(coordinator.exitValue()).as(log).isEqualTo(1);
        assertThat(log).contains("error: worker member").contains("worker-b, nodes 3..5").contains("in the middle of the run")
                .contains("marked incomplete").doesNotContain("\tat ");
        List<MetricsRow> rows = MetricsCsv.read(csv);
        assertThat(rows.size()).isGreaterThanOrEqualTo(3);
        assertThat(out.resolve("long").resolve(RunResultsWriter.INCOMPLETE)).exists();
        assertThat(Files.readString(out.resolve("long").resolve(RunResultsWriter.SUMMARY_JSON))).contains("\"status\" : \"incomplete\"");
        assertThat(a.waitFor(60, TimeUnit.SECONDS)).as(log(dir, "worker-a")).isTrue();
    }

    /**
     * Issue 10: with checkpoints, a worker killed mid-run costs a rollback, not the run: its nodes
     * move to the surviving worker, restored to the last checkpoint, and the results equal the
     * uninterrupted run bit for bit. Then the whole cluster is killed mid-run (SIGKILL, at a random
     * moment after a checkpoint) and {@code dlsim resume} finishes it, bit for bit again.
     */
    @Test
    void withCheckpointsALostWorkerCostsARollbackAndAKilledClusterResumes(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("survive.yaml");
        Files.writeString(scenario, """
                name: survive
                nodes: 6
                rounds: 30000
                eval-every: 100
                checkpoint-every: 500
                data: { type: synthetic-logistic, samples-per-node: 50, dimension: 10 }
                partition: { type: label-shards, classes-per-node: 1 }
                model: { type: logistic }
                algorithm: { type: gradient-tracking, step-size: 0.1, batch-size: 4 }
                topology: { type: ring }
                """);
        var expected = ExperimentRunner.run(ScenarioParser.parse(scenario), new ExperimentRunner.Options(dir.resolve("embedded"),
                EngineType.SEQUENTIAL.create(), true, null, "test")).runs().get(0).rows();

        int seed = freePort();
        Path out = dir.resolve("cluster");
        Process coordinator = member(dir, "coordinator", "coordinator", seed, seed, scenario, "--output", out.toString());
        Process a = member(dir, "worker-a", "worker", freePort(), seed, scenario);
        Process b = member(dir, "worker-b", "worker", freePort(), seed, scenario);
        Path runDir = out.resolve("survive");
        awaitCheckpoint(runDir, coordinator, dir);
        b.destroyForcibly(); // SIGKILL: no goodbye
        assertThat(coordinator.waitFor(240, TimeUnit.SECONDS)).as(log(dir, "coordinator")).isTrue();
        String log = log(dir, "coordinator");
        assertThat(coordinator.exitValue()).as(log).isZero();
        assertThat(log).contains("placing its nodes on [worker-a] and going on from the checkpoint of round");
        assertSameRows(MetricsCsv.read(runDir.resolve(RunResultsWriter.METRICS_CSV)), expected);
        assertThat(a.waitFor(60, TimeUnit.SECONDS)).isTrue();

        // The whole cluster killed mid-run, then resumed (in one JVM: every engine gives the same rows).
        Path out2 = dir.resolve("cluster2");
        int seed2 = freePort();
        Process c2 = member(dir, "coordinator2", "coordinator", seed2, seed2, scenario, "--output", out2.toString());
        Process a2 = member(dir, "worker-a2", "worker", freePort(), seed2, scenario);
        Process b2 = member(dir, "worker-b2", "worker", freePort(), seed2, scenario);
        awaitCheckpoint(out2.resolve("survive"), c2, dir);
        Thread.sleep(new java.util.SplittableRandom().nextInt(1000));
        for (Process p : List.of(c2, a2, b2)) {
            p.destroyForcibly();
        }
        assertThat(c2.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out2.resolve("survive").resolve(RunResultsWriter.INCOMPLETE)).exists();
        int exit = new picocli.CommandLine(new DlsimCommand()).execute("resume", out2.toString(), "--quiet");
        assertThat(exit).isZero();
        assertSameRows(MetricsCsv.read(out2.resolve("survive").resolve(RunResultsWriter.METRICS_CSV)), expected);
    }

    /**
     * Issue 13: the same rollback for an asynchronous run (async-gossip with stragglers and jitter
     * on the parallel event engine's blocks): the nodes of the killed worker move to the survivor,
     * restored with their messages and pending events to the last checkpoint, and the rows equal
     * the one-thread engine's bit for bit.
     */
    @Test
    void anAsynchronousRunSurvivesALostWorkerFromItsCheckpoint(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("async.yaml");
        Files.writeString(scenario, """
                name: async-survive
                nodes: 6
                rounds: 2500
                eval-every: 100
                checkpoint-every: 300
                execution: asynchronous
                data: { type: synthetic-logistic, samples-per-node: 50, dimension: 10 }
                model: { type: logistic }
                algorithm: { type: async-gossip, step-size: 0.1, batch-size: 4, max-staleness: 2 }
                topology: { type: ring }
                system:
                  compute: { seconds-per-step: 0.01, jitter: { type: lognormal, sigma: 0.3 }, stragglers: { fraction: 0.3, slowdown: 3 } }
                  network: { latency: { type: uniform, min: 0.004, max: 0.008 } }
                """);
        var expected = ExperimentRunner.run(ScenarioParser.parse(scenario), new ExperimentRunner.Options(dir.resolve("embedded"),
                EngineType.SEQUENTIAL.create(), true, null, "test")).runs().get(0).rows();

        int seed = freePort();
        Path out = dir.resolve("cluster");
        Process coordinator = member(dir, "coordinator", "coordinator", seed, seed, scenario, "--output", out.toString());
        Process a = member(dir, "worker-a", "worker", freePort(), seed, scenario);
        Process b = member(dir, "worker-b", "worker", freePort(), seed, scenario);
        Path runDir = out.resolve("async-survive");
        awaitCheckpoint(runDir, coordinator, dir);
        b.destroyForcibly(); // SIGKILL: no goodbye
        assertThat(coordinator.waitFor(300, TimeUnit.SECONDS)).as(log(dir, "coordinator")).isTrue();
        String log = log(dir, "coordinator");
        assertThat(coordinator.exitValue()).as(log).isZero();
        assertThat(log).contains("placing its nodes on [worker-a] and going on from the checkpoint of round");
        assertSameRows(MetricsCsv.read(runDir.resolve(RunResultsWriter.METRICS_CSV)), expected);
        assertThat(a.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    private static void awaitCheckpoint(Path runDir, Process coordinator, Path dir) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline && !Files.exists(runDir.resolve(RunResultsWriter.CHECKPOINT))) {
            assertThat(coordinator.isAlive()).as(log(dir, "coordinator")).isTrue();
            Thread.sleep(50);
        }
        assertThat(runDir.resolve(RunResultsWriter.CHECKPOINT)).exists();
    }

    private static void assertSameRows(List<MetricsRow> actual, List<MetricsRow> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).withWallSeconds(0)).as("row %d", i).isEqualTo(expected.get(i).withWallSeconds(0));
        }
    }

    private static String log(Path dir, String name) {
        try {
            Path f = dir.resolve(name + ".log");
            return Files.exists(f) ? Files.readString(f) : "(no log)";
        } catch (IOException e) {
            return e.toString();
        }
    }
}

package io.dlsim.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlsim.metrics.MetricsRow;
import io.dlsim.simulator.cli.DlsimCommand;
import io.dlsim.simulator.engine.EngineType;
import io.dlsim.simulator.report.MetricsCsv;
import io.dlsim.simulator.report.RunResultsWriter;
import io.dlsim.simulator.scenario.ScenarioParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A real {@code dlsim run} in its own JVM, killed with SIGKILL (no shutdown hook runs) at a
 * random moment after its first checkpoint, then {@code dlsim resume}: every run's metrics
 * equal those of an uninterrupted run, bit for bit (the wall clock aside), simulated clocks and churn included.
 */
class ResumeIT {
    static final String SCENARIO = """
            name: resume-it
            nodes: 8
            rounds: 12000
            eval-every: 100
            checkpoint-every: 300
            data: { type: synthetic-logistic, samples-per-node: 100, dimension: 20 }
            partition: { type: label-shards, classes-per-node: 1 }
            model: { type: mlp, hidden: [6], init: per-node }
            algorithm: { type: dpsvrg, step-size: 0.05, batch-size: 4, variant: adapt-then-combine, gossip-rounds: 2 }
            topology: { type: torus }
            system:
              compute: { flops-per-second: 1.0e6, jitter: { type: lognormal, sigma: 0.3 }, stragglers: { fraction: 0.25, slowdown: 3 } }
              network: { latency: { type: uniform, min: 0.001, max: 0.01 }, bandwidth: { bytes-per-second: 1.0e5 } }
              churn: { type: on-off, mean-online-seconds: 0.5, mean-offline-seconds: 0.2 }
            sweep:
              seed: [1, 2, 3]
            """;

    /**
     * Issue 13: an asynchronous run (async-gossip with stragglers, jitter, uniform latencies and
     * lost messages) on the actor engine's parallel blocks, resumed on the one-thread engine: its
     * checkpoints hold the messages the nodes hold and the events in flight.
     */
    static final String ASYNCHRONOUS = """
            name: resume-async
            nodes: 8
            rounds: 20000
            eval-every: 100
            checkpoint-every: 300
            execution: asynchronous
            data: { type: synthetic-logistic, samples-per-node: 100, dimension: 20 }
            model: { type: mlp, hidden: [6], init: per-node }
            algorithm: { type: async-gossip, step-size: 0.05, batch-size: 4, max-staleness: 3 }
            topology: { type: torus }
            system:
              compute: { flops-per-second: 1.0e6, jitter: { type: lognormal, sigma: 0.3 }, stragglers: { fraction: 0.25, slowdown: 3 } }
              network: { latency: { type: uniform, min: 0.001, max: 0.01 }, bandwidth: { bytes-per-second: 1.0e5 }, loss: 0.1, on-loss: skip }
            sweep:
              seed: [1, 2, 3]
            """;

    @Test
    void aKilledExperimentResumesBitForBit(@TempDir Path dir) throws Exception {
        killAndResume(dir, SCENARIO, 12000, java.util.Map.of());
    }

    @Test
    void aKilledAsynchronousExperimentOnBlocksResumesBitForBitOnTheOneThreadEngine(@TempDir Path dir) throws Exception {
        killAndResume(dir, ASYNCHRONOUS, 20000, java.util.Map.of(io.dlsim.simulator.engine.BlockLayout.BLOCKS_ENV, "3"));
    }

    private static void killAndResume(Path dir, String text, long rounds, java.util.Map<String, String> env) throws Exception {
        Path scenario = dir.resolve("resume.yaml");
        Files.writeString(scenario, text);
        Path reference = dir.resolve("reference");
        ExperimentRunner.run(ScenarioParser.parse(scenario), new ExperimentRunner.Options(reference,
                EngineType.SEQUENTIAL.create(), true, null, "test"));

        Path out = dir.resolve("out");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DlsimCommand.class.getName(),
                "run", scenario.toString(), "-o", out.toString(), "--quiet")
                .redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile());
        builder.environment().putAll(env);
        Process p = builder.start();
        // Killed in the second run, after a checkpoint, at a random moment.
        Path checkpoint = out.resolve("seed=2").resolve(RunResultsWriter.CHECKPOINT);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline && !Files.exists(checkpoint)) {
            assertThat(p.isAlive()).as("dlsim run ended early: %s", Files.readString(dir.resolve("log.txt"))).isTrue();
            Thread.sleep(5);
        }
        // A random moment in the run (it has 40 checkpoints), well before its end.
        Thread.sleep(new SplittableRandom().nextInt(60));
        assertThat(p.isAlive()).as("still running when killed").isTrue();
        p.destroyForcibly(); // SIGKILL
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out.resolve("seed=2").resolve(RunResultsWriter.INCOMPLETE)).exists();
        assertThat(out.resolve("seed=3").resolve(RunResultsWriter.METRICS_CSV)).doesNotExist();

        // What the checkpoint counts stays as it is (wall clock included): the run continues, it does not start over.
        RunResultsWriter.Checkpoint saved = RunResultsWriter.readCheckpoint(out.resolve("seed=2"));
        assertThat(saved.round()).isPositive().isLessThan(rounds);
        List<String> kept = Files.readAllLines(out.resolve("seed=2").resolve(RunResultsWriter.METRICS_CSV))
                .subList(0, (int) saved.rows() + 1);

        // Resumed with the other engine: the rows do not depend on it.
        int exit = new CommandLine(new DlsimCommand()).execute("resume", out.toString(), "--quiet", "--engine", "sequential");
        assertThat(exit).isZero();
        for (String run : List.of("seed=1", "seed=2", "seed=3")) {
            List<MetricsRow> expected = MetricsCsv.read(reference.resolve(run).resolve(RunResultsWriter.METRICS_CSV));
            List<MetricsRow> actual = MetricsCsv.read(out.resolve(run).resolve(RunResultsWriter.METRICS_CSV));
            assertThat(actual).hasSameSizeAs(expected);
            if (text.contains("churn:")) {
                assertThat(expected).as("churn took nodes offline in %s", run).anyMatch(r -> r.onlineNodes() < 8);
            } else {
                assertThat(expected.get(expected.size() - 1).stepsMax()).as("asynchronous: nodes ran apart in %s", run)
                        .isGreaterThan(expected.get(expected.size() - 1).stepsMin());
            }
            for (int i = 0; i < expected.size(); i++) {
                assertThat(actual.get(i).withWallSeconds(0)).as("%s row %d", run, i).isEqualTo(expected.get(i).withWallSeconds(0));
            }
            assertThat(out.resolve(run).resolve(RunResultsWriter.INCOMPLETE)).doesNotExist();
            assertThat(out.resolve(run).resolve(RunResultsWriter.CHECKPOINT)).doesNotExist();
            assertThat(Files.readString(out.resolve(run).resolve(RunResultsWriter.SUMMARY_JSON))).contains("\"status\" : \"complete\"");
        }
        assertThat(Files.readAllLines(out.resolve("seed=2").resolve(RunResultsWriter.METRICS_CSV))).startsWith(kept.toArray(String[]::new));
        assertThat(out.resolve("report.html")).exists();
    }
}

package io.dlsim.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dlsim.metrics.MetricsRow;
import io.dlsim.simulator.engine.EngineType;
import io.dlsim.simulator.report.MetricsCsv;
import io.dlsim.simulator.report.RunResultsWriter;
import io.dlsim.simulator.scenario.ScenarioParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code execution: asynchronous} through the whole pipeline (issue 13): the scenario's checks, the runner, the files. */
class AsynchronousRunTest {
    /** Equal speeds, no jitter; the constants exact in binary. */
    static final String BASE = """
            name: async
            seed: 3
            nodes: 8
            rounds: 40
            eval-every: 10
            data: { type: synthetic-logistic, samples-per-node: 30, test-samples: 200, dimension: 8 }
            model: { type: logistic }
            algorithm: { type: dsgd, step-size: 0.2, batch-size: 4 }
            topology: { type: ring }
            system:
              compute: { seconds-per-step: 0.5 }
              network: { latency: { type: constant, seconds: 0.25 }, bandwidth: { bytes-per-second: 576 } }
            """;

    private static List<MetricsRow> rows(String yaml, Path dir, EngineType engine) throws Exception {
        ExperimentRunnerTest.run(yaml, dir, engine, null);
        try (var runs = Files.list(dir.resolve("out"))) {
            Path run = runs.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().equals("plots")).findFirst()
                    .orElseThrow();
            return MetricsCsv.read(run.resolve(RunResultsWriter.METRICS_CSV));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "async-gossip, max-staleness 0|algorithm: { type: async-gossip, step-size: 0.2, batch-size: 4, max-staleness: 0 }",
        "quorum 1 of dsgd|quorum: 1",
    })
    void withEqualSpeedsTheAsynchronousRunIsTheSynchronousOne(String name, String change, @TempDir Path dir) throws Exception {
        List<MetricsRow> synchronous = rows(BASE, dir.resolve("sync"), EngineType.SEQUENTIAL);
        String yaml = (change.startsWith("algorithm") ? BASE.replace("algorithm: { type: dsgd, step-size: 0.2, batch-size: 4 }", change)
                : BASE + change + "\n") + "execution: asynchronous\n";
        List<MetricsRow> asynchronous = rows(yaml, dir.resolve("async"), EngineType.ACTORS);
        assertThat(asynchronous).hasSameSizeAs(synchronous);
        for (int k = 0; k < synchronous.size(); k++) {
            MetricsRow s = synchronous.get(k);
            MetricsRow a = asynchronous.get(k);
            assertThat(a.round()).isEqualTo(s.round());
            // The models and clocks of round t, bit for bit (a node that finished may have drawn its next batch: epochs differ).
            assertThat(a.consensusDistance()).as("row %d", k).isEqualTo(s.consensusDistance());
            assertThat(a.trainLoss()).isEqualTo(s.trainLoss());
            assertThat(a.testAccuracy()).isEqualTo(s.testAccuracy());
            assertThat(a.simSeconds()).isEqualTo(s.simSeconds()).isEqualTo((double) s.round());
            assertThat(a.stalenessMax()).isZero();
            assertThat(a.stepsMin()).isEqualTo(s.round());
        }
        String summary = Files.readString(dir.resolve("async/out").resolve(Files.list(dir.resolve("async/out"))
                .filter(Files::isDirectory).filter(p -> !p.getFileName().toString().equals("plots")).findFirst().orElseThrow()
                .getFileName()).resolve(RunResultsWriter.SUMMARY_JSON));
        assertThat(summary).contains("\"engine\" : \"actors\"").contains("\"execution\" : \"asynchronous\"");
    }

    @Test
    void stragglersLetAsynchronousMethodsRunAheadEvaluatedOnSimulatedTime(@TempDir Path dir) throws Exception {
        String yaml = BASE.replace("compute: { seconds-per-step: 0.5 }",
                "compute: { seconds-per-step: 0.5, jitter: { type: lognormal, sigma: 0.3 }, stragglers: { fraction: 0.25, slowdown: 4 } }")
                .replace("algorithm: { type: dsgd, step-size: 0.2, batch-size: 4 }",
                        "algorithm: { type: ad-psgd, step-size: 0.2, batch-size: 4 }")
                + "execution: asynchronous\neval-every-seconds: 2.5\n";
        List<MetricsRow> rows = rows(yaml, dir, EngineType.SEQUENTIAL);
        for (int k = 1; k < rows.size() - 1; k++) {
            assertThat(rows.get(k).simSeconds()).isEqualTo(2.5 * k);
        }
        MetricsRow last = rows.get(rows.size() - 1);
        assertThat(last.round()).isEqualTo(40);
        assertThat(last.stepsMax()).isGreaterThan(last.stepsMin());
        assertThat(last.trainLoss()).isLessThan(rows.get(0).trainLoss());
        assertThat(rows.stream().mapToDouble(MetricsRow::stalenessMax).max().orElseThrow()).isPositive();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "execution: asynchronous|asynchronous execution runs on simulated time: add a system: section",
        "quorum: 0.5|quorum: is for execution: asynchronous",
        "eval-every-seconds: 1|eval-every-seconds: is for execution: asynchronous",
    })
    void mistakesAreNamed(String line, String expected) {
        String yaml = (line.startsWith("execution") ? BASE.substring(0, BASE.indexOf("system:")) : BASE) + line + "\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScenarioParser.parse(yaml, Path.of(".")));
        assertThat(e.getMessage()).contains(expected);
    }

    @Test
    void asynchronousMethodsAndSettingsAreRefusedWhereTheyCannotRun() {
        String adPsgd = BASE.replace("algorithm: { type: dsgd, step-size: 0.2, batch-size: 4 }",
                "algorithm: { type: ad-psgd, step-size: 0.2, batch-size: 4 }");
        assertThat(assertThrows(IllegalArgumentException.class, () -> ScenarioParser.parse(adPsgd, Path.of("."))).getMessage())
                .contains("execution: ad-psgd has no rounds: it runs with execution: asynchronous");
        String tracking = BASE.replace("algorithm: { type: dsgd, step-size: 0.2, batch-size: 4 }",
                "algorithm: { type: gradient-tracking, step-size: 0.2, batch-size: 4 }") + "execution: asynchronous\n";
        assertThat(assertThrows(IllegalArgumentException.class, () -> ScenarioParser.parse(tracking, Path.of("."))).getMessage())
                .contains("gradient-tracking sends state incrementally");
        String quorumOfGossip = adPsgd + "execution: asynchronous\nquorum: 0.5\n";
        assertThat(assertThrows(IllegalArgumentException.class, () -> ScenarioParser.parse(quorumOfGossip, Path.of(".")))
                .getMessage()).contains("quorum: is for the synchronous methods' quorum rounds");
        String varying = BASE.replace("topology: { type: ring }", "topology: { schedule: random-matching }")
                + "execution: asynchronous\n";
        assertThat(assertThrows(IllegalArgumentException.class, () -> ScenarioParser.parse(varying, Path.of("."))).getMessage())
                .contains("asynchronous execution runs on a fixed W");
        String badStaleness = adPsgd.replace("{ type: ad-psgd, step-size: 0.2, batch-size: 4 }",
                "{ type: async-gossip, step-size: 0.2, batch-size: 4, max-staleness: -1 }") + "execution: asynchronous\n";
        assertThat(assertThrows(IllegalArgumentException.class, () -> ScenarioParser.parse(badStaleness, Path.of(".")))
                .getMessage()).contains("algorithm.max-staleness: must be >= 0, got -1");
    }
}

package io.dlsim.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, findings 1 and 3, through {@code dlsim run}: runs whose values explode end within
 * seconds with {@code "status": "diverged"}, exit code 3, the round and the quantity in
 * summary.json and in one line on stderr; their rows are kept (a computed NaN as {@code NaN},
 * never an empty cell); the report and the comparison are written and include the diverged run;
 * the other runs of a sweep still run. The timeouts turn a hang (finding 1: XChart's tick search
 * on values past ~1e30 never ended) into a failure instead of a stuck build.
 */
class DivergenceCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Finding 3: logistic regression with step 1e6 (its loss grows 1e5-fold but stays finite). */
    static final String LOGISTIC_STEP_1E6 = """
            name: logit-explode
            seed: 1
            nodes: 8
            rounds: 50
            eval-every: 5
            data: { type: synthetic-logistic, samples-per-node: 50, test-samples: 100, dimension: 10 }
            model: { type: logistic }
            algorithm: { type: dsgd, step-size: 1e6, batch-size: 8 }
            topology: { type: ring }
            """;

    /** Finding 1: least squares with step 2 for 30 rounds (values past 1e40 if nothing stops it). */
    static final String LEAST_SQUARES_STEP_2 = """
            name: ls-explode
            seed: 1
            nodes: 8
            rounds: 30
            eval-every: 1
            data: { type: synthetic-linear, samples-per-node: 20, test-samples: 50 }
            model: { type: least-squares }
            algorithm: { type: dsgd, step-size: 2, batch-size: 8 }
            topology: { type: ring }
            """;

    private static TopologyCommandTest.Result run(Path dir, String yaml, String... extra) throws IOException {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, yaml);
        String[] args = new String[4 + extra.length];
        args[0] = "run";
        args[1] = f.toString();
        args[2] = "-q";
        args[3] = "-o";
        System.arraycopy(extra, 0, args, 4, extra.length);
        List<String> all = new java.util.ArrayList<>(Arrays.asList(args));
        all.add(4, dir.resolve("out").toString());
        return TopologyCommandTest.run(all.toArray(String[]::new));
    }

    private static JsonNode summary(Path runDir) throws IOException {
        return JSON.readTree(runDir.resolve("summary.json").toFile());
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    /** A diverged run still reports the targets it reached before it diverged (issue 12). */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aDivergedRunReportsTheTargetsItReachedBefore(@TempDir Path dir) throws IOException {
        String yaml = LOGISTIC_STEP_1E6 + "targets: { train_loss: 0.7, test_accuracy: 0.99 }\n";
        assertThat(run(dir, yaml).exitCode()).isEqualTo(3);
        JsonNode targets = summary(dir.resolve("out/logit-explode")).get("extras").get("targets");
        assertThat(targets.get("train_loss").get("reached").asBoolean()).as("log 2 = 0.693 at round 0").isTrue();
        assertThat(targets.get("train_loss").get("round").asLong()).isZero();
        assertThat(targets.get("test_accuracy").get("reached").asBoolean()).isFalse();
    }

    /** dlsim resume ends like dlsim run: a run that diverges (here rerun, its folder gone) exits 3 with its line. */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aResumedExperimentReportsItsDivergedRunWithExitCode3(@TempDir Path dir) throws IOException {
        assertThat(run(dir, LOGISTIC_STEP_1E6).exitCode()).isEqualTo(3);
        Path runDir = dir.resolve("out/logit-explode");
        for (String f : List.of("metrics.csv", "summary.json", "run.json", "scenario.yaml")) {
            Files.deleteIfExists(runDir.resolve(f));
        }
        Files.delete(runDir);
        TopologyCommandTest.Result r = TopologyCommandTest.run("resume", dir.resolve("out").toString(), "-q");
        DlsimCommandTest.assertOneLine(r, 3, "dlsim resume: run logit-explode diverged at round 5: train_loss is ");
        assertThat(summary(runDir).get("status").asText()).isEqualTo("diverged");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void logisticWithStep1e6DivergesWithExitCode3TheRoundAndTheQuantity(@TempDir Path dir) throws IOException {
        TopologyCommandTest.Result r = run(dir, LOGISTIC_STEP_1E6);
        DlsimCommandTest.assertOneLine(r, 3, "dlsim run: run logit-explode diverged at round 5: train_loss is ");
        Path runDir = dir.resolve("out/logit-explode");
        JsonNode s = summary(runDir);
        assertThat(s.get("status").asText()).isEqualTo("diverged");
        assertThat(s.get("reason").asText()).startsWith("diverged at round 5: train_loss is ");
        assertThat(s.get("divergence").get("round").asLong()).isEqualTo(5);
        assertThat(s.get("divergence").get("quantity").asText()).isEqualTo("train_loss");
        assertThat(s.get("rows").asLong()).isEqualTo(2);
        assertThat(Files.exists(runDir.resolve("INCOMPLETE"))).as("a diverged run is finished").isFalse();
        List<String> csv = lines(runDir.resolve("metrics.csv"));
        assertThat(csv).hasSize(3); // header, round 0, round 5 (the diverged row is kept)
        assertThat(csv.get(2)).startsWith("5,");
        assertThat(dir.resolve("out/report.html")).exists();
        List<String> comparison = lines(dir.resolve("out/comparison.csv"));
        assertThat(comparison.get(0)).contains(",status,reason,");
        assertThat(comparison.get(1)).contains(",diverged,");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void leastSquaresWithStep2FinishesInSecondsWithTheReport(@TempDir Path dir) throws IOException {
        long start = System.nanoTime();
        TopologyCommandTest.Result r = run(dir, LEAST_SQUARES_STEP_2);
        assertThat(r.exitCode()).as(r.err()).isEqualTo(3);
        assertThat(summary(dir.resolve("out/ls-explode")).get("status").asText()).isEqualTo("diverged");
        assertThat(dir.resolve("out/report.html")).exists();
        assertThat(dir.resolve("out/comparison.csv")).exists();
        assertThat(dir.resolve("out/plots/train_loss_vs_rounds.png")).exists();
        assertThat((System.nanoTime() - start) / 1e9).as("seconds").isLessThan(60);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aCsvDataFileHoldingOne1e308FinishesWithTheReport(@TempDir Path dir) throws IOException {
        StringBuilder data = new StringBuilder("a,b,y\n");
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        for (int i = 0; i < 60; i++) {
            double a = i == 5 ? 1e308 : rng.nextDouble();
            double b = rng.nextDouble();
            data.append(a).append(',').append(b).append(',').append(i % 2).append('\n');
        }
        Files.writeString(dir.resolve("big.csv"), data);
        TopologyCommandTest.Result r = run(dir, """
                name: big-csv
                seed: 1
                nodes: 4
                rounds: 20
                eval-every: 1
                data: { type: csv, path: big.csv, test-fraction: 0.1 }
                model: { type: logistic }
                algorithm: { type: dsgd, step-size: 0.5, batch-size: 4 }
                topology: { type: ring }
                """);
        assertThat(r.exitCode()).as(r.err()).isIn(0, 3);
        assertThat(dir.resolve("out/report.html")).exists();
        assertThat(dir.resolve("out/comparison.csv")).exists();
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aSweepWithOneDivergingRunRunsTheOthersAndReportsAll(@TempDir Path dir) throws IOException {
        TopologyCommandTest.Result r = run(dir, LOGISTIC_STEP_1E6.replace("step-size: 1e6", "step-size: 0.1")
                + "sweep:\n  algorithm.step-size: [1e6, 0.1]\n");
        DlsimCommandTest.assertOneLine(r, 3, "diverged at round 5");
        List<Path> runs;
        try (var s = Files.list(dir.resolve("out"))) {
            runs = s.filter(p -> Files.exists(p.resolve("summary.json"))).sorted().toList();
        }
        assertThat(runs).hasSize(2);
        List<String> statuses = runs.stream().map(p -> {
            try {
                return summary(p).get("status").asText();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).sorted().collect(Collectors.toList());
        assertThat(statuses).containsExactly("complete", "diverged");
        List<String> comparison = lines(dir.resolve("out/comparison.csv"));
        assertThat(comparison).hasSize(3);
        assertThat(String.join("\n", comparison)).contains(",diverged,").contains(",complete,");
        assertThat(Files.readString(dir.resolve("out/report.html"))).contains("diverged");
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void sequentialAndActorEnginesDivergeAtTheSameRowBitForBit(@TempDir Path dir) throws IOException {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        assertThat(run(a, LEAST_SQUARES_STEP_2, "--engine", "sequential").exitCode()).isEqualTo(3);
        assertThat(run(b, LEAST_SQUARES_STEP_2, "--engine", "actors").exitCode()).isEqualTo(3);
        assertThat(withoutWallSeconds(a.resolve("out/ls-explode/metrics.csv")))
                .isEqualTo(withoutWallSeconds(b.resolve("out/ls-explode/metrics.csv")));
        assertThat(summary(a.resolve("out/ls-explode")).get("divergence"))
                .isEqualTo(summary(b.resolve("out/ls-explode")).get("divergence"));
    }

    private static List<String> withoutWallSeconds(Path csv) throws IOException {
        return lines(csv).stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    }
}

package io.dlsim.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlsim.simulator.cli.DlsimCommand;
import io.dlsim.simulator.report.MetricsCsv;
import io.dlsim.simulator.report.RunResultsWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real `dlsim run` in its own JVM, stopped with SIGTERM (what Ctrl-C and kill send). */
class RunInterruptIT {
    /** An 8-seed sweep of runs long enough to be stopped in the middle. */
    static final String SWEEP = """
            name: sweep
            nodes: 8
            rounds: 12000
            eval-every: 20
            data: { type: synthetic-logistic, samples-per-node: 100, dimension: 20 }
            model: { type: logistic }
            algorithm: { type: dsgd, step-size: 0.1 }
            topology: { type: ring }
            sweep:
              seed: [1, 2, 3, 4, 5, 6, 7, 8]
            """;

    @Test
    void anInterruptedRunKeepsItsRowsAndIsMarkedIncomplete(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("long.yaml");
        Files.writeString(scenario, """
                name: long
                nodes: 8
                rounds: 10000000
                eval-every: 20
                data: { type: synthetic-logistic, samples-per-node: 100, dimension: 20 }
                model: { type: logistic }
                algorithm: { type: dsgd, step-size: 0.1 }
                topology: { type: ring }
                """);
        Path out = dir.resolve("out");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DlsimCommand.class.getName(),
                "run", scenario.toString(), "-o", out.toString(), "--quiet")
                .redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile()).start();
        Path csv = out.resolve("long").resolve(RunResultsWriter.METRICS_CSV);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && (!Files.exists(csv) || Files.readAllLines(csv).size() < 4)) {
            assertThat(p.isAlive()).as("dlsim run ended early: %s", Files.exists(dir.resolve("log.txt"))
                    ? Files.readString(dir.resolve("log.txt")) : "").isTrue();
            Thread.sleep(100);
        }
        assertThat(Files.readAllLines(csv).size()).isGreaterThanOrEqualTo(4);
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        Path runDir = out.resolve("long");
        assertThat(runDir.resolve(RunResultsWriter.INCOMPLETE)).exists();
        String summary = Files.readString(runDir.resolve(RunResultsWriter.SUMMARY_JSON));
        assertThat(summary).contains("\"status\" : \"incomplete\"").contains("interrupted");
        List<io.dlsim.metrics.MetricsRow> rows = MetricsCsv.read(csv);
        assertThat(rows.size()).isGreaterThanOrEqualTo(3);
        assertThat(summary).contains("\"rows\" : " + rows.size());
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i).round()).isEqualTo(20L * i);
        }
    }

    /**
     * Issue 14: a sweep stopped with SIGTERM is completed by {@code dlsim run --resume} in the same
     * folder, with the rows an uninterrupted run gives (all but wall_seconds), the runs that were
     * done kept as they were.
     */
    @Test
    void aSweepStoppedWithSigtermIsCompletedByRunResumeWithTheSameRows(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("sweep.yaml");
        Files.writeString(scenario, """
                name: sweep
                nodes: 8
                rounds: 6000
                eval-every: 20
                data: { type: synthetic-logistic, samples-per-node: 100, dimension: 20 }
                model: { type: logistic }
                algorithm: { type: dsgd, step-size: 0.1 }
                topology: { type: ring }
                sweep:
                  seed: [1, 2, 3]
                """);
        Path out = dir.resolve("out");
        Path log = dir.resolve("log.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DlsimCommand.class.getName(),
                // One run at a time (a sweep runs side by side by default): the later runs must not have started.
                "run", scenario.toString(), "-o", out.toString(), "--quiet", "--jobs", "1")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Path firstSummary = out.resolve("seed=1").resolve(RunResultsWriter.SUMMARY_JSON);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && !Files.exists(firstSummary)) {
            assertThat(p.isAlive()).as("dlsim run ended early: %s", Files.exists(log) ? Files.readString(log) : "").isTrue();
            Thread.sleep(20);
        }
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String firstStarted = Files.readString(out.resolve("seed=1").resolve(RunResultsWriter.RUN_JSON));
        assertThat(out.resolve("seed=3").resolve(RunResultsWriter.SUMMARY_JSON)).as("stopped before the sweep ended").doesNotExist();

        assertThat(DlsimCommand.execute("run", scenario.toString(), "-o", out.toString(), "--resume", "--quiet")).isZero();
        Path reference = dir.resolve("reference");
        assertThat(DlsimCommand.execute("run", scenario.toString(), "-o", reference.toString(), "--quiet")).isZero();
        for (String run : List.of("seed=1", "seed=2", "seed=3")) {
            assertThat(out.resolve(run).resolve(RunResultsWriter.INCOMPLETE)).doesNotExist();
            assertThat(ShippedScenariosGoldenTest.withoutWallSeconds(Files.readAllLines(out.resolve(run).resolve(RunResultsWriter.METRICS_CSV))))
                    .as(run).isEqualTo(ShippedScenariosGoldenTest.withoutWallSeconds(
                            Files.readAllLines(reference.resolve(run).resolve(RunResultsWriter.METRICS_CSV))));
        }
        assertThat(Files.readString(out.resolve("seed=1").resolve(RunResultsWriter.RUN_JSON))).as("kept, not run again")
                .isEqualTo(firstStarted);
        assertThat(Files.readAllLines(out.resolve("runs.csv"))).hasSameSizeAs(Files.readAllLines(reference.resolve("runs.csv")));
    }

    /**
     * Issue 10, finding 7: SIGTERM in the middle of a sweep, at random moments, three times: the
     * finished run stays complete, the running one is incomplete with its summary, no later run
     * starts, the report is written, and nothing but one-line messages reaches the terminal.
     */
    @Test
    void aStoppedSweepEndsTheSameWayEveryTime(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("sweep.yaml");
        Files.writeString(scenario, SWEEP);
        java.util.SplittableRandom random = new java.util.SplittableRandom();
        for (int attempt = 0; attempt < 3; attempt++) {
            Path out = dir.resolve("out" + attempt);
            Path log = dir.resolve("log" + attempt + ".txt");
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), DlsimCommand.class.getName(),
                    // One run at a time: at most one run is incomplete ("--jobs 2" has its own test below).
                    "run", scenario.toString(), "-o", out.toString(), "--quiet", "--jobs", "1")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Path firstSummary = out.resolve("seed=1").resolve(RunResultsWriter.SUMMARY_JSON);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline && !Files.exists(firstSummary)) {
                assertThat(p.isAlive()).as("dlsim run ended early: %s", Files.exists(log) ? Files.readString(log) : "").isTrue();
                Thread.sleep(20);
            }
            Thread.sleep(random.nextInt(1200));
            assertThat(p.isAlive()).isTrue();
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String text = Files.readString(log);
            assertThat(text).as("attempt %d", attempt).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("already");
            List<Path> runs;
            try (var listing = Files.list(out)) {
                runs = listing.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().equals("plots")).sorted().toList();
            }
            int incomplete = 0;
            for (Path run : runs) {
                assertThat(run.resolve(RunResultsWriter.SUMMARY_JSON)).as("%s has a summary", run).exists();
                String summary = Files.readString(run.resolve(RunResultsWriter.SUMMARY_JSON));
                if (summary.contains("\"status\" : \"incomplete\"")) {
                    incomplete++;
                    assertThat(summary).contains("interrupted");
                    assertThat(run.resolve(RunResultsWriter.INCOMPLETE)).exists();
                } else {
                    assertThat(summary).contains("\"status\" : \"complete\"");
                    assertThat(run.resolve(RunResultsWriter.INCOMPLETE)).doesNotExist();
                }
            }
            assertThat(incomplete).as("attempt %d: runs %s", attempt, runs).isLessThanOrEqualTo(1);
            // No run starts after the stop: the folders are seeds 1..k, at most the last incomplete.
            for (int k = 0; k < runs.size(); k++) {
                assertThat(runs.get(k).getFileName().toString()).isEqualTo("seed=" + (k + 1));
                if (k < runs.size() - 1) {
                    assertThat(Files.readString(runs.get(k).resolve(RunResultsWriter.SUMMARY_JSON))).contains("\"status\" : \"complete\"");
                }
            }
            assertThat(out.resolve("report.html")).as("attempt %d: %s", attempt, text).exists();
        }
    }

    /**
     * Issue 14: SIGTERM during a {@code --jobs 2} sweep: every run folder has its summary.json (the
     * runs that were running, at most two, incomplete and marked; the others complete), no run
     * starts after the stop, and the comparison and report are written for the runs there are,
     * in run order.
     */
    @Test
    void aSweepOfTwoJobsStoppedWithSigtermEndsEveryRunWithItsSummaryAndWritesTheReport(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("sweep.yaml");
        Files.writeString(scenario, SWEEP);
        Path out = dir.resolve("out");
        Path log = dir.resolve("log.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DlsimCommand.class.getName(),
                "run", scenario.toString(), "-o", out.toString(), "--jobs", "2")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && !Files.exists(out.resolve("seed=1").resolve(RunResultsWriter.SUMMARY_JSON))
                && !Files.exists(out.resolve("seed=2").resolve(RunResultsWriter.SUMMARY_JSON))) {
            assertThat(p.isAlive()).as("dlsim run ended early: %s", Files.exists(log) ? Files.readString(log) : "").isTrue();
            Thread.sleep(20);
        }
        Thread.sleep(new java.util.SplittableRandom().nextInt(1200));
        assertThat(p.isAlive()).isTrue();
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = Files.readString(log);
        assertThat(text).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("already");
        List<String> runs;
        try (var listing = Files.list(out)) {
            runs = listing.filter(Files::isDirectory).map(d -> d.getFileName().toString()).filter(n -> !n.equals("plots")).sorted()
                    .toList();
        }
        assertThat(runs).as(text).isNotEmpty();
        int incomplete = 0;
        for (String run : runs) {
            Path runDir = out.resolve(run);
            assertThat(runDir.resolve(RunResultsWriter.SUMMARY_JSON)).as("%s has a summary: %s", run, text).exists();
            String summary = Files.readString(runDir.resolve(RunResultsWriter.SUMMARY_JSON));
            if (summary.contains("\"status\" : \"incomplete\"")) {
                incomplete++;
                assertThat(summary).contains("interrupted");
                assertThat(runDir.resolve(RunResultsWriter.INCOMPLETE)).exists();
            } else {
                assertThat(summary).contains("\"status\" : \"complete\"");
                assertThat(runDir.resolve(RunResultsWriter.INCOMPLETE)).doesNotExist();
            }
        }
        assertThat(incomplete).as("runs %s", runs).isLessThanOrEqualTo(2);
        // Runs start in order, two at a time: the folders are seeds 1..k.
        for (int k = 0; k < runs.size(); k++) {
            assertThat(runs.get(k)).isEqualTo("seed=" + (k + 1));
        }
        assertThat(out.resolve("report.html")).as(text).exists();
        // The comparison has every run there is, the completed ones included, in run order.
        List<String> comparison = Files.readAllLines(out.resolve("comparison.csv"));
        assertThat(comparison).hasSize(runs.size() + 1);
        for (int k = 0; k < runs.size(); k++) {
            assertThat(comparison.get(k + 1)).contains(",seed=" + (k + 1) + ",");
        }
    }
}

package io.dlsim.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dlsim.simulator.BuildInfo;
import io.dlsim.simulator.cli.TopologyCommandTest.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dlsim run}: {@code --set} / {@code --sweep}, {@code -q}, and what a run folder records. */
class RunCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** metrics.csv without its wall_seconds column, the one column engines and runs may differ in. */
    static List<String> metricsWithoutWallClock(Path metricsCsv) throws IOException {
        List<String> lines = Files.readAllLines(metricsCsv);
        assertThat(Arrays.asList(lines.get(0).split(",", -1))).contains("wall_seconds");
        return withoutWallClock(lines);
    }

    /**
     * CSV lines (no line breaks in cells) without their wall-clock columns: every column whose name
     * starts with {@code wall_seconds} (aggregate.csv has {@code wall_seconds_mean}, {@code _sd}).
     */
    static List<String> withoutWallClock(List<String> lines) {
        List<String> header = Arrays.asList(lines.get(0).split(CSV_COMMA, -1));
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            List<String> cells = Arrays.asList(line.split(CSV_COMMA, -1));
            List<String> kept = new ArrayList<>();
            for (int c = 0; c < cells.size(); c++) {
                if (c >= header.size() || !header.get(c).startsWith("wall_seconds")) {
                    kept.add(cells.get(c));
                }
            }
            out.add(String.join(",", kept));
        }
        return out;
    }

    /** A comma outside double quotes (run names such as "type=ring,seed=1" are quoted). */
    private static final String CSV_COMMA = ",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)";

    /** A sweep of 4 runs whose runs are large enough for the actor engine to split them into blocks. */
    static final String BLOCKS_SWEEP = """
            name: jobs
            nodes: 64
            rounds: 30
            eval-every: 10
            data: { type: synthetic-logistic, samples-per-node: 8, test-samples: 50, dimension: 300 }
            model: { type: logistic }
            algorithm: { type: dsgd, step-size: 0.1, batch-size: 2 }
            topology: { type: ring }
            sweep:
              topology.type: [ring, torus]
              seed: [1, 2]
            """;

    /**
     * Issue 14: {@code --jobs 2} runs the sweep two runs at a time with the results of one at a time:
     * the same folders, every metrics.csv bit for bit but wall_seconds, and comparison.csv,
     * runs.csv and aggregate.csv with the same rows in the same (run) order.
     */
    @Test
    void jobsTwoGivesTheResultsOfJobsOne(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("jobs.yaml"), BLOCKS_SWEEP);
        Path serial = dir.resolve("serial");
        Result one = TopologyCommandTest.run("run", file.toString(), "-q", "-o", serial.toString(), "--jobs", "1");
        assertThat(one.exitCode()).as(one.err()).isZero();
        Path parallel = dir.resolve("parallel");
        Result two = TopologyCommandTest.run("run", file.toString(), "-q", "-o", parallel.toString(), "--jobs", "2");
        assertThat(two.exitCode()).as(two.err()).isZero();
        assertThat(two.out()).isEqualTo(parallel + System.lineSeparator());
        // The default (auto): one run per core, each on one block (issue 11), still the results of one at a time.
        Path auto = dir.resolve("auto");
        Result byDefault = TopologyCommandTest.run("run", file.toString(), "-o", auto.toString());
        assertThat(byDefault.exitCode()).as(byDefault.err()).isZero();
        int processors = Runtime.getRuntime().availableProcessors();
        if (processors > 1) {
            assertThat(byDefault.err()).contains("dlsim run: " + RunCommand.autoJobsLine(4, Math.min(4, processors)));
            assertThat(RunCommand.autoJobsLine(4, 2)).isEqualTo(processors / 2 == 1
                    ? "4 runs, 2 at a time, each on one core (--jobs 1: one at a time on every core)"
                    : "4 runs, 2 at a time, each on " + processors / 2 + " cores (--jobs 1: one at a time on every core)");
        }

        for (Path other : List.of(parallel, auto)) {
            assertThat(runFolders(other)).hasSize(4).isEqualTo(runFolders(serial));
            for (String run : runFolders(serial)) {
                assertThat(metricsWithoutWallClock(other.resolve(run).resolve("metrics.csv"))).as(run)
                        .isEqualTo(metricsWithoutWallClock(serial.resolve(run).resolve("metrics.csv")));
                assertThat(JSON.readTree(other.resolve(run).resolve("summary.json").toFile()).get("status").asText())
                        .isEqualTo("complete");
            }
            for (String table : List.of("comparison.csv", "runs.csv", "aggregate.csv")) {
                assertThat(withoutWallClock(Files.readAllLines(other.resolve(table)))).as(table)
                        .isEqualTo(withoutWallClock(Files.readAllLines(serial.resolve(table))));
            }
            assertThat(Files.readAllLines(other.resolve("comparison.csv")).get(1)).contains("type=ring,seed=1");
            assertThat(other.resolve("report.html")).exists();
        }

        // dlsim resume takes --jobs too: a complete experiment is kept as it is.
        Result resumed = TopologyCommandTest.run("resume", parallel.toString(), "-q", "--jobs", "3");
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    }

    @Test
    void aBadJobsIsOneLineAndExitCode2(@TempDir Path dir) throws IOException {
        Path file = DlsimCommandTest.tinyScenario(dir);
        for (String bad : List.of("0", "-1", "x", "2.5", "")) {
            DlsimCommandTest.assertOneLine(run(file, "-o", dir.resolve("out").toString(), "--jobs", bad), 2,
                    "dlsim run: error: --jobs: must be a whole number >= 1 or auto, got '" + bad + "'");
        }
        DlsimCommandTest.assertOneLine(TopologyCommandTest.run("resume", dir.resolve("out").toString(), "--jobs", "0"), 2,
                "dlsim resume: error: --jobs: must be a whole number >= 1 or auto, got '0'");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    static List<String> runFolders(Path experiment) throws IOException {
        try (Stream<Path> s = Files.list(experiment)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("metrics.csv"))).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void setAndSweepGiveTheRunsOfTheEditedFileBitForBitAndQuietPrintsTheFolder(@TempDir Path dir) throws IOException {
        Path file = DlsimCommandTest.tinyScenario(dir);
        Path out = dir.resolve("by-options");
        Result r = TopologyCommandTest.run("run", file.toString(), "-q", "--engine", "sequential", "-o", out.toString(),
                "--set", "algorithm.step-size=0.05", "--set", "topology={type: complete}", "--sweep", "seed=[2, 3]");
        assertThat(r.exitCode()).as(r.err()).isZero();
        // -q: the results folder alone on stdout, for dir=$(dlsim run -q ...).
        assertThat(r.out()).isEqualTo(out + System.lineSeparator());

        Path edited = Files.writeString(dir.resolve("edited.yaml"), DlsimCommandTest.TINY
                .replace("step-size: 0.1", "step-size: 0.05").replace("topology: { type: ring }", "topology: { type: complete }")
                + "sweep:\n  seed: [2, 3]\n");
        Path byHand = dir.resolve("by-hand");
        Result h = TopologyCommandTest.run("run", edited.toString(), "-q", "--engine", "sequential", "-o", byHand.toString());
        assertThat(h.exitCode()).as(h.err()).isZero();

        assertThat(runFolders(out)).containsExactly("seed=2", "seed=3").isEqualTo(runFolders(byHand));
        for (String run : runFolders(out)) {
            assertThat(metricsWithoutWallClock(out.resolve(run).resolve("metrics.csv")))
                    .isEqualTo(metricsWithoutWallClock(byHand.resolve(run).resolve("metrics.csv")));
            // The resolved scenario records the overrides as the edited file has them.
            assertThat(out.resolve(run).resolve("scenario.yaml")).hasSameTextualContentAs(byHand.resolve(run).resolve("scenario.yaml"));
            assertThat(Files.readString(out.resolve(run).resolve("scenario.yaml"))).contains("step-size: 0.05").contains("type: complete");
        }
        JsonNode experiment = JSON.readTree(out.resolve("experiment.json").toFile());
        assertThat(experiment.get("set")).extracting(JsonNode::asText).containsExactly("algorithm.step-size=0.05", "topology={type: complete}");
        assertThat(experiment.get("sweep")).extracting(JsonNode::asText).containsExactly("seed=[2, 3]");

        // resume reads the runs with the same overrides: the finished runs are recognised and kept as they are.
        Result resumed = TopologyCommandTest.run("resume", out.toString(), "-q");
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).isEqualTo(out + System.lineSeparator());
    }

    @Test
    void aBadSetKeyGetsTheErrorOfTheEditedFileAndExitCode2(@TempDir Path dir) throws IOException {
        Path file = DlsimCommandTest.tinyScenario(dir);
        Result r = TopologyCommandTest.run("run", file.toString(), "-q", "-o", dir.resolve("out").toString(), "--set", "algorithm.step-sise=1");
        DlsimCommandTest.assertOneLine(r, 2, "dlsim run: error: " + file + ": algorithm.step-sise: unknown key (did you mean 'step-size'?)");
        assertThat(dir.resolve("out")).doesNotExist();

        Path edited = Files.writeString(dir.resolve("tiny.yaml"), DlsimCommandTest.TINY.replace("step-size: 0.1", "step-size: 0.1, step-sise: 1"));
        Result h = TopologyCommandTest.run("validate", edited.toString());
        assertThat(h.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo(h.err().replace("dlsim validate:", "dlsim run:"));

        // validate takes the same options, and a malformed option is one line naming it.
        DlsimCommandTest.assertOneLine(TopologyCommandTest.run("validate", DlsimCommandTest.tinyScenario(dir).toString(), "--sweep", "seed=4"),
                2, "dlsim validate: error: --sweep seed: the value must be a non-empty list, e.g. seed=[1,2,3], got '4'");
    }

    private static String started(Path runDir) throws IOException {
        return JSON.readTree(runDir.resolve("run.json").toFile()).get("started").asText();
    }

    private static Result run(Path file, String... more) {
        List<String> args = new ArrayList<>(List.of("run", file.toString(), "-q", "--engine", "sequential"));
        args.addAll(List.of(more));
        return TopologyCommandTest.run(args.toArray(String[]::new));
    }

    @Test
    void onlyRunsTheNamedRunAndResumeCompletesTheExperimentKeepingTheRunsThatAreDone(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("s.yaml"), DlsimCommandTest.TINY + "sweep:\n  seed: [1, 2, 3]\n");
        Path out = dir.resolve("out");
        Result one = run(file, "-o", out.toString(), "--only", "seed=2");
        assertThat(one.exitCode()).as(one.err()).isZero();
        assertThat(runFolders(out)).containsExactly("seed=2");
        assertThat(Files.readAllLines(out.resolve("comparison.csv"))).hasSize(2);
        String startedTwo = started(out.resolve("seed=2"));

        Result rest = run(file, "-o", out.toString(), "--resume");
        assertThat(rest.exitCode()).as(rest.err()).isZero();
        assertThat(runFolders(out)).containsExactly("seed=1", "seed=2", "seed=3");
        assertThat(started(out.resolve("seed=2"))).as("the finished run is kept, not run again").isEqualTo(startedTwo);
        assertThat(Files.readAllLines(out.resolve("comparison.csv"))).hasSize(4).element(1).asString().contains("seed=1");

        // A run stopped half-way (what SIGTERM leaves: the marker, an incomplete summary, some rows) is run again.
        Path three = out.resolve("seed=3");
        List<String> complete = metricsWithoutWallClock(three.resolve("metrics.csv"));
        List<String> lines = Files.readAllLines(three.resolve("metrics.csv"));
        Files.write(three.resolve("metrics.csv"), lines.subList(0, 2));
        Files.writeString(three.resolve("INCOMPLETE"), "stopped\n");
        Files.writeString(three.resolve("summary.json"), "{\"status\": \"incomplete\"}\n");
        String startedOne = started(out.resolve("seed=1"));
        Result again = run(file, "-o", out.toString(), "--resume");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(three.resolve("INCOMPLETE")).doesNotExist();
        assertThat(metricsWithoutWallClock(three.resolve("metrics.csv"))).isEqualTo(complete);
        assertThat(started(out.resolve("seed=1"))).isEqualTo(startedOne);

        // dlsim resume continues the runs the experiment has: an --only experiment does not grow into the whole sweep.
        Path single = dir.resolve("single");
        assertThat(run(file, "-o", single.toString(), "--only", "seed=3").exitCode()).isZero();
        Files.writeString(single.resolve("seed=3").resolve("INCOMPLETE"), "stopped\n");
        Result resumed = TopologyCommandTest.run("resume", single.toString(), "-q");
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(runFolders(single)).containsExactly("seed=3");
    }

    @Test
    void onlyAndResumeRefuseWhatTheyCannotDoWithOneLine(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("s.yaml"), DlsimCommandTest.TINY + "sweep:\n  seed: [1, 2]\n");
        DlsimCommandTest.assertOneLine(run(file, "-o", dir.resolve("a").toString(), "--only", "seed=4"), 2,
                "dlsim run: error: --only seed=4: no run of the sweep has this name (did you mean 'seed=1'?)");
        DlsimCommandTest.assertOneLine(run(file, "-o", dir.resolve("a").toString(), "--only", "complete"), 2,
                "dlsim run: error: --only complete: no run of the sweep has this name; the runs are seed=1, seed=2");
        DlsimCommandTest.assertOneLine(run(file, "--resume"), 2, "dlsim run: error: --resume: needs -o DIR");
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve("notes.txt"), "mine");
        DlsimCommandTest.assertOneLine(run(file, "-o", other.toString(), "--resume"), 2,
                "--resume completes an experiment folder (one with experiment.json), but this folder holds something else");
        assertThat(dir.resolve("a")).doesNotExist();
        Path experiment = dir.resolve("b");
        assertThat(run(file, "-o", experiment.toString(), "--only", "seed=1").exitCode()).isZero();
        Path another = Files.writeString(dir.resolve("another.yaml"), DlsimCommandTest.TINY);
        DlsimCommandTest.assertOneLine(run(another, "-o", experiment.toString(), "--resume"), 2,
                experiment + ": holds an experiment of " + file.toAbsolutePath().normalize() + ", not of ");
    }

    @Test
    void resumeWithMoreSeedsExtendsAnExperimentKeepingTheRunsItHas(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("s.yaml"), DlsimCommandTest.TINY + "sweep:\n  seed: [1, 2]\n");
        Path out = dir.resolve("out");
        assertThat(run(file, "-o", out.toString()).exitCode()).isZero();
        String startedOne = started(out.resolve("seed=1"));
        Result more = run(file, "-o", out.toString(), "--resume", "--sweep", "seed=[1, 2, 3]");
        assertThat(more.exitCode()).as(more.err()).isZero();
        assertThat(runFolders(out)).containsExactly("seed=1", "seed=2", "seed=3");
        assertThat(started(out.resolve("seed=1"))).isEqualTo(startedOne);
        assertThat(Files.readAllLines(out.resolve("runs.csv")).stream().filter(l -> l.startsWith("seed=3,"))).isNotEmpty();
    }

    @Test
    void runJsonRecordsTheParamsAndTheCommitTheJarWasBuiltFrom(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("s.yaml"), DlsimCommandTest.TINY + "sweep:\n  algorithm.step-size: [0.1, 0.2]\n  seed: [5]\n");
        Path out = dir.resolve("out");
        Result r = TopologyCommandTest.run("run", file.toString(), "-q", "--engine", "sequential", "-o", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode run = JSON.readTree(out.resolve("step-size=0.2,seed=5").resolve("run.json").toFile());
        assertThat(run.get("params").fieldNames()).toIterable().containsExactly("algorithm.step-size", "seed");
        assertThat(run.get("params").get("algorithm.step-size").isNumber()).isTrue();
        assertThat(run.get("params").get("algorithm.step-size").asDouble()).isEqualTo(0.2);
        assertThat(run.get("params").get("seed").asLong()).isEqualTo(5);
        if (BuildInfo.commit().isPresent()) {
            assertThat(run.get("commit").asText()).isEqualTo(BuildInfo.commit().get()).matches("[0-9a-f]{40}(-dirty)?");
        } else {
            assertThat(run.has("commit")).as("no commit key when the build did not know it").isFalse();
        }
    }
}

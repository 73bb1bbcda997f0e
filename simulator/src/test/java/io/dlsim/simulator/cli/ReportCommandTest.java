package io.dlsim.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlsim.simulator.cli.TopologyCommandTest.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dlsim report DIR...}: the report rebuilt from the run folders, or merged from several experiments. */
class ReportCommandTest {
    private static final String SWEEP = DlsimCommandTest.TINY + "sweep:\n  topology.type: [ring, complete]\n  seed: [1, 2]\n";

    private static Result run(String... args) {
        return TopologyCommandTest.run(args);
    }

    /** report.html without the line that says when it was generated (the one wall-clock part of the page). */
    private static List<String> reportWithoutItsTime(Path html) throws IOException {
        return Files.readAllLines(html).stream().map(l -> l.replaceAll("report generated [0-9T:\\-]+Z", "report generated ...")).toList();
    }

    private static List<String> plots(Path experiment) throws IOException {
        try (Stream<Path> s = Files.list(experiment.resolve("plots"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theRebuiltReportEqualsTheOneTheExperimentWrote(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("s.yaml"), SWEEP);
        Path out = dir.resolve("out");
        Result r = run("run", file.toString(), "-q", "--engine", "sequential", "-o", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> tables = List.of("comparison.csv", "runs.csv", "aggregate.csv");
        List<List<String>> written = new ArrayList<>();
        for (String t : tables) {
            written.add(Files.readAllLines(out.resolve(t)));
            Files.delete(out.resolve(t));
        }
        List<String> html = reportWithoutItsTime(out.resolve("report.html"));
        List<String> plots = plots(out);
        Files.delete(out.resolve("report.html"));

        Result rebuilt = run("report", out.toString());
        assertThat(rebuilt.exitCode()).as(rebuilt.err()).isZero();
        assertThat(rebuilt.out()).isEqualTo("report: " + out.resolve("report.html") + System.lineSeparator());
        // The runs' files hold every number the report shows, wall_seconds included: the tables are the same bytes.
        for (int k = 0; k < tables.size(); k++) {
            assertThat(Files.readAllLines(out.resolve(tables.get(k)))).as(tables.get(k)).isEqualTo(written.get(k));
        }
        assertThat(reportWithoutItsTime(out.resolve("report.html"))).isEqualTo(html);
        assertThat(plots(out)).isEqualTo(plots);

        // Elsewhere: -o a new folder gets the same report; the experiment folder is left as it is.
        Path copy = dir.resolve("copy");
        Result elsewhere = run("report", out.toString(), "-o", copy.toString(), "-q");
        assertThat(elsewhere.exitCode()).as(elsewhere.err()).isZero();
        assertThat(elsewhere.out()).isEqualTo(copy + System.lineSeparator());
        assertThat(Files.readAllLines(copy.resolve("comparison.csv"))).isEqualTo(written.get(0));
    }

    @Test
    void aMergeOfTwoExperimentsHasEveryRunInTheOrderGiven(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("s.yaml"), DlsimCommandTest.TINY + "sweep:\n  seed: [1, 2]\n");
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        assertThat(run("run", file.toString(), "-q", "--engine", "sequential", "-o", a.toString()).exitCode()).isZero();
        assertThat(run("run", file.toString(), "-q", "--engine", "sequential", "-o", b.toString(), "--sweep", "seed=[3]").exitCode())
                .isZero();
        Path merged = dir.resolve("merged");
        Result r = run("report", a.toString(), b.toString(), "-o", merged.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> comparison = Files.readAllLines(merged.resolve("comparison.csv"));
        assertThat(comparison).hasSize(4);
        assertThat(comparison.get(1)).startsWith("tiny,seed=1,");
        assertThat(comparison.get(2)).startsWith("tiny,seed=2,");
        // b ran one run, named after its sweep as well.
        assertThat(comparison.get(3)).startsWith("tiny,seed=3,");
        assertThat(Files.readAllLines(merged.resolve("runs.csv"))).hasSize(Files.readAllLines(a.resolve("runs.csv")).size()
                + Files.readAllLines(b.resolve("runs.csv")).size() - 1);
        // The three seeds form one group of the seed aggregation.
        assertThat(Files.readAllLines(merged.resolve("aggregate.csv")).get(1)).startsWith("tiny,0,3,");
        assertThat(merged.resolve("report.html")).exists();
    }

    @Test
    void whatIsNotAnExperimentOrCannotBeMergedIsOneLineAndExitCode2(@TempDir Path dir) throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        DlsimCommandTest.assertOneLine(run("report", empty.toString()), 2,
                "dlsim report: error: " + empty + ": not an experiment folder (no run folder holding run.json and metrics.csv");
        DlsimCommandTest.assertOneLine(run("report", dir.resolve("missing").toString()), 2,
                "dlsim report: error: " + dir.resolve("missing") + ": no such folder");
        Path file = DlsimCommandTest.tinyScenario(dir);
        DlsimCommandTest.assertOneLine(run("report", file.toString()), 2, "dlsim report: error: " + file + ": is not a folder");

        Path a = dir.resolve("a");
        assertThat(run("run", file.toString(), "-q", "--engine", "sequential", "-o", a.toString()).exitCode()).isZero();
        DlsimCommandTest.assertOneLine(run("report", a.toString(), empty.toString()), 2,
                "dlsim report: error: -o OUT: required when merging several experiment folders");
        DlsimCommandTest.assertOneLine(run("report", a.toString(), a.toString(), "-o", dir.resolve("m").toString()), 2,
                "dlsim report: error: run tiny is in both " + a + " and " + a);
        DlsimCommandTest.assertOneLine(run("report", a.toString(), empty.toString(), "-o", dir.resolve("m").toString()), 2,
                ": not an experiment folder");
        assertThat(dir.resolve("m")).doesNotExist();
        Files.writeString(empty.resolve("notes.txt"), "mine");
        DlsimCommandTest.assertOneLine(run("report", a.toString(), "-o", empty.toString()), 2, "the folder is not empty");
        DlsimCommandTest.assertOneLine(run("report"), 2, "dlsim report: error: Missing required parameter");
    }
}

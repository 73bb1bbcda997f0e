package io.dlsim.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlsim.simulator.cli.TopologyCommandTest.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Regressions of issue 10's findings on strict inputs (4, 5, 6, 8, 9, 10, 12), each through the
 * command line as a user meets it: a user mistake is exit 2 with one line per mistake, never a
 * stack trace; running out of memory is one line and exit 1.
 */
class StrictInputsTest {
    private static final String BASE = DlsimCommandTest.TINY;

    private static Path write(Path dir, String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private static Result validate(Path f, String... more) {
        String[] args = new String[more.length + 2];
        args[0] = "validate";
        args[1] = f.toString();
        System.arraycopy(more, 0, args, 2, more.length);
        return TopologyCommandTest.run(args);
    }

    /** Exit 2, every line of stderr a "dlsim CMD: error: FILE: " line, one of them containing {@code expected}. */
    private static void assertRefused(Result r, String command, Path f, String expected) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(expected).doesNotContain("\tat ").doesNotContain("internal error");
        assertThat(r.err().strip().lines()).allSatisfy(l -> assertThat(l).startsWith("dlsim " + command + ": error: " + f));
    }

    // ---- finding 4: paths ----

    @Test
    void finding4_namesDotAndDotDotAreRefused(@TempDir Path dir) throws IOException {
        for (String name : new String[] {".", ".."}) {
            Path f = write(dir, "dots.yaml", BASE.replace("name: tiny", "name: \"" + name + "\""));
            assertRefused(validate(f), "validate", f, "name: must not be '.' or '..'");
            Result r = TopologyCommandTest.run("run", f.toString(), "-q", "-o", dir.resolve("out").toString());
            assertRefused(r, "run", f, "name: must not be '.' or '..'");
            assertThat(dir.resolve("out")).doesNotExist();
        }
    }

    @Test
    void finding4_anEmptyOutputAndANonEmptyExperimentFolderAreRefused(@TempDir Path dir) throws IOException {
        Path f = write(dir, "tiny.yaml", BASE);
        Result r = TopologyCommandTest.run("run", f.toString(), "-q", "-o", "");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("dlsim run: error: -o: must name a folder, got an empty path");

        Path experiment = dir.resolve("experiment");
        Files.createDirectories(experiment.resolve("plots"));
        Files.writeString(experiment.resolve("report.html"), "another experiment's report");
        r = TopologyCommandTest.run("run", f.toString(), "-q", "-o", experiment.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("the folder is not empty").hasLineCount(1);
        assertThat(experiment.resolve("report.html")).hasContent("another experiment's report");

        Path empty = Files.createDirectories(dir.resolve("empty"));
        r = TopologyCommandTest.run("run", f.toString(), "-q", "-o", empty.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(empty.resolve("report.html")).exists();
    }

    // ---- finding 5: sweep cap ----

    @Test
    void finding5_aSweepOfAMillionRunsIsRefusedAtOnceAndMaxRunsLiftsTheCap(@TempDir Path dir) throws IOException {
        StringBuilder values = new StringBuilder();
        for (int i = 1; i <= 1000; i++) {
            values.append(i == 1 ? "" : ", ").append(i);
        }
        Path f = write(dir, "huge.yaml", BASE + "sweep:\n  seed: [" + values + "]\n  rounds: [" + values + "]\n");
        long t0 = System.nanoTime();
        Result r = validate(f);
        assertRefused(r, "validate", f, "sweep: gives 1000000 runs (1000 x 1000), more than the limit of 10000");
        assertThat(r.err()).contains("--max-runs");
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(5);
        assertRefused(TopologyCommandTest.run("run", f.toString(), "-q", "-o", dir.resolve("o").toString()), "run", f, "more than the limit");

        Path small = write(dir, "small.yaml", BASE + "sweep:\n  seed: [1, 2, 3]\n");
        assertRefused(validate(small, "--max-runs", "2"), "validate", small, "sweep: gives 3 runs (3), more than the limit of 2");
        assertThat(validate(small, "--max-runs", "3").exitCode()).isZero();
    }

    // ---- finding 6: memory ----

    @Test
    void finding6_fiftyMillionNodesAreRefusedBeforeTheTopologyIsBuilt(@TempDir Path dir) throws IOException {
        Path f = write(dir, "big.yaml", BASE.replace("nodes: 4", "nodes: 50000000"));
        Result r = validate(f);
        assertRefused(r, "validate", f, "nodes: needs about");
        assertThat(r.err()).contains("reduce nodes").hasLineCount(1);
    }

    @Test
    void finding6_aBillionExampleBatchIsRefusedByValidate(@TempDir Path dir) throws IOException {
        Path f = write(dir, "batch.yaml", BASE.replace("batch-size: 2", "batch-size: 1000000000"));
        Result r = validate(f);
        assertRefused(r, "validate", f, "algorithm.batch-size: needs about");
        assertThat(r.err()).contains("reduce algorithm.batch-size").hasLineCount(1);
    }

    @Test
    void finding6_aLibsvmFeatureIndexOf2147483647IsOneLineNotANegativeArraySize(@TempDir Path dir) throws IOException {
        write(dir, "huge.svm", "1 1:0.5 2147483647:1\n0 1:0.1\n1 2:1\n0 1:1\n1 3:1\n0 2:1\n1 1:1\n0 3:1\n");
        Path f = write(dir, "svm.yaml", BASE.replace("data: { type: synthetic-logistic, samples-per-node: 10, test-samples: 20, dimension: 4 }",
                "data: { type: libsvm, path: huge.svm }"));
        Result r = validate(f);
        assertRefused(r, "validate", f, "feature index 2147483647 is larger than");
        assertThat(r.err()).hasLineCount(1);
    }

    @Command(name = "oom")
    static final class OutOfMemory implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    @Test
    void finding6_anOutOfMemoryErrorIsOneLineNamingWhatToReduceAndExit1() {
        CommandLine cl = DlsimCommand.newCommandLine();
        cl.addSubcommand(new OutOfMemory());
        Result r = TopologyCommandTest.run(cl, "oom");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("dlsim oom: error: out of memory").contains("reduce nodes", "batch-size", "-Xmx")
                .doesNotContain("\tat ").doesNotContain("internal error");
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @Test
    void outOfMemoryInTheMatrixCommandsNamesTheirOwnOptions() {
        java.io.StringWriter topology = new java.io.StringWriter();
        DlsimCommand.outOfMemory(new java.io.PrintWriter(topology), "topology");
        assertThat(topology.toString().strip()).startsWith("dlsim topology: error: out of memory").contains("reduce --nodes", "-Xmx")
                .doesNotContain("batch-size");
        java.io.StringWriter schedule = new java.io.StringWriter();
        DlsimCommand.outOfMemory(new java.io.PrintWriter(schedule), "schedule");
        assertThat(schedule.toString().strip()).contains("reduce --nodes", "--window", "-Xmx").doesNotContain("batch-size");
    }

    // ---- finding 8: validate = run's checks ----

    @Test
    void finding8_validateRefusesWhatOnlyTheRunFoundBeforeNamingTheRunAndAllAtOnce(@TempDir Path dir) throws IOException {
        // 4 nodes x 10 samples = 40 examples, 20% test: 32 train examples; 40 nodes cannot each get one.
        Path f = write(dir, "data.yaml", BASE.replace("data: { type: synthetic-logistic, samples-per-node: 10, test-samples: 20, dimension: 4 }",
                "data: { type: breast-cancer, data-dir: " + Path.of("../scenarios/data").toAbsolutePath().normalize() + " }")
                + "sweep:\n  nodes: [4, 500, 600]\n");
        Result r = validate(f);
        assertRefused(r, "validate", f, "run nodes=500: partition.nodes: must be <= ");
        assertThat(r.err()).contains("run nodes=600: partition.nodes: must be <= ").doesNotContain("nodes=4:");
        assertThat(r.err().strip().lines()).hasSize(2);
        Path out = dir.resolve("out");
        r = TopologyCommandTest.run("run", f.toString(), "-q", "-o", out.toString());
        assertRefused(r, "run", f, "run nodes=500: partition.nodes");
        assertThat(out).doesNotExist(); // nothing ran: not even the valid first run
    }

    // ---- finding 9: YAML semantics ----

    @Test
    void finding9_duplicateKeysAreErrorsNamingTheKeyAndTheLine(@TempDir Path dir) throws IOException {
        Path f = write(dir, "dup.yaml", BASE.replace("{ type: dsgd, step-size: 0.1, batch-size: 2 }", "{ type: dsgd, step-size: 0.1, step-size: 5 }"));
        assertRefused(validate(f), "validate", f, "line 6, column 42: not valid YAML: duplicate key 'step-size' (first given on line 6)");
        Path top = write(dir, "dup2.yaml", BASE + "rounds: 8\n");
        assertRefused(validate(top), "validate", top, "line 8, column 1: not valid YAML: duplicate key 'rounds' (first given on line 3)");
    }

    @Test
    void finding9_anAliasIsTheAnchoredValueAndAMissingAnchorOrABombIsRefused(@TempDir Path dir) throws IOException {
        Path f = write(dir, "alias.yaml", BASE.replace("name: tiny", "description: &nm aliased").replace("rounds: 4", "rounds: 4\nname: *nm"));
        Result r = validate(f);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("aliased ").doesNotContain("nm ");

        Path missing = write(dir, "missing.yaml", BASE.replace("name: tiny", "name: *nowhere"));
        assertRefused(validate(missing), "validate", missing, "not valid YAML: found undefined alias nowhere");

        StringBuilder bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 10; i++) {
            bomb.append("a").append(i).append(": &a").append(i).append(" [");
            for (int k = 0; k < 10; k++) {
                bomb.append(k == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            bomb.append("]\n");
        }
        Path laughs = write(dir, "laughs.yaml", bomb.toString());
        long t0 = System.nanoTime();
        r = validate(laughs);
        assertRefused(r, "validate", laughs, "not valid YAML: ");
        assertThat(r.err()).containsAnyOf("aliases", "max=");
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(5);
    }

    @Test
    void finding9_nanAndInfAreNumbersRefusedByTheFieldNotInvalidYaml(@TempDir Path dir) throws IOException {
        Path f = write(dir, "nan.yaml", BASE.replace("step-size: 0.1", "step-size: .nan").replace("dimension: 4", "dimension: .inf")
                .replace("rounds: 4", "rounds: -.inf"));
        Result r = validate(f);
        assertRefused(r, "validate", f, "algorithm.step-size: must be a finite number, got .nan");
        assertThat(r.err()).contains("data.dimension: must be a finite number, got .inf", "rounds: must be a finite number, got -.inf")
                .doesNotContain("not valid YAML");
    }

    // ---- finding 10: size first ----

    @Test
    void finding10_aFileAbove1MiBIsRefusedBeforeParsingInOneLine(@TempDir Path dir) throws IOException {
        Path f = write(dir, "large.yaml", BASE.replace("name: tiny", "name: " + "x".repeat(50_000_000)));
        long t0 = System.nanoTime();
        Result r = validate(f);
        assertRefused(r, "validate", f, "is too large for a scenario file (50000");
        assertThat(r.err()).contains("at most 1048576 characters").hasLineCount(1);
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(3);
        // Just under the limit: parsed, and refused for the name, quickly.
        Path g = write(dir, "near.yaml", BASE.replace("name: tiny", "name: " + "x".repeat(1_000_000) + "!"));
        t0 = System.nanoTime();
        assertRefused(validate(g), "validate", g, "name: use letters");
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(5);
    }

    // ---- finding 12: smaller ----

    @Test
    void finding12_aDirectoryOrDevNullGivenAsTheScenarioSaysWhatItIs(@TempDir Path dir) {
        Result r = validate(dir);
        assertRefused(r, "validate", dir, "is a directory");
        Path devNull = Path.of("/dev/null");
        if (Files.exists(devNull)) {
            assertRefused(validate(devNull), "validate", devNull, "is not a regular file");
        }
    }

    @Test
    void finding12_roundsOf1e18IsOutOfRangeNotNotAWholeNumber(@TempDir Path dir) throws IOException {
        Path f = write(dir, "r.yaml", BASE.replace("rounds: 4", "rounds: 1e18"));
        assertRefused(validate(f), "validate", f, "rounds: is out of range: at most 10^15");
        Path g = write(dir, "n.yaml", BASE.replace("nodes: 4", "nodes: 1e12"));
        assertRefused(validate(g), "validate", g, "nodes: is out of range: at most 2147483647");
    }

    @Test
    void finding12_oneNodeIsRefusedAsTheDocsSay(@TempDir Path dir) throws IOException {
        Path f = write(dir, "one.yaml", BASE.replace("nodes: 4", "nodes: 1"));
        assertRefused(validate(f), "validate", f, "nodes: must be >= 2, got 1");
    }

    @Test
    void finding12_aTargetGapThatMakesWTheIdentityIsRefused(@TempDir Path dir) throws IOException {
        Path f = write(dir, "gap.yaml", BASE.replace("topology: { type: ring }", "topology: { type: ring, target-gap: 1e-300 }"));
        assertRefused(validate(f), "validate", f, "target-gap: 1.0E-300 needs the laziness alpha");
        Path ok = write(dir, "gapok.yaml", BASE.replace("topology: { type: ring }", "topology: { type: ring, target-gap: 1e-6 }"));
        assertThat(validate(ok).exitCode()).isZero();
    }

    @Test
    void finding12_aRowButNotDoublyStochasticExplicitWIsAWarning(@TempDir Path dir) throws IOException {
        // Node 0 keeps 0.5 and takes 0.5 from node 1; the others average with both neighbours: rows sum to 1, columns do not.
        write(dir, "w.txt", "0 0 0.5\n0 1 0.5\n1 0 0.25\n1 1 0.5\n1 2 0.25\n2 1 0.25\n2 2 0.5\n2 3 0.25\n3 2 0.5\n3 3 0.5\n");
        Path f = write(dir, "w.yaml", BASE.replace("topology: { type: ring }", "topology: { type: file, path: w.txt }"));
        Result r = validate(f);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err().strip()).startsWith("dlsim validate: warning: " + f + ": topology: the explicit W is row stochastic but not "
                + "doubly stochastic").contains("dsgd").hasLineCount(1);
    }

    @Test
    void finding12_aBatchLargerThanTheShardIsAWarning(@TempDir Path dir) throws IOException {
        Path f = write(dir, "b.yaml", BASE.replace("batch-size: 2", "batch-size: 64"));
        Result r = validate(f);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err().strip()).startsWith("dlsim validate: warning: " + f + ": algorithm.batch-size: 64 is larger than the shard of node")
                .hasLineCount(1);
    }

    // ---- found by ScenarioFuzzTest ----

    @Test
    void fuzzFound_aListAsATopologyParameterIsOneErrorNotAConstructorFailure(@TempDir Path dir) throws IOException {
        Path f = write(dir, "p.yaml", BASE.replace("topology: { type: ring }", "topology: { type: erdos-renyi, p: [[[[]]]] }"));
        Result r = validate(f);
        assertRefused(r, "validate", f, "topology.params.p: must be a single value, got a list");
        assertThat(r.err()).doesNotContain("Cannot construct").doesNotContain("Exception").hasLineCount(1);
    }
}

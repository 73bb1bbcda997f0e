package io.dlsim.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class TopologyCommandTest {
    record Result(int exitCode, String out, String err) {
    }

    static Result run(String... args) {
        return run(DlsimCommand.newCommandLine(), args);
    }

    /** Runs {@code cl} (the dlsim command line, perhaps with a test's subcommand added) and captures what it printed. */
    static Result run(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void jsonHasExactlyThePromisedKeysFirstAndZhuLambdas() throws IOException {
        Result r = run("topology", "ring", "--nodes", "64", "--format", "json");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).as("one JSON object, then a line end").endsWith("}" + System.lineSeparator());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.fieldNames()).toIterable().startsWith("type", "nodes", "edges", "mixing", "symmetric",
                "doublyStochastic", "columnStochastic", "lambda2", "lambdaMin", "lambda", "spectralGap", "spectralGapSquared");
        assertThat(json.get("type").asText()).isEqualTo("ring");
        assertThat(json.get("nodes").asInt()).isEqualTo(64);
        assertThat(json.get("edges").asInt()).isEqualTo(64);
        assertThat(json.get("mixing").asText()).isEqualTo("metropolis-hastings");
        assertThat(json.get("symmetric").asBoolean()).isTrue();
        assertThat(json.get("doublyStochastic").asBoolean()).isTrue();
        assertThat(json.get("lambda").asDouble()).isCloseTo(0.9968, org.assertj.core.data.Offset.offset(5e-5));
        assertThat(json.get("spectralGap").asDouble()).isCloseTo(1 - json.get("lambda").asDouble(), org.assertj.core.data.Offset.offset(1e-15));
        // One name per fact: the TopologyFacts names, as in summary.json and the live gauges.
        assertThat(json.fieldNames()).toIterable()
                .containsAll(io.dlsim.topologies.TopologyFacts.FACTS.stream().map(io.dlsim.topologies.TopologyFacts.Fact::name).toList())
                .doesNotContain("minDegree", "maxDegree");
        assertThat(json.get("degreeMin").asInt()).isEqualTo(2);
        assertThat(json.get("degreeMax").asInt()).isEqualTo(2);
    }

    @Test
    void directedExponentialDefaultsToUniformAndReportsNoEigenvaluesForNonSymmetricW() throws IOException {
        Result r = run("topology", "exponential-directed", "--nodes", "64", "--format", "json");
        assertThat(r.exitCode()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("mixing").asText()).isEqualTo("uniform");
        assertThat(json.get("symmetric").asBoolean()).isFalse();
        assertThat(json.get("lambda2").isNull()).isTrue();
        assertThat(json.get("lambda").asDouble()).isCloseTo(5.0 / 7, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void tableNamesEveryQuantity() {
        Result r = run("topology", "torus", "--nodes", "16", "--param", "rows=4");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("torus", "lambda2", "lambdaMin", "spectralGapSquared", "doublyStochastic");
    }

    @Test
    void exportedMatrixReadsBackAsTheSameTopology(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("w.txt");
        Result a = run("topology", "regular", "--nodes", "20", "--param", "d=3", "--seed", "5", "--export", file.toString(), "--format", "json");
        assertThat(a.exitCode()).isZero();
        assertThat(Files.readString(file)).contains("# nodes 20");
        Result b = run("topology", "file", "--param", "path=" + file, "--format", "json");
        assertThat(b.exitCode()).as(b.err()).isZero();
        JsonNode ja = new ObjectMapper().readTree(a.out());
        JsonNode jb = new ObjectMapper().readTree(b.out());
        assertThat(jb.get("mixing").asText()).isEqualTo("explicit");
        assertThat(jb.get("lambda").asDouble()).isEqualTo(ja.get("lambda").asDouble());
        assertThat(jb.get("edges").asInt()).isEqualTo(30);
    }

    @Test
    void targetGapIsHit() throws IOException {
        Result r = run("topology", "ring", "--nodes", "32", "--target-gap", "0.005", "--format", "json");
        assertThat(r.exitCode()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("spectralGap").asDouble()).isCloseTo(0.005, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(json.get("lazy").asDouble()).isLessThan(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "topology ring --nodes 1                          | nodes: must be >= 2, got 1",
        "topology regular --nodes 9 --param d=3            | n*d must be even",
        "topology erdos-renyi --nodes 10 --param p=1.5     | p: must be in [0, 1], got 1.5",
        "topology rnig --nodes 8                           | unknown type 'rnig' (did you mean 'ring'?)",
        "topology ring --nodes 8 --param k=2               | unknown parameter",
        "topology ring --nodes 8 --mixing metropolis       | unknown rule 'metropolis'",
        "topology ring --nodes 8 --target-gap 0.9          | is unreachable",
        "topology ring --nodes 8 --lazy 1.5                | lazy: must be in (0, 1], got 1.5",
        "topology ring                                     | --nodes: required",
        "topology ring --nodes eight                       | 'eight' is not an int",
        "topology exponential-directed --nodes 8 --mixing metropolis-hastings | needs an undirected graph",
        "topology ring --nodes 8 --format xml              | Invalid value for option '--format'",
    })
    void badInputsGiveOneClearLineAndExitCode2(String args, String expected) {
        Result r = run(args.trim().split("\\s+"));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(expected).doesNotContain("\tat ");
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void malformedAndNonStochasticMatrixFilesNameTheLineOrRow(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.txt");
        Files.writeString(bad, "0 1\n1 x\n");
        Result r = run("topology", "file", "--param", "path=" + bad);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("bad.txt:2: 'x' is not a number");

        Path notStochastic = dir.resolve("w.txt");
        Files.writeString(notStochastic, "0.5 0.5 0 0\n0.5 0.5 0 0\n0 0 0.5 0.4\n0 0.1 0.5 0.5\n");
        r = run("topology", "file", "--param", "path=" + notStochastic, "--param", "format=matrix");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("row 2 sums to 0.9");

        r = run("topology", "file", "--param", "path=" + dir.resolve("missing.txt"));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("missing.txt: no such file");
    }

    @Test
    void scheduleReportsPeriodProductOfOnePeerExponential() throws IOException {
        Result r = run("schedule", "one-peer-exponential", "--nodes", "16", "--format", "json");
        assertThat(r.exitCode()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("rounds").asInt()).isEqualTo(4);
        assertThat(json.get("matrices")).hasSize(4);
        assertThat(json.get("product").get("lambda").asDouble()).isLessThan(1e-12);
    }

    @Test
    void phasesNeedRoundsExceptTheLast() {
        Result r = run("schedule", "phases", "--nodes", "16", "--phase", "complete", "--phase", "ring");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("every phase but the last needs :ROUNDS");
    }
}

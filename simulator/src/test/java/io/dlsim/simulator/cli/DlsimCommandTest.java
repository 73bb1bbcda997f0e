package io.dlsim.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlsim.topologies.UserInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * How a command ends: only a {@code UserInputException} (or a bad argument) is a user error
 * (one line, exit 2); an I/O failure is one line and exit 1; anything else is a bug, shown as
 * "internal error (please report)" with its stack trace, exit 1.
 */
class DlsimCommandTest {
    static final String TINY = """
            name: tiny
            nodes: 4
            rounds: 4
            data: { type: synthetic-logistic, samples-per-node: 10, test-samples: 20, dimension: 4 }
            model: { type: logistic }
            algorithm: { type: dsgd, step-size: 0.1, batch-size: 2 }
            topology: { type: ring }
            """;

    /** A command that throws what it is given: stands for a bug (or an I/O failure) in a real command. */
    @Command(name = "throw")
    static final class Throwing implements Callable<Integer> {
        private final Supplier<RuntimeException> toThrow;

        Throwing(Supplier<RuntimeException> toThrow) {
            this.toThrow = toThrow;
        }

        @Override
        public Integer call() {
            throw toThrow.get();
        }
    }

    static TopologyCommandTest.Result runWith(Supplier<RuntimeException> thrown) {
        CommandLine cl = DlsimCommand.newCommandLine();
        cl.addSubcommand(new Throwing(thrown));
        return TopologyCommandTest.run(cl, "throw");
    }

    /** The command ended with {@code exitCode} and said why in one line, with no stack trace. */
    static void assertOneLine(TopologyCommandTest.Result r, int exitCode, String expected) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(exitCode);
        assertThat(r.err()).contains(expected).doesNotContain("\tat ").doesNotContain("internal error");
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    static Path tinyScenario(Path dir) throws IOException {
        Path f = dir.resolve("tiny.yaml");
        Files.writeString(f, TINY);
        return f;
    }

    @Test
    void noCommandIsAUsageErrorWithTheUsageOnStderrAndExitCode2() {
        TopologyCommandTest.Result r = TopologyCommandTest.run();
        assertThat(r.exitCode()).isEqualTo(DlsimCommand.USER_ERROR);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("dlsim: error: a command is required").contains("Usage: dlsim").contains("Commands:");
    }

    @Test
    void everyCommandSummaryOfTheHelpIsAWholeSentence() {
        TopologyCommandTest.Result r = TopologyCommandTest.run("--help");
        assertThat(r.exitCode()).isZero();
        // "  run       Run a scenario ..." then continuation lines indented further, up to the end.
        List<String> lines = r.out().lines().dropWhile(l -> !l.equals("Commands:")).skip(1).toList();
        java.util.Map<String, StringBuilder> summaries = new java.util.LinkedHashMap<>();
        StringBuilder current = null;
        for (String line : lines) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^  (\\S+)\\s+(.*)$").matcher(line);
            if (m.matches()) {
                current = new StringBuilder(m.group(2).strip());
                summaries.put(m.group(1), current);
            } else if (current != null) {
                current.append(' ').append(line.strip());
            }
        }
        assertThat(summaries.keySet()).contains("run", "resume", "validate", "node", "topology", "schedule", "bench");
        summaries.forEach((command, summary) -> assertThat(summary.toString()).as(command).endsWith(".").doesNotEndWith(":."));
        // Each exit code is one entry, wrapped by picocli, not continuation lines read as codes of their own.
        List<String> exitCodes = TopologyCommandTest.run("run", "--help").out().lines().dropWhile(l -> !l.equals("Exit codes:")).skip(1)
                .toList();
        assertThat(exitCodes.stream().filter(l -> !l.startsWith("    ")).map(l -> l.strip().split("\\s+")[0]))
                .containsExactly("0", "1", "2", "3");
        assertThat(String.join(" ", exitCodes.stream().map(String::strip).toList()))
                .as("picocli drops an entry without 'code:'").contains("infinite or larger than 1e100")
                .contains("the report are still made)");
    }

    @Test
    void everyCommandsHelpFormatsWithoutPicocliWarnings() {
        // Picocli formats descriptions with String.format: a lone '%' makes it print a warning
        // on System.err and show the raw text (as "5 % of" in bench --warmup once did).
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        try {
            System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
            CommandLine cl = DlsimCommand.newCommandLine();
            cl.usage(new java.io.PrintWriter(new java.io.StringWriter()));
            cl.getSubcommands().values().forEach(sub -> sub.usage(new java.io.PrintWriter(new java.io.StringWriter())));
        } finally {
            System.setErr(stderr);
        }
        assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aBugIsAnInternalErrorWithItsStackTraceAndExitCode1() {
        List<Supplier<RuntimeException>> bugs = List.of(() -> new IllegalStateException("invariant broken"),
                () -> new IllegalArgumentException("a plain IllegalArgumentException is a bug, not bad input"), NullPointerException::new);
        for (Supplier<RuntimeException> bug : bugs) {
            TopologyCommandTest.Result r = runWith(bug);
            String shown = bug.get().toString();
            assertThat(r.exitCode()).as(shown).isEqualTo(1);
            assertThat(r.err()).startsWith("dlsim throw: internal error (please report): " + shown + System.lineSeparator() + shown)
                    .contains("\tat " + Throwing.class.getName() + ".call(");
        }
    }

    @Test
    void aUserInputExceptionIsOneLineAndExitCode2() {
        assertOneLine(runWith(() -> new UserInputException("nodes: must be >= 1, got 0")), 2, "dlsim throw: error: nodes: must be >= 1, got 0");
    }

    @Test
    void anIoFailureIsOneLineAndExitCode1() {
        assertOneLine(runWith(() -> new UncheckedIOException("cannot write results/x/metrics.csv: No space left on device",
                new IOException("No space left on device"))), 1, "dlsim throw: error: cannot write results/x/metrics.csv: No space left on device");
    }

    @Test
    void resultsThatCannotBeWrittenEndTheRunWithOneLineAndExitCode1(@TempDir Path dir) throws IOException {
        Path scenario = tinyScenario(dir);
        Path notADirectory = Files.writeString(dir.resolve("file"), "");
        assertOneLine(TopologyCommandTest.run("run", scenario.toString(), "-q", "-o", notADirectory.resolve("out").toString()), 1,
                "dlsim run: error: cannot create the results folder");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "run SCENARIO --engine actr                 | --engine: unknown engine 'actr' (did you mean 'actors'?); expected one of sequential, actors, cluster",
        "run SCENARIO --engine cluster              | --engine: engine 'cluster' runs on a cluster of dlsim members",
        "run SCENARIO --metrics-port 70000          | --metrics-port: must be in 0..65535, got 70000",
        "run MISSING                                | no such file",
        "node --role boss --scenario SCENARIO       | Invalid value for option '--role'",
        "node --role worker --scenario SCENARIO --port 70000 | dlsim.cluster.port (--port, DLSIM_PORT): must be in 0..65535, got 70000",
        "node --role worker --scenario SCENARIO --seed-nodes nohost | dlsim.cluster.seed-nodes (--seed-nodes, DLSIM_SEED_NODES): expected host:port, got 'nohost'",
        "node --role coordinator --scenario SCENARIO --expected-workers 0 | DLSIM_EXPECTED_WORKERS): must be >= 1, got 0",
        "node --role coordinator --scenario SCENARIO --join-timeout 0 | dlsim.cluster.join-timeout (--join-timeout, DLSIM_JOIN_TIMEOUT): must be > 0",
        "bench --rounds 0                           | --rounds: must be >= 1, got 0",
        "bench --warmup -1                          | --warmup: must be >= 1, got -1",
        "bench --repeats 0                          | --repeats: must be >= 1, got 0",
        "bench --only nothing                       | --only nothing: no workload name contains it; the workloads are logistic-d100-ring-1024",
        "schedule static --nodes 8 --window 0       | --window: must be >= 1, got 0",
        "schedule static --nodes 8 --phase ring     | --phase: only for schedule type 'phases'",
        "schedule phases --nodes 8 --phase ring:x   | --phase ring:x: ROUNDS must be a whole number",
        "schedule static --nodes 1                  | nodes: must be >= 2, got 1",
        "schedule random-edges --nodes 8 --p 2      | p: edge activation probability must be in (0, 1], got 2.0",
        "topology ring --nodes 8 --export AFILE/w.txt | --export: cannot write",
    })
    void everyCheckOfUserInputIsOneLineAndExitCode2(String args, String expected, @TempDir Path dir) throws IOException {
        String line = args.strip().replace("SCENARIO", tinyScenario(dir).toString()).replace("MISSING", dir.resolve("missing.yaml").toString())
                .replace("AFILE", Files.writeString(dir.resolve("a-file"), "").toString());
        assertOneLine(TopologyCommandTest.run(line.split("\\s+")), 2, expected);
    }
}

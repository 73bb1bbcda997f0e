package io.dlsim.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.dlsim.simulator.report.RunResultsWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code dlsim run} process that hands over to a second JVM with transparent huge pages
 * ({@link HugePages}, forced with {@code DLSIM_HUGE_PAGES=on} so that a small scenario does):
 * the second JVM really has the option, the results are those of a run without it, its exit
 * status is the command's, and a SIGTERM to the first stops the second, which saves its rows.
 */
class HugePagesIT {
    static final String SMALL = """
            name: small
            seed: 3
            nodes: 8
            rounds: 200
            eval-every: 20
            data: { type: synthetic-logistic, samples-per-node: 100, test-samples: 100, dimension: 20 }
            model: { type: logistic }
            algorithm: { type: dsgd, step-size: 0.1, batch-size: 8 }
            topology: { type: ring }
            """;

    @BeforeAll
    static void theKernelOffersHugePages() throws IOException {
        String line = Files.exists(HugePages.KERNEL_MODE) ? Files.readAllLines(HugePages.KERNEL_MODE).get(0) : null;
        assumeThat(HugePages.kernelMode(line)).as("this kernel offers no transparent huge pages (%s): nothing to hand over to",
                HugePages.KERNEL_MODE).isIn("madvise", "always");
    }

    /** {@code dlsim run ARGS} as its own process, with {@code DLSIM_HUGE_PAGES=setting}; output in {@code log}. */
    static Process dlsim(String setting, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DlsimCommand.class.getName()));
        command.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put(HugePages.ENV, setting);
        return pb.start();
    }

    static List<String> withoutWallSeconds(Path csv) throws IOException {
        return io.dlsim.simulator.run.ShippedScenariosGoldenTest.withoutWallSeconds(Files.readAllLines(csv));
    }

    @Test
    void theSecondJvmGivesTheRowsOfARunWithoutIt(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("small.yaml");
        Files.writeString(scenario, SMALL);
        Process on = dlsim("on", dir.resolve("on.log"), "run", scenario.toString(), "-o", dir.resolve("on").toString());
        Process off = dlsim("off", dir.resolve("off.log"), "run", scenario.toString(), "-o", dir.resolve("off").toString());
        assertThat(on.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(off.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String onLog = Files.readString(dir.resolve("on.log"));
        assertThat(on.exitValue()).as(onLog).isZero();
        assertThat(off.exitValue()).as(Files.readString(dir.resolve("off.log"))).isZero();
        assertThat(onLog).containsOnlyOnce("dlsim run: the data set takes about 151 kB: running in a JVM with transparent huge pages "
                + "(DLSIM_HUGE_PAGES=off: without)");
        assertThat(Files.readString(dir.resolve("off.log"))).doesNotContain("huge pages");
        Path csv = Path.of("small", RunResultsWriter.METRICS_CSV);
        assertThat(withoutWallSeconds(dir.resolve("on").resolve(csv))).hasSize(12)
                .isEqualTo(withoutWallSeconds(dir.resolve("off").resolve(csv)));
    }

    @Test
    void resumeHandsOverTooAndCompletesTheExperimentInTheSecondJvm(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("sweep.yaml");
        Files.writeString(scenario, SMALL + "sweep:\n  seed: [3, 4]\n");
        Path out = dir.resolve("out");
        Process run = dlsim("off", dir.resolve("run.log"), "run", scenario.toString(), "-q", "--jobs", "1", "-o", out.toString());
        assertThat(run.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).as(Files.readString(dir.resolve("run.log"))).isZero();
        // One run's results gone: resume runs it again, in the second JVM.
        Path second = out.resolve("seed=4");
        assertThat(second.resolve(RunResultsWriter.METRICS_CSV)).exists();
        List<String> rows = withoutWallSeconds(second.resolve(RunResultsWriter.METRICS_CSV));
        try (var files = Files.walk(second)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        Process resume = dlsim("on", dir.resolve("resume.log"), "resume", out.toString());
        assertThat(resume.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(dir.resolve("resume.log"));
        assertThat(resume.exitValue()).as(log).isZero();
        assertThat(log).containsOnlyOnce("dlsim resume: the data set takes about 151 kB: running in a JVM with transparent huge pages");
        assertThat(withoutWallSeconds(second.resolve(RunResultsWriter.METRICS_CSV))).isEqualTo(rows);
    }

    @Test
    void theCommandsExitStatusIsTheSecondJvms(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("explode.yaml");
        Files.writeString(scenario, DivergenceCommandTest.LOGISTIC_STEP_1E6);
        Process p = dlsim("on", dir.resolve("log"), "run", scenario.toString(), "-q", "-o", dir.resolve("out").toString());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(dir.resolve("log"));
        assertThat(p.exitValue()).as(log).isEqualTo(3);
        // -q: the first JVM says nothing; the second its one line.
        assertThat(log).doesNotContain("huge pages").containsOnlyOnce("dlsim run: run logit-explode diverged at round 5");
    }

    @Test
    void aSigtermToTheFirstJvmStopsTheSecondWhichSavesItsRows(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("long.yaml");
        Files.writeString(scenario, SMALL.replace("name: small", "name: long").replace("rounds: 200", "rounds: 10000000"));
        Path out = dir.resolve("out");
        Process first = dlsim("on", dir.resolve("log"), "run", scenario.toString(), "-q", "-o", out.toString());
        Path csv = out.resolve("long").resolve(RunResultsWriter.METRICS_CSV);
        List<ProcessHandle> seen = new ArrayList<>();
        try {
            stopFirst(first, dir, scenario, out, csv, seen);
        } finally {
            // Whatever failed, no run of ten million rounds is left behind.
            first.destroyForcibly();
            seen.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /**
     * Finds the second JVM (into {@code seen}), checks its command line, stops the first with
     * SIGTERM and checks the second stopped too, with its rows saved.
     */
    private static void stopFirst(Process first, Path dir, Path scenario, Path out, Path csv, List<ProcessHandle> seen)
            throws Exception {
        Optional<ProcessHandle> second = Optional.empty();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && (second.isEmpty() || !Files.exists(csv) || Files.readAllLines(csv).size() < 4)) {
            assertThat(first.isAlive()).as("dlsim run ended early: %s", Files.readString(dir.resolve("log"))).isTrue();
            second = first.children().findFirst();
            second.ifPresent(h -> {
                if (seen.isEmpty()) {
                    seen.add(h);
                }
            });
            Thread.sleep(50);
        }
        assertThat(second).isPresent();
        // Its command line as Linux has it (ProcessHandle.Info leaves out a command line this long).
        String cmdline = Files.readString(Path.of("/proc", Long.toString(second.get().pid()), "cmdline"));
        List<String> arguments = List.of(cmdline.split("\0"));
        assertThat(arguments).contains(HugePages.JVM_OPTION, DlsimCommand.class.getName());
        assertThat(arguments.subList(arguments.indexOf(DlsimCommand.class.getName()) + 1, arguments.size()))
                .containsExactly("run", scenario.toString(), "-q", "-o", out.toString());
        assertThat(Files.readAllLines(csv).size()).isGreaterThanOrEqualTo(4);

        first.destroy(); // SIGTERM, to the first JVM only
        assertThat(first.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(second.get().isAlive()).isFalse();
        assertThat(out.resolve("long").resolve(RunResultsWriter.INCOMPLETE)).exists();
        assertThat(Files.readString(out.resolve("long").resolve(RunResultsWriter.SUMMARY_JSON)))
                .contains("\"status\" : \"incomplete\"");
    }
}

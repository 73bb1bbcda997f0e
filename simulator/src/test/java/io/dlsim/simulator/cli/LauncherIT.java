package io.dlsim.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's launcher, {@code ./dlsim}, on the jar {@code mvn package} made: its first command
 * archives the classes of a small run (class-data sharing, once per build) and later commands map
 * the archive; stdout stays the command's alone either way ({@code dlsim run -q} prints only the
 * results folder, which scripts capture).
 */
class LauncherIT {
    private static Path root() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("dlsim")) && Files.isDirectory(d.resolve("simulator"))) {
                return d;
            }
        }
        throw new IllegalStateException("no dlsim launcher above " + Path.of("").toAbsolutePath());
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result launch(Path root, Path dir, String... args) throws IOException, InterruptedException {
        return launchWith(root, dir, null, args);
    }

    /** {@link #launch} with {@code DLSIM_JAVA_OPTS} set to {@code javaOpts} (unset when null). */
    private static Result launchWith(Path root, Path dir, String javaOpts, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        String[] command = new String[args.length + 2];
        command[0] = "bash";
        command[1] = root.resolve("dlsim").toString();
        System.arraycopy(args, 0, command, 2, args.length);
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("DLSIM_CDS");
        pb.environment().remove("DLSIM_BLOCKS");
        if (javaOpts == null) {
            pb.environment().remove("DLSIM_JAVA_OPTS");
        } else {
            pb.environment().put("DLSIM_JAVA_OPTS", javaOpts);
        }
        Process p = pb.start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("dlsim %s ended", String.join(" ", args)).isTrue();
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void theFirstCommandArchivesTheClassesAndLaterOnesUseThemWithStdoutLeftToTheCommand(@TempDir Path dir) throws Exception {
        Path root = root();
        Path jar = root.resolve("simulator/target/dlsim.jar");
        Path archive = root.resolve("simulator/target/dlsim.jsa");
        assertThat(jar).as("mvn package makes the jar before the ITs").isRegularFile();
        Files.deleteIfExists(archive);
        Files.deleteIfExists(root.resolve(".dlsim-build/cds-failed"));

        Result first = launch(root, dir, "--version");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).matches("dlsim \\S+\\R");
        assertThat(first.err()).contains("dlsim: archiving the classes of a small run for faster starts (once per build)...");
        assertThat(archive).as(first.err()).isRegularFile();
        assertThat(Files.getLastModifiedTime(archive)).isGreaterThanOrEqualTo(Files.getLastModifiedTime(jar));

        Path results = dir.resolve("quick");
        Result run = launch(root, dir, "run", "-q", "-o", results.toString(), "scenarios/quickstart.yaml");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).as("stdout is the results folder alone").isEqualTo(results + System.lineSeparator());
        assertThat(run.err()).doesNotContain("archiving");
        assertThat(results.resolve("report.html")).isRegularFile();
    }

    /**
     * Tests and the benchmark sources are not in the jar, so editing one does not make the next
     * command rebuild it (a build took ~25 s of a measured run, unseen behind {@code 2>/dev/null}).
     */
    @Test
    void editingATestOrABenchmarkSourceDoesNotRebuildTheJar(@TempDir Path dir) throws Exception {
        Path root = root();
        Path jar = root.resolve("simulator/target/dlsim.jar");
        assertThat(jar).as("mvn package makes the jar before the ITs").isRegularFile();
        Path test = root.resolve("simulator/src/test/java/io/dlsim/simulator/cli/LauncherIT.java");
        Path bench = root.resolve("simulator/bench/MemoryFloor.java");
        java.nio.file.attribute.FileTime testTime = Files.getLastModifiedTime(test);
        java.nio.file.attribute.FileTime benchTime = Files.getLastModifiedTime(bench);
        java.nio.file.attribute.FileTime later = java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(jar).toMillis() + 60_000);
        try {
            Files.setLastModifiedTime(test, later);
            Files.setLastModifiedTime(bench, later);
            Result r = launch(root, dir, "--version");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.err()).doesNotContain("building the jar");
        } finally {
            Files.setLastModifiedTime(test, testTime);
            Files.setLastModifiedTime(bench, benchTime);
        }
    }

    @Test
    void everyJvmGetsTheOptionsFileAndDlsimJavaOptsOverridesIt(@TempDir Path dir) throws Exception {
        Path root = root();
        assertThat(Files.readString(root.resolve("simulator/jvm.options"))).contains("-XX:Tier4InvocationThreshold=20000");

        Result defaults = launchWith(root, dir, "-XX:+PrintFlagsFinal", "--version");
        assertThat(defaults.exit()).as(defaults.err()).isZero();
        assertThat(defaults.out()).containsPattern("Tier4InvocationThreshold\\s+= 20000\\s+\\{product\\} \\{command line\\}")
                .containsPattern("Tier4CompileThreshold\\s+= 40000\\s");

        Result overridden = launchWith(root, dir, "-XX:Tier4InvocationThreshold=7000 -XX:+PrintFlagsFinal", "--version");
        assertThat(overridden.exit()).as(overridden.err()).isZero();
        assertThat(overridden.out()).containsPattern("Tier4InvocationThreshold\\s+= 7000\\s");
    }
}

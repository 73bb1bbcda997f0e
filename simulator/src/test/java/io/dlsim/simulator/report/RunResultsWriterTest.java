package io.dlsim.simulator.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dlsim.metrics.MetricsRow;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunResultsWriterTest {

    private static final RunLabels LABELS = new RunLabels("lian2017", "ring-16-seed1", "dsgd", "ring-16");
    private static final String YAML = "name: lian2017\n# resolved\nseed: 1\n";

    @TempDir
    Path tmp;

    @Test
    void openWritesScenarioRunJsonMarkerAndHeader() throws Exception {
        Path dir = tmp.resolve("a/b/run");
        try (RunResultsWriter w = RunResultsWriter.open(dir, LABELS, YAML, 42L, "0.1.0-test")) {
            assertThat(Files.readString(dir.resolve("scenario.yaml"))).isEqualTo(YAML);
            assertThat(dir.resolve("INCOMPLETE")).exists();
            assertThat(Files.readAllLines(dir.resolve("metrics.csv"))).containsExactly(MetricsCsv.header());
            Map<String, Object> run = Json.readMap(dir.resolve("run.json"));
            assertThat(run).containsEntry("seed", 42).containsEntry("version", "0.1.0-test");
            assertThat(run.get("labels")).isEqualTo(LABELS.asMap());
            assertThat(w.state()).isEqualTo(RunResultsWriter.State.OPEN);
        }
    }

    @Test
    void everyAppendedRowIsOnDiskBeforeAppendReturns() throws Exception {
        try (RunResultsWriter w = RunResultsWriter.open(tmp, LABELS, YAML, 1, "v")) {
            List<MetricsRow> rows = Rows.trajectory(3, 1.0, false);
            for (int k = 0; k < rows.size(); k++) {
                assertThat(w.append(rows.get(k))).isTrue();
                assertThat(MetricsCsv.read(tmp.resolve("metrics.csv"))).containsExactlyElementsOf(rows.subList(0, k + 1));
            }
            assertThat(w.rowCount()).isEqualTo(3);
            assertThat(w.lastRow()).isEqualTo(rows.get(2));
        }
    }

    @Test
    void completeWritesSummaryAndRemovesTheMarker() throws Exception {
        RunResultsWriter w = RunResultsWriter.open(tmp, LABELS, YAML, 7, "v");
        List<MetricsRow> rows = Rows.trajectory(4, 2.0, true);
        for (MetricsRow r : rows) {
            w.append(r);
        }
        w.complete(Map.of("lambda", 0.5, "spectralGap", 0.5, "fStar", Double.NaN));

        assertThat(tmp.resolve("INCOMPLETE")).doesNotExist();
        Map<String, Object> s = Json.readMap(tmp.resolve("summary.json"));
        assertThat(s).containsEntry("status", "complete").containsEntry("rows", 4).doesNotContainKey("reason");
        @SuppressWarnings("unchecked")
        Map<String, Object> fin = (Map<String, Object>) s.get("final");
        assertThat(fin).containsEntry("round", 30).containsEntry("test_loss", rows.get(3).testLoss());
        @SuppressWarnings("unchecked")
        Map<String, Object> extras = (Map<String, Object>) s.get("extras");
        assertThat(extras).containsEntry("lambda", 0.5).containsEntry("spectralGap", 0.5).containsEntry("fStar", null);
        assertThat(MetricsCsv.read(tmp.resolve("metrics.csv"))).containsExactlyElementsOf(rows);
        RunData loaded = RunData.load(tmp);
        assertThat(loaded.rows()).containsExactlyElementsOf(rows);
        assertThat(loaded.extras()).containsEntry("status", "complete").containsEntry("lambda", 0.5);

        assertThat(w.abort("late")).isFalse();
        assertThat(Json.readMap(tmp.resolve("summary.json"))).containsEntry("status", "complete");
        assertThatThrownBy(() -> w.append(rows.get(0))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> w.complete(Map.of())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void abortKeepsRowsAndMarkerAndSaysIncomplete() throws Exception {
        RunResultsWriter w = RunResultsWriter.open(tmp, LABELS, YAML, 7, "v");
        List<MetricsRow> rows = Rows.trajectory(2, 1.0, false);
        for (MetricsRow r : rows) {
            w.append(r);
        }
        assertThat(w.abort("node 3 failed")).isTrue();

        assertThat(w.state()).isEqualTo(RunResultsWriter.State.ABORTED);
        assertThat(tmp.resolve("INCOMPLETE")).exists();
        assertThat(MetricsCsv.read(tmp.resolve("metrics.csv"))).containsExactlyElementsOf(rows);
        Map<String, Object> s = Json.readMap(tmp.resolve("summary.json"));
        assertThat(s).containsEntry("status", "incomplete").containsEntry("reason", "node 3 failed")
                .containsEntry("rows", 2);
        @SuppressWarnings("unchecked")
        Map<String, Object> fin = (Map<String, Object>) s.get("final");
        assertThat(fin).containsEntry("round", 10).containsEntry("optimality_gap", null);

        assertThat(w.append(rows.get(0))).as("rows after abort are dropped, not an error").isFalse();
        assertThat(MetricsCsv.read(tmp.resolve("metrics.csv"))).hasSize(2);
        assertThat(w.abort("again")).isFalse();
        assertThatThrownBy(() -> w.complete(Map.of())).isInstanceOf(IllegalStateException.class);

        RunData loaded = RunData.load(tmp);
        assertThat(loaded.labels()).isEqualTo(LABELS);
        assertThat(loaded.rows()).containsExactlyElementsOf(rows);
        assertThat(loaded.extras()).containsEntry("status", "incomplete").containsEntry("reason", "node 3 failed");
    }

    @Test
    void closeWithoutCompleteAborts() throws Exception {
        try (RunResultsWriter w = RunResultsWriter.open(tmp, LABELS, YAML, 7, "v")) {
            w.append(Rows.row(1, 1.0));
        }
        assertThat(Json.readMap(tmp.resolve("summary.json"))).containsEntry("status", "incomplete")
                .containsEntry("reason", "closed before complete()");
        assertThat(tmp.resolve("INCOMPLETE")).exists();
    }

    @Test
    void aFolderThatHoldsARunIsNotOverwritten() throws Exception {
        RunResultsWriter.open(tmp, LABELS, YAML, 7, "v").complete(Map.of());
        assertThatThrownBy(() -> RunResultsWriter.open(tmp, LABELS, YAML, 7, "v"))
                .isInstanceOf(FileAlreadyExistsException.class);
    }

    @Test
    void theShutdownHookAbortsAndCompleteUnregistersIt() throws Exception {
        RunResultsWriter w = RunResultsWriter.open(tmp.resolve("one"), LABELS, YAML, 7, "v");
        Thread hook = w.abortOnShutdown("interrupted (JVM shutdown)");
        assertThat(w.abortOnShutdown("other")).isSameAs(hook);
        w.append(Rows.row(1, 1.0));
        hook.run();
        assertThat(w.state()).isEqualTo(RunResultsWriter.State.ABORTED);
        assertThat(Json.readMap(tmp.resolve("one/summary.json"))).containsEntry("reason", "interrupted (JVM shutdown)");
        assertThat(Runtime.getRuntime().removeShutdownHook(hook)).as("abort unregistered the hook").isFalse();

        RunResultsWriter w2 = RunResultsWriter.open(tmp.resolve("two"), LABELS, YAML, 7, "v");
        Thread hook2 = w2.abortOnShutdown("interrupted");
        w2.complete(Map.of());
        assertThat(Runtime.getRuntime().removeShutdownHook(hook2)).as("complete unregistered the hook").isFalse();
        assertThatThrownBy(() -> w2.abortOnShutdown("late")).isInstanceOf(IllegalStateException.class);
    }

    /** A real SIGTERM (what Ctrl-C does) to a JVM that is appending rows as fast as it can. */
    @Test
    void sigtermWhileAppendingLeavesAConsistentIncompleteFolder() throws Exception {
        Path dir = tmp.resolve("killed");
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                AppendUntilKilled.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("READY");
            p.destroy(); // SIGTERM: shutdown hooks run
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        Map<String, Object> s = Json.readMap(dir.resolve("summary.json"));
        assertThat(s).containsEntry("status", "incomplete").containsEntry("reason", "interrupted (JVM shutdown)");
        assertThat(dir.resolve("INCOMPLETE")).exists();
        List<MetricsRow> rows = MetricsCsv.read(dir.resolve("metrics.csv"));
        assertThat(rows).hasSizeGreaterThanOrEqualTo(AppendUntilKilled.ROWS_BEFORE_READY);
        assertThat(((Number) s.get("rows")).longValue()).as("summary and csv agree").isEqualTo(rows.size());
        for (int k = 0; k < rows.size(); k++) {
            assertThat(rows.get(k)).isEqualTo(Rows.row(k, k * 0.5));
        }
    }
}

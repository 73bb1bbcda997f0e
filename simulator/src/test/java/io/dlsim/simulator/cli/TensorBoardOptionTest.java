package io.dlsim.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlsim.metrics.MetricsRow;
import io.dlsim.simulator.report.MetricsCsv;
import io.dlsim.simulator.report.RunResultsWriter;
import io.dlsim.simulator.report.TensorBoardWriterTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dlsim run --tensorboard DIR}: one event file per run whose every value is the {@code metrics.csv} value. */
class TensorBoardOptionTest {
    static final String SWEEP = DlsimCommandTest.TINY + "eval-every: 2\nsweep:\n  seed: [1, 2]\n";

    @Test
    void everyRunsEventsEqualItsMetricsCsv(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, SWEEP);
        Path tb = dir.resolve("tb");
        TopologyCommandTest.Result r = TopologyCommandTest.run("run", f.toString(), "-q", "--engine", "sequential",
                "-o", dir.resolve("out").toString(), "--tensorboard", tb.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        for (String run : List.of("seed=1", "seed=2")) {
            List<MetricsRow> rows = MetricsCsv.read(dir.resolve("out").resolve(run).resolve(RunResultsWriter.METRICS_CSV));
            List<TensorBoardWriterTest.Event> events = TensorBoardWriterTest.read(TensorBoardWriterTest.eventFile(tb.resolve(run)));
            assertThat(rows).extracting(MetricsRow::round).containsExactly(0L, 2L, 4L);
            assertThat(events).hasSize(rows.size() + 1);
            for (int k = 0; k < rows.size(); k++) {
                assertThat(events.get(k + 1).step()).isEqualTo(rows.get(k).round());
                TensorBoardWriterTest.assertValuesEqual(events.get(k + 1), rows.get(k), MetricsRow.UNTIMED);
            }
        }
    }

    @Test
    void aRunFolderThatAlreadyHoldsEventsIsAUserError(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, SWEEP);
        Path tb = dir.resolve("tb");
        Files.createDirectories(tb.resolve("seed=2"));
        Files.writeString(tb.resolve("seed=2").resolve("events.out.tfevents.1.old"), "");
        TopologyCommandTest.Result r = TopologyCommandTest.run("run", f.toString(), "-q", "-o", dir.resolve("out").toString(),
                "--tensorboard", tb.toString());
        DlsimCommandTest.assertOneLine(r, 2, "already holds TensorBoard events");
        assertThat(dir.resolve("out")).doesNotExist();
    }
}

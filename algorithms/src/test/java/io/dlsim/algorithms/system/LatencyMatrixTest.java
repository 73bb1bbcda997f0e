package io.dlsim.algorithms.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatencyMatrixTest {
    @TempDir
    Path dir;

    private Path file(String text) throws Exception {
        Path f = dir.resolve("latency.txt");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void rowsAreSendersColumnsReceivers() throws Exception {
        Path f = file("# seconds\n0 0.01 0.02\n0.03, 0, 0.04   # node 1\n\n0.05\t0.06 0\n");
        assertThat(LatencyMatrix.read(f, 3)).containsExactly(0, 0.01, 0.02, 0.03, 0, 0.04, 0.05, 0.06, 0);
        SystemSettings s = new SystemSettings(null, new SystemSettings.Network(new SystemSettings.Latency.File(f.toString()), null));
        SystemModel m = SystemModel.of(s, 1, 3, 1, null, LatencyMatrix.read(f, 3));
        assertThat(m.arrival(1, 2, 0, 10.0)).isEqualTo(10.04);
        assertThat(m.arrival(2, 1, 5, 1.0)).isEqualTo(1.06);
        assertThrows(IllegalArgumentException.class, () -> SystemModel.of(s, 1, 3, 1));
    }

    @Test
    void everyMistakeNamesTheFileLineAndColumn() throws Exception {
        assertThat(assertThrows(IllegalArgumentException.class, () -> LatencyMatrix.read(file("0 1\n1 x\n"), 2)).getMessage())
                .endsWith("latency.txt: line 2, column 2: 'x' is not a number of seconds");
        assertThat(assertThrows(IllegalArgumentException.class, () -> LatencyMatrix.read(file("0 -1\n1 0\n"), 2)).getMessage())
                .endsWith("latency.txt: line 1, column 2: a latency must be a finite number >= 0, got -1");
        assertThat(assertThrows(IllegalArgumentException.class, () -> LatencyMatrix.read(file("0 1 2\n1 0 2\n"), 2)).getMessage())
                .endsWith("latency.txt: line 1: 3 latencies, expected 2 (one per receiver)");
        assertThat(assertThrows(IllegalArgumentException.class, () -> LatencyMatrix.read(file("0 1\n"), 2)).getMessage())
                .endsWith("latency.txt: holds 1 rows, the run has 2 nodes (one row per sender)");
        assertThat(assertThrows(IllegalArgumentException.class, () -> LatencyMatrix.read(file("0 1\n1 0\n1 1\n"), 2)).getMessage())
                .endsWith("latency.txt: line 3: more rows than the run's 2 nodes");
        assertThat(assertThrows(IllegalArgumentException.class, () -> LatencyMatrix.read(file(""), 10_001)).getMessage())
                .contains("for at most 10000 nodes; this run has 10001");
    }
}

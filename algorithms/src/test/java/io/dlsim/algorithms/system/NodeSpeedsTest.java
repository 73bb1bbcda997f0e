package io.dlsim.algorithms.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeSpeedsTest {
    @TempDir
    Path dir;

    private Path file(String text) throws Exception {
        Path f = dir.resolve("speeds.txt");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void oneSpeedPerNodeWithCommentsAndBlankLines() throws Exception {
        Path f = file("# measured on the lab's machines\n1\n0.25   # the old one\n\n2e0\n");
        assertThat(NodeSpeeds.read(f, 3)).containsExactly(1, 0.25, 2);
    }

    @Test
    void everyMistakeNamesTheFileAndLine() throws Exception {
        assertThat(assertThrows(IllegalArgumentException.class, () -> NodeSpeeds.read(file("1\nfast\n"), 2)).getMessage())
                .endsWith("speeds.txt: line 2: 'fast' is not a number (one speed per node)");
        assertThat(assertThrows(IllegalArgumentException.class, () -> NodeSpeeds.read(file("1\n0\n"), 2)).getMessage())
                .endsWith("speeds.txt: line 2: a speed must be a finite number > 0, got 0");
        assertThat(assertThrows(IllegalArgumentException.class, () -> NodeSpeeds.read(file("1\nInfinity\n"), 2)).getMessage())
                .contains("line 2: a speed must be a finite number > 0");
        assertThat(assertThrows(IllegalArgumentException.class, () -> NodeSpeeds.read(file("1\n1\n1\n"), 2)).getMessage())
                .endsWith("speeds.txt: line 3: more speeds than the run's 2 nodes");
        assertThat(assertThrows(IllegalArgumentException.class, () -> NodeSpeeds.read(file("1\n"), 2)).getMessage())
                .endsWith("speeds.txt: holds 1 speeds, the run has 2 nodes (one per line, in node id order)");
        assertThrows(java.io.UncheckedIOException.class, () -> NodeSpeeds.read(dir.resolve("missing.txt"), 2));
    }

    @Test
    void aNodesStepTakesBaseOverItsSpeed() {
        SystemSettings s = new SystemSettings(new SystemSettings.Compute(0.5, null, null, null, new SystemSettings.Speeds("x")), null);
        SystemModel m = SystemModel.of(s, 1, 3, 1, new double[] {1, 0.25, 2});
        assertThat(m.computeSeconds(0, 0, 0)).isEqualTo(0.5);
        assertThat(m.computeSeconds(1, 7, 0)).isEqualTo(2.0);
        assertThat(m.computeSeconds(2, 3, 0)).isEqualTo(0.25);
        assertThrows(IllegalArgumentException.class, () -> SystemModel.of(s, 1, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> SystemModel.of(s, 1, 4, 1, new double[] {1, 1, 1}));
        assertThrows(io.dlsim.topologies.settings.InvalidSettingsException.class, () -> new SystemSettings.Compute(0.5, null, null,
                new SystemSettings.Stragglers(0.1, 2.0), new SystemSettings.Speeds("x")));
    }
}

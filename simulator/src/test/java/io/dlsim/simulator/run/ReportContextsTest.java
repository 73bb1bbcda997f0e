package io.dlsim.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlsim.metrics.MetricsRow;
import io.dlsim.simulator.report.ReportContext;
import io.dlsim.simulator.scenario.Scenario;
import io.dlsim.simulator.scenario.ScenarioParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14, item 4: what the report learns from the scenario: its words, sweep, headline and topologies. */
class ReportContextsTest {

    @Test
    void aShippedTopologySweepGivesItsTextSweepHeadlineAndSixDrawings() {
        Path file = Path.of("..", "scenarios", "gossip-averaging-topologies.yaml").toAbsolutePath().normalize();
        List<Scenario> runs = ScenarioParser.parse(file);
        ReportContext c = ReportContexts.of(runs, file);

        assertThat(c.about()).startsWith("Reproduces: the classic gossip-averaging rate").contains("What to look for")
                .doesNotContain("name: gossip-averaging-topologies");
        assertThat(c.sweptKeys()).containsExactly("topology.type");
        assertThat(c.sweepValues().get("type=ring")).containsEntry("topology.type", "ring");
        assertThat(c.headline()).startsWith(MetricsRow.CONSENSUS_DISTANCE);
        assertThat(c.topologies()).extracting(ReportContext.TopologyDrawing::label)
                .containsExactly("ring", "grid", "torus", "hypercube", "exponential", "complete");
        ReportContext.TopologyDrawing ring = c.topologies().get(0);
        assertThat(ring.n()).isEqualTo(32);
        assertThat(ring.drawn()).isTrue();
        assertThat(ring.edges()).hasSize(32).allMatch(e -> e[0] < e[1]);
        assertThat(ring.runs()).containsExactly("type=ring");
        assertThat(c.topologies().get(5).edges()).hasSize(32 * 31 / 2);
    }

    @Test
    void runsOnOneGraphShareADrawingAndLargeGraphsAreNamedNotBuilt(@TempDir Path dir) throws Exception {
        String yaml = ExperimentRunnerTest.TINY.replace("nodes: 4", "nodes: 300") + "sweep:\n  seed: [1, 2]\n";
        Path file = dir.resolve("tiny.yaml");
        Files.writeString(file, "# A tiny sweep.\n" + yaml);
        ReportContext c = ReportContexts.of(ScenarioParser.parse(file), file);
        assertThat(c.about()).isEqualTo("A tiny sweep.");
        assertThat(c.sweptKeys()).containsExactly("seed");
        assertThat(c.topologies()).hasSize(1);
        assertThat(c.topologies().get(0).drawn()).isFalse();
        assertThat(c.topologies().get(0).n()).isEqualTo(300);
        assertThat(c.topologies().get(0).runs()).containsExactly("seed=1", "seed=2");

        ReportContext small = ReportContexts.of(ScenarioParser.parse(ExperimentRunnerTest.TINY + "sweep:\n  seed: [1, 2]\n", dir), null);
        assertThat(small.about()).isEmpty();
        assertThat(small.topologies()).hasSize(1);
        assertThat(small.topologies().get(0).edges()).hasSize(4);
    }
}

package io.dlsim.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dlsim.metrics.MetricsRow;
import io.dlsim.simulator.engine.EngineType;
import io.dlsim.simulator.live.LiveRegistry;
import io.dlsim.simulator.report.ExperimentReport;
import io.dlsim.simulator.report.PlotAxis;
import io.dlsim.simulator.report.MetricsCsv;
import io.dlsim.simulator.report.RunResultsWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run with a {@code system:} section and {@code targets:} through the whole pipeline: files, summary, comparison, live gauges. */
class SimulatedTimeRunTest {
    static final String TIMED = """
            name: timed
            seed: 3
            nodes: 6
            rounds: 40
            eval-every: 10
            data: { type: synthetic-logistic, samples-per-node: 30, test-samples: 200, dimension: 8 }
            model: { type: logistic }
            algorithm: { type: dsgd, step-size: 0.2, batch-size: 4 }
            topology: { type: ring }
            targets: { train_loss: 0.6, test_accuracy: 1.01 }
            system:
              compute: { seconds-per-step: 0.5 }
              network: { latency: { type: constant, seconds: 0.25 }, bandwidth: { bytes-per-second: 576 } }
            """;

    @Test
    void theClocksReachEveryFileAndTheTargetsTheSummary(@TempDir Path dir) throws Exception {
        ExperimentRunner.Result result;
        String exposition;
        try (LiveRegistry registry = LiveRegistry.create("test")) {
            result = ExperimentRunnerTest.run(TIMED, dir, EngineType.ACTORS, registry);
            exposition = registry.scrape();
        }
        Path run = dir.resolve("out/timed");
        List<String> lines = Files.readAllLines(run.resolve(RunResultsWriter.METRICS_CSV));
        assertThat(lines.get(0)).isEqualTo(String.join(",", MetricsRow.columns(true)));
        // Ring (degree 2), 9 parameters = 72-byte messages: every round takes 0.5 + 2 x 72/576 + 0.25 = 1 s exactly.
        List<MetricsRow> rows = MetricsCsv.read(run.resolve(RunResultsWriter.METRICS_CSV));
        for (MetricsRow r : rows) {
            assertThat(r.simSeconds()).isEqualTo((double) r.round());
            assertThat(r.idleFraction()).isEqualTo(r.round() == 0 ? 0.0 : 0.5);
        }
        JsonNode summary = new ObjectMapper().readTree(run.resolve(RunResultsWriter.SUMMARY_JSON).toFile());
        assertThat(summary.get("final").get("sim_seconds").asDouble()).isEqualTo(40.0);
        JsonNode loss = summary.get("extras").get("targets").get("train_loss");
        assertThat(loss.get("reached").asBoolean()).isTrue();
        long round = loss.get("round").asLong();
        assertThat(loss.get("sim_seconds").asDouble()).isEqualTo((double) round);
        assertThat(rows.stream().filter(r -> r.trainLoss() <= 0.6).findFirst().orElseThrow().round()).isEqualTo(round);
        assertThat(summary.get("extras").get("targets").get("test_accuracy").get("reached").asBoolean()).isFalse();
        assertThat(summary.get("extras").get("targets").get("test_accuracy").get("round").isNull()).isTrue();
        String comparison = Files.readAllLines(dir.resolve("out").resolve(ExperimentReport.COMPARISON_CSV)).get(0);
        assertThat(comparison).contains("sim_seconds,idle_fraction,online_nodes,steps_min,steps_max,staleness_mean,staleness_p95,staleness_max,wall_seconds").contains("targets.train_loss.sim_seconds");
        assertThat(exposition).contains("dlsim_sim_seconds{").contains("dlsim_idle_fraction{");
        assertThat(result.runs().get(0).finalRow().timed()).isTrue();
        // The console table ends with the simulated time.
        String table = io.dlsim.simulator.report.SummaryTable.format(result.runs());
        assertThat(table.lines().findFirst().orElseThrow()).matches(".*  sim_s +idle");
        assertThat(table.lines().skip(1).findFirst().orElseThrow()).matches(".*  40\\.00  0\\.5000");
        // Every round takes 1 s here, so charts against simulated seconds would repeat those against rounds: the
        // report leaves them out and says so (PlotAxisTest has a run whose clock is no multiple of the round).
        assertThat(PlotAxis.of(result.runs())).doesNotContain(PlotAxis.SIM_SECONDS);
        assertThat(dir.resolve("out/plots/train_loss_vs_rounds.png")).exists();
        assertThat(dir.resolve("out/plots/train_loss_vs_sim_seconds.png")).doesNotExist();
        assertThat(Files.readString(result.report().reportHtml())).doesNotContain("<h2>Against simulated seconds</h2>")
                .contains("No charts against ").contains("simulated seconds: in every run that axis is constant or the same multiple")
                .contains("<h2>Time to target</h2>").contains("<td>train_loss</td><td class=\"num\">0.6</td><td class=\"num\">" + round + "</td>")
                .contains("<td>test_accuracy</td><td class=\"num\">1.01</td><td class=\"num\">not reached</td>");
    }
}

package io.dlsim.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlsim.metrics.MetricsRow;
import io.dlsim.simulator.engine.EngineType;
import io.dlsim.simulator.live.LiveRegistry;
import io.dlsim.simulator.live.PrometheusEndpoint;
import io.dlsim.simulator.report.MetricsCsv;
import io.dlsim.simulator.report.RunResultsWriter;
import io.dlsim.simulator.scenario.Scenario;
import io.dlsim.simulator.scenario.ScenarioParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentRunnerTest {
    static final String TINY = """
            name: tiny
            seed: 3
            nodes: 4
            rounds: 20
            eval-every: 5
            data: { type: synthetic-logistic, samples-per-node: 50, test-samples: 100, dimension: 10, support: 3 }
            model: { type: logistic }
            algorithm: { type: dspg, step-size: 0.5, batch-size: 5, regularizer: { type: l1, l1: 0.01 } }
            topology: { type: ring }
            """;

    static ExperimentRunner.Result run(String yaml, Path dir, EngineType engine, LiveRegistry live) throws Exception {
        List<Scenario> runs = ScenarioParser.parse(yaml, dir);
        return ExperimentRunner.run(runs, new ExperimentRunner.Options(dir.resolve("out"), engine.create(), true, live, "test"));
    }

    @Test
    void metricsCsvHasTheColumnsAndTheValuesOfATinyRun(@TempDir Path dir) throws Exception {
        run(TINY, dir, EngineType.SEQUENTIAL, null);
        Path runDir = dir.resolve("out/tiny");
        List<String> lines = Files.readAllLines(runDir.resolve(RunResultsWriter.METRICS_CSV));
        assertThat(lines.get(0)).isEqualTo("round,epoch,grad_evals,messages,bytes,consensus_distance,train_loss,test_loss,"
                + "train_accuracy,test_accuracy,generalization_gap,optimality_gap,mean_local_loss,wall_seconds");
        List<MetricsRow> rows = MetricsCsv.read(runDir.resolve(RunResultsWriter.METRICS_CSV));
        assertThat(rows).extracting(MetricsRow::round).containsExactly(0L, 5L, 10L, 15L, 20L);
        int params = 11; // 10 weights + bias
        for (MetricsRow r : rows) {
            assertThat(r.gradEvals()).isEqualTo(4 * 5 * r.round());
            assertThat(r.messages()).isEqualTo(4 * 2 * r.round());
            assertThat(r.bytes()).isEqualTo(r.messages() * params * 8);
            assertThat(r.epoch()).isEqualTo(r.round() * 5 / 50.0);
            assertThat(r.generalizationGap()).isEqualTo(r.testLoss() - r.trainLoss());
            assertThat(r.optimalityGap()).isGreaterThanOrEqualTo(-1e-9);
            assertThat(r.trainAccuracy()).isBetween(0.0, 1.0);
        }
        assertThat(rows.get(0).consensusDistance()).isZero();
        assertThat(rows.get(4).optimalityGap()).isLessThan(rows.get(0).optimalityGap());
        assertThat(Files.exists(runDir.resolve(RunResultsWriter.INCOMPLETE))).isFalse();
        assertThat(Files.readString(runDir.resolve(RunResultsWriter.SUMMARY_JSON))).contains("\"status\" : \"complete\"")
                .contains("\"spectralGap\"").contains("\"optimum\"");
        assertThat(Files.readString(runDir.resolve(RunResultsWriter.SCENARIO_YAML))).contains("name: tiny");
        assertThat(dir.resolve("out/report.html")).exists();
        assertThat(dir.resolve("out/comparison.csv")).exists();
    }

    @Test
    void actorAndSequentialEnginesWriteTheSameRowsAndASweepWritesOneFolderPerRun(@TempDir Path dir) throws Exception {
        String sweep = TINY + "sweep:\n  topology.type: [ring, complete]\n";
        var seq = run(sweep, dir.resolve("s"), EngineType.SEQUENTIAL, null);
        var act = run(sweep, dir.resolve("a"), EngineType.ACTORS, null);
        assertThat(seq.runs()).hasSize(2);
        for (int k = 0; k < 2; k++) {
            List<MetricsRow> a = act.runs().get(k).rows();
            List<MetricsRow> s = seq.runs().get(k).rows();
            assertThat(a).hasSameSizeAs(s);
            for (int i = 0; i < a.size(); i++) {
                assertThat(a.get(i).withWallSeconds(0)).isEqualTo(s.get(i).withWallSeconds(0));
            }
        }
        assertThat(dir.resolve("s/out/type=ring/metrics.csv")).exists();
        assertThat(dir.resolve("s/out/type=complete/metrics.csv")).exists();
        assertThat(Files.readString(dir.resolve("s/out/comparison.csv"))).contains("type=ring").contains("type=complete");
    }

    @Test
    void livePrometheusEndpointServesTheRunsMetrics(@TempDir Path dir) throws Exception {
        try (LiveRegistry live = LiveRegistry.create("embedded");
                PrometheusEndpoint endpoint = new PrometheusEndpoint(live.registry()).start("127.0.0.1", 0)) {
            run(TINY, dir, EngineType.ACTORS, live);
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("dlsim_test_loss{algorithm=\"dspg\",member=\"embedded\",run=\"tiny\",scenario=\"tiny\",topology=\"ring\"}")
                    .contains("dlsim_messages_total{").contains("dlsim_round{").contains("dlsim_topology_spectral_gap{")
                    .contains("jvm_memory_used_bytes");
            assertThat(r.body()).containsPattern("dlsim_round\\{[^}]*\\} 20\\.0");
        }
    }

    /** {@code --jobs 2}: the runs that run at once each export their own series, ending at their last round. */
    @Test
    void runsAtOnceEachExportTheirOwnLiveSeries(@TempDir Path dir) throws Exception {
        String sweep = TINY + "sweep:\n  seed: [1, 2, 3]\n";
        try (LiveRegistry live = LiveRegistry.create("embedded")) {
            List<Scenario> runs = ScenarioParser.parse(sweep, dir);
            var result = ExperimentRunner.run(runs, new ExperimentRunner.Options(dir.resolve("out"), EngineType.ACTORS.create(), true,
                    live, "test").withJobs(2));
            assertThat(result.runs()).extracting(r -> r.labels().run()).containsExactly("seed=1", "seed=2", "seed=3");
            String scrape = live.scrape();
            for (String run : List.of("seed=1", "seed=2", "seed=3")) {
                assertThat(scrape).containsPattern("dlsim_round\\{[^}]*run=\"" + run + "\"[^}]*\\} 20\\.0");
            }
        }
    }

    /**
     * {@code --jobs 2} and a run that fails (its folder cannot be made): the run running beside it
     * finishes complete, no later run starts, and the failure is thrown.
     */
    @Test
    void whenARunFailsTheRunningOnesFinishAndNoOtherStarts(@TempDir Path dir) throws Exception {
        String sweep = TINY.replace("eval-every: 5", "eval-every: 1000") + "sweep:\n  rounds: [20000, 21, 22, 23]\n";
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        Files.writeString(out.resolve("rounds=21"), "a file where the run's folder goes");
        List<Scenario> runs = ScenarioParser.parse(sweep, dir);
        var options = new ExperimentRunner.Options(out, EngineType.SEQUENTIAL.create(), true, null, "test").withJobs(2);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ExperimentRunner.run(runs, options))
                .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining("rounds=21");
        assertThat(Files.readString(out.resolve("rounds=20000").resolve("summary.json"))).contains("\"status\" : \"complete\"");
        assertThat(out.resolve("rounds=22")).doesNotExist();
        assertThat(out.resolve("rounds=23")).doesNotExist();
    }
}

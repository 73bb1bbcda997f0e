package io.dlsim.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dlsim.metrics.Metric;
import io.dlsim.metrics.MetricsRow;
import io.dlsim.simulator.live.LiveMetrics;
import io.dlsim.simulator.engine.EngineType;
import io.dlsim.simulator.live.LiveRegistry;
import io.dlsim.simulator.report.ExperimentReport;
import io.dlsim.simulator.report.PlotAxis;
import io.dlsim.simulator.report.RunLabels;
import io.dlsim.simulator.report.RunResultsWriter;
import io.dlsim.simulator.report.SummaryTable;
import io.dlsim.topologies.TopologyFacts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A metric added to the registry reaches every sink: one real run (through
 * {@link ExperimentRunner}, with live metrics), and each sink's columns, keys, plots or series
 * are compared with what the registries list ({@link MetricsRow#METRICS} and
 * {@link TopologyFacts#FACTS}), never with a list of their own. So adding one registry entry is
 * all it takes, and a sink with a hand-written list fails here. (The dashboards, which cannot
 * derive, are checked against the registries by {@code DashboardQueriesTest}.)
 */
class MetricSinksTest {

    @TempDir
    static Path dir;
    private static ExperimentRunner.Result result;
    private static Path runDir;
    private static MetricsRow last;
    /** The exposition's dlsim_* samples of the run: series name to value. */
    private static Map<String, Double> live;

    @BeforeAll
    static void runOnce() throws Exception {
        try (LiveRegistry registry = LiveRegistry.create("test")) {
            result = ExperimentRunnerTest.run(ExperimentRunnerTest.TINY, dir, EngineType.SEQUENTIAL, registry);
            live = dlsimSamples(registry.scrape());
        }
        runDir = dir.resolve("out/tiny");
        List<MetricsRow> rows = result.runs().get(0).rows();
        last = rows.get(rows.size() - 1);
    }

    private static Map<String, Double> dlsimSamples(String exposition) {
        Map<String, Double> out = new HashMap<>();
        for (String line : exposition.split("\n")) {
            if (line.startsWith("dlsim_") && line.contains("run=\"tiny\"")) {
                out.put(line.substring(0, line.indexOf('{')), Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        return out;
    }

    private static List<String> names(List<Metric> metrics) {
        return metrics.stream().map(Metric::name).toList();
    }

    @Test
    void metricsCsvHasOneColumnPerRegistryMetric() throws Exception {
        String header = Files.readAllLines(runDir.resolve(RunResultsWriter.METRICS_CSV)).get(0);
        assertThat(header.split(",")).containsExactlyElementsOf(names(MetricsRow.UNTIMED));
    }

    @Test
    void summaryJsonFinalHasEveryRegistryMetricWithTheLastRowsValue() throws Exception {
        JsonNode fin = new ObjectMapper().readTree(runDir.resolve(RunResultsWriter.SUMMARY_JSON).toFile()).get("final");
        List<String> keys = new ArrayList<>();
        fin.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactlyElementsOf(names(MetricsRow.UNTIMED));
        for (Metric m : MetricsRow.UNTIMED) {
            double v = m.value(last);
            if (Double.isNaN(v)) {
                assertThat(fin.get(m.name()).isNull()).as(m.name()).isTrue();
            } else {
                assertThat(fin.get(m.name()).asDouble()).as(m.name()).isEqualTo(v);
            }
        }
    }

    @Test
    void comparisonTableHasEveryRegistryMetricAfterTheLabelsAndTheSeed() throws Exception {
        String header = Files.readAllLines(dir.resolve("out").resolve(ExperimentReport.COMPARISON_CSV)).get(0);
        List<String> expected = new ArrayList<>(List.of(RunLabels.KEYS));
        expected.add("seed");
        expected.add("evaluations");
        expected.addAll(names(MetricsRow.UNTIMED));
        assertThat(List.of(header.split(","))).startsWith(expected.toArray(String[]::new));
    }

    @Test
    void everyPlottedMetricIsPlottedAgainstEveryAxisAndNothingElse() throws Exception {
        assertThat(PlotAxis.of(result.runs())).as("no simulated time without a system model").doesNotContain(PlotAxis.SIM_SECONDS);
        Set<String> expected = new TreeSet<>();
        for (Metric m : MetricsRow.PLOTTED) {
            for (PlotAxis a : PlotAxis.of(result.runs())) {
                expected.add(m.name() + "_vs_" + a.stem() + ".png");
                expected.add(m.name() + "_vs_" + a.stem() + ".svg");
            }
        }
        assertThat(result.report().skipped()).as("this run defines every plotted metric").isEmpty();
        try (Stream<Path> files = Files.list(dir.resolve("out").resolve(ExperimentReport.PLOTS))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(expected);
        }
        String html = Files.readString(result.report().reportHtml());
        for (Metric m : MetricsRow.PLOTTED) {
            for (PlotAxis a : PlotAxis.of(result.runs())) {
                assertThat(html).contains("<figure class=\"chart\" id=\"" + m.name() + "_vs_" + a.stem() + "\">");
            }
        }
    }

    @Test
    void consoleTableShowsTheRoundAndEveryPlottedMetricByItsShortName() {
        String[] header = SummaryTable.format(result.runs()).lines().findFirst().orElseThrow().trim().split("\\s+");
        List<String> expected = new ArrayList<>(List.of(RunLabels.KEYS));
        expected.add(MetricsRow.ROUND.shortName());
        MetricsRow.PLOTTED.forEach(m -> expected.add(m.shortName()));
        assertThat(header).containsExactlyElementsOf(expected);
    }

    @Test
    void everyLiveRegistryMetricAndNumericTopologyFactIsExportedWithItsValueAndNothingElseIs() throws Exception {
        Set<String> expected = new TreeSet<>(Set.of("dlsim_rounds_per_second", "dlsim_rounds_planned"));
        // A run without a system model: the simulated-time metrics are neither written nor exported.
        for (Metric m : MetricsRow.METRICS) {
            if (m.isLive() && !m.isSimulatedTime()) {
                expected.add(m.prometheusName());
                assertThat(live.get(m.prometheusName())).as(m.prometheusName()).isEqualTo(m.value(last));
            } else {
                assertThat(live).as("%s is not exported", m.name()).doesNotContainKey("dlsim_" + m.name());
            }
        }
        JsonNode extras = new ObjectMapper().readTree(runDir.resolve(RunResultsWriter.SUMMARY_JSON).toFile()).get("extras");
        for (TopologyFacts.Fact f : TopologyFacts.FACTS) {
            assertThat(extras.has(f.name())).as("summary.json extras has %s", f.name()).isTrue();
            if (f.isNumber()) {
                String series = LiveMetrics.prometheusName(f);
                expected.add(series);
                double inSummary = extras.get(f.name()).isNull() ? Double.NaN : extras.get(f.name()).asDouble();
                assertThat(live.get(series)).as(series).isEqualTo(inSummary);
            }
        }
        assertThat(live.keySet()).containsExactlyInAnyOrderElementsOf(expected);
    }
}

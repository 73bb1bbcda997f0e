package io.dlsim.simulator.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlsim.metrics.Metric;
import io.dlsim.metrics.MetricsRow;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** Rendering costs about 0.2 s a chart here, so only the first test renders a whole report. */
class ExperimentReportTest {

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final Pattern REMOTE = Pattern.compile(
            "(?i)(?:\\b(?:src|href|action|poster|data)\\s*=\\s*[\"']?\\s*(?:https?:)?//)|url\\(\\s*[\"']?\\s*(?:https?:)?//|@import");

    @TempDir
    Path tmp;

    /** Three non-convex runs (optimality gap NaN everywhere); the third has a name that needs escaping. */
    private static List<RunData> nonConvexRuns() {
        Map<String, Object> ring = new LinkedHashMap<>();
        ring.put("lambda", 0.9);
        ring.put("spectralGap", 0.1);
        ring.put("topology", Map.of("nodes", 16));
        return List.of(
                new RunData(new RunLabels("exp", "ring-16", "dsgd", "ring-16"), Rows.trajectory(8, 1.0, false), ring),
                new RunData(new RunLabels("exp", "complete-16", "dsgd", "complete-16"), Rows.trajectory(8, 0.5, false),
                        Map.of("lambda", 0.0, "spectralGap", 1.0)),
                new RunData(new RunLabels("exp", "mlp <ring>, \"a&b\"", "dpsvrg", "ring-16"),
                        Rows.trajectory(5, 2.0, false)));
    }

    @Test
    void writesValidPlotsAComparisonAndASelfContainedHtmlAndSkipsAllNanCharts() throws Exception {
        List<RunData> runs = nonConvexRuns();
        ExperimentReport.Output out = ExperimentReport.write(tmp, "Exp <1>", runs);

        // Plots: every metric with a value against every axis the runs need (here rounds alone: epochs,
        // gradient evaluations and bytes are fixed multiples of the round in these runs), as PNG and SVG; no
        // optimality gap; and the final values against the spectral gap (two runs have different gaps).
        assertThat(PlotAxis.of(runs)).containsExactly(PlotAxis.ROUNDS);
        assertThat(out.skipped()).containsExactly("optimality_gap_vs_rounds");
        assertThat(tmp.resolve("plots/optimality_gap_vs_rounds.png")).doesNotExist();
        List<Metric> gapMetrics = ExperimentReport.gapMetrics(runs, ReportContext.NONE);
        assertThat(gapMetrics).contains(MetricsRow.CONSENSUS_DISTANCE).doesNotContain(MetricsRow.OPTIMALITY_GAP);
        assertThat(out.plots()).hasSize(((MetricsRow.PLOTTED.size() - 1) * PlotAxis.of(runs).size() + gapMetrics.size()) * 2);
        List<String> stems = new ArrayList<>();
        for (Metric m : MetricsRow.PLOTTED) {
            if (m != MetricsRow.OPTIMALITY_GAP) {
                stems.add(m.name() + "_vs_rounds");
            }
        }
        gapMetrics.forEach(m -> stems.add("final_" + m.name() + "_vs_spectral_gap"));
        for (String stem : stems) {
            Path png = tmp.resolve("plots").resolve(stem + ".png");
            Path svg = tmp.resolve("plots").resolve(stem + ".svg");
            assertThat(out.plots()).contains(png, svg);
            assertValidPng(Files.readAllBytes(png));
            assertValidSvg(Files.readAllBytes(svg));
        }

        // comparison.csv: header + one line per run.
        assertThat(out.comparisonCsv()).isEqualTo(tmp.resolve("comparison.csv"));
        assertThat(Files.readAllLines(out.comparisonCsv())).hasSize(1 + runs.size());

        // report.html: every run named (escaped), one captioned inline SVG chart with its data per figure, one
        // embedded script, nothing remote.
        assertThat(out.reportHtml()).isEqualTo(tmp.resolve("report.html"));
        String html = Files.readString(out.reportHtml());
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<title>dlsim report: Exp &lt;1&gt;</title>");
        for (RunData r : runs) {
            assertThat(html).contains(ExperimentReport.esc(r.labels().run()));
        }
        assertThat(html).doesNotContain("<ring>").doesNotContain("<link").doesNotContain("<img");
        assertThat(REMOTE.matcher(html).find()).as("no remote resource in report.html").isFalse();
        assertThat(html).doesNotContainPattern("(?i)https?://");
        assertThat(html.split("<script>", -1).length - 1).as("one embedded script").isOne();
        int figures = html.split(Pattern.quote("<figure class=\"chart\""), -1).length - 1;
        assertThat(figures).isEqualTo(out.plots().size() / 2);
        assertThat(html.split("<script type=\"application/json\" class=\"chart-data\">", -1).length - 1).isEqualTo(figures);
        assertThat(html.split("<svg class=\"chart\"", -1).length - 1).isEqualTo(figures);
        for (String stem : stems) {
            assertThat(html).contains("<figure class=\"chart\" id=\"" + stem + "\">");
        }
        // The hover data is JSON naming the runs (the third run's name escaped for a script element).
        int at = html.indexOf("class=\"chart-data\">", html.indexOf("id=\"train_loss_vs_rounds\"")) + "class=\"chart-data\">".length();
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(html.substring(at, html.indexOf("</script>", at)));
        assertThat(tree.get("series")).hasSize(3);
        assertThat(tree.get("series").get(2).get("name").asText()).isEqualTo(runs.get(2).labels().run());
        assertThat(html).contains("Consensus distance").contains("Log scale").contains("Not plotted")
                .contains("optimality_gap_vs_rounds").contains("spectralGap");
    }

    @Test
    void logScaleChartsDropNonPositiveAndNanPointsAndStillRender() throws Exception {
        List<MetricsRow> rows = new ArrayList<>(Rows.trajectory(6, 1.0, true));
        MetricsRow r = rows.get(2);
        rows.set(2, new MetricsRow(r.round(), r.epoch(), r.gradEvals(), r.messages(), r.bytes(), 0.0, r.trainLoss(),
                r.testLoss(), r.trainAccuracy(), r.testAccuracy(), r.generalizationGap(), -1e-3, r.meanLocalLoss(),
                r.wallSeconds()));
        r = rows.get(4);
        rows.set(4, new MetricsRow(r.round(), r.epoch(), r.gradEvals(), r.messages(), r.bytes(), Double.NaN,
                r.trainLoss(), r.testLoss(), r.trainAccuracy(), r.testAccuracy(), r.generalizationGap(), Double.NaN,
                r.meanLocalLoss(), r.wallSeconds()));
        List<RunData> one = List.of(new RunData(new RunLabels("e", "a", "dsgd", "ring"), rows));

        for (Metric m : List.of(MetricsRow.CONSENSUS_DISTANCE, MetricsRow.OPTIMALITY_GAP)) {
            double[] ys = Charts.chart(m, PlotAxis.ROUNDS, one).series().get(0).ys();
            assertThat(ys).as(m + ": NaN and negative points are left out, 0 is kept (drawn on the lower edge)")
                    .hasSize(m == MetricsRow.CONSENSUS_DISTANCE ? 5 : 4);
            assertThat(Arrays.stream(ys).allMatch(y -> y >= 0)).as(m + " keeps no negative point").isTrue();
        }
        double[] gap = Charts.chart(MetricsRow.GENERALIZATION_GAP, PlotAxis.ROUNDS, one).series().get(0).ys();
        assertThat(gap).as("a linear axis keeps zero and negative values").hasSize(6);

        Charts.Rendered chart = Charts.render(MetricsRow.OPTIMALITY_GAP, PlotAxis.GRAD_EVALS, one);
        assertValidPng(chart.png());
        assertValidSvg(chart.svg());
    }

    @Test
    void aRunWithoutAnyValueIsLeftOutOfAChartAndAChartWithoutValuesIsNull() {
        List<RunData> runs = List.of(
                new RunData(new RunLabels("e", "convex", "dspg", "ring"), Rows.trajectory(4, 1.0, true)),
                new RunData(new RunLabels("e", "mlp", "dsgd", "ring"), Rows.trajectory(4, 1.0, false)),
                new RunData(new RunLabels("e", "empty", "dsgd", "ring"), List.of()));

        assertThat(Charts.chart(MetricsRow.OPTIMALITY_GAP, PlotAxis.ROUNDS, runs).series())
                .extracting(ChartPainter.Series::name).containsExactly("convex");
        assertThat(Charts.chart(MetricsRow.OPTIMALITY_GAP, PlotAxis.ROUNDS, runs.subList(1, 3))).isNull();
        assertThat(Charts.chart(MetricsRow.TEST_LOSS, PlotAxis.GRAD_EVALS, runs).series())
                .hasSize(2);
    }

    @Test
    void anExperimentWithoutRowsStillGetsATableAndAPage() throws Exception {
        List<RunData> runs = List.of(new RunData(new RunLabels("e", "not-started", "dsgd", "ring"), List.of()));
        ExperimentReport.Output out = ExperimentReport.write(tmp, "empty", runs);

        assertThat(out.plots()).isEmpty();
        assertThat(out.skipped()).hasSize(MetricsRow.PLOTTED.size() * PlotAxis.of(runs).size());
        assertThat(Files.readString(out.reportHtml())).contains("not-started").contains("No chart");
        assertThat(Files.readAllLines(out.comparisonCsv())).hasSize(2);
    }

    @Test
    void legendNamesAreUniqueAndQualifiedWhenScenariosDiffer() {
        RunData a = new RunData(new RunLabels("s1", "seed-1", "dsgd", "ring"), List.of());
        RunData b = new RunData(new RunLabels("s1", "seed-1", "dsgd", "torus"), List.of());
        RunData c = new RunData(new RunLabels("s2", "seed-1", "dsgd", "ring"), List.of());

        assertThat(Charts.seriesNames(List.of(a, b))).containsExactly("seed-1", "seed-1 (2)");
        assertThat(Charts.seriesNames(List.of(a, c))).containsExactly("s1/seed-1", "s2/seed-1");
    }

    @Test
    void comparisonHasOneLinePerRunWithFinalValuesAndFlattenedExtras() {
        List<RunData> runs = nonConvexRuns();
        List<String> lines = ComparisonTable.of(runs).toCsv().lines().toList();

        assertThat(lines).hasSize(1 + runs.size());
        List<String> header = Arrays.asList(lines.get(0).split(","));
        assertThat(header).startsWith("scenario", "run", "algorithm", "topology", "evaluations")
                .containsSubsequence(Arrays.asList(MetricsRow.COLUMNS))
                .endsWith("lambda", "spectralGap", "topology.nodes");
        String expected = "exp,ring-16,dsgd,ring-16,8," + MetricsCsv.format(runs.get(0).finalRow()) + ",0.9,0.1,16";
        assertThat(lines.get(1)).isEqualTo(expected);
        assertThat(lines.get(2)).endsWith(",0.0,1.0,");
        assertThat(lines.get(3)).startsWith("exp,\"mlp <ring>, \"\"a&b\"\"\",dpsvrg,ring-16,5,")
                .as("no extras, NaN optimality gap empty").endsWith(",,,");

        ComparisonTable empty = ComparisonTable.of(List.of(new RunData(new RunLabels("e", "r", "a", "t"), List.of())));
        assertThat(empty.lines().get(0)).startsWith("e", "r", "a", "t", 0).containsOnlyOnce(0);
    }

    @Test
    void tableCellsShowSixSignificantDigits() {
        assertThat(ExperimentReport.display(9.75)).isEqualTo("9.75");
        assertThat(ExperimentReport.display(0.1 + 0.2)).isEqualTo("0.3");
        assertThat(ExperimentReport.display(1.8189894035458565E-12)).isEqualTo("1.81899e-12");
        assertThat(ExperimentReport.display(0.0)).isEqualTo("0");
        assertThat(ExperimentReport.display(Double.NaN)).isEmpty();
        assertThat(ExperimentReport.display(12480L)).isEqualTo("12480");
        assertThat(ExperimentReport.display(null)).isEmpty();
    }

    private static void assertValidPng(byte[] bytes) throws Exception {
        assertThat(bytes.length).isGreaterThan(1000);
        assertThat(Arrays.copyOf(bytes, 8)).isEqualTo(PNG_MAGIC);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
        assertThat(img).isNotNull();
        assertThat(img.getWidth()).isEqualTo(Charts.WIDTH * Charts.PNG_SCALE);
        assertThat(img.getHeight()).isEqualTo(Charts.HEIGHT * Charts.PNG_SCALE);
    }

    private static void assertValidSvg(byte[] bytes) throws Exception {
        assertThat(bytes.length).isGreaterThan(1000);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        // Never fetch a DTD an SVG might name.
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
        assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("svg");
        int drawn = doc.getElementsByTagNameNS("*", "polyline").getLength()
                + doc.getElementsByTagNameNS("*", "circle").getLength();
        assertThat(drawn).isPositive();
        assertThat(doc.getElementsByTagNameNS("*", "text").getLength()).as("editable text, not glyph outlines").isGreaterThan(5);
    }
}

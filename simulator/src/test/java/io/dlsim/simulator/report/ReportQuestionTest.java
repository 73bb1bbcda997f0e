package io.dlsim.simulator.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dlsim.metrics.MetricsRow;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.NodeList;

/** Issue 14, item 4: a report that answers the scenario's question; item 5: the files of its charts. */
class ReportQuestionTest {

    @TempDir
    Path tmp;

    /** A topology sweep: ring, grid, complete, each with its spectral gap, and the same everything else. */
    private static List<RunData> sweep() {
        List<RunData> runs = new ArrayList<>();
        String[] types = {"ring", "grid", "complete"};
        double[] gaps = {0.04, 0.13, 1.0};
        for (int k = 0; k < types.length; k++) {
            Map<String, Object> extras = new LinkedHashMap<>();
            extras.put("status", "complete");
            extras.put("nodes", 16);
            extras.put("spectralGap", gaps[k]);
            runs.add(new RunData(new RunLabels("zhu", "type=" + types[k], "dsgd", types[k]), Rows.trajectory(8, 1.0 + k, false),
                    extras));
        }
        return runs;
    }

    private static ReportContext context(List<RunData> runs) {
        Map<String, Map<String, String>> values = new LinkedHashMap<>();
        runs.forEach(r -> values.put(r.labels().run(), Map.of("topology.type", r.labels().topology())));
        List<ReportContext.TopologyDrawing> drawings = List.of(
                new ReportContext.TopologyDrawing("ring", 8, false, ringEdges(8), List.of("type=ring")),
                new ReportContext.TopologyDrawing("big", 1000, false, null, List.of("type=grid", "type=complete")));
        return new ReportContext("Reproduces a paper.\n\nWhat to look for (plots/x.png):\n  - ring > complete", List.of("topology.type"),
                values, List.of(MetricsRow.TEST_ACCURACY, MetricsRow.TEST_LOSS), drawings);
    }

    private static List<int[]> ringEdges(int n) {
        List<int[]> e = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            e.add(new int[] {Math.min(i, (i + 1) % n), Math.max(i, (i + 1) % n)});
        }
        return e;
    }

    @Test
    void theRunsTableLeadsWithTheSweptKeysGapAndHeadlineMetricsAndFoldsConstantColumns() {
        List<RunData> runs = sweep();
        HeadlineTable t = HeadlineTable.of(ComparisonTable.of(runs), runs, context(runs));

        // The test accuracy of these trajectories ends alike in every run, so it is folded with the other constants.
        assertThat(t.columns()).startsWith("run", "topology.type", "spectralGap", "test_loss",
                HeadlineTable.lastKColumn(MetricsRow.TEST_LOSS), "consensus_distance");
        // The topology label reads like the swept topology.type, run for run: shown once.
        assertThat(t.columns()).doesNotContain("topology");
        assertThat(t.repeats()).containsEntry("topology", "topology.type");
        assertThat(t.columns()).doesNotContain("scenario", "algorithm", "nodes", "status", "optimality_gap");
        assertThat(t.common()).containsEntry("scenario", "zhu").containsEntry("algorithm", "dsgd").containsEntry("nodes", "16")
                .containsEntry("status", "complete").containsEntry("optimality_gap", "").containsEntry("evaluations", "8");
        assertThat(t.common()).containsKey("test_accuracy").containsKey(HeadlineTable.lastKColumn(MetricsRow.TEST_ACCURACY));
        assertThat(t.lines()).hasSize(3);
        assertThat(t.lines().get(0).subList(0, 3)).containsExactly("type=ring", "ring", 0.04);
    }

    @Test
    void aSweptWholeSectionShowsItsSweepColumnNotTheLabel() {
        List<RunData> runs = new ArrayList<>();
        for (String a : List.of("dpsvrg-0.3-combine-then-adapt", "dspg-0.3")) {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("algorithm", a);
            params.put("seed", 1);
            runs.add(new RunData(new RunLabels("li", "algorithm=" + a, a.substring(0, a.indexOf('-')), "ring"),
                    Rows.trajectory(4, a.length(), true), Map.of(), params));
        }
        Map<String, Map<String, String>> values = new LinkedHashMap<>();
        runs.forEach(r -> values.put(r.labels().run(), Map.of("algorithm", String.valueOf(r.params().get("algorithm")))));
        ReportContext ctx = new ReportContext("", List.of("algorithm"), values, List.of(MetricsRow.OPTIMALITY_GAP), List.of());
        HeadlineTable t = HeadlineTable.of(ComparisonTable.of(runs), runs, ctx);
        assertThat(t.columns()).startsWith("run", "sweep.algorithm", "optimality_gap");
        assertThat(t.lines().get(0).get(1)).isEqualTo("dpsvrg-0.3-combine-then-adapt");
    }

    @Test
    void theMeanOfTheLastKEvaluationsLeavesUndefinedValuesOut() {
        List<MetricsRow> rows = new ArrayList<>();
        for (int r = 0; r < 9; r++) {
            rows.add(Rows.row(r, r));
        }
        RunData run = new RunData(new RunLabels("e", "a", "dsgd", "ring"), rows);
        // The last 5 of 0..8: 4, 5, 6, 7, 8.
        assertThat(HeadlineTable.meanOfLast(run, MetricsRow.TEST_LOSS)).isCloseTo(6.0, within(1e-12));
        assertThat(HeadlineTable.meanOfLast(run, MetricsRow.OPTIMALITY_GAP)).isCloseTo(6.0, within(1e-12));
        RunData short2 = new RunData(run.labels(), rows.subList(0, 2));
        assertThat(HeadlineTable.meanOfLast(short2, MetricsRow.TEST_LOSS)).isCloseTo(0.5, within(1e-12));
        RunData nonConvex = new RunData(run.labels(), Rows.trajectory(6, 1, false));
        assertThat(MetricsRow.isUndefined(HeadlineTable.meanOfLast(nonConvex, MetricsRow.OPTIMALITY_GAP))).isTrue();
    }

    @Test
    void thePageStatesTheQuestionChartsTheGapAndDrawsTheTopologies() throws Exception {
        List<RunData> runs = sweep();
        ExperimentReport.Output out = ExperimentReport.write(tmp, "zhu", runs, context(runs));
        String html = Files.readString(out.reportHtml(), StandardCharsets.UTF_8);

        assertThat(html).contains("<h2>About this experiment</h2>").contains("Reproduces a paper.")
                .contains("<div class=\"about look\">What to look for (plots/x.png):\n  - ring &gt; complete</div>");
        assertThat(html.indexOf("About this experiment")).isLessThan(html.indexOf("<h2>Runs</h2>"));
        assertThat(html).contains("<th class=\"head\">topology.type</th>").contains("Common to all runs")
                .contains("<dt>scenario</dt><dd>zhu</dd>").contains("mean of last 5");
        // Final values against the spectral gap: the consensus distance (what topology theory predicts) and the
        // headline test loss, which differ between these runs; the test accuracy, alike in every run, is not charted.
        assertThat(out.plots()).contains(tmp.resolve("plots/final_consensus_distance_vs_spectral_gap.svg"),
                tmp.resolve("plots/final_test_loss_vs_spectral_gap.png"));
        assertThat(tmp.resolve("plots/final_test_accuracy_vs_spectral_gap.png")).doesNotExist();
        String gapSvg = Files.readString(tmp.resolve("plots/final_consensus_distance_vs_spectral_gap.svg"));
        assertThat(gapSvg).contains(">Spectral gap 1 \u2212 \u03bb of W(0) (log scale)</text>").contains(">ring</text>");
        assertThat(gapSvg.split("<circle", -1).length - 1).as("one dot per run, one legend dot per run").isEqualTo(6);
        // Topologies: the ring drawn (8 nodes, 8 edges), the big one named only.
        assertThat(html).contains("<svg class=\"topology\"").contains("data-nodes=\"8\" data-edges=\"8\"")
                .contains("1000 nodes: not drawn (more than 256 nodes)");
        String ring = TopologySvg.svg(context(runs).topologies().get(0), 200);
        assertThat(ring.split("<line ", -1).length - 1).isEqualTo(8);
        assertThat(ring.split("<circle ", -1).length - 1).isEqualTo(8);
        assertThat(TopologySvg.svg(context(runs).topologies().get(1), 200)).isNull();
    }

    @Test
    void withoutAScenarioThePageStillLeadsWithTheHeadlineColumns() throws Exception {
        List<RunData> runs = sweep();
        HeadlineTable t = HeadlineTable.of(ComparisonTable.of(runs), runs, ReportContext.NONE);
        assertThat(t.columns()).startsWith("run", "topology", "spectralGap", "consensus_distance");
        assertThat(t.repeats()).isEmpty();
        String html = Files.readString(ExperimentReport.write(tmp, "zhu", runs).reportHtml());
        assertThat(html).doesNotContain("About this experiment").doesNotContain("<h2>Topologies</h2>");
    }

    @Test
    void theHeaderCommentIsTheLeadingCommentBlockOfTheFile() throws Exception {
        Path f = tmp.resolve("s.yaml");
        Files.writeString(f, "# Reproduces: X.\n#\n# What to look for:\n#   - a > b\nname: s  # not this\n# nor this\n");
        assertThat(ReportContext.headerComment(f)).isEqualTo("Reproduces: X.\n\nWhat to look for:\n  - a > b");
        assertThat(ReportContext.headerComment(tmp.resolve("missing.yaml"))).isEmpty();
        assertThat(ReportContext.headerComment(null)).isEmpty();
    }

    @Test
    void pngsAreTwiceTheSizeWithTheirDpiAndSvgsKeepTheirText() throws Exception {
        Charts.Rendered r = Charts.render(MetricsRow.CONSENSUS_DISTANCE, PlotAxis.ROUNDS, sweep());
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(r.png()))) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("png").next();
            reader.setInput(in);
            assertThat(reader.getWidth(0)).isEqualTo(2 * Charts.WIDTH);
            assertThat(reader.getHeight(0)).isEqualTo(2 * Charts.HEIGHT);
            IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_png_1.0");
            NodeList phys = root.getElementsByTagName("pHYs");
            assertThat(phys.getLength()).isOne();
            IIOMetadataNode p = (IIOMetadataNode) phys.item(0);
            assertThat(p.getAttribute("unitSpecifier")).isEqualTo("meter");
            assertThat(Long.parseLong(p.getAttribute("pixelsPerUnitXAxis")) * 0.0254).isCloseTo(144.0, within(0.1));
        }
        String svg = new String(r.svg(), StandardCharsets.UTF_8);
        assertThat(svg).startsWith("<?xml").contains("xmlns=\"http://www.w3.org/2000/svg\"")
                .contains(">Consensus distance vs rounds</text>").contains(">Rounds</text>").contains(">type=ring</text>")
                .doesNotContain("<path");
        assertThat(r.inlineSvg()).doesNotContain("xmlns").contains("<g class=\"legend-item\" data-series=\"2\">");
    }
}

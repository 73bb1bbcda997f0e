package io.dlsim.simulator.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlsim.metrics.MetricsRow;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The chart layout's guards: long runs stay small files, long names stay in the picture. */
class ChartPainterTest {

    @Test
    void decimationKeepsEachColumnsFirstLowestHighestAndLast() {
        int n = 10_000;
        double[] px = new double[n];
        double[] py = new double[n];
        double[] vx = new double[n];
        double[] vy = new double[n];
        for (int i = 0; i < n; i++) {
            px[i] = i / 100.0;
            py[i] = 100 + 50 * Math.sin(i * 0.37);
            vx[i] = i;
            vy[i] = py[i];
        }
        double[] origY = py.clone();
        int count = ChartPainter.decimate(px, py, vx, vy, n);
        assertThat(count).isLessThanOrEqualTo(4 * 100).isGreaterThan(100);
        assertThat(vx[0]).isZero();
        assertThat(vx[count - 1]).isEqualTo(n - 1);
        // Every column's extremes survive, so the drawn band of the line is unchanged.
        for (int col = 0; col < 100; col++) {
            double[] column = Arrays.copyOfRange(origY, col * 100, col * 100 + 100);
            double min = Arrays.stream(column).min().orElseThrow();
            double max = Arrays.stream(column).max().orElseThrow();
            int c = col;
            List<Double> kept = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                if ((int) Math.floor(px[i]) == c) {
                    kept.add(py[i]);
                }
            }
            assertThat(kept).contains(min, max);
        }
    }

    @Test
    void aLongRunIsDrawnWithAtMostAFewPointsPerPixelAndHoverDataIsBounded() throws Exception {
        List<MetricsRow> rows = new ArrayList<>();
        for (int k = 0; k < 20_000; k++) {
            rows.add(Rows.row(k, 1.0 / (1 + k) + 0.01 * Math.sin(k)));
        }
        Charts.Rendered r = Charts.render(MetricsRow.TRAIN_LOSS, PlotAxis.ROUNDS,
                List.of(new RunData(new RunLabels("e", "long", "dsgd", "ring"), rows)));
        Matcher m = Pattern.compile("<polyline[^>]* points=\"([^\"]*)\"").matcher(r.inlineSvg());
        assertThat(m.find()).isTrue();
        int points = m.group(1).split(" ").length;
        assertThat(points).isLessThanOrEqualTo(4 * Charts.WIDTH).isGreaterThan(100);
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.hoverJson());
        assertThat(tree.get("series").get(0).get("px").size()).isLessThanOrEqualTo(Charts.HOVER_POINTS + 1);
        assertThat(tree.get("series").get(0).get("x").get(tree.get("series").get(0).get("x").size() - 1).asText())
                .as("the last point is kept, its x exact").isEqualTo("19999");
    }

    @Test
    void longLegendNamesAreCutToFitAndDotLabelsDoNotOverlap() {
        String longName = "algorithm=dpsvrg,topology.type=exponential-directed,algorithm.step-size=0.001,seed=12345";
        List<ChartPainter.Series> series = List.of(
                new ChartPainter.Series(longName, ChartPainter.Kind.POINTS, Color.BLUE, 0, new double[] {0.4, 0.41},
                        new double[] {1.0, 1.0001}, 0, true, new String[] {"hypercube", "exponential"}));
        ChartPainter.Model model = new ChartPainter.Model("t", "x", "y", false, false, false, series);
        ChartPainter.SvgCanvas svg = new ChartPainter.SvgCanvas("t", Charts.WIDTH, Charts.HEIGHT, "t");
        ChartPainter.paint(model, svg, Charts.WIDTH, Charts.HEIGHT);
        String text = svg.svg();
        assertThat(text).doesNotContain(">" + longName + "<").containsPattern(">algorithm=dpsvrg[^<]*\u2026[^<]*seed=12345</text>");
        assertThat(ChartPainter.textWidth(ChartPainter.shorten(longName), 12)).isLessThanOrEqualTo(ChartPainter.LEGEND_TEXT_MAX);
        assertThat(ChartPainter.shorten("type=ring")).isEqualTo("type=ring");
        Matcher hyper = Pattern.compile("<text x=\"[^\"]+\" y=\"([^\"]+)\"[^>]*>hypercube</text>").matcher(text);
        Matcher expo = Pattern.compile("<text x=\"[^\"]+\" y=\"([^\"]+)\"[^>]*>exponential</text>").matcher(text);
        assertThat(hyper.find()).isTrue();
        assertThat(expo.find()).isTrue();
        assertThat(Math.abs(Double.parseDouble(hyper.group(1)) - Double.parseDouble(expo.group(1))))
                .as("two dots at almost the same place get their labels on different lines").isGreaterThanOrEqualTo(12);
    }
}

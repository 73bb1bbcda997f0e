package io.dlsim.simulator.report;

import io.dlsim.metrics.Metric;
import io.dlsim.metrics.MetricsRow;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.knowm.xchart.ChartEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Builds and encodes the report's XChart line charts. Sets {@code java.awt.headless=true} before
 * the first chart unless the property was set explicitly, so rendering needs no display.
 */
final class Charts {

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** Tableau 10, the matplotlib default cycle: distinguishable, readable on white. */
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf)};

    static final int WIDTH = 820;
    static final int HEIGHT = 480;

    private Charts() {
    }

    /** One rendered chart. */
    record Rendered(Metric metric, PlotAxis axis, byte[] png, byte[] svg, int series) {
        String stem() {
            return Charts.stem(metric, axis);
        }
    }

    /** The file stem of a chart, {@code <metric>_vs_<axis>}: the metric's registry name. */
    static String stem(Metric metric, PlotAxis axis) {
        return metric.name() + "_vs_" + axis.stem();
    }

    /** Whether a value can be drawn on the metric's axis: finite, and positive on a log axis. */
    static boolean plottable(Metric metric, double v) {
        return Double.isFinite(v) && (!metric.logScale() || v > 0);
    }

    /**
     * The chart of one metric against one axis, one line per run with at least one plottable
     * point; null when no run has any.
     */
    static XYChart chart(Metric metric, PlotAxis axis, List<RunData> runs) {
        List<String> names = seriesNames(runs);
        XYChart chart = null;
        for (int k = 0; k < runs.size(); k++) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (MetricsRow row : runs.get(k).rows()) {
                double x = axis.valueOf(row);
                double y = metric.value(row);
                if (plottable(metric, y) && Double.isFinite(x)) {
                    xs.add(x);
                    ys.add(y);
                }
            }
            if (xs.isEmpty()) {
                continue;
            }
            if (chart == null) {
                chart = newChart(metric, axis);
            }
            XYSeries s = chart.addSeries(names.get(k), xs, ys);
            s.setMarker(xs.size() == 1 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            s.setLineStyle(new BasicStroke(1.8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        }
        return chart;
    }

    /** Renders as PNG and SVG; null when the chart would be empty. */
    static Rendered render(Metric metric, PlotAxis axis, List<RunData> runs) throws IOException {
        XYChart chart = chart(metric, axis, runs);
        if (chart == null) {
            return null;
        }
        // XChart 4.0.3's format-keyed encoder: PNG through ImageIO, SVG through VectorGraphics2D.
        byte[] png = ChartEncoder.getBytes(chart, "png");
        byte[] svg = ChartEncoder.getBytes(chart, "svg");
        return new Rendered(metric, axis, png, svg, chart.getSeriesCollection().size());
    }

    /** Legend names: the run name, qualified by the scenario when runs of several scenarios share it, unique. */
    static List<String> seriesNames(List<RunData> runs) {
        Set<String> scenarios = new HashSet<>();
        runs.forEach(r -> scenarios.add(r.labels().scenario()));
        List<String> names = new ArrayList<>(runs.size());
        Set<String> used = new HashSet<>();
        for (RunData r : runs) {
            String base = scenarios.size() > 1 ? r.labels().scenario() + "/" + r.labels().run() : r.labels().run();
            String name = base;
            for (int i = 2; !used.add(name); i++) {
                name = base + " (" + i + ")";
            }
            names.add(name);
        }
        return names;
    }

    private static XYChart newChart(Metric metric, PlotAxis axis) {
        String unit = metric.unit().isEmpty() ? "" : " (" + metric.unit() + ")";
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(metric.plotTitle() + " vs " + axis.title().toLowerCase(Locale.ROOT))
                .xAxisTitle(axis.title()).yAxisTitle(metric.plotTitle() + unit + (metric.logScale() ? " (log scale)" : ""))
                .build();
        var st = chart.getStyler();
        st.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotGridLinesColor(new Color(225, 225, 225));
        st.setLegendPosition(Styler.LegendPosition.OutsideE);
        st.setLegendBorderColor(Color.WHITE);
        st.setSeriesColors(PALETTE);
        st.setYAxisLogarithmic(metric.logScale());
        st.setYAxisLogarithmicDecadeOnly(true);
        st.setAntiAlias(true);
        if (!metric.logScale()) {
            st.setYAxisDecimalPattern("0.####");
        }
        return chart;
    }
}

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.knowm.xchart.ChartEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Builds and encodes the report's XChart line charts. Sets {@code java.awt.headless=true} before
 * the first chart unless the property was set explicitly, so rendering needs no display.
 *
 * <p>Robust to any value: non-finite points (and non-positive ones on a log axis) are left out;
 * on a linear axis whose largest magnitude is {@value #SCALE_FROM} or more the values are
 * divided by a power of ten shown in the axis title ({@code (x 1e42)}), because XChart 4.0.3's
 * tick search never ends on a linear axis around 1e30 and beyond (its labels never fit, it
 * keeps trying); and rendering a chart runs in its own daemon thread for at most
 * {@link #RENDER_TIMEOUT_SECONDS} seconds, after which the chart is skipped, so the report is
 * written whatever XChart does.
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

    /** From this magnitude on, a linear axis shows its values divided by a power of ten. */
    static final double SCALE_FROM = 1e6;
    /** The longest one chart may take to render before it is skipped. */
    static final long RENDER_TIMEOUT_SECONDS = 30;

    static final int WIDTH = 820;
    static final int HEIGHT = 480;

    private Charts() {
    }

    /**
     * One rendered chart.
     *
     * @param runs how many runs have a line in it
     * @param grouped whether its lines are seed groups ({@link #chart})
     */
    record Rendered(Metric metric, PlotAxis axis, byte[] png, byte[] svg, int runs, boolean grouped) {
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
     * The chart of one metric against one axis; null when no run has a plottable point. When
     * some runs differ only in their seed ({@link SeedAggregate#anyRepeated}), one colour per
     * seed group: a band from mean &minus; sd to mean + sd (sample sd; on a log axis a
     * non-positive lower edge is drawn at the smallest seed's value of that round), a thin line
     * per seed, and the mean as the thick line, the only one in the legend (named after the
     * group, with the number of seeds); the x of a mean point is the mean of the seeds' x (equal
     * for rounds and gradient evaluations). Otherwise one line per run with at least one
     * plottable point.
     */
    static XYChart chart(Metric metric, PlotAxis axis, List<RunData> runs) {
        List<SeedAggregate.Group> groups = SeedAggregate.groups(runs);
        if (SeedAggregate.anyRepeated(groups)) {
            return groupedChart(metric, axis, groups, runs);
        }
        List<String> names = seriesNames(runs);
        int exponent = metric.logScale() ? 0 : scaleExponent(metric, axis, runs);
        double divisor = Math.pow(10, exponent);
        XYChart chart = null;
        for (int k = 0; k < runs.size(); k++) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (MetricsRow row : runs.get(k).rows()) {
                double x = axis.valueOf(row);
                double y = metric.value(row);
                if (plottable(metric, y) && Double.isFinite(x)) {
                    xs.add(x);
                    ys.add(exponent == 0 ? y : y / divisor);
                }
            }
            if (xs.isEmpty()) {
                continue;
            }
            if (chart == null) {
                chart = newChart(metric, axis, exponent);
            }
            XYSeries s = chart.addSeries(names.get(k), xs, ys);
            s.setMarker(xs.size() == 1 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            s.setLineStyle(new BasicStroke(1.8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        }
        return chart;
    }

    private static XYChart groupedChart(Metric metric, PlotAxis axis, List<SeedAggregate.Group> groups, List<RunData> runs) {
        int exponent = metric.logScale() ? 0 : scaleExponent(metric, axis, runs);
        double divisor = Math.pow(10, exponent);
        XYChart chart = null;
        for (int g = 0; g < groups.size(); g++) {
            SeedAggregate.Group group = groups.get(g);
            Color colour = PALETTE[g % PALETTE.length];
            List<Double> xs = new ArrayList<>();
            List<Double> means = new ArrayList<>();
            List<Double> bandXs = new ArrayList<>();
            List<Double> upper = new ArrayList<>();
            List<Double> lower = new ArrayList<>();
            for (SeedAggregate.Line line : SeedAggregate.lines(group)) {
                SeedAggregate.Stat stat = line.stat(metric);
                double x = line.rows().stream().mapToDouble(axis::valueOf).average().orElse(Double.NaN);
                if (!plottable(metric, stat.mean()) || !Double.isFinite(x)) {
                    continue;
                }
                xs.add(x);
                means.add(stat.mean() / divisor);
                if (stat.n() > 1 && Double.isFinite(stat.sd())) {
                    double low = stat.mean() - stat.sd();
                    if (!plottable(metric, low)) {
                        low = line.rows().stream().mapToDouble(metric::value).filter(v -> plottable(metric, v)).min()
                                .orElse(stat.mean());
                    }
                    bandXs.add(x);
                    upper.add((stat.mean() + stat.sd()) / divisor);
                    lower.add(low / divisor);
                }
            }
            if (xs.isEmpty()) {
                continue;
            }
            if (chart == null) {
                chart = newChart(metric, axis, exponent);
            }
            if (bandXs.size() > 1) {
                List<Double> px = new ArrayList<>(bandXs);
                List<Double> py = new ArrayList<>(upper);
                for (int k = bandXs.size() - 1; k >= 0; k--) {
                    px.add(bandXs.get(k));
                    py.add(lower.get(k));
                }
                XYSeries band = chart.addSeries(group.label() + " \u00b1 sd", px, py);
                band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
                band.setFillColor(withAlpha(colour, 50));
                band.setLineColor(withAlpha(colour, 0));
                band.setMarker(SeriesMarkers.NONE);
                band.setShowInLegend(false);
            }
            if (group.size() > 1) {
                for (int r = 0; r < group.size(); r++) {
                    RunData run = group.runs().get(r);
                    List<Double> sx = new ArrayList<>();
                    List<Double> sy = new ArrayList<>();
                    for (MetricsRow row : run.rows()) {
                        double x = axis.valueOf(row);
                        double y = metric.value(row);
                        if (plottable(metric, y) && Double.isFinite(x)) {
                            sx.add(x);
                            sy.add(y / divisor);
                        }
                    }
                    if (sx.isEmpty()) {
                        continue;
                    }
                    XYSeries seed = chart.addSeries(group.label() + " / " + run.labels().run() + " #" + r, sx, sy);
                    seed.setLineColor(withAlpha(colour, 110));
                    seed.setMarkerColor(withAlpha(colour, 110));
                    seed.setMarker(sx.size() == 1 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
                    seed.setLineStyle(new BasicStroke(0.8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                    seed.setShowInLegend(false);
                }
            }
            String name = group.size() > 1 ? group.label() + " (mean of " + group.size() + " seeds)" : group.label();
            XYSeries mean = chart.addSeries(name, xs, means);
            mean.setLineColor(colour);
            mean.setMarkerColor(colour);
            mean.setMarker(xs.size() == 1 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            mean.setLineStyle(new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        }
        return chart;
    }

    private static Color withAlpha(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }

    /** How many runs have a plottable point: the lines of an ungrouped chart, the thin lines of a grouped one. */
    static int drawnRuns(Metric metric, PlotAxis axis, List<RunData> runs) {
        int n = 0;
        for (RunData r : runs) {
            if (r.rows().stream().anyMatch(row -> plottable(metric, metric.value(row)) && Double.isFinite(axis.valueOf(row)))) {
                n++;
            }
        }
        return n;
    }

    /**
     * The power of ten a linear axis divides its values by: 0 below {@link #SCALE_FROM}, else
     * the exponent of the largest finite magnitude (so the values shown are below 10).
     */
    static int scaleExponent(Metric metric, PlotAxis axis, List<RunData> runs) {
        double max = 0;
        for (RunData r : runs) {
            for (MetricsRow row : r.rows()) {
                double y = metric.value(row);
                if (plottable(metric, y) && Double.isFinite(axis.valueOf(row))) {
                    max = Math.max(max, Math.abs(y));
                }
            }
        }
        return max < SCALE_FROM ? 0 : (int) Math.floor(Math.log10(max));
    }

    /**
     * Renders as PNG and SVG; null when the chart would be empty, or when rendering did not end
     * within {@link #RENDER_TIMEOUT_SECONDS} (a line on stderr says so; the thread is a daemon
     * and is abandoned).
     */
    static Rendered render(Metric metric, PlotAxis axis, List<RunData> runs) throws IOException {
        XYChart chart = chart(metric, axis, runs);
        if (chart == null) {
            return null;
        }
        CompletableFuture<byte[][]> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                // XChart 4.0.3's format-keyed encoder: PNG through ImageIO, SVG through VectorGraphics2D.
                done.complete(new byte[][] {ChartEncoder.getBytes(chart, "png"), ChartEncoder.getBytes(chart, "svg")});
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, "dlsim-chart-" + stem(metric, axis));
        t.setDaemon(true);
        t.start();
        byte[][] bytes;
        try {
            bytes = done.get(RENDER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            t.interrupt();
            System.err.println("dlsim: chart " + stem(metric, axis) + " not drawn: rendering took longer than "
                    + RENDER_TIMEOUT_SECONDS + " s");
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while drawing " + stem(metric, axis), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
        return new Rendered(metric, axis, bytes[0], bytes[1], drawnRuns(metric, axis, runs),
                SeedAggregate.anyRepeated(SeedAggregate.groups(runs)));
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

    private static XYChart newChart(Metric metric, PlotAxis axis, int exponent) {
        String unit = metric.unit().isEmpty() ? "" : " (" + metric.unit() + ")";
        if (exponent != 0) {
            unit += " (\u00d7 1e" + exponent + ")";
        }
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

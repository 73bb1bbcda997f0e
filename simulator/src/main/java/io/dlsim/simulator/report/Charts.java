package io.dlsim.simulator.report;

import io.dlsim.metrics.Metric;
import io.dlsim.metrics.MetricsRow;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Builds the report's line charts ({@link ChartPainter.Model}) and encodes them: a PNG at
 * {@link #PNG_SCALE} times {@link #WIDTH} x {@link #HEIGHT} pixels with its resolution in the
 * file (144 dpi, so viewers show it at its CSS size, sharp on high-density screens), and an SVG
 * with real {@code <text>} elements (editable in Inkscape or Illustrator). Both come from the
 * one layout of {@link ChartPainter}, numbered by {@link Ticks}. Sets
 * {@code java.awt.headless=true} before the first chart unless the property was set explicitly,
 * so rendering needs no display.
 *
 * <p>Robust to any value: non-finite points (and negative ones on a log axis) are left out, and
 * axes are computed so that values up to &plusmn;1.8e308 are drawn.
 */
final class Charts {

    static {
        headless();
    }

    /** Sets {@code java.awt.headless=true} unless the property was given. */
    static void headless() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** Tableau 10, the matplotlib default cycle: distinguishable, readable on white. */
    static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf)};

    /** A chart's size in CSS pixels (the SVG's size, and the PNG's at 1x). */
    static final int WIDTH = 820;
    static final int HEIGHT = 480;
    /** Device pixels per CSS pixel of the PNGs. */
    static final int PNG_SCALE = 2;
    /** The PNGs' resolution: 2 x the 72 dpi of a 1x image, so a viewer shows them at {@link #WIDTH} x {@link #HEIGHT}. */
    static final int PNG_DPI = 72 * PNG_SCALE;

    private Charts() {
    }

    /**
     * One rendered chart.
     *
     * @param axis the x axis; null for a chart of final values against the spectral gap ({@link #finalVsGap})
     * @param stem the file stem ({@link #stem})
     * @param runs how many runs have a line in it
     * @param grouped whether its lines are seed groups ({@link #chart})
     * @param svg the standalone SVG file (with an XML declaration)
     * @param inlineSvg the same drawing without the XML declaration, for {@code report.html} (its ids start with the stem)
     * @param hoverJson the drawn points for the report's hover script ({@link #hoverJson})
     */
    record Rendered(Metric metric, PlotAxis axis, String stem, String title, byte[] png, byte[] svg, int runs, boolean grouped,
            String inlineSvg, String hoverJson) {
    }

    /** The file stem of a chart, {@code <metric>_vs_<axis>}: the metric's registry name. */
    static String stem(Metric metric, PlotAxis axis) {
        return metric.name() + "_vs_" + axis.stem();
    }

    /**
     * Whether a value is drawn on the metric's axis: finite, and on a log axis not negative (a
     * value of 0 is drawn on the axis' lower edge, see {@link ChartPainter}).
     */
    static boolean plottable(Metric metric, double v) {
        return Double.isFinite(v) && (!metric.logScale() || v >= 0);
    }

    /**
     * The chart of one metric against one axis; null when no run has a plottable point. When
     * some runs differ only in their seed ({@link SeedAggregate#anyRepeated}), one colour per
     * seed group: a band from mean &minus; sd to mean + sd (sample sd; on a log axis a
     * non-positive lower edge is drawn at the smallest positive seed's value of that round), a
     * thin line per seed, and the mean as the thick line, the only one in the legend (named
     * after the group, with the number of seeds); the x of a mean point is the mean of the
     * seeds' x (equal for rounds and gradient evaluations). Otherwise one line per run with at
     * least one plottable point.
     */
    static ChartPainter.Model chart(Metric metric, PlotAxis axis, List<RunData> runs) {
        List<SeedAggregate.Group> groups = SeedAggregate.groups(runs);
        List<ChartPainter.Series> series = SeedAggregate.anyRepeated(groups) ? groupedSeries(metric, axis, groups)
                : plainSeries(metric, axis, runs);
        if (series.isEmpty()) {
            return null;
        }
        String unit = metric.unit().isEmpty() ? "" : " (" + metric.unit() + ")";
        return new ChartPainter.Model(metric.plotTitle() + " vs " + axis.title().toLowerCase(Locale.ROOT), axis.title(),
                metric.plotTitle() + unit + (metric.logScale() ? " (log scale)" : ""), false, metric.logScale(), axis.counts(),
                series);
    }

    private static List<ChartPainter.Series> plainSeries(Metric metric, PlotAxis axis, List<RunData> runs) {
        List<String> names = seriesNames(runs);
        List<ChartPainter.Series> out = new ArrayList<>();
        for (int k = 0; k < runs.size(); k++) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            points(metric, axis, runs.get(k), xs, ys);
            if (xs.isEmpty()) {
                continue;
            }
            int id = out.size();
            out.add(new ChartPainter.Series(names.get(k), ChartPainter.Kind.LINE, PALETTE[k % PALETTE.length], 1.8f,
                    array(xs), array(ys), id, true, null));
        }
        return out;
    }

    private static void points(Metric metric, PlotAxis axis, RunData run, List<Double> xs, List<Double> ys) {
        for (MetricsRow row : run.rows()) {
            double x = axis.valueOf(row);
            double y = metric.value(row);
            if (plottable(metric, y) && Double.isFinite(x)) {
                xs.add(x);
                ys.add(y);
            }
        }
    }

    private static List<ChartPainter.Series> groupedSeries(Metric metric, PlotAxis axis, List<SeedAggregate.Group> groups) {
        List<ChartPainter.Series> out = new ArrayList<>();
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
                means.add(stat.mean());
                if (stat.n() > 1 && Double.isFinite(stat.sd())) {
                    double low = stat.mean() - stat.sd();
                    if (metric.logScale() && !(low > 0)) {
                        low = line.rows().stream().mapToDouble(metric::value).filter(v -> v > 0 && Double.isFinite(v)).min()
                                .orElse(stat.mean());
                    }
                    bandXs.add(x);
                    upper.add(stat.mean() + stat.sd());
                    lower.add(low);
                }
            }
            if (xs.isEmpty()) {
                continue;
            }
            int id = g;
            if (bandXs.size() > 1) {
                List<Double> px = new ArrayList<>(bandXs);
                List<Double> py = new ArrayList<>(upper);
                for (int k = bandXs.size() - 1; k >= 0; k--) {
                    px.add(bandXs.get(k));
                    py.add(lower.get(k));
                }
                out.add(new ChartPainter.Series(group.label() + " \u00b1 sd", ChartPainter.Kind.BAND, withAlpha(colour, 50), 0,
                        array(px), array(py), id, false, null));
            }
            if (group.size() > 1) {
                for (int r = 0; r < group.size(); r++) {
                    RunData run = group.runs().get(r);
                    List<Double> sx = new ArrayList<>();
                    List<Double> sy = new ArrayList<>();
                    points(metric, axis, run, sx, sy);
                    if (sx.isEmpty()) {
                        continue;
                    }
                    out.add(new ChartPainter.Series(group.label() + " / " + run.labels().run() + " #" + r, ChartPainter.Kind.LINE,
                            withAlpha(colour, 110), 0.8f, array(sx), array(sy), id, false, null));
                }
            }
            String name = group.size() > 1 ? group.label() + " (mean of " + group.size() + " seeds)" : group.label();
            out.add(new ChartPainter.Series(name, ChartPainter.Kind.LINE, colour, 2.2f, array(xs), array(means), id, true, null));
        }
        return out;
    }

    static double[] array(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static Color withAlpha(Color c, int alpha) {
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

    /** Renders as PNG and SVG; null when the chart would be empty. */
    static Rendered render(Metric metric, PlotAxis axis, List<RunData> runs) throws IOException {
        ChartPainter.Model chart = chart(metric, axis, runs);
        if (chart == null) {
            return null;
        }
        return encode(metric, axis, stem(metric, axis), chart, drawnRuns(metric, axis, runs),
                SeedAggregate.anyRepeated(SeedAggregate.groups(runs)));
    }

    private static Rendered encode(Metric metric, PlotAxis axis, String stem, ChartPainter.Model chart, int runs, boolean grouped)
            throws IOException {
        ChartPainter.SvgCanvas inline = new ChartPainter.SvgCanvas(stem, WIDTH, HEIGHT, chart.title());
        ChartPainter.Layout layout = ChartPainter.paint(chart, inline, WIDTH, HEIGHT);
        return new Rendered(metric, axis, stem, chart.title(), png(chart), inline.standalone().getBytes(StandardCharsets.UTF_8),
                runs, grouped, inline.svg(), hoverJson(layout));
    }

    /** The extra that holds a run's spectral gap 1 - lambda of W(0) ({@code summary.json}'s name). */
    static final String SPECTRAL_GAP = "spectralGap";

    /** A run's spectral gap, or NaN when it has none. */
    static double spectralGap(RunData r) {
        return r.extras().get(SPECTRAL_GAP) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /**
     * Whether the runs are a topology sweep as far as the report is concerned: they have at least
     * two distinct finite spectral gaps.
     */
    static boolean topologySweep(List<RunData> runs) {
        return runs.stream().mapToDouble(Charts::spectralGap).filter(Double::isFinite).distinct().count() > 1;
    }

    /**
     * The final value of a metric (the last evaluation) against the run's spectral gap, one dot
     * per run, one colour per seed group (the group's first run labelled with its topology);
     * the gap axis is logarithmic when the gaps span more than a factor of 20. Null when the runs
     * are not a {@linkplain #topologySweep topology sweep} or no run has a plottable final value.
     * Stem {@code final_<metric>_vs_spectral_gap}.
     */
    static Rendered finalVsGap(Metric metric, List<RunData> runs) throws IOException {
        if (!topologySweep(runs)) {
            return null;
        }
        List<SeedAggregate.Group> groups = SeedAggregate.groups(runs);
        List<ChartPainter.Series> series = new ArrayList<>();
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        int drawn = 0;
        for (int g = 0; g < groups.size(); g++) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            for (RunData r : groups.get(g).runs()) {
                double gap = spectralGap(r);
                MetricsRow last = r.finalRow();
                if (last == null || !(gap > 0) || !Double.isFinite(gap) || !plottable(metric, metric.value(last))) {
                    continue;
                }
                xs.add(gap);
                ys.add(metric.value(last));
                labels.add(labels.isEmpty() ? r.labels().topology() : "");
                min = Math.min(min, gap);
                max = Math.max(max, gap);
                drawn++;
            }
            if (!xs.isEmpty()) {
                series.add(new ChartPainter.Series(groups.get(g).label(), ChartPainter.Kind.POINTS, PALETTE[g % PALETTE.length], 0,
                        array(xs), array(ys), g, true, labels.toArray(String[]::new)));
            }
        }
        if (series.isEmpty()) {
            return null;
        }
        boolean logGap = max > 20 * min;
        String unit = metric.unit().isEmpty() ? "" : " (" + metric.unit() + ")";
        ChartPainter.Model chart = new ChartPainter.Model("Final " + lowerFirst(metric.plotTitle()) + " vs spectral gap",
                "Spectral gap 1 − λ of W(0)" + (logGap ? " (log scale)" : ""),
                "Final " + lowerFirst(metric.plotTitle()) + unit + (metric.logScale() ? " (log scale)" : ""), logGap,
                metric.logScale(), false, series);
        return encode(metric, null, "final_" + metric.name() + "_vs_spectral_gap", chart, drawn,
                SeedAggregate.anyRepeated(groups));
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() || s.length() > 1 && Character.isUpperCase(s.charAt(1)) ? s
                : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    /** The chart as a PNG of {@link #PNG_SCALE} x its size, with a pHYs chunk of {@link #PNG_DPI} dpi. */
    static byte[] png(ChartPainter.Model chart) throws IOException {
        BufferedImage img = new BufferedImage(WIDTH * PNG_SCALE, HEIGHT * PNG_SCALE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            ChartPainter.paint(chart, new ChartPainter.ImageCanvas(g, PNG_SCALE), WIDTH, HEIGHT);
        } finally {
            g.dispose();
        }
        return png(img, PNG_DPI);
    }

    /** An image as PNG bytes with its resolution in a pHYs chunk. */
    static byte[] png(BufferedImage img, int dpi) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), param);
            IIOMetadataNode phys = new IIOMetadataNode("pHYs");
            String perMetre = Long.toString(Math.round(dpi / 0.0254));
            phys.setAttribute("pixelsPerUnitXAxis", perMetre);
            phys.setAttribute("pixelsPerUnitYAxis", perMetre);
            phys.setAttribute("unitSpecifier", "meter");
            IIOMetadataNode root = new IIOMetadataNode("javax_imageio_png_1.0");
            root.appendChild(phys);
            meta.mergeTree("javax_imageio_png_1.0", root);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(img, null, meta), param);
            }
            return bytes.toByteArray();
        } finally {
            writer.dispose();
        }
    }

    /**
     * The drawn line and point series as JSON for the report's hover script: the plot
     * rectangle and, per series, its legend entry ({@code toggle}), name, colour, whether it is
     * a legend line, and its points' pixel positions with the values as the tables write them ({@link ExperimentReport#display};
     * every k-th point and the last when a series has more than {@link #HOVER_POINTS}).
     */
    static String hoverJson(ChartPainter.Layout layout) {
        StringBuilder b = new StringBuilder(4096);
        b.append("{\"plot\":[").append(num(layout.left())).append(',').append(num(layout.top())).append(',')
                .append(num(layout.right())).append(',').append(num(layout.bottom())).append("],\"series\":[");
        boolean first = true;
        for (ChartPainter.Placed p : layout.placed()) {
            if (p.series().kind() == ChartPainter.Kind.BAND || p.px().length == 0) {
                continue;
            }
            if (!first) {
                b.append(',');
            }
            first = false;
            Color c = p.series().colour();
            // At most HOVER_POINTS points a series (and its last one): the pointer cannot tell more apart.
            int stride = (p.px().length + HOVER_POINTS - 1) / HOVER_POINTS;
            int[] at = java.util.stream.IntStream.concat(java.util.stream.IntStream.iterate(0, i -> i < p.px().length, i -> i + stride),
                    java.util.stream.IntStream.of(p.px().length - 1)).distinct().toArray();
            b.append("{\"name\":").append(jsonString(p.series().name())).append(",\"toggle\":").append(p.series().toggle())
                    .append(",\"main\":").append(p.series().inLegend())
                    .append(",\"points\":").append(p.series().kind() == ChartPainter.Kind.POINTS)
                    .append(",\"colour\":\"").append(String.format(Locale.ROOT, "#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue()))
                    .append("\",\"px\":[");
            appendNums(b, p.px(), at);
            b.append("],\"py\":[");
            appendNums(b, p.py(), at);
            b.append("],\"x\":[");
            for (int k = 0; k < at.length; k++) {
                b.append(k > 0 ? "," : "").append(jsonString(ExperimentReport.display(p.xs()[at[k]])));
            }
            b.append("],\"y\":[");
            for (int k = 0; k < at.length; k++) {
                b.append(k > 0 ? "," : "").append(jsonString(ExperimentReport.display(p.ys()[at[k]])));
            }
            b.append("]}");
        }
        return b.append("]}").toString();
    }

    /**
     * A JSON string literal that is also safe inside an HTML {@code <script>} element: quotes,
     * backslashes, control characters, {@code <}, {@code >} and {@code &} are escaped.
     */
    static String jsonString(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static void appendNums(StringBuilder b, double[] v, int[] at) {
        for (int k = 0; k < at.length; k++) {
            if (k > 0) {
                b.append(',');
            }
            b.append(num(v[at[k]]));
        }
    }

    /** The most points of one series the report's hover script gets. */
    static final int HOVER_POINTS = 400;

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
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
}

package io.dlsim.simulator.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Lays out and draws one {@link Model} (a line or scatter chart) on a {@link Canvas}: the same
 * layout, ticks ({@link Ticks}) and colours for the PNG ({@link ImageCanvas}, Java2D) and the SVG
 * ({@link SvgCanvas}: real {@code <text>} elements, so titles and labels stay editable; each
 * series a {@code <g class="series" data-series="k">} and each legend entry a
 * {@code <g class="legend-item" data-series="k">} that the report's script toggles).
 *
 * <p>Drawing rules: points with a non-finite coordinate are left out (the line joins its
 * neighbours); on a log axis a value of exactly 0 is drawn on the axis' lower edge (so a run that
 * starts or ends at 0, such as a consensus distance from a shared initial point, keeps that
 * point) and negative values are left out. Stateless apart from the canvas it draws on.
 */
final class ChartPainter {

    /** How a series is drawn. */
    enum Kind {
        /** A polyline (a single point: a dot). */
        LINE,
        /** A filled polygon (a band: upper edge forward, lower edge backward). */
        BAND,
        /** Dots with an optional text next to each. */
        POINTS
    }

    /**
     * One series.
     *
     * @param toggle the legend entry this series belongs to (the report's script hides all series of an entry together)
     * @param inLegend whether it has the legend entry {@code toggle} (one series per entry should)
     * @param labels a text per point (POINTS only; null: none)
     */
    record Series(String name, Kind kind, Color colour, float width, double[] xs, double[] ys, int toggle, boolean inLegend,
            String[] labels) {
    }

    /**
     * A chart.
     *
     * @param xCounts whether the x axis counts whole things (its ticks are integers)
     */
    record Model(String title, String xTitle, String yTitle, boolean xLog, boolean yLog, boolean xCounts, List<Series> series) {
        Model {
            series = List.copyOf(series);
        }
    }

    /** Where a series' points ended up, for the report's hover script. */
    record Placed(Series series, double[] px, double[] py, double[] xs, double[] ys, String[] labels) {
    }

    /** A drawn chart: the plot rectangle and the placed line and point series. */
    record Layout(double left, double top, double right, double bottom, List<Placed> placed) {
    }

    enum Anchor {
        START, MIDDLE, END
    }

    /** What a chart is drawn on. Coordinates in CSS pixels, y downwards. */
    interface Canvas {
        void rect(double x, double y, double w, double h, Color fill, Color stroke);

        void line(double x1, double y1, double x2, double y2, Color c, double width);

        void polyline(double[] xs, double[] ys, int count, Color c, double width);

        void polygon(double[] xs, double[] ys, int count, Color fill);

        void dot(double x, double y, double r, Color c);

        void text(double x, double y, String s, double size, boolean bold, Anchor anchor, boolean vertical, Color c);

        /** Starts a group (SVG {@code <g class=... data-series=...>}); {@code series} &lt; 0: none. */
        void begin(String cssClass, int series);

        void end();

        /** Clips what follows (until {@link #unclip}) to the rectangle. */
        void clip(double x, double y, double w, double h);

        void unclip();
    }

    static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final FontMetrics METRICS;

    static {
        Charts.headless();
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB).createGraphics();
        METRICS = g.getFontMetrics(FONT);
        g.dispose();
    }

    private static final Color AXIS = new Color(0x444444);
    private static final Color GRID = new Color(0xe2e2e2);
    private static final Color MINOR_GRID = new Color(0xf1f1f1);
    private static final int LEGEND_MAX = 18;

    private ChartPainter() {
    }

    /** Width of a text at a size, by the sans-serif font's metrics (the SVG names the same family). */
    static double textWidth(String s, double size) {
        return METRICS.stringWidth(s) * size / FONT.getSize();
    }

    /** Draws the model on the canvas in a {@code width} x {@code height} box. */
    static Layout paint(Model m, Canvas c, int width, int height) {
        double[] xr = range(m, true);
        double[] yr = range(m, false);
        boolean dots = m.series().stream().anyMatch(s -> s.kind() == Kind.POINTS);
        Ticks xt;
        if (xr == null) {
            xt = Ticks.linear(0, 1, m.xCounts());
        } else if (dots) {
            // Dots keep clear of the plot's edges.
            xt = m.xLog() ? Ticks.log(xr[0] / 1.3, xr[1] * 1.3, true)
                    : Ticks.linear(xr[0] - 0.04 * (xr[1] - xr[0]), xr[1] + 0.04 * (xr[1] - xr[0]), m.xCounts());
        } else if (m.xLog()) {
            xt = Ticks.log(xr[0], xr[1]);
        } else if (xr[1] > xr[0]) {
            // Lines end where the data ends; the axis need not run on to the next round number.
            Ticks t = Ticks.linear(xr[0], xr[1], m.xCounts());
            double eps = 1e-9 * Math.max(Math.abs(xr[0]), Math.abs(xr[1]));
            xt = new Ticks(t.major().stream().filter(k -> k.value() >= xr[0] - eps && k.value() <= xr[1] + eps).toList(), t.minor(),
                    xr[0], xr[1]);
        } else {
            xt = Ticks.linear(xr[0], xr[1], m.xCounts());
        }
        if (dots && yr != null) {
            // Room for the dots and their labels at the top and bottom too.
            yr = m.yLog() ? new double[] {yr[0] / 2, yr[1] * 2} : new double[] {yr[0] - 0.05 * (yr[1] - yr[0]), yr[1] + 0.05 * (yr[1] - yr[0])};
        }
        Ticks yt = yr == null ? Ticks.linear(0, 1, false) : m.yLog() ? Ticks.log(yr[0], yr[1]) : Ticks.linear(yr[0], yr[1], false);

        List<Series> legend = m.series().stream().filter(Series::inLegend).toList();
        double legendW = 0;
        for (int k = 0; k < Math.min(legend.size(), LEGEND_MAX); k++) {
            legendW = Math.max(legendW, textWidth(shorten(legend.get(k).name()), 12));
        }
        legendW = legend.isEmpty() ? 0 : legendW + 44;
        double yLabelW = 0;
        for (Ticks.Tick t : yt.major()) {
            yLabelW = Math.max(yLabelW, textWidth(t.label(), 11));
        }
        double left = 26 + yLabelW + 10;
        double right = width - 12 - legendW;
        double top = 38;
        double bottom = height - 50;

        final Ticks xs = xt;
        final Ticks ys = yt;
        Scale sx = new Scale(xs.lo(), xs.hi(), left, right, m.xLog());
        Scale sy = new Scale(ys.lo(), ys.hi(), bottom, top, m.yLog());

        c.rect(0, 0, width, height, Color.WHITE, null);
        // The title over the plot, or over the whole width when it is wider, in a smaller size if need be.
        double titleSize = 15;
        while (titleSize > 10 && textWidth(m.title(), titleSize) * 1.08 > width - 20) {
            titleSize -= 0.5;
        }
        double titleW = textWidth(m.title(), titleSize) * 1.08;
        double titleX = Math.max(10 + titleW / 2, Math.min((left + right) / 2, width - 10 - titleW / 2));
        c.text(titleX, 22, m.title(), titleSize, true, Anchor.MIDDLE, false, new Color(0x222222));
        // Grid: minor lines first, then major ones.
        c.begin("grid", -1);
        if (m.yLog()) {
            for (double v : ys.minor()) {
                c.line(left, sy.at(v), right, sy.at(v), MINOR_GRID, 1);
            }
        }
        if (m.xLog()) {
            for (double v : xs.minor()) {
                c.line(sx.at(v), top, sx.at(v), bottom, MINOR_GRID, 1);
            }
        }
        for (Ticks.Tick t : ys.major()) {
            c.line(left, sy.at(t.value()), right, sy.at(t.value()), GRID, 1);
        }
        for (Ticks.Tick t : xs.major()) {
            c.line(sx.at(t.value()), top, sx.at(t.value()), bottom, GRID, 1);
        }
        c.end();

        // Series, clipped to the plot.
        List<Placed> placed = new ArrayList<>();
        c.clip(left, top, right - left, bottom - top);
        for (int k = 0; k < m.series().size(); k++) {
            Series s = m.series().get(k);
            c.begin("series", s.toggle());
            placed.add(drawSeries(s, c, sx, sy, m.xLog(), m.yLog()));
            c.end();
        }
        c.unclip();
        // Dot labels outside the clip, so a dot on an edge keeps its label.
        List<double[]> labelBoxes = new ArrayList<>();
        for (Placed p : placed) {
            if (p.series().kind() == Kind.POINTS && p.series().labels() != null) {
                c.begin("series", p.series().toggle());
                for (int i = 0; i < p.px().length; i++) {
                    String label = p.labels()[i];
                    if (label.isEmpty()) {
                        continue;
                    }
                    double w = textWidth(label, 11);
                    // Beside the dot, or moved down or up a line when another label is there.
                    double y = p.py()[i] + 4;
                    for (double dy : new double[] {0, 13, -13, 26, -26}) {
                        double[] box = {p.px()[i] + 8, y + dy - 10, w, 12};
                        if (labelBoxes.stream().noneMatch(b -> overlaps(b, box))) {
                            y += dy;
                            break;
                        }
                    }
                    labelBoxes.add(new double[] {p.px()[i] + 8, y - 10, w, 12});
                    c.text(p.px()[i] + 8, y, label, 11, false, Anchor.START, false, new Color(0x333333));
                }
                c.end();
            }
        }

        // Axes, ticks and labels.
        c.begin("axes", -1);
        c.line(left, bottom, right, bottom, AXIS, 1);
        c.line(left, top, left, bottom, AXIS, 1);
        for (double v : ys.minor()) {
            c.line(left - 3, sy.at(v), left, sy.at(v), AXIS, 0.8);
        }
        for (double v : xs.minor()) {
            c.line(sx.at(v), bottom, sx.at(v), bottom + 3, AXIS, 0.8);
        }
        for (Ticks.Tick t : ys.major()) {
            double y = sy.at(t.value());
            c.line(left - 5, y, left, y, AXIS, 1);
            c.text(left - 8, y + 4, t.label(), 11, false, Anchor.END, false, AXIS);
        }
        double lastEnd = Double.NEGATIVE_INFINITY;
        for (Ticks.Tick t : xs.major()) {
            double x = sx.at(t.value());
            c.line(x, bottom, x, bottom + 5, AXIS, 1);
            double w = textWidth(t.label(), 11);
            if (x - w / 2 > lastEnd + 4) {
                c.text(x, bottom + 18, t.label(), 11, false, Anchor.MIDDLE, false, AXIS);
                lastEnd = x + w / 2;
            }
        }
        c.text((left + right) / 2, height - 12, m.xTitle(), 12, true, Anchor.MIDDLE, false, new Color(0x222222));
        c.text(16, (top + bottom) / 2, m.yTitle(), 12, true, Anchor.MIDDLE, true, new Color(0x222222));
        c.end();

        // Legend.
        double ly = top + 8;
        for (int k = 0; k < legend.size(); k++) {
            Series s = legend.get(k);
            if (k == LEGEND_MAX) {
                c.text(right + 16, ly + 4, "+ " + (legend.size() - LEGEND_MAX) + " more", 12, false, Anchor.START, false, AXIS);
                break;
            }
            c.begin("legend-item", s.toggle());
            c.rect(right + 10, ly - 9, legendW - 12, 18, new Color(255, 255, 255, 0), null);
            if (s.kind() == Kind.POINTS) {
                c.dot(right + 25, ly, 4, s.colour());
            } else {
                c.line(right + 14, ly, right + 36, ly, s.colour(), 3);
            }
            c.text(right + 42, ly + 4, shorten(s.name()), 12, false, Anchor.START, false, new Color(0x222222));
            c.end();
            ly += 20;
        }
        return new Layout(left, top, right, bottom, placed);
    }

    /** The widest a legend name may be, in CSS pixels; longer names lose their middle to an ellipsis. */
    static final double LEGEND_TEXT_MAX = 300;

    /**
     * A legend name that fits {@link #LEGEND_TEXT_MAX}: as it is, or its head and tail around an
     * ellipsis (run names of a sweep tend to differ at both ends: {@code partition=iid,algorithm=dpsvrg-…-then-combine}).
     */
    static String shorten(String name) {
        if (textWidth(name, 12) <= LEGEND_TEXT_MAX) {
            return name;
        }
        int head = name.length() * 2 / 5;
        int tail = name.length() - head;
        String cut = name;
        while (head + tail > 2) {
            cut = name.substring(0, head) + "\u2026" + name.substring(name.length() - tail);
            if (textWidth(cut, 12) <= LEGEND_TEXT_MAX) {
                return cut;
            }
            if (tail > head) {
                tail--;
            } else {
                head--;
            }
        }
        return cut;
    }

    private static Placed drawSeries(Series s, Canvas c, Scale sx, Scale sy, boolean xLog, boolean yLog) {
        int n = s.xs().length;
        double[] px = new double[n];
        double[] py = new double[n];
        double[] vx = new double[n];
        double[] vy = new double[n];
        String[] texts = new String[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            double x = s.xs()[i];
            double y = s.ys()[i];
            if (!drawable(x, xLog, false) || !drawable(y, yLog, true)) {
                continue;
            }
            px[count] = x == 0 && xLog ? sx.from() : sx.at(x);
            py[count] = y == 0 && yLog ? sy.from() : sy.at(y);
            vx[count] = x;
            vy[count] = y;
            texts[count] = s.labels() == null ? "" : s.labels()[i];
            count++;
        }
        if (s.kind() == Kind.LINE && count > 4 * Math.abs(sx.to() - sx.from())) {
            count = decimate(px, py, vx, vy, count);
        }
        switch (s.kind()) {
            case BAND -> c.polygon(px, py, count, s.colour());
            case LINE -> {
                if (count == 1) {
                    c.dot(px[0], py[0], 3.5, s.colour());
                } else {
                    c.polyline(px, py, count, s.colour(), s.width());
                }
            }
            case POINTS -> {
                for (int i = 0; i < count; i++) {
                    c.dot(px[i], py[i], 5, s.colour());
                }
            }
            default -> throw new IllegalStateException();
        }
        return new Placed(s, java.util.Arrays.copyOf(px, count), java.util.Arrays.copyOf(py, count),
                java.util.Arrays.copyOf(vx, count), java.util.Arrays.copyOf(vy, count), java.util.Arrays.copyOf(texts, count));
    }

    /**
     * Thins a line of more points than its pixels can show, in place (M4): of each run of
     * consecutive points in the same pixel column it keeps the first, the lowest, the highest and
     * the last, in their order, so the drawn line is the same to the pixel. Returns the new count.
     */
    static int decimate(double[] px, double[] py, double[] vx, double[] vy, int count) {
        int out = 0;
        int start = 0;
        while (start < count) {
            int end = start;
            long column = (long) Math.floor(px[start]);
            while (end + 1 < count && (long) Math.floor(px[end + 1]) == column) {
                end++;
            }
            int lo = start;
            int hi = start;
            for (int i = start; i <= end; i++) {
                if (py[i] < py[lo]) {
                    lo = i;
                }
                if (py[i] > py[hi]) {
                    hi = i;
                }
            }
            int[] keep = java.util.stream.IntStream.of(start, lo, hi, end).distinct().sorted().toArray();
            for (int i : keep) {
                px[out] = px[i];
                py[out] = py[i];
                vx[out] = vx[i];
                vy[out] = vy[i];
                out++;
            }
            start = end + 1;
        }
        return out;
    }

    private static boolean overlaps(double[] a, double[] b) {
        return a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];
    }

    /** Whether a coordinate is drawn: finite, and on a log axis positive (or, for y, exactly 0: on the lower edge). */
    private static boolean drawable(double v, boolean log, boolean zeroAllowed) {
        return Double.isFinite(v) && (!log || v > 0 || zeroAllowed && v == 0);
    }

    /** The [min, max] of the drawable values on one axis (positive ones on a log axis), or null when there is none. */
    private static double[] range(Model m, boolean x) {
        boolean log = x ? m.xLog() : m.yLog();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Series s : m.series()) {
            for (int i = 0; i < s.xs().length; i++) {
                double vx = s.xs()[i];
                double vy = s.ys()[i];
                if (!drawable(vx, m.xLog(), false) || !drawable(vy, m.yLog(), true)) {
                    continue;
                }
                double v = x ? vx : vy;
                if (log && v <= 0) {
                    continue;
                }
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        return min <= max ? new double[] {min, max} : null;
    }

    /** A linear or log map from data to pixels. */
    private record Scale(double lo, double hi, double from, double to, boolean log) {
        double at(double v) {
            double a = log ? Math.log10(lo) : lo;
            double b = log ? Math.log10(hi) : hi;
            double t = log ? Math.log10(v) : v;
            if (!(b > a)) {
                return (from + to) / 2;
            }
            // (t - a) / (b - a) without overflow for ranges near the largest double.
            double f = (t / 2 - a / 2) / (b / 2 - a / 2);
            return from + f * (to - from);
        }
    }

    /** SVG output: elements with real text, grouped per series and legend entry. */
    static final class SvgCanvas implements Canvas {
        private final StringBuilder b = new StringBuilder(1 << 16);
        private final String id;
        private int clips;

        /**
         * @param id prefix of the element ids the SVG defines (clip paths), unique in the page it goes into
         */
        SvgCanvas(String id, int width, int height, String title) {
            this.id = id;
            // Standalone files need the namespace; inline in HTML5 it is implied, so the page names no URL.
            b.append("<svg class=\"chart\" viewBox=\"0 0 ").append(width).append(' ')
                    .append(height).append("\" width=\"").append(width).append("\" height=\"").append(height)
                    .append("\" font-family=\"DejaVu Sans, Verdana, Arial, sans-serif\" role=\"img\">\n<title>")
                    .append(ExperimentReport.esc(title)).append("</title>\n");
        }

        private static String n(double v) {
            if (v == Math.rint(v) && Math.abs(v) < 1e9) {
                return Long.toString((long) v);
            }
            return String.format(Locale.ROOT, "%.2f", v);
        }

        private static String colour(Color c) {
            return String.format(Locale.ROOT, "#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
        }

        private static String opacity(String attr, Color c) {
            return c.getAlpha() == 255 ? "" : " " + attr + "=\"" + String.format(Locale.ROOT, "%.3f", c.getAlpha() / 255.0) + "\"";
        }

        @Override
        public void rect(double x, double y, double w, double h, Color fill, Color stroke) {
            b.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w))
                    .append("\" height=\"").append(n(h)).append("\" fill=\"").append(colour(fill)).append('"')
                    .append(opacity("fill-opacity", fill));
            if (stroke != null) {
                b.append(" stroke=\"").append(colour(stroke)).append('"');
            }
            b.append("/>\n");
        }

        @Override
        public void line(double x1, double y1, double x2, double y2, Color c, double width) {
            b.append("<line x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1)).append("\" x2=\"").append(n(x2))
                    .append("\" y2=\"").append(n(y2)).append("\" stroke=\"").append(colour(c)).append("\" stroke-width=\"")
                    .append(n(width)).append('"').append(opacity("stroke-opacity", c)).append("/>\n");
        }

        private void points(double[] xs, double[] ys, int count) {
            b.append(" points=\"");
            for (int i = 0; i < count; i++) {
                if (i > 0) {
                    b.append(' ');
                }
                b.append(n(xs[i])).append(',').append(n(ys[i]));
            }
            b.append('"');
        }

        @Override
        public void polyline(double[] xs, double[] ys, int count, Color c, double width) {
            b.append("<polyline fill=\"none\" stroke=\"").append(colour(c)).append("\" stroke-width=\"").append(n(width))
                    .append("\" stroke-linejoin=\"round\" stroke-linecap=\"round\"").append(opacity("stroke-opacity", c));
            points(xs, ys, count);
            b.append("/>\n");
        }

        @Override
        public void polygon(double[] xs, double[] ys, int count, Color fill) {
            b.append("<polygon stroke=\"none\" fill=\"").append(colour(fill)).append('"').append(opacity("fill-opacity", fill));
            points(xs, ys, count);
            b.append("/>\n");
        }

        @Override
        public void dot(double x, double y, double r, Color c) {
            b.append("<circle cx=\"").append(n(x)).append("\" cy=\"").append(n(y)).append("\" r=\"").append(n(r))
                    .append("\" fill=\"").append(colour(c)).append('"').append(opacity("fill-opacity", c)).append("/>\n");
        }

        @Override
        public void text(double x, double y, String s, double size, boolean bold, Anchor anchor, boolean vertical, Color c) {
            b.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" font-size=\"").append(n(size))
                    .append('"');
            if (bold) {
                b.append(" font-weight=\"bold\"");
            }
            if (anchor != Anchor.START) {
                b.append(" text-anchor=\"").append(anchor == Anchor.MIDDLE ? "middle" : "end").append('"');
            }
            if (vertical) {
                b.append(" transform=\"rotate(-90 ").append(n(x)).append(' ').append(n(y)).append(")\"");
            }
            b.append(" fill=\"").append(colour(c)).append("\">").append(ExperimentReport.esc(s)).append("</text>\n");
        }

        @Override
        public void begin(String cssClass, int series) {
            b.append("<g class=\"").append(cssClass).append('"');
            if (series >= 0) {
                b.append(" data-series=\"").append(series).append('"');
            }
            b.append(">\n");
        }

        @Override
        public void end() {
            b.append("</g>\n");
        }

        @Override
        public void clip(double x, double y, double w, double h) {
            String cid = id + "-clip" + clips++;
            b.append("<clipPath id=\"").append(cid).append("\"><rect x=\"").append(n(x)).append("\" y=\"").append(n(y))
                    .append("\" width=\"").append(n(w)).append("\" height=\"").append(n(h)).append("\"/></clipPath>\n")
                    .append("<g clip-path=\"url(#").append(cid).append(")\">\n");
        }

        @Override
        public void unclip() {
            b.append("</g>\n");
        }

        /** The finished drawing, for inline use in HTML. */
        String svg() {
            return b + "</svg>\n";
        }

        /** The finished drawing as a standalone SVG document (XML declaration and namespace). */
        String standalone() {
            return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg().replaceFirst("^<svg ", "<svg xmlns=\"http://www.w3.org/2000/svg\" ");
        }
    }

    /** Java2D output, drawn at {@code scale} device pixels per CSS pixel. */
    static final class ImageCanvas implements Canvas {
        private final Graphics2D g;

        ImageCanvas(Graphics2D g, double scale) {
            this.g = g;
            g.scale(scale, scale);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        }

        @Override
        public void rect(double x, double y, double w, double h, Color fill, Color stroke) {
            g.setColor(fill);
            g.fill(new Rectangle2D.Double(x, y, w, h));
            if (stroke != null) {
                g.setColor(stroke);
                g.setStroke(new BasicStroke(1f));
                g.draw(new Rectangle2D.Double(x, y, w, h));
            }
        }

        @Override
        public void line(double x1, double y1, double x2, double y2, Color c, double width) {
            g.setColor(c);
            g.setStroke(new BasicStroke((float) width));
            g.draw(new Line2D.Double(x1, y1, x2, y2));
        }

        @Override
        public void polyline(double[] xs, double[] ys, int count, Color c, double width) {
            Path2D.Double p = new Path2D.Double();
            for (int i = 0; i < count; i++) {
                if (i == 0) {
                    p.moveTo(xs[i], ys[i]);
                } else {
                    p.lineTo(xs[i], ys[i]);
                }
            }
            g.setColor(c);
            g.setStroke(new BasicStroke((float) width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(p);
        }

        @Override
        public void polygon(double[] xs, double[] ys, int count, Color fill) {
            if (count == 0) {
                return;
            }
            Path2D.Double p = new Path2D.Double();
            p.moveTo(xs[0], ys[0]);
            for (int i = 1; i < count; i++) {
                p.lineTo(xs[i], ys[i]);
            }
            p.closePath();
            g.setColor(fill);
            g.fill(p);
        }

        @Override
        public void dot(double x, double y, double r, Color c) {
            g.setColor(c);
            g.fill(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
        }

        @Override
        public void text(double x, double y, String s, double size, boolean bold, Anchor anchor, boolean vertical, Color c) {
            Font f = FONT.deriveFont(bold ? Font.BOLD : Font.PLAIN, (float) size);
            g.setFont(f);
            g.setColor(c);
            double w = g.getFontMetrics().getStringBounds(s, g).getWidth();
            double dx = anchor == Anchor.START ? 0 : anchor == Anchor.MIDDLE ? -w / 2 : -w;
            AffineTransform saved = g.getTransform();
            g.translate(x, y);
            if (vertical) {
                g.rotate(-Math.PI / 2);
            }
            g.drawString(s, (float) dx, 0f);
            g.setTransform(saved);
        }

        @Override
        public void begin(String cssClass, int series) {
        }

        @Override
        public void end() {
        }

        @Override
        public void clip(double x, double y, double w, double h) {
            g.setClip(new Rectangle2D.Double(x, y, w, h));
        }

        @Override
        public void unclip() {
            g.setClip(null);
        }
    }
}

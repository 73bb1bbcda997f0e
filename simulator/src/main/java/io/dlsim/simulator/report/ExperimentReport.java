package io.dlsim.simulator.report;

import io.dlsim.metrics.Metric;
import io.dlsim.metrics.MetricsRow;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;

/**
 * Writes the report of an experiment (a list of runs) into a folder:
 * <ul>
 *   <li>{@code plots/<metric>_vs_<axis>.png} and {@code .svg}: for every plotted metric of the
 *       registry ({@link MetricsRow#PLOTTED}: consensus distance, train loss, test loss, test
 *       accuracy, generalization gap and optimality gap, consensus distance and optimality gap on
 *       a log scale) against every {@link PlotAxis} (rounds, gradient evaluations), one line per
 *       run; NaN points (and non-positive ones on a log axis) are left out, and a chart with no
 *       point in any run is not written;</li>
 *   <li>{@code comparison.csv}: the {@link ComparisonTable} of the runs;</li>
 *   <li>{@code runs.csv}: the {@link RunsTable}, every evaluation of every run with the runs' params;</li>
 *   <li>{@code aggregate.csv}: every metric's mean and sample sd over the runs that differ only
 *       in their seed, per group and evaluated round ({@link SeedAggregate});</li>
 *   <li>{@code report.html}: one self-contained page (no script, no external resource: the
 *       figures are embedded as base64 PNG data, since XChart's SVG draws text as outlines and
 *       weighs 0.3 to 1.3 MB a chart) with the comparison table and every chart with a caption
 *       naming its files; when some runs differ only in their seed, also a table of the final
 *       values' mean &plusmn; sd over the seeds of each group, and charts with one colour per
 *       group (see {@link Charts}).</li>
 * </ul>
 * Rendering is headless ({@code java.awt.headless=true} is set unless given). Existing files of
 * the same names are replaced; other files in the folder are left alone. Stateless and
 * thread-safe apart from the files it writes.
 */
public final class ExperimentReport {

    /** Sub-folder of the plots. */
    public static final String PLOTS = "plots";
    /** The comparison table file. */
    public static final String COMPARISON_CSV = "comparison.csv";
    /** Every evaluation of every run, with the runs' params ({@link RunsTable}). */
    public static final String RUNS_CSV = "runs.csv";
    /** The HTML report file. */
    public static final String REPORT_HTML = "report.html";

    /**
     * What {@link #write} wrote.
     *
     * @param reportHtml the HTML report
     * @param comparisonCsv the comparison table
     * @param aggregateCsv the seed aggregation
     * @param plots every PNG and SVG file, in the order of the figures
     * @param skipped the charts not drawn because no run had a plottable point, as
     *     {@code <metric>_vs_<axis>} stems
     */
    public record Output(Path reportHtml, Path comparisonCsv, Path aggregateCsv, List<Path> plots, List<String> skipped) {
        /** Copies the lists. */
        public Output {
            plots = List.copyOf(plots);
            skipped = List.copyOf(skipped);
        }
    }

    private ExperimentReport() {
    }

    /**
     * Writes plots, {@code comparison.csv} and {@code report.html} for the runs into
     * {@code experimentDir} (created if needed).
     *
     * @param experimentName the heading of the report
     * @param runs the runs, in the order of the table and the legends; may be empty
     */
    public static Output write(Path experimentDir, String experimentName, List<RunData> runs) throws IOException {
        Objects.requireNonNull(experimentName, "experimentName");
        List<RunData> rs = List.copyOf(runs);
        Path plotsDir = experimentDir.resolve(PLOTS);
        Files.createDirectories(plotsDir);

        List<Charts.Rendered> figures = new ArrayList<>();
        List<Path> plotFiles = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (PlotAxis axis : PlotAxis.of(rs)) {
            for (Metric metric : MetricsRow.PLOTTED) {
                Charts.Rendered r = Charts.render(metric, axis, rs);
                if (r == null) {
                    skipped.add(Charts.stem(metric, axis));
                    continue;
                }
                figures.add(r);
                Path png = plotsDir.resolve(r.stem() + ".png");
                Path svg = plotsDir.resolve(r.stem() + ".svg");
                Files.write(png, r.png());
                Files.write(svg, r.svg());
                plotFiles.add(png);
                plotFiles.add(svg);
            }
        }

        ComparisonTable table = ComparisonTable.of(rs);
        Path csv = experimentDir.resolve(COMPARISON_CSV);
        Files.writeString(csv, table.toCsv(), StandardCharsets.UTF_8);
        Files.writeString(experimentDir.resolve(RUNS_CSV), RunsTable.of(rs).toCsv(), StandardCharsets.UTF_8);

        Path aggregate = experimentDir.resolve(SeedAggregate.AGGREGATE_CSV);
        Files.writeString(aggregate, SeedAggregate.toCsv(rs), StandardCharsets.UTF_8);

        Path html = experimentDir.resolve(REPORT_HTML);
        Files.writeString(html, html(experimentName, rs, table, figures, skipped), StandardCharsets.UTF_8);
        return new Output(html, csv, aggregate, plotFiles, skipped);
    }

    static String html(String name, List<RunData> runs, ComparisonTable table, List<Charts.Rendered> figures,
            List<String> skipped) {
        StringBuilder h = new StringBuilder(1 << 20);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>dlsim report: ").append(esc(name)).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,-apple-system,'DejaVu Sans',sans-serif;margin:2em auto;")
                .append("max-width:1200px;padding:0 1em;color:#222}\n")
                .append("h1{margin-bottom:.2em}\n.meta{color:#666;margin-top:0}\n")
                .append(".scroll{overflow-x:auto}\n")
                .append("table{border-collapse:collapse;font-size:13px;white-space:nowrap}\n")
                .append("th,td{border:1px solid #ddd;padding:3px 7px}\nth{background:#f3f3f3;position:sticky;top:0}\n")
                .append("td.num{text-align:right;font-variant-numeric:tabular-nums}\n")
                .append("figure{margin:1.5em 0}\nfigure img{max-width:100%;height:auto;border:1px solid #eee}\n")
                .append("figcaption{color:#444;font-size:14px;max-width:820px}\n.file{color:#888}\n")
                .append("</style>\n</head>\n<body>\n");
        h.append("<h1>").append(esc(name)).append("</h1>\n<p class=\"meta\">")
                .append(runs.size()).append(runs.size() == 1 ? " run" : " runs")
                .append(", report generated ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .append(" by dlsim.</p>\n");

        h.append("<h2>Runs</h2>\n<p>Final values of each run (last evaluation) and per-run extras; the same "
                + "numbers at full precision are in <code>comparison.csv</code>. Empty cells are undefined "
                + "values; NaN and Infinity are computed values of a run that diverged (its status says so).</p>\n<div class=\"scroll\"><table>\n<thead><tr>");
        for (String c : table.columns()) {
            h.append("<th>").append(esc(c)).append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        for (List<Object> line : table.lines()) {
            h.append("<tr>");
            for (Object v : line) {
                boolean num = v instanceof Number;
                h.append(num ? "<td class=\"num\">" : "<td>").append(esc(display(v))).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table></div>\n");

        appendSeedTable(h, runs);
        appendTimeToTarget(h, runs);

        List<String> names = Charts.seriesNames(runs);
        for (PlotAxis axis : PlotAxis.of(runs)) {
            h.append("<h2>Against ").append(esc(axis.title().toLowerCase(Locale.ROOT))).append("</h2>\n");
            int n = 0;
            for (Charts.Rendered f : figures) {
                if (f.axis() != axis) {
                    continue;
                }
                n++;
                h.append("<figure id=\"").append(esc(f.stem())).append("\">\n<img alt=\"")
                        .append(esc(f.metric().plotTitle() + " vs " + axis.title()))
                        .append("\" width=\"").append(Charts.WIDTH).append("\" height=\"").append(Charts.HEIGHT)
                        .append("\" src=\"data:image/png;base64,")
                        .append(Base64.getEncoder().encodeToString(f.png())).append("\">\n<figcaption>")
                        .append(esc(caption(f, runs.size()))).append(" <span class=\"file\">(")
                        .append(PLOTS).append('/').append(esc(f.stem())).append(".svg, .png)</span></figcaption>\n")
                        .append("</figure>\n");
            }
            if (n == 0) {
                h.append("<p>No chart: no run has a defined value.</p>\n");
            }
        }
        if (!skipped.isEmpty()) {
            h.append("<p>Not plotted because no run has a defined (finite, and positive on a log scale) value: ")
                    .append(esc(String.join(", ", skipped))).append(".</p>\n");
        }
        h.append("<p class=\"meta\">Runs in the legends: ").append(esc(String.join(", ", names)))
                .append(".</p>\n</body>\n</html>\n");
        return h.toString();
    }

    private static String caption(Charts.Rendered f, int runs) {
        StringBuilder c = new StringBuilder(f.metric().description()).append(" against ")
                .append(f.axis().title().toLowerCase(Locale.ROOT))
                .append(f.grouped() ? ", one colour per group of runs that differ only in their seed: the mean over the "
                        + "seeds (thick line), mean \u00b1 sample sd (band; on a log scale a non-positive lower edge is drawn at "
                        + "the smallest seed's value) and each seed (thin lines)" : ", one line per run");
        if (f.runs() < runs) {
            c.append(" (").append(runs - f.runs()).append(" of ").append(runs)
                    .append(" runs have no defined value and are not drawn)");
        }
        c.append('.');
        if (f.metric().logScale()) {
            c.append(" Log scale; undefined and non-positive points are left out.");
        } else {
            c.append(" Undefined (NaN) points are left out.");
        }
        return c.toString();
    }

    /**
     * The final values' mean &plusmn; sample sd over the seeds of each group of runs that differ
     * only in their seed, for the plotted metrics some run defines; nothing when every group is a
     * single run.
     */
    private static void appendSeedTable(StringBuilder h, List<RunData> runs) {
        List<SeedAggregate.Group> groups = SeedAggregate.groups(runs);
        if (!SeedAggregate.anyRepeated(groups)) {
            return;
        }
        List<Metric> metrics = MetricsRow.PLOTTED.stream()
                .filter(m -> runs.stream().anyMatch(r -> r.finalRow() != null && !MetricsRow.isUndefined(m.value(r.finalRow()))))
                .toList();
        h.append("<h2>Mean \u00b1 sd over seeds</h2>\n<p>Runs that differ only in their seed form a group; each cell is the "
                + "mean \u00b1 the sample standard deviation (divisor N \u2212 1) of the runs' final values over the N seeds. "
                + "Per evaluated round: <code>").append(SeedAggregate.AGGREGATE_CSV)
                .append("</code>.</p>\n<div class=\"scroll\"><table>\n<thead><tr><th>group</th><th>N</th><th>seeds</th>");
        for (Metric m : metrics) {
            h.append("<th>").append(esc(m.name())).append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        for (SeedAggregate.Group g : groups) {
            h.append("<tr><td>").append(esc(g.label())).append("</td><td class=\"num\">").append(g.size())
                    .append("</td><td>").append(esc(String.join(" ", g.seeds().stream().map(String::valueOf).toList())))
                    .append("</td>");
            for (Metric m : metrics) {
                h.append("<td class=\"num\">").append(esc(meanSd(SeedAggregate.finalStat(g, m)))).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table></div>\n");
    }

    /** {@code mean ± sd} as table text; the mean alone for one value, empty for none. */
    static String meanSd(SeedAggregate.Stat s) {
        if (s.n() == 0) {
            return "";
        }
        return s.n() < 2 ? display(s.mean()) : display(s.mean()) + " \u00b1 " + display(s.sd());
    }

    /**
     * The scenario's targets ({@code targets:}, in each run's extras): one line per run and
     * target, when it was first reached in rounds, simulated seconds, gradient evaluations and
     * bytes. Nothing when no run has targets.
     */
    private static void appendTimeToTarget(StringBuilder h, List<RunData> runs) {
        List<String> keys = List.of("round", "sim_seconds", "grad_evals", "bytes");
        StringBuilder rows = new StringBuilder();
        for (RunData r : runs) {
            if (!(r.extras().get("targets") instanceof Map<?, ?> targets)) {
                continue;
            }
            for (Map.Entry<?, ?> t : targets.entrySet()) {
                if (!(t.getValue() instanceof Map<?, ?> reached)) {
                    continue;
                }
                rows.append("<tr><td>").append(esc(r.labels().run())).append("</td><td>").append(esc(String.valueOf(t.getKey())))
                        .append("</td><td class=\"num\">").append(esc(display(reached.get("target")))).append("</td>");
                for (String k : keys) {
                    Object v = reached.get(k);
                    rows.append("<td class=\"num\">").append(v == null ? "not reached" : esc(display(v))).append("</td>");
                }
                rows.append("</tr>\n");
            }
        }
        if (rows.length() == 0) {
            return;
        }
        h.append("<h2>Time to target</h2>\n<p>The first evaluated round at which each run reached each target of the "
                + "scenario (an accuracy at least the target, any other metric at most), and what it had cost by then.</p>\n"
                + "<div class=\"scroll\"><table>\n<thead><tr><th>run</th><th>metric</th><th>target</th><th>round</th>"
                + "<th>simulated seconds</th><th>gradient evaluations</th><th>bytes</th></tr></thead>\n<tbody>\n")
                .append(rows).append("</tbody>\n</table></div>\n");
    }

    /**
     * Table text of a value: 6 significant digits without trailing zeros; {@code NaN} for a
     * computed NaN, empty for undefined ({@link MetricsRow#isUndefined}) and null.
     */
    static String display(Object v) {
        if (v instanceof Double d) {
            if (MetricsRow.isUndefined(d)) {
                return "";
            }
            if (d.isNaN()) {
                return "NaN";
            }
            double a = Math.abs(d);
            if (Double.isInfinite(d) || a != 0 && (a < 1e-4 || a >= 1e7)) {
                return String.format(Locale.ROOT, "%.6g", d);
            }
            return new BigDecimal(d).round(new MathContext(6)).stripTrailingZeros().toPlainString();
        }
        return ComparisonTable.plain(v);
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }
}

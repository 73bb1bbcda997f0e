package io.dlsim.simulator.report;

import io.dlsim.metrics.Metric;
import io.dlsim.metrics.MetricsRow;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Writes the report of an experiment (a list of runs) into a folder:
 * <ul>
 *   <li>{@code plots/<metric>_vs_<axis>.png} and {@code .svg}: for every plotted metric of the
 *       registry ({@link MetricsRow#PLOTTED}: consensus distance, train loss, test loss, test
 *       accuracy, generalization gap and optimality gap, consensus distance and optimality gap on
 *       a log scale) against every {@link PlotAxis} the experiment needs ({@link PlotAxis#of}:
 *       rounds, and epochs, gradient evaluations, bytes and simulated seconds unless their charts
 *       would duplicate others), one line per run; NaN points (and negative ones on a log axis)
 *       are left out, and a chart with no point in any run is not written; PNGs at 2x with their
 *       dpi, SVGs with editable text ({@link Charts});</li>
 *   <li>{@code plots/final_<metric>_vs_spectral_gap.png} and {@code .svg} for a topology sweep
 *       (runs with at least two spectral gaps): the final value of each headline metric, the
 *       consensus distance and the generalization gap against the run's spectral gap;</li>
 *   <li>{@code comparison.csv}: the {@link ComparisonTable} of the runs;</li>
 *   <li>{@code runs.csv}: the {@link RunsTable}, every evaluation of every run with the runs' params;</li>
 *   <li>{@code aggregate.csv}: every metric's mean and sample sd over the runs that differ only
 *       in their seed, per group and evaluated round ({@link SeedAggregate});</li>
 *   <li>{@code report.html}: one self-contained page (no external resource, nothing fetched at
 *       view time) that answers the scenario's question: the scenario's description and the
 *       comment block of its file ({@link ReportContext#about}, with its "What to look for" part
 *       set apart); the runs table with the swept keys, spectral gap and headline metrics first
 *       (final value and mean of the last {@value HeadlineTable#LAST_K} evaluations) and the
 *       columns every run shares shown once ({@link HeadlineTable}); the mean &plusmn; sd over
 *       seeds and time-to-target tables when they apply; the final-value vs spectral-gap charts;
 *       a drawing of each distinct topology ({@link TopologySvg}); and every chart as inline SVG
 *       made interactive by an embedded script ({@code report.js}: hover shows the values under
 *       the pointer, clicking a legend entry hides or shows its lines; the script marks each
 *       chart it set up with {@code data-rendered="true"}).</li>
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
    /** Side of a topology drawing, in CSS pixels. */
    static final int TOPOLOGY_SIZE = 240;

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

    /** {@link #write(Path, String, List, ReportContext)} without a scenario at hand ({@link ReportContext#NONE}). */
    public static Output write(Path experimentDir, String experimentName, List<RunData> runs) throws IOException {
        return write(experimentDir, experimentName, runs, ReportContext.NONE);
    }

    /**
     * Writes plots, {@code comparison.csv}, {@code aggregate.csv} and {@code report.html} for the
     * runs into {@code experimentDir} (created if needed).
     *
     * @param experimentName the heading of the report
     * @param runs the runs, in the order of the table and the legends; may be empty
     * @param context the scenario's question, sweep, headline metrics and topologies
     */
    public static Output write(Path experimentDir, String experimentName, List<RunData> runs, ReportContext context)
            throws IOException {
        Objects.requireNonNull(experimentName, "experimentName");
        Objects.requireNonNull(context, "context");
        List<RunData> rs = List.copyOf(runs);
        Path plotsDir = experimentDir.resolve(PLOTS);
        Files.createDirectories(plotsDir);

        List<Charts.Rendered> figures = new ArrayList<>();
        List<Path> plotFiles = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Metric metric : gapMetrics(rs, context)) {
            Charts.Rendered r = Charts.finalVsGap(metric, rs);
            if (r != null) {
                figures.add(r);
            }
        }
        for (PlotAxis axis : PlotAxis.of(rs)) {
            for (Metric metric : MetricsRow.PLOTTED) {
                Charts.Rendered r = Charts.render(metric, axis, rs);
                if (r == null) {
                    skipped.add(Charts.stem(metric, axis));
                    continue;
                }
                figures.add(r);
            }
        }
        for (Charts.Rendered r : figures) {
            Path png = plotsDir.resolve(r.stem() + ".png");
            Path svg = plotsDir.resolve(r.stem() + ".svg");
            Files.write(png, r.png());
            Files.write(svg, r.svg());
            plotFiles.add(png);
            plotFiles.add(svg);
        }

        ComparisonTable table = ComparisonTable.of(rs);
        Path csv = experimentDir.resolve(COMPARISON_CSV);
        Files.writeString(csv, table.toCsv(), StandardCharsets.UTF_8);
        Files.writeString(experimentDir.resolve(RUNS_CSV), RunsTable.of(rs).toCsv(), StandardCharsets.UTF_8);

        Path aggregate = experimentDir.resolve(SeedAggregate.AGGREGATE_CSV);
        Files.writeString(aggregate, SeedAggregate.toCsv(rs), StandardCharsets.UTF_8);

        Path html = experimentDir.resolve(REPORT_HTML);
        Files.writeString(html, html(experimentName, rs, table, figures, skipped, context), StandardCharsets.UTF_8);
        return new Output(html, csv, aggregate, plotFiles, skipped);
    }

    /**
     * The metrics charted against the spectral gap: the consensus distance and the
     * generalization gap (what the topology theory predicts), then the headline metrics some run defines,
     * plotted metrics only, each once, and only those whose final value differs between runs
     * (to the 6 digits of the table: a metric every topology ends at alike, such as the loss of
     * x&#772; under pure gossip, has nothing to show against the gap; the table lists it once).
     */
    static List<Metric> gapMetrics(List<RunData> runs, ReportContext context) {
        Set<Metric> ms = new LinkedHashSet<>(List.of(MetricsRow.CONSENSUS_DISTANCE, MetricsRow.GENERALIZATION_GAP));
        ms.addAll(HeadlineTable.headlineMetrics(runs, context));
        return ms.stream().filter(Metric::isPlotted).filter(m -> runs.stream().filter(r -> r.finalRow() != null)
                .map(r -> display(m.value(r.finalRow()))).distinct().count() > 1).toList();
    }

    /** The script that makes the charts interactive, from the class path resource {@code report.js}. */
    static String script() {
        try (InputStream in = ExperimentReport.class.getResourceAsStream("report.js")) {
            if (in == null) {
                throw new IllegalStateException("report.js is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String html(String name, List<RunData> runs, ComparisonTable table, List<Charts.Rendered> figures,
            List<String> skipped, ReportContext context) {
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
                .append("th.head{background:#e4eefa}\ntd.num{text-align:right;font-variant-numeric:tabular-nums}\n")
                .append(".about{white-space:pre-wrap;font-family:ui-monospace,'DejaVu Sans Mono',Menlo,monospace;font-size:13px;line-height:1.45;background:#fafafa;border-left:4px solid #ccc;")
                .append("padding:.6em 1em;width:fit-content;max-width:100%;box-sizing:border-box}\n")
                .append(".look{border-left-color:#2ca02c;background:#f3faf3}\n")
                .append("dl.common{display:grid;grid-template-columns:repeat(3,max-content minmax(8em,max-content));gap:1px 1em;font-size:13px}\n")
                .append("dl.common dt{color:#555}\ndl.common dd{margin:0;font-variant-numeric:tabular-nums}\n")
                .append("figure{margin:1.5em 0}\nfigure.chart{position:relative;max-width:820px}\n")
                .append("figure svg.chart{max-width:100%;height:auto;border:1px solid #eee;display:block}\n")
                .append("g.legend-item{cursor:pointer}\ng.legend-item.off{opacity:.35}\n")
                .append(".tip{position:absolute;pointer-events:none;background:rgba(255,255,255,.95);border:1px solid #999;")
                .append("border-radius:3px;padding:3px 6px;font-size:12px;white-space:nowrap;display:none;z-index:2}\n")
                .append(".tip b{font-weight:600}\n.swatch{display:inline-block;width:10px;height:3px;margin-right:4px;vertical-align:middle}\n")
                .append("figcaption{color:#444;font-size:14px;max-width:820px}\n.file{color:#888}\n")
                .append(".topologies{display:flex;flex-wrap:wrap;gap:1em}\n.topologies figure{margin:0;width:")
                .append(TOPOLOGY_SIZE + 20).append("px}\n.topologies svg{border:1px solid #eee}\n")
                .append("</style>\n</head>\n<body>\n");
        h.append("<h1>").append(esc(name)).append("</h1>\n<p class=\"meta\">")
                .append(runs.size()).append(runs.size() == 1 ? " run" : " runs")
                .append(", report generated ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .append(" by dlsim.</p>\n");
        appendAbout(h, context);
        appendRunsTable(h, runs, table, context);
        appendSeedTable(h, runs);
        appendTimeToTarget(h, runs);

        List<Charts.Rendered> gapFigures = figures.stream().filter(f -> f.axis() == null).toList();
        if (!gapFigures.isEmpty()) {
            h.append("<h2>Final values against the spectral gap</h2>\n<p>Each run's last evaluation against the spectral gap "
                    + "1 \u2212 \u03bb of its W(0) (<code>spectralGap</code>); the theory predicts a smaller consensus distance "
                    + "and generalization gap for a larger spectral gap.</p>\n");
            gapFigures.forEach(f -> appendFigure(h, f, gapCaption(f, runs.size())));
        }
        appendTopologies(h, runs, context);

        List<String> names = Charts.seriesNames(runs);
        for (PlotAxis axis : PlotAxis.of(runs)) {
            h.append("<h2>Against ").append(esc(axis.title().toLowerCase(Locale.ROOT))).append("</h2>\n");
            int n = 0;
            for (Charts.Rendered f : figures) {
                if (f.axis() != axis) {
                    continue;
                }
                n++;
                appendFigure(h, f, caption(f, runs.size()));
            }
            if (n == 0) {
                h.append("<p>No chart: no run has a defined value.</p>\n");
            }
        }
        List<PlotAxis> dropped = java.util.Arrays.stream(PlotAxis.values())
                .filter(a -> !PlotAxis.of(runs).contains(a) && (a != PlotAxis.SIM_SECONDS || RunData.anyTimed(runs))).toList();
        if (!dropped.isEmpty() && !runs.isEmpty()) {
            h.append("<p>No charts against ").append(esc(String.join(", ", dropped.stream()
                    .map(a -> a.title().toLowerCase(Locale.ROOT)).toList())))
                    .append(": in every run that axis is constant or the same multiple of one already drawn, so its charts "
                            + "would repeat others.</p>\n");
        }
        if (!skipped.isEmpty()) {
            h.append("<p>Not plotted because no run has a defined (finite, and non-negative on a log scale) value: ")
                    .append(esc(String.join(", ", skipped))).append(".</p>\n");
        }
        h.append("<p class=\"meta\">Runs in the legends: ").append(esc(String.join(", ", names)))
                .append(". Hover over a chart for the values; click a legend entry to hide or show its lines. ")
                .append("The same charts as files: <code>").append(PLOTS).append("/</code> (PNG at 2x, SVG).</p>\n")
                .append("<script>\n").append(script()).append("</script>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void appendFigure(StringBuilder h, Charts.Rendered f, String caption) {
        h.append("<figure class=\"chart\" id=\"").append(esc(f.stem())).append("\">\n").append(f.inlineSvg())
                .append("<script type=\"application/json\" class=\"chart-data\">").append(f.hoverJson()).append("</script>\n")
                .append("<figcaption>").append(esc(caption)).append(" <span class=\"file\">(").append(PLOTS).append('/')
                .append(esc(f.stem())).append(".svg, .png)</span></figcaption>\n</figure>\n");
    }

    /**
     * The scenario's own words, with its "What to look for" part (from that line on) set apart;
     * in a monospace font, since scenario comments align their lists and tables for an editor.
     */
    private static void appendAbout(StringBuilder h, ReportContext context) {
        String about = context.about().strip();
        if (about.isEmpty()) {
            return;
        }
        h.append("<h2>About this experiment</h2>\n");
        int look = about.indexOf("What to look for");
        if (look > 0 && about.charAt(look - 1) != '\n') {
            look = -1;
        }
        if (look < 0) {
            h.append("<div class=\"about\">").append(esc(about)).append("</div>\n");
            return;
        }
        String before = about.substring(0, look).strip();
        String after = about.substring(look).strip();
        if (!before.isEmpty()) {
            h.append("<div class=\"about\">").append(esc(before)).append("</div>\n");
        }
        h.append("<div class=\"about look\">").append(esc(after)).append("</div>\n");
    }

    private static void appendRunsTable(StringBuilder h, List<RunData> runs, ComparisonTable table, ReportContext context) {
        HeadlineTable t = HeadlineTable.of(table, runs, context);
        Set<String> head = new LinkedHashSet<>(context.sweptKeys());
        HeadlineTable.headlineMetrics(runs, context).forEach(m -> {
            head.add(m.name());
            head.add(HeadlineTable.lastKColumn(m));
        });
        head.add(Charts.SPECTRAL_GAP);
        h.append("<h2>Runs</h2>\n<p>The final value of each run (last evaluation); the columns that answer the scenario's "
                + "question come first (shaded: swept keys, spectral gap, the scenario's headline metrics with the mean of their last ")
                .append(HeadlineTable.LAST_K).append(" evaluations next to the final value), and the columns that are the same "
                + "in every run are listed once below the table. Numbers to 6 significant digits; full precision and every "
                + "column in <code>comparison.csv</code>. Empty cells are undefined values; NaN and Infinity are computed "
                + "values of a run that diverged (its status says so).</p>\n<div class=\"scroll\"><table class=\"runs\">\n<thead><tr>");
        for (String c : t.columns()) {
            h.append(head.contains(c) || c.startsWith("sweep.") && head.contains(c.substring(6)) ? "<th class=\"head\">" : "<th>")
                    .append(esc(c)).append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        for (List<Object> line : t.lines()) {
            h.append("<tr>");
            for (Object v : line) {
                boolean num = v instanceof Number;
                h.append(num ? "<td class=\"num\">" : "<td>").append(esc(display(v))).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table></div>\n");
        if (!t.common().isEmpty()) {
            h.append("<details class=\"common\" open><summary>Common to all runs (").append(t.common().size())
                    .append(" columns)</summary>\n<dl class=\"common\">\n");
            List<String> undefined = new ArrayList<>();
            for (Map.Entry<String, String> e : t.common().entrySet()) {
                if (e.getValue().isEmpty()) {
                    undefined.add(e.getKey());
                    continue;
                }
                h.append("<dt>").append(esc(e.getKey())).append("</dt><dd>").append(esc(e.getValue())).append("</dd>\n");
            }
            if (!undefined.isEmpty()) {
                h.append("<dt>undefined in every run</dt><dd>").append(esc(String.join(", ", undefined))).append("</dd>\n");
            }
            h.append("</dl>\n</details>\n");
        }
        if (!t.repeats().isEmpty()) {
            h.append("<p class=\"meta\">Not shown because they read like a column of the table: ").append(esc(String.join(", ",
                    t.repeats().entrySet().stream().map(e -> e.getKey() + " (as " + e.getValue() + ")").toList()))).append(".</p>\n");
        }
    }

    private static void appendTopologies(StringBuilder h, List<RunData> runs, ReportContext context) {
        if (context.topologies().isEmpty()) {
            return;
        }
        h.append("<h2>Topologies</h2>\n<p>Each distinct communication graph of W(0), nodes on a circle in id order (node 0 at "
                + "the top, ids clockwise); graphs of more than ").append(ReportContext.TopologyDrawing.MAX_DRAWN)
                .append(" nodes are not drawn.</p>\n<div class=\"topologies\">\n");
        for (ReportContext.TopologyDrawing d : context.topologies()) {
            String svg = TopologySvg.svg(d, TOPOLOGY_SIZE);
            h.append("<figure class=\"topology\">\n");
            if (svg != null) {
                h.append(svg);
            } else {
                h.append("<p>").append(d.n()).append(" nodes: not drawn (more than ").append(ReportContext.TopologyDrawing.MAX_DRAWN)
                        .append(" nodes).</p>\n");
            }
            String gap = runs.stream().filter(r -> d.runs().contains(r.labels().run())).mapToDouble(Charts::spectralGap)
                    .filter(Double::isFinite).mapToObj(ExperimentReport::display).findFirst().orElse("");
            h.append("<figcaption><b>").append(esc(d.label())).append("</b>: ").append(d.n()).append(" nodes");
            if (d.drawn()) {
                h.append(", ").append(d.edges().size()).append(d.directed() ? " arcs" : " edges");
            }
            if (!gap.isEmpty()) {
                h.append(", spectral gap ").append(esc(gap));
            }
            h.append(". Runs: ").append(esc(String.join(", ", d.runs()))).append(".</figcaption>\n</figure>\n");
        }
        h.append("</div>\n");
    }

    private static String gapCaption(Charts.Rendered f, int runs) {
        StringBuilder c = new StringBuilder("The final ").append(f.metric().description().substring(0, 1).toLowerCase(Locale.ROOT))
                .append(f.metric().description().substring(1)).append(" of each run against its spectral gap")
                .append(f.grouped() ? ", one colour per group of runs that differ only in their seed (one dot per seed)" : ", one dot per run");
        if (f.runs() < runs) {
            c.append(" (").append(runs - f.runs()).append(" of ").append(runs).append(" runs have no defined value)");
        }
        c.append('.');
        if (f.metric().logScale()) {
            c.append(" Log scale; a value of 0 is drawn on the lower edge.");
        }
        return c.toString();
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
            c.append(" Log scale; undefined and negative points are left out, a value of 0 is drawn on the lower edge.");
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

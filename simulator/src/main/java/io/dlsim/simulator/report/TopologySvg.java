package io.dlsim.simulator.report;

import java.util.Locale;

/**
 * Draws a topology ({@link ReportContext.TopologyDrawing}) as an inline SVG: node i on a circle
 * at angle 2&pi;i/n (clockwise from the top, so rings, exponential graphs and circulant graphs
 * show their structure), each edge a straight chord, each arc of a directed graph a chord with a
 * dot near its head. Edges get fainter as the graph gets denser, so a complete graph is still a
 * readable disc. Graphs of more than {@link ReportContext.TopologyDrawing#MAX_DRAWN} nodes are not drawn.
 */
final class TopologySvg {

    private TopologySvg() {
    }

    /** The SVG of a drawn topology, {@code size} CSS pixels square; null when it is not {@linkplain ReportContext.TopologyDrawing#drawn drawn}. */
    static String svg(ReportContext.TopologyDrawing d, int size) {
        if (!d.drawn()) {
            return null;
        }
        int n = d.n();
        double c = size / 2.0;
        double r = size / 2.0 - 14;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double a = 2 * Math.PI * i / n - Math.PI / 2;
            x[i] = c + r * Math.cos(a);
            y[i] = c + r * Math.sin(a);
        }
        int edges = d.edges().size();
        double opacity = Math.max(0.08, Math.min(0.8, 60.0 / Math.max(1, edges)));
        StringBuilder b = new StringBuilder(128 + 64 * edges);
        b.append("<svg class=\"topology\" viewBox=\"0 0 ").append(size).append(' ').append(size).append("\" width=\"").append(size)
                .append("\" height=\"").append(size).append("\" role=\"img\" data-nodes=\"").append(n).append("\" data-edges=\"")
                .append(edges).append("\"><title>").append(ExperimentReport.esc(d.label())).append(": ").append(n)
                .append(" nodes, ").append(edges).append(d.directed() ? " arcs" : " edges").append("</title>\n<g stroke=\"#1f77b4\" stroke-opacity=\"")
                .append(String.format(Locale.ROOT, "%.2f", opacity)).append("\" stroke-width=\"1\">\n");
        for (int[] e : d.edges()) {
            b.append("<line x1=\"").append(f(x[e[0]])).append("\" y1=\"").append(f(y[e[0]])).append("\" x2=\"").append(f(x[e[1]]))
                    .append("\" y2=\"").append(f(y[e[1]])).append("\"/>\n");
        }
        b.append("</g>\n");
        if (d.directed()) {
            b.append("<g fill=\"#d62728\" fill-opacity=\"").append(String.format(Locale.ROOT, "%.2f", Math.max(0.2, opacity))).append("\">\n");
            for (int[] e : d.edges()) {
                double hx = x[e[1]] + (x[e[0]] - x[e[1]]) * 0.12;
                double hy = y[e[1]] + (y[e[0]] - y[e[1]]) * 0.12;
                b.append("<circle cx=\"").append(f(hx)).append("\" cy=\"").append(f(hy)).append("\" r=\"1.6\"/>\n");
            }
            b.append("</g>\n");
        }
        double nodeR = n <= 32 ? 4 : n <= 96 ? 2.6 : 1.6;
        b.append("<g fill=\"#333\">\n");
        for (int i = 0; i < n; i++) {
            b.append("<circle cx=\"").append(f(x[i])).append("\" cy=\"").append(f(y[i])).append("\" r=\"").append(f(nodeR))
                    .append("\"/>\n");
        }
        b.append("</g>\n</svg>\n");
        return b.toString();
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}

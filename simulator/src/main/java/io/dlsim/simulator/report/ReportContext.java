package io.dlsim.simulator.report;

import io.dlsim.metrics.Metric;
import io.dlsim.metrics.MetricsRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the report needs to answer an experiment's question besides the runs' rows: the text that
 * states the question, the keys the sweep varies, the metrics the scenario cares about, and the
 * topologies it runs on. Built by the runner from the scenario (file); {@link #NONE} when there
 * is no scenario at hand, and the report then falls back to what the runs alone tell.
 *
 * @param about the scenario's {@code description:} and the comment block at the top of its file
 *     (each {@code #} line without the {@code #}), separated by a blank line; empty: none
 * @param sweptKeys the sweep's keys in the file's order (dotted paths, e.g. {@code topology.type}, {@code seed})
 * @param sweepValues per run name, the text of each swept key's value in that run
 * @param headline the metrics the scenario names first ({@code targets:}, else its headline:
 *     consensus distance for gossip, optimality gap with F*, then test accuracy, test loss, train
 *     loss), best first
 * @param topologies each distinct topology W(0) of the runs, in order of first use
 */
public record ReportContext(String about, List<String> sweptKeys, Map<String, Map<String, String>> sweepValues,
        List<Metric> headline, List<TopologyDrawing> topologies) {

    /** No scenario at hand: no text, no sweep, the registry's headline metrics, no drawings. */
    public static final ReportContext NONE = new ReportContext("", List.of(), Map.of(), defaultHeadline(), List.of());

    /** Copies the lists and maps (keeping their order). */
    public ReportContext {
        Objects.requireNonNull(about, "about");
        sweptKeys = List.copyOf(sweptKeys);
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        sweepValues.forEach((k, v) -> copy.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
        sweepValues = Collections.unmodifiableMap(copy);
        headline = List.copyOf(headline);
        topologies = List.copyOf(topologies);
    }

    /** Consensus distance, optimality gap, then {@link MetricsRow#HEADLINE}. */
    static List<Metric> defaultHeadline() {
        List<Metric> h = new ArrayList<>(List.of(MetricsRow.CONSENSUS_DISTANCE, MetricsRow.OPTIMALITY_GAP));
        h.addAll(MetricsRow.HEADLINE);
        return h;
    }

    /**
     * One topology as the report draws it: node i on a circle at angle 2&pi;i/n, each edge a line
     * (an arc of a directed graph: a line with a dot at its head).
     *
     * @param label a short name, e.g. {@code ring} or {@code static(torus/metropolis-hastings)}
     * @param n the number of nodes
     * @param directed whether {@code edges} are arcs
     * @param edges each edge as {@code {i, j}}; null when the graph is not drawn (more than
     *     {@link #MAX_DRAWN} nodes, or it could not be built)
     * @param runs the names of the runs on it
     */
    public record TopologyDrawing(String label, int n, boolean directed, List<int[]> edges, List<String> runs) {
        /** The most nodes a drawing shows; larger graphs are named, not drawn. */
        public static final int MAX_DRAWN = 256;

        /** Copies the lists. */
        public TopologyDrawing {
            edges = edges == null ? null : List.copyOf(edges);
            runs = List.copyOf(runs);
        }

        /** Whether the graph is drawn. */
        public boolean drawn() {
            return edges != null;
        }
    }

    /**
     * The comment block at the top of a scenario file: its leading lines that start with
     * {@code #}, without the {@code #} and one following space, up to the first other line;
     * empty when the file has none or cannot be read.
     */
    public static String headerComment(Path scenarioFile) {
        if (scenarioFile == null) {
            return "";
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(scenarioFile, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (String line : lines) {
            String t = line.strip();
            if (!t.startsWith("#")) {
                break;
            }
            String text = t.substring(1);
            if (text.startsWith(" ")) {
                text = line.substring(line.indexOf('#') + 2);
            }
            b.append(text.stripTrailing()).append('\n');
        }
        return b.toString().strip();
    }
}

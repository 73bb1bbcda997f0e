package io.dlsim.simulator.run;

import io.dlsim.simulator.report.ReportContext;
import io.dlsim.simulator.scenario.Scenario;
import io.dlsim.topologies.ScheduleFactory;
import io.dlsim.topologies.graph.Graph;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds the {@link ReportContext} of an experiment from its runs' scenarios and the scenario file. */
final class ReportContexts {

    private ReportContexts() {
    }

    /**
     * The context of the runs: the first run's {@code description:} and the file's header
     * comment; the sweep keys in the sweep's order and each run's values; the first run's
     * headline metrics ({@link Scenario#headline()}); and every distinct W(0) support graph
     * (built again here, cheaply, for runs of at most
     * {@link ReportContext.TopologyDrawing#MAX_DRAWN} nodes; larger ones are named by their
     * topology label and node count, not built).
     *
     * @param scenarioFile the scenario file, or null when there is none (no header comment)
     */
    static ReportContext of(List<Scenario> scenarios, Path scenarioFile) {
        if (scenarios.isEmpty()) {
            return ReportContext.NONE;
        }
        Scenario first = scenarios.get(0);
        List<String> about = new ArrayList<>();
        if (first.description() != null && !first.description().isBlank()) {
            about.add(first.description().strip());
        }
        String header = ReportContext.headerComment(scenarioFile);
        if (!header.isEmpty()) {
            about.add(header);
        }
        Set<String> keys = new LinkedHashSet<>();
        Map<String, Map<String, String>> values = new LinkedHashMap<>();
        for (Scenario s : scenarios) {
            keys.addAll(s.sweepValues().keySet());
            values.put(s.runName(), s.sweepValues());
        }
        return new ReportContext(String.join("\n\n", about), new ArrayList<>(keys), values, first.headline(),
                topologies(scenarios));
    }

    private static List<ReportContext.TopologyDrawing> topologies(List<Scenario> scenarios) {
        List<Object> keys = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Graph> graphs = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        List<List<String>> runs = new ArrayList<>();
        for (Scenario s : scenarios) {
            Object key;
            Graph g = null;
            if (s.nodes() <= ReportContext.TopologyDrawing.MAX_DRAWN) {
                try {
                    g = ScheduleFactory.build(s.schedule()).at(0).supportGraph();
                } catch (RuntimeException e) {
                    // Drawn from a scenario that already ran, so this does not happen; if it does, the graph is named only.
                    g = null;
                }
            }
            key = g != null ? g : s.topologyLabel() + "/" + s.nodes();
            int at = keys.indexOf(key);
            if (at < 0) {
                keys.add(key);
                labels.add(s.topologyLabel());
                graphs.add(g);
                sizes.add(s.nodes());
                runs.add(new ArrayList<>());
                at = keys.size() - 1;
            }
            runs.get(at).add(s.runName());
        }
        List<ReportContext.TopologyDrawing> out = new ArrayList<>();
        for (int k = 0; k < keys.size(); k++) {
            Graph g = graphs.get(k);
            List<int[]> edges = null;
            if (g != null) {
                edges = new ArrayList<>();
                for (int i = 0; i < g.n(); i++) {
                    for (int j : g.outNeighbours(i)) {
                        if (g.isDirected() || i < j) {
                            edges.add(new int[] {i, j});
                        }
                    }
                }
            }
            out.add(new ReportContext.TopologyDrawing(labels.get(k), sizes.get(k), g != null && g.isDirected(), edges, runs.get(k)));
        }
        return out;
    }
}

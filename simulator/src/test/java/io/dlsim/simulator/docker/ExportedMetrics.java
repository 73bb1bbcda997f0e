package io.dlsim.simulator.docker;

import io.dlsim.metrics.MetricsRow;
import io.dlsim.simulator.live.LiveMetrics;
import io.dlsim.simulator.live.LiveRegistry;
import io.dlsim.simulator.report.RunLabels;
import io.dlsim.topologies.TopologyFacts;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a dlsim JVM exports to Prometheus, from a real scrape: a {@link LiveRegistry} with a
 * {@link LiveMetrics} fed one evaluation row and the topology, after a garbage collection (so
 * that the GC pause timer exists too).
 */
final class ExportedMetrics {

    /** Labels Prometheus adds to every scraped series. */
    static final Set<String> TARGET_LABELS = Set.of("job", "instance");

    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");

    private ExportedMetrics() {
    }

    /** Sample name (as in the exposition, e.g. {@code jvm_gc_pause_seconds_count}) to its label names. */
    static Map<String, Set<String>> scrape() throws InterruptedException {
        try (LiveRegistry live = LiveRegistry.create("test");
                LiveMetrics run = new LiveMetrics(live.registry(), new RunLabels("s", "r", "dsgd", "ring"), true)) {
            run.setPlannedRounds(100);
            run.setTopology(new TopologyFacts(16, 16, true, true, true, 0.95, -0.33, 0.95, 0.05, 0.0975, false, 2, 2, "dense-eigen", true));
            run.update(new MetricsRow(10, 0.5, 160, 320, 32_000, 0.01, 0.7, 0.75, 0.8, 0.78, 0.05, 0.1, 0.69, 0.5));
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (live.registry().find("jvm.gc.pause").timer() == null && System.nanoTime() < deadline) {
                System.gc(); // the GC notification registers jvm.gc.pause, asynchronously
                Thread.sleep(100);
            }
            return parse(live.scrape());
        }
    }

    /** Sample names and their label names from a Prometheus text exposition. */
    static Map<String, Set<String>> parse(String exposition) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            int end = brace >= 0 && (space < 0 || brace < space) ? brace : space;
            String name = line.substring(0, end);
            Set<String> labels = out.computeIfAbsent(name, k -> new TreeSet<>());
            if (end == brace) {
                Matcher m = LABEL.matcher(line.substring(brace, line.lastIndexOf('}') + 1));
                while (m.find()) {
                    labels.add(m.group(1));
                }
            }
        }
        return out;
    }
}

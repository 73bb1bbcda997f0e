package io.dlsim.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * When a run first reached the targets its scenario names ({@code targets: { test_accuracy: 0.9 }}):
 * the first evaluated row whose value is at least the target for an accuracy, at most the target
 * for every other metric (losses, gaps, consensus distance), in rounds, simulated seconds (runs
 * with a system model), gradient evaluations and bytes. Evaluated rows only: a target crossed
 * between two evaluations is reported at the later one.
 */
public final class TimeToTarget {
    private TimeToTarget() {
    }

    /** The metrics a target may name: every real metric of the registry but the clocks and the epoch. */
    public static final List<Metric> TARGETABLE = MetricsRow.METRICS.stream()
            .filter(m -> !m.isInteger() && m != MetricsRow.EPOCH && m != MetricsRow.WALL_SECONDS && !m.isSimulatedTime()).toList();

    /** The targetable metric of this name. */
    public static Optional<Metric> metric(String name) {
        return TARGETABLE.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** Whether reaching the target means rising to it (accuracies) rather than falling to it. */
    public static boolean rises(Metric metric) {
        return metric.name().endsWith("_accuracy");
    }

    /** Whether {@code value} has reached {@code target} for this metric (NaN never does). */
    public static boolean reached(Metric metric, double value, double target) {
        return rises(metric) ? value >= target : value <= target;
    }

    /**
     * For each target, in the scenario's order: {@code target}, {@code reached}, and when reached
     * {@code round}, {@code epoch}, {@code sim_seconds} (null without simulated time),
     * {@code grad_evals} and {@code bytes} of the first row that reached it (else nulls).
     *
     * @throws IllegalArgumentException for a name that is not a {@link #TARGETABLE} metric
     */
    public static Map<String, Object> of(List<MetricsRow> rows, Map<String, Double> targets) {
        Map<String, Object> out = new LinkedHashMap<>();
        targets.forEach((name, target) -> {
            Metric m = metric(name).orElseThrow(() -> new IllegalArgumentException("targets: '" + name + "' is not a metric a "
                    + "target can name"));
            MetricsRow hit = rows.stream().filter(r -> reached(m, m.value(r), target)).findFirst().orElse(null);
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("target", target);
            t.put("reached", hit != null);
            t.put("round", hit == null ? null : hit.round());
            t.put("epoch", hit == null ? null : hit.epoch());
            t.put("sim_seconds", hit == null || !hit.timed() ? null : hit.simSeconds());
            t.put("grad_evals", hit == null ? null : hit.gradEvals());
            t.put("bytes", hit == null ? null : hit.bytes());
            out.put(name, t);
        });
        return out;
    }
}

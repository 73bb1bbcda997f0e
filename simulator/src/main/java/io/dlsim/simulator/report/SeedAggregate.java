package io.dlsim.simulator.report;

import io.dlsim.metrics.Metric;
import io.dlsim.metrics.MetricsRow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Aggregation over seeds: the runs of an experiment that differ only in their seed (the same
 * {@link SeedGroup#key()}) form a group, and every metric is summarised over the group's runs
 * at each evaluated round by its mean and its <em>sample</em> standard deviation (divisor
 * N - 1; undefined for one run). Values a run does not define ({@link MetricsRow#isUndefined})
 * are left out; a computed NaN or infinity is kept, so it makes the mean NaN or infinite (a
 * diverged seed shows). A run with no {@link RunData#seedGroup()} is a group of its own.
 *
 * <p>{@link #toCsv} gives {@code aggregate.csv}: {@code group,round,n}, then
 * {@code <metric>_mean,<metric>_sd} for every metric of the registry the runs write
 * ({@link MetricsRow#metrics(boolean)}) but {@code round}; one line per group and round evaluated
 * by any of its runs, groups in the order of their first run, rounds ascending; {@code n} is how
 * many of the group's runs evaluated that round (fewer than the group after a run diverged or
 * stopped). Reals in full precision; an undefined mean or sd is an empty cell.
 * Stateless.
 */
public final class SeedAggregate {

    /** The file in the experiment folder. */
    public static final String AGGREGATE_CSV = "aggregate.csv";

    private SeedAggregate() {
    }

    /**
     * Runs that differ only in their seed.
     *
     * @param label the group's name, unique among the experiment's groups
     * @param runs its runs, in the experiment's order
     */
    public record Group(String label, List<RunData> runs) {
        /** Copies the list. */
        public Group {
            runs = List.copyOf(runs);
        }

        /** The number of runs (seeds). */
        public int size() {
            return runs.size();
        }

        /** The seeds of the runs, in order (runs without a seed group are left out). */
        public List<Long> seeds() {
            return runs.stream().filter(r -> r.seedGroup() != null).map(r -> r.seedGroup().seed()).toList();
        }
    }

    /**
     * Mean and sample standard deviation of {@code n} values.
     *
     * @param n the values summarised (defined ones only)
     * @param mean their mean; {@link MetricsRow#UNDEFINED} when {@code n} is 0
     * @param sd {@code sqrt(sum (x - mean)^2 / (n - 1))}; {@link MetricsRow#UNDEFINED} when {@code n < 2}
     */
    public record Stat(int n, double mean, double sd) {
        /** The statistics of the defined values among {@code values}. */
        public static Stat of(double... values) {
            int n = 0;
            double sum = 0;
            for (double v : values) {
                if (!MetricsRow.isUndefined(v)) {
                    n++;
                    sum += v;
                }
            }
            if (n == 0) {
                return new Stat(0, MetricsRow.UNDEFINED, MetricsRow.UNDEFINED);
            }
            double mean = sum / n;
            if (n < 2) {
                return new Stat(n, MetricsRow.computed(mean), MetricsRow.UNDEFINED);
            }
            double squares = 0;
            for (double v : values) {
                if (!MetricsRow.isUndefined(v)) {
                    squares += (v - mean) * (v - mean);
                }
            }
            return new Stat(n, MetricsRow.computed(mean), MetricsRow.computed(Math.sqrt(squares / (n - 1))));
        }
    }

    /**
     * One round of a group: how many runs evaluated it, their rows, and each metric's statistics.
     *
     * @param rows the rows of the runs that evaluated the round, in the group's order
     */
    public record Line(Group group, long round, List<MetricsRow> rows) {
        /** Copies the list. */
        public Line {
            rows = List.copyOf(rows);
        }

        /** How many of the group's runs evaluated this round. */
        public int n() {
            return rows.size();
        }

        /** The statistics of a metric over the rows. */
        public Stat stat(Metric metric) {
            double[] values = new double[rows.size()];
            for (int k = 0; k < values.length; k++) {
                values[k] = metric.value(rows.get(k));
            }
            return Stat.of(values);
        }
    }

    /** The groups of the runs, in the order of their first run; labels made unique with {@code (2)}, ... */
    public static List<Group> groups(List<RunData> runs) {
        Map<Object, List<RunData>> byKey = new LinkedHashMap<>();
        Map<Object, String> labels = new LinkedHashMap<>();
        for (RunData r : runs) {
            // A run without a seed group is its own: keyed by its identity.
            Object key = r.seedGroup() == null ? new Object() : r.seedGroup().key();
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
            labels.putIfAbsent(key, r.seedGroup() == null ? r.labels().run() : r.seedGroup().label());
        }
        Set<String> scenarios = new HashSet<>();
        runs.forEach(r -> scenarios.add(r.labels().scenario()));
        List<Group> groups = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (Map.Entry<Object, List<RunData>> e : byKey.entrySet()) {
            String base = labels.get(e.getKey());
            if (scenarios.size() > 1) {
                base = e.getValue().get(0).labels().scenario() + "/" + base;
            }
            String label = base;
            for (int i = 2; !used.add(label); i++) {
                label = base + " (" + i + ")";
            }
            groups.add(new Group(label, e.getValue()));
        }
        return Collections.unmodifiableList(groups);
    }

    /** Whether some group has more than one run: only then do the report's tables and charts aggregate. */
    public static boolean anyRepeated(List<Group> groups) {
        return groups.stream().anyMatch(g -> g.size() > 1);
    }

    /** The lines of a group: one per round that any of its runs evaluated, ascending. */
    public static List<Line> lines(Group group) {
        TreeMap<Long, List<MetricsRow>> byRound = new TreeMap<>();
        for (RunData r : group.runs()) {
            for (MetricsRow row : r.rows()) {
                byRound.computeIfAbsent(row.round(), k -> new ArrayList<>()).add(row);
            }
        }
        List<Line> lines = new ArrayList<>(byRound.size());
        byRound.forEach((round, rows) -> lines.add(new Line(group, round, rows)));
        return lines;
    }

    /** The statistics of a metric over the final rows (the last evaluation) of the group's runs that have one. */
    public static Stat finalStat(Group group, Metric metric) {
        return Stat.of(group.runs().stream().filter(r -> r.finalRow() != null)
                .mapToDouble(r -> metric.value(r.finalRow())).toArray());
    }

    /** The metrics of {@code aggregate.csv}: those the runs write, but {@code round}. */
    static List<Metric> metrics(List<RunData> runs) {
        return MetricsRow.metrics(RunData.anyTimed(runs)).stream().filter(m -> m != MetricsRow.ROUND).toList();
    }

    /** {@code aggregate.csv} of the runs (see the class comment). */
    public static String toCsv(List<RunData> runs) {
        List<Metric> metrics = metrics(runs);
        StringBuilder sb = new StringBuilder();
        sb.append("group,round,n");
        for (Metric m : metrics) {
            sb.append(',').append(m.name()).append("_mean,").append(m.name()).append("_sd");
        }
        sb.append('\n');
        for (Group g : groups(runs)) {
            for (Line line : lines(g)) {
                sb.append(ComparisonTable.csvCell(g.label())).append(',').append(line.round()).append(',').append(line.n());
                for (Metric m : metrics) {
                    Stat s = line.stat(m);
                    sb.append(',').append(ComparisonTable.plain(s.mean())).append(',').append(ComparisonTable.plain(s.sd()));
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }
}

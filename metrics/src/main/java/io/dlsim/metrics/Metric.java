package io.dlsim.metrics;

import java.util.Objects;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;

/**
 * One quantity of a {@link MetricsRow} and how every sink presents it. The registry is
 * {@link MetricsRow#METRICS}; every sink derives from it, so that adding a quantity is one
 * component of {@code MetricsRow} plus one entry there:
 * <ul>
 *   <li>{@link #name()} is the {@code metrics.csv} column, the key in {@code summary.json}'s
 *       {@code "final"}, the comparison-table column and, for a plotted metric, the plot's file
 *       stem;</li>
 *   <li>{@link #isInteger()} decides the text form: integers as {@link Long#toString(long)},
 *       reals as {@link Double#toString(double)} ({@code NaN}, {@code Infinity} and
 *       {@code -Infinity} included), an undefined value ({@link MetricsRow#isUndefined}) as an
 *       empty cell;</li>
 *   <li>{@link #prometheusName()} is the live series as exported (and as dashboards query it);
 *       a name ending in {@code _total} is a counter (a cumulative total, read with
 *       {@code rate()}), any other a gauge; null when the metric is not exported live;</li>
 *   <li>{@link #isPlotted()} metrics are drawn by the experiment report (with
 *       {@link #plotTitle()}, on a logarithmic y axis when {@link #logScale()}) and are the
 *       columns of the console summary table (headed by {@link #shortName()}).</li>
 * </ul>
 *
 * <p>Immutable; built with {@link #integer} or {@link #real} and the {@code with...} methods,
 * each of which returns a new instance. Equality is identity: a metric is its registry entry.
 */
public final class Metric {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
    private static final Pattern PROMETHEUS = Pattern.compile("dlsim(_[a-z0-9]+)+");
    /** Prometheus' suffix of a counter; Micrometer adds it to a counter's name on export. */
    private static final String COUNTER_SUFFIX = "_total";

    private final String name;
    private final ToLongFunction<MetricsRow> integer;
    private final ToDoubleFunction<MetricsRow> real;
    private final String description;
    private final String unit;
    private final String shortName;
    private final String prometheusName;
    private final String plotTitle;
    private final boolean logScale;
    private final boolean simulatedTime;

    private Metric(String name, ToLongFunction<MetricsRow> integer, ToDoubleFunction<MetricsRow> real,
            String description, String unit, String shortName, String prometheusName, String plotTitle,
            boolean logScale) {
        this(name, integer, real, description, unit, shortName, prometheusName, plotTitle, logScale, false);
    }

    private Metric(String name, ToLongFunction<MetricsRow> integer, ToDoubleFunction<MetricsRow> real,
            String description, String unit, String shortName, String prometheusName, String plotTitle,
            boolean logScale, boolean simulatedTime) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("metric name must be snake_case, got '" + name + "'");
        }
        if (prometheusName != null && !PROMETHEUS.matcher(prometheusName).matches()) {
            throw new IllegalArgumentException(name + ": Prometheus name must be dlsim_ and snake_case, got '"
                    + prometheusName + "'");
        }
        if (description.isBlank() || shortName.isBlank()) {
            throw new IllegalArgumentException(name + ": description and short name must not be blank");
        }
        if (plotTitle == null && logScale) {
            throw new IllegalArgumentException(name + ": only a plotted metric has a log scale");
        }
        this.name = name;
        this.integer = integer;
        this.real = Objects.requireNonNull(real, "real");
        this.description = description;
        this.unit = Objects.requireNonNull(unit, "unit");
        this.shortName = shortName;
        this.prometheusName = prometheusName;
        this.plotTitle = plotTitle;
        this.logScale = logScale;
        this.simulatedTime = simulatedTime;
    }

    /**
     * The same metric as a quantity of simulated time: only runs with a system model define and
     * write it (a run without one writes the columns and keys it always wrote).
     */
    public Metric simulatedTime() {
        return new Metric(name, integer, real, description, unit, shortName, prometheusName, plotTitle, logScale, true);
    }

    /** Whether only runs with a system model write this metric ({@link #simulatedTime()}). */
    public boolean isSimulatedTime() {
        return simulatedTime;
    }

    /** A whole-number metric (a count), not exported, not plotted, without a unit. */
    public static Metric integer(String name, ToLongFunction<MetricsRow> value, String description) {
        Objects.requireNonNull(value, "value");
        return new Metric(name, value, r -> value.applyAsLong(r), description, "", name, null, null, false);
    }

    /** A real metric (NaN when undefined), not exported, not plotted, without a unit. */
    public static Metric real(String name, ToDoubleFunction<MetricsRow> value, String description) {
        return new Metric(name, null, value, description, "", name, null, null, false);
    }

    /** The same metric with a unit, e.g. {@code bytes} (empty: dimensionless). */
    public Metric withUnit(String unit) {
        return new Metric(name, integer, real, description, unit, shortName, prometheusName, plotTitle, logScale, simulatedTime);
    }

    /** The same metric with a header for narrow tables (the console), e.g. {@code gen_gap}. */
    public Metric withShortName(String shortName) {
        return new Metric(name, integer, real, description, unit, shortName, prometheusName, plotTitle, logScale, simulatedTime);
    }

    /** The same metric exported live as this Prometheus series (end it in {@code _total} for a counter). */
    public Metric withPrometheusName(String prometheusName) {
        Objects.requireNonNull(prometheusName, "prometheusName");
        return new Metric(name, integer, real, description, unit, shortName, prometheusName, plotTitle, logScale, simulatedTime);
    }

    /** The same metric, plotted under this title, on a linear or logarithmic y axis. */
    public Metric withPlot(String title, boolean logScale) {
        Objects.requireNonNull(title, "title");
        return new Metric(name, integer, real, description, unit, shortName, prometheusName, title, logScale, simulatedTime);
    }

    /** The snake_case name: CSV column, summary key, comparison column, plot file stem. */
    public String name() {
        return name;
    }

    /** Whether the value is a whole number (else a real, NaN when undefined). */
    public boolean isInteger() {
        return integer != null;
    }

    /** The value as a double (exact for integers below 2^53). */
    public double value(MetricsRow row) {
        return real.applyAsDouble(row);
    }

    /**
     * The exact value of an integer metric.
     *
     * @throws IllegalStateException for a real metric
     */
    public long longValue(MetricsRow row) {
        if (integer == null) {
            throw new IllegalStateException(name + " is not an integer metric");
        }
        return integer.applyAsLong(row);
    }

    /** The value boxed as its kind: a {@link Long} for an integer metric, a {@link Double} for a real one. */
    public Number boxed(MetricsRow row) {
        // Two statements, not a conditional expression: that would promote the long to double.
        if (integer != null) {
            return integer.applyAsLong(row);
        }
        return real.applyAsDouble(row);
    }

    /** One sentence defining the quantity (DESIGN.md section 3): figure captions and Prometheus help. */
    public String description() {
        return description;
    }

    /** The unit, e.g. {@code rounds}, {@code bytes}, {@code seconds}; empty when dimensionless. */
    public String unit() {
        return unit;
    }

    /** The header in narrow tables and the console progress bar (the name unless set). */
    public String shortName() {
        return shortName;
    }

    /** The exported Prometheus series name, or null when the metric is not exported live. */
    public String prometheusName() {
        return prometheusName;
    }

    /** Whether the metric is exported live. */
    public boolean isLive() {
        return prometheusName != null;
    }

    /** Whether the live meter is a counter (its Prometheus name ends in {@code _total}). */
    public boolean isCounter() {
        return isCounter(prometheusName);
    }

    /** Whether a Prometheus series name is a counter's: it ends in {@code _total}. */
    public static boolean isCounter(String prometheusName) {
        return prometheusName != null && prometheusName.endsWith(COUNTER_SUFFIX);
    }

    /**
     * The Micrometer meter name that exports as the given Prometheus name: dots for underscores,
     * without a counter's {@code _total} (Micrometer's Prometheus naming convention adds it back).
     */
    public static String micrometerName(String prometheusName) {
        String base = isCounter(prometheusName)
                ? prometheusName.substring(0, prometheusName.length() - COUNTER_SUFFIX.length()) : prometheusName;
        return base.replace('_', '.');
    }

    /** Whether the report plots this metric (and the console summary table shows it). */
    public boolean isPlotted() {
        return plotTitle != null;
    }

    /** The chart and y-axis title, or null when not plotted. */
    public String plotTitle() {
        return plotTitle;
    }

    /** Whether plots use a logarithmic y axis. */
    public boolean logScale() {
        return logScale;
    }

    @Override
    public String toString() {
        return name;
    }
}

package io.dlsim.simulator.report;

import io.dlsim.metrics.Metric;
import io.dlsim.metrics.MetricsRow;
import java.io.PrintStream;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The console progress bar of a run (me.tongfei:progressbar): rounds done out of the total,
 * rounds per second, elapsed time and ETA, and the latest evaluation in the extra message
 * ({@code test acc 0.9123}, or the test loss, or the train loss, whichever is defined first:
 * the registry's {@link MetricsRow#HEADLINE}).
 *
 * <p>A quiet progress bar prints nothing and starts no thread. Otherwise the library redraws the
 * bar on its own daemon thread every {@code updateIntervalMillis}, on the given stream (stderr
 * by default, so stdout stays clean for the summary table). Methods may be called from any
 * thread; {@link #close()} draws the final state and is idempotent.
 */
public final class ConsoleProgress implements AutoCloseable {

    /** Line width when stdout is not a terminal (CI logs, pipes): the library would otherwise clip to 80. */
    static final int WIDTH_WITHOUT_TERMINAL = 120;

    private final ProgressBar bar;

    private ConsoleProgress(ProgressBar bar) {
        this.bar = bar;
    }

    /** A progress bar on stderr, redrawn every second; prints nothing when {@code quiet}. */
    public static ConsoleProgress start(String task, long totalRounds, boolean quiet) {
        return start(task, totalRounds, quiet, System.err, 1000);
    }

    /**
     * A progress bar on the given stream.
     *
     * @param task the label in front of the bar, e.g. the run name
     * @param totalRounds the rounds the run will do (its 100 %); must be positive
     * @param quiet when true, nothing is ever printed
     * @param out where the bar is drawn
     * @param updateIntervalMillis how often the bar is redrawn
     */
    public static ConsoleProgress start(String task, long totalRounds, boolean quiet, PrintStream out,
            int updateIntervalMillis) {
        Objects.requireNonNull(task, "task");
        if (totalRounds <= 0) {
            throw new IllegalArgumentException("totalRounds must be > 0, got " + totalRounds);
        }
        if (quiet) {
            return new ConsoleProgress(null);
        }
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(totalRounds)
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(" rounds", 1)
                .showSpeed()
                .setSpeedUnit(ChronoUnit.SECONDS)
                .setUpdateIntervalMillis(updateIntervalMillis)
                .setConsumer(new ConsoleProgressBarConsumer(Objects.requireNonNull(out, "out"),
                        System.console() == null ? WIDTH_WITHOUT_TERMINAL : -1))
                .build();
        return new ConsoleProgress(bar);
    }

    /** Whether this bar prints anything (false when quiet). */
    public boolean enabled() {
        return bar != null;
    }

    /** Moves the bar to {@code row.round()} and shows the row's headline metric. */
    public void update(MetricsRow row) {
        if (bar == null) {
            return;
        }
        bar.setExtraMessage(message(row));
        bar.stepTo(row.round());
    }

    /** Moves the bar to the given number of completed rounds. */
    public void stepTo(long round) {
        if (bar != null) {
            bar.stepTo(round);
        }
    }

    /** Draws the final state and stops redrawing. */
    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }

    /**
     * The extra message for a row: the first metric of {@link MetricsRow#HEADLINE} (test
     * accuracy, test loss, train loss) that the row defines, as its short name in words and 4
     * significant digits, with a leading space (the library appends it right after the speed).
     */
    static String message(MetricsRow row) {
        for (Metric m : MetricsRow.HEADLINE) {
            double v = m.value(row);
            if (!MetricsRow.isUndefined(v)) {
                return String.format(Locale.ROOT, " %s %.4g", m.shortName().replace('_', ' '), v);
            }
        }
        return "";
    }
}

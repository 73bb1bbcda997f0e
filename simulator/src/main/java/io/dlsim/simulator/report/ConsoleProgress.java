package io.dlsim.simulator.report;

import io.dlsim.metrics.Metric;
import io.dlsim.metrics.MetricsRow;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The console progress of one run of an experiment, on stderr (stdout stays clean for the
 * summary table), updated at every evaluation:
 * <pre>
 * run 3/8 seed=2 [########............]  40% 400/1000 rounds  812 rounds/s  ETA 0:01  sweep ETA 0:09  test acc 0.9123
 * </pre>
 * <ul>
 *   <li>{@code run i/N} and the sweep's ETA only when the experiment has more than one run;</li>
 *   <li>the bar has {@value #BAR_CELLS} cells whatever the run;</li>
 *   <li>the rate is over a moving window: rounds between the oldest and the newest evaluation
 *       of the last {@value #WINDOW_SECONDS} seconds (at least two evaluations) divided by the
 *       time between them, so it follows the run's current speed and does not count the set-up
 *       before the first evaluation; shown as {@code -} until two evaluations were seen;</li>
 *   <li>the run's ETA is its remaining rounds at that rate; the sweep's adds, for every run not
 *       started yet, its rounds at the seconds per round of the runs that finished (set-up
 *       included), or at the current rate while none has, divided by the runs that run at once
 *       ({@code --jobs});</li>
 *   <li>last, the run's headline metric: the first metric of the candidates (best first, e.g.
 *       {@code Scenario.headline()}) that the row defines, by its short name and 4 significant
 *       digits.</li>
 * </ul>
 * On a terminal the line is redrawn in place (carriage return, padded over the previous one) at
 * most every {@value #REDRAW_MILLIS} ms and ended by {@link #close()}. When several runs run at
 * once ({@code --jobs} > 1, the default for a sweep), the terminal line is the sweep's instead,
 * redrawn as often: each running run's number, percentage, ETA and headline metric, then the
 * sweep's ETA ({@code run 3/8 45% ETA 0:04  test acc 0.9123 | run 4/8 30% ETA 0:06 ...  sweep ETA 0:12});
 * a run that ends prints its full line above it. Anywhere else (a log file, a pipe, CI) each
 * evaluation prints one plain line and no carriage return. A quiet progress prints nothing. Time
 * comes from the {@link Sweep}'s clock, so tests drive it.
 *
 * <p>One run thread calls {@link #update} and {@link #close} of its progress; the {@link Sweep}
 * is shared by the runs that run at once and is thread-safe.
 */
public final class ConsoleProgress implements AutoCloseable {

    /** Cells of the bar. */
    static final int BAR_CELLS = 20;
    /** Span of the moving window of the rate. */
    static final long WINDOW_SECONDS = 20;
    /** Shortest interval between two redraws on a terminal (the last state is always drawn). */
    static final long REDRAW_MILLIS = 200;
    /** Longest shared line of runs at once (cut with "..."): a longer line would wrap, and a carriage return redraws only its last row. */
    static final int SHARED_WIDTH = 160;

    private static final long NANOS = 1_000_000_000L;

    private final Sweep sweep;
    private final int index;
    private final String name;
    private final long totalRounds;
    private final List<Metric> headline;
    private final long startNanos;
    private final Deque<long[]> window = new ArrayDeque<>();
    private long firstRound = -1;
    private long lastRound = -1;
    private long lastDrawn = Long.MIN_VALUE;
    private String pending;
    private int drawnWidth;
    private boolean closed;
    /** The line of the last evaluation (what a run at once prints when it ends); null before one. */
    private String lastLine;

    private ConsoleProgress(Sweep sweep, int index, String name, long totalRounds, List<Metric> headline) {
        this.sweep = sweep;
        this.index = index;
        this.name = name;
        this.totalRounds = totalRounds;
        this.headline = List.copyOf(headline);
        this.startNanos = sweep.clock.getAsLong();
    }

    /**
     * The progress of the runs of one experiment, in order: their rounds (for the sweep's ETA),
     * where to print, whether that is a terminal, and the clock.
     */
    public static final class Sweep {
        private final List<Long> rounds;
        private final PrintStream out;
        private final boolean terminal;
        private final LongSupplier clock;
        private final int jobs;
        /** Whether the terminal line is the sweep's, shared by the runs at once. */
        private final boolean shared;
        /** The runs at once on the shared line: their segments by run index. */
        private final java.util.TreeMap<Integer, String> running = new java.util.TreeMap<>();
        private String sweepEta = "-";
        private long sharedDrawn = Long.MIN_VALUE;
        private int sharedWidth;
        private boolean sharedPending;
        /** The runs started (or kept from an earlier process): not counted in the sweep's ETA. */
        private final java.util.BitSet started = new java.util.BitSet();
        private long finishedRounds;
        private long finishedNanos;

        /**
         * @param rounds the rounds of every run of the experiment, in order
         * @param out where to print; null prints nothing (quiet)
         * @param terminal whether {@code out} is a terminal (redraw in place) or a log (one line per evaluation)
         * @param clock nanoseconds of a monotonic clock, e.g. {@code System::nanoTime}
         */
        public Sweep(List<Long> rounds, PrintStream out, boolean terminal, LongSupplier clock) {
            this(rounds, out, terminal, clock, 1);
        }

        /**
         * As {@link #Sweep(List, PrintStream, boolean, LongSupplier)} for {@code jobs} runs at once:
         * with more than one, a terminal shows one line for the sweep (the running runs side by
         * side) and the runs not started count for 1 / jobs of their time in the sweep's ETA.
         */
        public Sweep(List<Long> rounds, PrintStream out, boolean terminal, LongSupplier clock, int jobs) {
            this.rounds = List.copyOf(rounds);
            this.out = out;
            this.jobs = Math.max(1, Math.min(jobs, rounds.size()));
            this.terminal = terminal && this.jobs == 1;
            this.shared = terminal && this.jobs > 1;
            this.clock = Objects.requireNonNull(clock, "clock");
            if (this.rounds.isEmpty() || this.rounds.stream().anyMatch(r -> r <= 0)) {
                throw new IllegalArgumentException("every run must have rounds > 0, got " + rounds);
            }
        }

        /** The progress of these runs on stderr (nothing when {@code quiet}), with the system's clock, one run at a time. */
        public static Sweep onStderr(List<Long> rounds, boolean quiet) {
            return onStderr(rounds, quiet, 1);
        }

        /** As {@link #onStderr(List, boolean)} with {@code jobs} runs at once. */
        public static Sweep onStderr(List<Long> rounds, boolean quiet, int jobs) {
            return new Sweep(rounds, quiet ? null : System.err, stderrIsTerminal(), System::nanoTime, jobs);
        }

        /** Run {@code index} is not run by this process (kept from an earlier one): the sweep's ETA leaves it out. */
        public synchronized void kept(int index) {
            started.set(index);
        }

        /**
         * Starts the progress of run {@code index} (0-based).
         *
         * @param name the run's name, shown after {@code run i/N}
         * @param headline the metrics to show, best first; the first one a row defines is shown
         */
        public ConsoleProgress start(int index, String name, List<Metric> headline) {
            Objects.checkIndex(index, rounds.size());
            synchronized (this) {
                started.set(index);
            }
            return new ConsoleProgress(this, index, Objects.requireNonNull(name, "name"), rounds.get(index), headline);
        }

        /** Whether anything is printed (false when quiet). */
        public boolean enabled() {
            return out != null;
        }

        /** Run {@code index}'s part of the shared line is now {@code segment}; redraws it unless it was drawn less than {@link #REDRAW_MILLIS} ago. */
        private synchronized void show(int index, String segment, String eta, long now) {
            running.put(index, segment);
            sweepEta = eta;
            if (sharedDrawn == Long.MIN_VALUE || now - sharedDrawn >= REDRAW_MILLIS * 1_000_000L) {
                drawShared(now);
            } else {
                sharedPending = true;
            }
        }

        /** Run {@code index} ended: its full {@code line} goes above the shared line, which is drawn again for the others. */
        private synchronized void ended(int index, String line, long now) {
            running.remove(index);
            if (line != null) {
                out.print('\r' + pad(line, sharedWidth) + System.lineSeparator());
                sharedWidth = 0;
            }
            if (!running.isEmpty() && (line != null || sharedPending)) {
                drawShared(now);
            }
            out.flush();
        }

        private void drawShared(long now) {
            String line = String.join(" | ", running.values()) + "  sweep ETA " + sweepEta;
            if (line.length() > SHARED_WIDTH) {
                line = line.substring(0, SHARED_WIDTH - 3) + "...";
            }
            out.print('\r' + pad(line, sharedWidth));
            out.flush();
            sharedWidth = line.length();
            sharedDrawn = now;
            sharedPending = false;
        }

        private synchronized void finished(long runRounds, long nanos) {
            finishedRounds += runRounds;
            finishedNanos += nanos;
        }

        /** The rounds of the runs not started yet. */
        private synchronized long roundsNotStarted() {
            long later = 0;
            for (int k = started.nextClearBit(0); k < rounds.size(); k = started.nextClearBit(k + 1)) {
                later += rounds.get(k);
            }
            return later;
        }

        /** Seconds per round of the runs that finished (set-up included), or NaN while none has. */
        private synchronized double secondsPerRound() {
            return finishedRounds > 0 ? finishedNanos / (double) NANOS / finishedRounds : Double.NaN;
        }
    }

    /** Whether this progress prints anything (false when quiet). */
    public boolean enabled() {
        return sweep.enabled();
    }

    /** Records the row's round and time, and shows the progress with the row's headline metric. */
    public void update(MetricsRow row) {
        if (closed) {
            return;
        }
        long now = sweep.clock.getAsLong();
        if (firstRound < 0) {
            firstRound = row.round();
        }
        lastRound = row.round();
        window.addLast(new long[] {now, row.round()});
        // Keep the newest sample older than the window, so the window spans at least WINDOW_SECONDS.
        while (window.size() > 2) {
            long[] second = secondOldest();
            if (now - second[0] >= WINDOW_SECONDS * NANOS) {
                window.removeFirst();
            } else {
                break;
            }
        }
        if (!enabled()) {
            return;
        }
        String line = line(row, now);
        lastLine = line;
        if (sweep.shared) {
            sweep.show(index, segment(row), duration(sweepEtaSeconds(row.round())), now);
        } else if (!sweep.terminal) {
            sweep.out.println(line);
            sweep.out.flush();
        } else if (lastDrawn == Long.MIN_VALUE || now - lastDrawn >= REDRAW_MILLIS * 1_000_000L) {
            draw(line, now);
        } else {
            pending = line;
        }
    }

    private long[] secondOldest() {
        var it = window.iterator();
        it.next();
        return it.next();
    }

    /**
     * Rounds per second over the moving window, or NaN before two evaluations (or when no time
     * passed between them).
     */
    double rate() {
        if (window.size() < 2) {
            return Double.NaN;
        }
        long[] first = window.peekFirst();
        long[] last = window.peekLast();
        long nanos = last[0] - first[0];
        return nanos <= 0 ? Double.NaN : (last[1] - first[1]) * (double) NANOS / nanos;
    }

    /** Seconds until this run ends at the current rate; NaN while the rate is unknown. */
    double etaSeconds(long round) {
        double rate = rate();
        if (Double.isNaN(rate) || rate <= 0) {
            return round >= totalRounds ? 0 : Double.NaN;
        }
        return Math.max(0, totalRounds - round) / rate;
    }

    /**
     * Seconds until the whole experiment ends: this run's ETA plus the rounds of the runs not
     * started yet at the finished runs' seconds per round (set-up included), or at this run's rate
     * while none finished, divided by the runs that run at once.
     */
    double sweepEtaSeconds(long round) {
        double eta = etaSeconds(round);
        long later = sweep.roundsNotStarted();
        if (later == 0) {
            return eta;
        }
        double secondsPerRound = sweep.secondsPerRound();
        if (Double.isNaN(secondsPerRound)) {
            secondsPerRound = 1 / rate();
        }
        return eta + later * secondsPerRound / sweep.jobs;
    }

    /** The progress line for a row seen at {@code now}. */
    String line(MetricsRow row, long now) {
        StringBuilder b = new StringBuilder(160);
        int runs = sweep.rounds.size();
        if (runs > 1) {
            b.append("run ").append(index + 1).append('/').append(runs).append(' ');
        }
        long round = Math.min(row.round(), totalRounds);
        b.append(name).append(" [").append(bar(round, totalRounds)).append("] ")
                .append(String.format(Locale.ROOT, "%3d%%", (int) (100 * round / totalRounds)))
                .append(' ').append(row.round()).append('/').append(totalRounds).append(" rounds  ");
        double rate = rate();
        b.append(Double.isNaN(rate) ? "-" : rate(rate)).append(" rounds/s  ETA ").append(duration(etaSeconds(row.round())));
        if (runs > 1) {
            b.append("  sweep ETA ").append(duration(sweepEtaSeconds(row.round())));
        }
        b.append(message(row, headline));
        return b.toString();
    }

    /** This run's part of the shared line of runs at once: {@code run 3/8 45% ETA 0:04  test acc 0.9123}. */
    String segment(MetricsRow row) {
        long round = Math.min(row.round(), totalRounds);
        return "run " + (index + 1) + '/' + sweep.rounds.size() + ' ' + (int) (100 * round / totalRounds) + "% ETA "
                + duration(etaSeconds(row.round())) + message(row, headline);
    }

    private static String pad(String line, int width) {
        return line.length() < width ? line + " ".repeat(width - line.length()) : line;
    }

    private static String rate(double r) {
        return r >= 100 ? String.format(Locale.ROOT, "%.0f", r) : String.format(Locale.ROOT, "%.3g", r);
    }

    /** A bar of {@link #BAR_CELLS} cells, {@code #} done and {@code .} to do. */
    static String bar(long done, long total) {
        int cells = (int) (BAR_CELLS * Math.min(done, total) / total);
        return "#".repeat(cells) + ".".repeat(BAR_CELLS - cells);
    }

    /** {@code H:MM:SS} or {@code M:SS}, rounded up to the second; {@code -} when unknown. */
    static String duration(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            return "-";
        }
        long s = (long) Math.ceil(seconds);
        long h = s / 3600;
        long m = s / 60 % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", m, s % 60);
    }

    private void draw(String line, long now) {
        // Pad over a longer previous line: the line stays readable whatever its length was.
        sweep.out.print('\r' + pad(line, drawnWidth));
        sweep.out.flush();
        drawnWidth = line.length();
        lastDrawn = now;
        pending = null;
    }

    /** Draws the last state (on a terminal, then ends the line) and counts the run as finished for the sweep's ETA. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        long now = sweep.clock.getAsLong();
        // The rounds this process ran: a resumed run's first evaluation is after its checkpoint, a fresh run's is round 0.
        sweep.finished(lastRound < 0 ? 0 : lastRound - firstRound, now - startNanos);
        if (enabled() && sweep.shared) {
            sweep.ended(index, lastLine, now);
        } else if (enabled() && sweep.terminal && lastDrawn != Long.MIN_VALUE) {
            if (pending != null) {
                draw(pending, now);
            }
            sweep.out.println();
            sweep.out.flush();
        }
    }

    /**
     * The headline for a row: the first of {@code candidates} that the row defines, as its short
     * name in words and 4 significant digits, with two leading spaces; empty when none is defined.
     */
    static String message(MetricsRow row, List<Metric> candidates) {
        for (Metric m : candidates) {
            double v = m.value(row);
            if (!MetricsRow.isUndefined(v)) {
                return String.format(Locale.ROOT, "  %s %.4g", m.shortName().replace('_', ' '), v);
            }
        }
        return "";
    }

    /**
     * Whether the process's stderr is a terminal: on Linux, whether file descriptor 2 is a
     * {@code /dev/pts} or {@code /dev/tty} device; elsewhere, whether the JVM has a console.
     */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }
}

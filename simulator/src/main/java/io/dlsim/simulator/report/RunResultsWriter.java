package io.dlsim.simulator.report;

import io.dlsim.metrics.Divergence;
import io.dlsim.metrics.MetricsRow;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes the results folder of one run, row by row, so that a run killed at any point leaves
 * every evaluation it finished on disk.
 *
 * <p>Folder layout (file names are the constants of this class):
 * <ul>
 *   <li>{@code scenario.yaml}: the resolved scenario text, exactly as given;</li>
 *   <li>{@code run.json}: labels, seed, version and start time;</li>
 *   <li>{@code metrics.csv}: the header, then one line per {@link #append(MetricsRow)}, in the
 *       {@link MetricsCsv} format; each line is flushed to the operating system before
 *       {@code append} returns, so it survives the process being killed (not a power loss:
 *       the file is forced to the device only at {@link #complete} and {@link #abort});</li>
 *   <li>{@code INCOMPLETE}: a marker present from {@link #open} until {@link #complete}
 *       succeeds; a folder that still has it holds a partial run;</li>
 *   <li>{@code summary.json}: written by {@link #complete} ({@code "status": "complete"}), by
 *       {@link #diverged} ({@code "status": "diverged"}, a {@code "reason"} and a
 *       {@code "divergence"}: round, quantity, index, value as text) or by
 *       {@link #abort} ({@code "status": "incomplete"} and a {@code "reason"}), with the labels,
 *       seed, version, number of rows, the last row's values ({@code "final"}, NaN as null) and
 *       the caller's map ({@code "extras"}). Written atomically (temporary file and rename).</li>
 * </ul>
 *
 * <p>Life cycle: {@link #open} &rarr; any number of {@link #append} &rarr; exactly one of
 * {@link #complete}, {@link #diverged} or {@link #abort}. {@link #close()} aborts a writer that is still open.
 * All methods are thread-safe; {@link #abort} may be called from any thread, including a JVM
 * shutdown hook (see {@link #abortOnShutdown(String)}), while another thread appends: it waits
 * at most a few seconds for an append in progress, never throws, and after it every further
 * {@code append} is ignored (returns false) so that the run thread, still running during
 * shutdown, does not fail. {@code complete} after {@code abort} throws
 * {@link IllegalStateException}; {@code abort} after {@code complete} does nothing.
 */
public final class RunResultsWriter implements AutoCloseable {

    /** The resolved scenario file. */
    public static final String SCENARIO_YAML = "scenario.yaml";
    /** Labels, seed, version, start time. */
    public static final String RUN_JSON = "run.json";
    /** One row per evaluation. */
    public static final String METRICS_CSV = "metrics.csv";
    /** Final status and values. */
    public static final String SUMMARY_JSON = "summary.json";
    /** Marker of a run that has not completed. */
    public static final String INCOMPLETE = "INCOMPLETE";

    /** Where a writer is in its life cycle. */
    public enum State {
        /** Accepting rows. */
        OPEN,
        /** {@link #complete} succeeded. */
        COMPLETE,
        /** {@link #diverged} succeeded. */
        DIVERGED,
        /** {@link #abort} ran (or {@link #close()} on an open writer). */
        ABORTED
    }

    private static final long ABORT_LOCK_WAIT_MILLIS = 3000;

    private final Path dir;
    private final RunLabels labels;
    private final long seed;
    private final String version;
    private final Instant started;
    private final FileChannel channel;
    private final MetricsCsv.RowWriter csv;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile State state = State.OPEN;
    private long rows;
    private MetricsRow last;
    private final AtomicReference<Thread> shutdownHook = new AtomicReference<>();

    private RunResultsWriter(Path dir, RunLabels labels, long seed, String version, Instant started,
            FileChannel channel, MetricsCsv.RowWriter csv) {
        this.dir = dir;
        this.labels = labels;
        this.seed = seed;
        this.version = version;
        this.started = started;
        this.channel = channel;
        this.csv = csv;
    }

    /**
     * Creates the results folder (and its parents) and writes {@code scenario.yaml},
     * {@code run.json}, the {@code INCOMPLETE} marker and the header of {@code metrics.csv}.
     *
     * @param runDir the run's folder; it may exist, but must not already hold a
     *     {@code metrics.csv} (a previous run is never overwritten)
     * @param resolvedScenarioYaml the scenario after defaults and overrides were applied,
     *     written unchanged
     * @param version the dlsim version that produced the run
     * @throws FileAlreadyExistsException if {@code runDir} already holds a run
     */
    public static RunResultsWriter open(Path runDir, RunLabels labels, String resolvedScenarioYaml, long seed,
            String version) throws IOException {
        Objects.requireNonNull(runDir, "runDir");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(resolvedScenarioYaml, "resolvedScenarioYaml");
        Objects.requireNonNull(version, "version");
        Files.createDirectories(runDir);
        Path metrics = runDir.resolve(METRICS_CSV);
        if (Files.exists(metrics)) {
            throw new FileAlreadyExistsException(metrics.toString(), null,
                    "the folder already holds a run; choose another folder or remove it");
        }
        Instant started = Instant.now();
        Files.writeString(runDir.resolve(INCOMPLETE),
                "This run has not completed (started " + started + "). dlsim removes this file when it does.\n",
                StandardCharsets.UTF_8);
        Files.writeString(runDir.resolve(SCENARIO_YAML), resolvedScenarioYaml, StandardCharsets.UTF_8);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("labels", labels.asMap());
        run.put("seed", seed);
        run.put("version", version);
        run.put("started", started.toString());
        Json.writeAtomically(runDir.resolve(RUN_JSON), Json.write(run));
        FileChannel channel = FileChannel.open(metrics, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        MetricsCsv.RowWriter csv;
        try {
            csv = MetricsCsv.RowWriter.open(new BufferedWriter(Channels.newWriter(channel, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return new RunResultsWriter(runDir, labels, seed, version, started, channel, csv);
    }

    /** The run's folder. */
    public Path directory() {
        return dir;
    }

    /** The run's labels. */
    public RunLabels labels() {
        return labels;
    }

    /** The life-cycle state. */
    public State state() {
        return state;
    }

    /** Rows written so far. */
    public long rowCount() {
        lock.lock();
        try {
            return rows;
        } finally {
            lock.unlock();
        }
    }

    /** The last row written, or null before the first. */
    public MetricsRow lastRow() {
        lock.lock();
        try {
            return last;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes one row and flushes it to the operating system before returning.
     *
     * @return true if written; false if the writer was aborted (e.g. by a shutdown hook), in
     *     which case the row is dropped
     * @throws IllegalStateException after {@link #complete}
     */
    public boolean append(MetricsRow row) throws IOException {
        Objects.requireNonNull(row, "row");
        lock.lock();
        try {
            if (state == State.ABORTED) {
                return false;
            }
            if (state == State.COMPLETE) {
                throw new IllegalStateException("run " + labels.run() + " is complete; no more rows");
            }
            csv.write(row);
            rows++;
            last = row;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Finishes the run: forces {@code metrics.csv} to the device, writes {@code summary.json}
     * with status {@code complete}, then deletes the {@code INCOMPLETE} marker (last, so a crash
     * in between leaves the marker).
     *
     * @param summary extra values for {@code summary.json} under {@code "extras"} (e.g. the
     *     topology's {@code lambda}, {@code spectralGap}, F*); nested maps and lists are fine;
     *     non-finite numbers become null; may be empty, not null
     * @throws IllegalStateException if the writer was aborted or already completed
     */
    public void complete(Map<String, Object> summary) throws IOException {
        Objects.requireNonNull(summary, "summary");
        lock.lock();
        try {
            if (state != State.OPEN) {
                throw new IllegalStateException("run " + labels.run() + " is already " + state.name().toLowerCase(Locale.ROOT));
            }
            closeCsv();
            Json.writeAtomically(dir.resolve(SUMMARY_JSON), Json.write(summary("complete", null, summary)));
            Files.deleteIfExists(dir.resolve(INCOMPLETE));
            state = State.COMPLETE;
        } finally {
            lock.unlock();
        }
        removeShutdownHook();
    }

    /**
     * Finishes a run that stopped because it diverged: like {@link #complete} (the rows are all
     * there, the diverged one last, and the {@code INCOMPLETE} marker goes), with status
     * {@code diverged}, the divergence's sentence as {@code "reason"} and its fields under
     * {@code "divergence"} (the value as text: {@code "NaN"}, {@code "Infinity"}, or the number).
     *
     * @throws IllegalStateException if the writer is no longer open
     */
    public void diverged(Divergence divergence, Map<String, Object> summary) throws IOException {
        Objects.requireNonNull(divergence, "divergence");
        Objects.requireNonNull(summary, "summary");
        lock.lock();
        try {
            if (state != State.OPEN) {
                throw new IllegalStateException("run " + labels.run() + " is already " + state.name().toLowerCase(Locale.ROOT));
            }
            closeCsv();
            Map<String, Object> s = summary("diverged", divergence.describe(), summary);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("round", divergence.round());
            d.put("quantity", divergence.quantity());
            if (divergence.index() >= 0) {
                d.put("index", divergence.index());
            }
            d.put("value", Double.toString(divergence.value()));
            d.put("limit", divergence.limit());
            s.put("divergence", d);
            Json.writeAtomically(dir.resolve(SUMMARY_JSON), Json.write(s));
            Files.deleteIfExists(dir.resolve(INCOMPLETE));
            state = State.DIVERGED;
        } finally {
            lock.unlock();
        }
        removeShutdownHook();
    }

    /**
     * Ends the run as incomplete: keeps the rows and the {@code INCOMPLETE} marker and writes
     * {@code summary.json} with status {@code incomplete} and the reason. Never throws (failures
     * are reported on stderr, since this may run in a shutdown hook); safe to call from any
     * thread, and more than once.
     *
     * @param reason why the run stopped, e.g. {@code "interrupted (JVM shutdown)"}
     * @return true if this call aborted the run; false if it had already completed or aborted
     */
    public boolean abort(String reason) {
        return abort(reason, Map.of());
    }

    /**
     * As {@link #abort(String)}, with extra values for {@code summary.json} (see
     * {@link #complete}).
     */
    public boolean abort(String reason, Map<String, Object> summary) {
        boolean locked = false;
        try {
            locked = lock.tryLock(ABORT_LOCK_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (state != State.OPEN) {
                return false;
            }
            state = State.ABORTED;
            try {
                closeCsv();
            } catch (IOException | RuntimeException e) {
                System.err.println("dlsim: could not close " + dir.resolve(METRICS_CSV) + ": " + e);
            }
            try {
                Json.writeAtomically(dir.resolve(SUMMARY_JSON),
                        Json.write(summary("incomplete", String.valueOf(reason), summary == null ? Map.of() : summary)));
            } catch (IOException | RuntimeException e) {
                System.err.println("dlsim: could not write " + dir.resolve(SUMMARY_JSON) + ": " + e);
            }
            return true;
        } finally {
            if (locked) {
                lock.unlock();
            }
            removeShutdownHook();
        }
    }

    /**
     * Registers a JVM shutdown hook that calls {@link #abort(String) abort(reason)}, so that
     * Ctrl-C or SIGTERM leave a folder with status {@code incomplete}, its rows and the marker.
     * {@link #complete} and {@link #abort} remove the hook again. Calling it twice registers one
     * hook.
     *
     * @return the hook thread (to inspect it, or to run it in a test)
     * @throws IllegalStateException if the writer is no longer open
     */
    public Thread abortOnShutdown(String reason) {
        Thread t = new Thread(() -> abort(reason), "dlsim-abort-" + labels.run());
        if (!shutdownHook.compareAndSet(null, t)) {
            return shutdownHook.get();
        }
        if (state != State.OPEN) {
            shutdownHook.set(null);
            throw new IllegalStateException("run " + labels.run() + " is already " + state.name().toLowerCase(Locale.ROOT));
        }
        Runtime.getRuntime().addShutdownHook(t);
        return t;
    }

    /** Aborts the run with reason {@code "closed before complete()"} if it is still open. */
    @Override
    public void close() {
        if (state == State.OPEN) {
            abort("closed before complete()");
        }
    }

    private void removeShutdownHook() {
        Thread t = shutdownHook.getAndSet(null);
        if (t != null && t != Thread.currentThread()) {
            try {
                Runtime.getRuntime().removeShutdownHook(t);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is already shutting down: the hook runs (or ran) and finds the run closed.
            }
        }
    }

    private void closeCsv() throws IOException {
        if (!channel.isOpen()) {
            return;
        }
        try {
            csv.flush();
            channel.force(true);
        } finally {
            csv.close();
        }
    }

    private Map<String, Object> summary(String status, String reason, Map<String, Object> extras) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("status", status);
        if (reason != null) {
            s.put("reason", reason);
        }
        s.put("labels", labels.asMap());
        s.put("seed", seed);
        s.put("version", version);
        s.put("started", started.toString());
        s.put("finished", Instant.now().toString());
        s.put("rows", rows);
        s.put("final", last == null ? null : Json.row(last));
        s.put("extras", extras);
        return s;
    }
}

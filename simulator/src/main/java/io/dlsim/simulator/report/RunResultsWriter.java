package io.dlsim.simulator.report;

import io.dlsim.metrics.Divergence;
import io.dlsim.metrics.MetricsRow;
import io.dlsim.topologies.UserInputException;
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
import java.util.List;
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
 *   <li>{@code run.json}: labels, params (the swept keys and values, and the seed), seed,
 *       version, the git commit when known, and start time;</li>
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
    /** The last checkpoint of a run with {@code checkpoint-every} (removed when the run completes). */
    public static final String CHECKPOINT = "checkpoint.bin";
    /** The experiment's file ({@link #writeExperiment}): the scenario file, its overrides and the run names in run order. */
    public static final String EXPERIMENT_JSON = "experiment.json";

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
    private List<MetricsRow> resumedRows = List.of();

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
        return open(runDir, labels, resolvedScenarioYaml, seed, version, false);
    }

    /**
     * As {@link #open(Path, RunLabels, String, long, String)}, with the simulated-time columns in
     * {@code metrics.csv} when {@code timed} (a run with a system model).
     */
    public static RunResultsWriter open(Path runDir, RunLabels labels, String resolvedScenarioYaml, long seed,
            String version, boolean timed) throws IOException {
        return open(runDir, labels, resolvedScenarioYaml, seed, version, timed, Map.of(), null);
    }

    /**
     * As {@link #open(Path, RunLabels, String, long, String, boolean)}, with what tells the run
     * apart from the others of its experiment and the code that made it, in {@code run.json}.
     *
     * @param params the run's swept keys (full dotted paths) and values, then {@code seed}
     *     ({@link io.dlsim.simulator.scenario.Scenario#params()}), written as {@code "params"}
     *     (left out when empty)
     * @param commit the git commit the code was built from, written as {@code "commit"}; null
     *     when unknown (the key is left out)
     */
    public static RunResultsWriter open(Path runDir, RunLabels labels, String resolvedScenarioYaml, long seed,
            String version, boolean timed, Map<String, Object> params, String commit) throws IOException {
        Objects.requireNonNull(runDir, "runDir");
        Objects.requireNonNull(params, "params");
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
        if (!params.isEmpty()) {
            run.put("params", params);
        }
        run.put("seed", seed);
        run.put("version", version);
        if (commit != null) {
            run.put("commit", commit);
        }
        run.put("started", started.toString());
        Json.writeAtomically(runDir.resolve(RUN_JSON), Json.write(run));
        FileChannel channel = FileChannel.open(metrics, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        MetricsCsv.RowWriter csv;
        try {
            csv = MetricsCsv.RowWriter.open(new BufferedWriter(Channels.newWriter(channel, StandardCharsets.UTF_8)), timed);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return new RunResultsWriter(runDir, labels, seed, version, started, channel, csv);
    }

    /** The rows a resumed run kept from before its checkpoint (empty for a run from the start). */
    public List<MetricsRow> resumedRows() {
        return resumedRows;
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
            Files.deleteIfExists(dir.resolve(CHECKPOINT));
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

    /**
     * A checkpoint as stored: the digest of the run's resolved scenario, the round after which
     * it was taken, the rows of {@code metrics.csv} up to and including that round's, and every
     * node's state in id order.
     */
    public record Checkpoint(String scenarioDigest, long round, long rows, List<byte[]> states) {
    }

    private static final String CHECKPOINT_MAGIC = "dlsim-checkpoint-1";

    /**
     * Writes the run's checkpoint after {@code round} rounds, atomically (a temporary file, forced
     * to the device, then renamed over the previous one), after forcing the rows written so far:
     * a process killed at any moment leaves the previous checkpoint or this one, whole, and the
     * rows it counts. The row of {@code round} must already be appended.
     *
     * @return false if the writer was aborted (nothing written)
     */
    public boolean checkpoint(long round, List<byte[]> states, String resolvedScenarioYaml) throws IOException {
        lock.lock();
        try {
            if (state != State.OPEN) {
                return false;
            }
            csv.flush();
            channel.force(false);
            Path tmp = dir.resolve(CHECKPOINT + ".tmp");
            try (java.io.DataOutputStream out = new java.io.DataOutputStream(new java.io.BufferedOutputStream(
                    Files.newOutputStream(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                            StandardOpenOption.WRITE)))) {
                out.writeUTF(CHECKPOINT_MAGIC);
                out.writeUTF(digest(resolvedScenarioYaml));
                out.writeLong(round);
                out.writeLong(rows);
                out.writeInt(states.size());
                for (byte[] b : states) {
                    out.writeInt(b.length);
                    out.write(b);
                }
            }
            try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                c.force(true);
            }
            Files.move(tmp, dir.resolve(CHECKPOINT), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The checkpoint in {@code runDir}, or null when it has none.
     *
     * @throws UserInputException when the file is not a whole dlsim checkpoint
     */
    public static Checkpoint readCheckpoint(Path runDir) throws IOException {
        Path file = runDir.resolve(CHECKPOINT);
        if (!Files.exists(file)) {
            return null;
        }
        try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            if (!CHECKPOINT_MAGIC.equals(in.readUTF())) {
                throw new UserInputException(file + ": not a dlsim checkpoint of this version");
            }
            String digest = in.readUTF();
            long round = in.readLong();
            long rows = in.readLong();
            int n = in.readInt();
            if (round < 1 || rows < 1 || n < 1) {
                throw new UserInputException(file + ": corrupt (round " + round + ", rows " + rows + ", nodes " + n + ")");
            }
            List<byte[]> states = new java.util.ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int length = in.readInt();
                if (length < 0 || length > (1 << 30)) {
                    throw new UserInputException(file + ": corrupt (node " + i + " has a state of " + length + " bytes)");
                }
                byte[] b = new byte[length];
                in.readFully(b);
                states.add(b);
            }
            if (in.read() != -1) {
                throw new UserInputException(file + ": corrupt (bytes after the last node's state)");
            }
            return new Checkpoint(digest, round, rows, List.copyOf(states));
        } catch (java.io.EOFException | java.io.UTFDataFormatException e) {
            throw new UserInputException(file + ": truncated or corrupt checkpoint", e);
        }
    }

    /** The SHA-256 of a run's resolved scenario text, as checkpoints record it. */
    public static String digest(String resolvedScenarioYaml) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(resolvedScenarioYaml.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reopens an incomplete run's folder to continue it from a checkpoint: keeps the header and
     * the first {@code keepRows} rows of {@code metrics.csv} (rows evaluated after the checkpoint
     * are dropped; the resumed run writes them again, bit for bit), marks the folder incomplete
     * and appends from there.
     *
     * @throws UserInputException when the folder holds fewer rows than the checkpoint counts
     */
    public static RunResultsWriter resume(Path runDir, RunLabels labels, long seed, String version, long keepRows)
            throws IOException {
        Path metrics = runDir.resolve(METRICS_CSV);
        byte[] text = Files.readAllBytes(metrics);
        long lines = 0;
        int cut = -1;
        for (int i = 0; i < text.length; i++) {
            if (text[i] == '\n' && ++lines == keepRows + 1) {
                cut = i + 1;
                break;
            }
        }
        if (cut < 0) {
            throw new UserInputException(metrics + ": holds " + Math.max(0, lines - 1) + " complete rows, but the checkpoint counts "
                    + keepRows + "; the folder was changed since the run stopped");
        }
        List<MetricsRow> kept = MetricsCsv.parse(new String(text, 0, cut, StandardCharsets.UTF_8), metrics.toString());
        Instant started = Instant.now();
        Files.writeString(runDir.resolve(INCOMPLETE),
                "This run has not completed (resumed " + started + "). dlsim removes this file when it does.\n", StandardCharsets.UTF_8);
        Files.deleteIfExists(runDir.resolve(SUMMARY_JSON));
        FileChannel channel = FileChannel.open(metrics, StandardOpenOption.WRITE);
        MetricsCsv.RowWriter csv;
        try {
            channel.truncate(cut);
            channel.position(cut);
            int headerEnd = 0;
            while (headerEnd < text.length && text[headerEnd] != '\n') {
                headerEnd++;
            }
            boolean timed = MetricsCsv.isTimedHeader(new String(text, 0, headerEnd, StandardCharsets.UTF_8));
            csv = MetricsCsv.RowWriter.append(new BufferedWriter(Channels.newWriter(channel, StandardCharsets.UTF_8)), timed);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        RunResultsWriter w = new RunResultsWriter(runDir, labels, seed, version, started, channel, csv);
        w.rows = kept.size();
        w.last = kept.isEmpty() ? null : kept.get(kept.size() - 1);
        w.resumedRows = List.copyOf(kept);
        return w;
    }

    /**
     * Writes an experiment's {@code experiment.json} (atomically): the scenario file it came
     * from and its runs in order, what {@code dlsim resume} reads.
     */
    public static void writeExperiment(Path file, Path scenarioFile, List<String> runs, String version) throws IOException {
        writeExperiment(file, scenarioFile, List.of(), List.of(), runs, version);
    }

    /**
     * As {@link #writeExperiment(Path, Path, List, String)}, with the {@code --set} and
     * {@code --sweep} options the file was read with (keys {@code set} and {@code sweep}, lists of
     * the options' text; absent when there are none).
     */
    public static void writeExperiment(Path file, Path scenarioFile, List<String> sets, List<String> sweeps, List<String> runs,
            String version) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenario", scenarioFile.toAbsolutePath().normalize().toString());
        if (!sets.isEmpty()) {
            m.put("set", sets);
        }
        if (!sweeps.isEmpty()) {
            m.put("sweep", sweeps);
        }
        m.put("runs", runs);
        m.put("version", version);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Json.writeAtomically(file, Json.write(m));
    }
}

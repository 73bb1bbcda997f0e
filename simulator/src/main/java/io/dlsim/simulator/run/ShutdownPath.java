package io.dlsim.simulator.run;

import io.dlsim.simulator.report.ExperimentReport;
import io.dlsim.simulator.report.ReportContext;
import io.dlsim.simulator.report.RunData;
import io.dlsim.simulator.report.RunResultsWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one way an experiment ends when the process is stopped (Ctrl-C, SIGTERM): a single JVM
 * shutdown hook for the whole sweep, so there is nothing to race. When it runs it
 * <ol>
 *   <li>marks the experiment stopping (no further run starts, and no run folder is made from
 *       then on: {@link #open});</li>
 *   <li>aborts the runs in progress ({@code --jobs} runs several at once), if any: their rows
 *       stay, {@code summary.json} says {@code incomplete} with the reason (a run that completed
 *       first stays complete: the writer's lock orders the two);</li>
 *   <li>writes the report of the runs that finished and those it stopped, in the experiment's
 *       run order (whatever order they finished in).</li>
 * </ol>
 * The report is written once, by the hook or by the experiment's thread at the normal end,
 * whichever comes first. Thread-safe: run threads call {@link #open} and {@link #finished}
 * concurrently.
 */
final class ShutdownPath implements AutoCloseable {
    private final Path experimentDir;
    private final String name;
    private final ReportContext context;
    private final Thread hook;
    private final List<String> order;
    private final List<RunData> finished = new ArrayList<>();
    private volatile boolean stopping;
    /** The runs in progress: each one's writer and its summary extras so far. */
    private final Map<RunResultsWriter, Map<String, Object>> current = new java.util.LinkedHashMap<>();
    private boolean reported;

    private ShutdownPath(Path experimentDir, String name, ReportContext context, List<String> order) {
        this.experimentDir = experimentDir;
        this.name = name;
        this.context = context;
        this.order = List.copyOf(order);
        this.hook = new Thread(this::stop, "dlsim-stop");
    }

    /**
     * Registers the experiment's hook; its report answers the question {@code context} states.
     *
     * @param order the experiment's run names in run order: the order of the report the hook writes
     */
    static ShutdownPath register(Path experimentDir, String name, ReportContext context, List<String> order) {
        warmUp();
        ShutdownPath p = new ShutdownPath(experimentDir, name, context, order);
        try {
            Runtime.getRuntime().addShutdownHook(p.hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            p.stopping = true;
        }
        return p;
    }

    /**
     * ImageIO's default file cache registers a shutdown hook for each PNG it writes, which it
     * cannot do once the JVM is shutting down, so the plots of a report written by this hook
     * would fail ("Shutdown in progress"); PNGs of a few hundred kilobytes need no file cache.
     */
    private static void warmUp() {
        javax.imageio.ImageIO.setUseCache(false);
    }

    /** Whether the process is being stopped: start no further run. */
    boolean stopping() {
        return stopping;
    }

    /** Opens a run's results writer (creates or reopens its folder). */
    interface WriterFactory {
        RunResultsWriter open() throws IOException;
    }

    /**
     * Opens a run's writer and registers the run as in progress, with its summary extras so far
     * (filled by the run thread), so that a stop aborts it; atomically with respect to the stop:
     * once the process is stopping no writer is opened (no run folder is made after the hook took
     * its list of runs) and null is returned.
     */
    synchronized RunResultsWriter open(WriterFactory factory, Map<String, Object> summary) throws IOException {
        if (stopping) {
            return null;
        }
        RunResultsWriter writer = factory.open();
        current.put(writer, summary);
        return writer;
    }

    /** A run that ended (complete, diverged, or failed and kept): no longer in progress. */
    synchronized void finished(RunData run) {
        Path dir = experimentDir.resolve(run.labels().run());
        current.keySet().removeIf(w -> w.directory().equals(dir));
        finished.add(run);
    }

    /** The reason a stopped run's summary gives. */
    private static final String INTERRUPTED = "interrupted (the process was stopped)";

    /** {@code runs} in the experiment's run order (runs it does not name last, in their order). */
    private List<RunData> inRunOrder(List<RunData> runs) {
        List<RunData> sorted = new ArrayList<>(runs);
        sorted.sort(java.util.Comparator.comparingInt(r -> {
            int i = order.indexOf(r.labels().run());
            return i < 0 ? Integer.MAX_VALUE : i;
        }));
        return sorted;
    }

    /**
     * The report of {@code runs}, unless the other party (the hook, or the experiment's thread)
     * wrote it; returns null then. Written under the lock, so that neither ends while the other
     * is writing it: the JVM halts when the hook returns, which must not cut the experiment
     * thread's report short.
     */
    synchronized ExperimentReport.Output report(List<RunData> runs) throws IOException {
        if (reported) {
            return null;
        }
        reported = true;
        return ExperimentReport.write(experimentDir, name, runs, context);
    }

    private void stop() {
        Map<RunResultsWriter, Map<String, Object>> stopped;
        List<RunData> runs;
        synchronized (this) {
            stopping = true;
            stopped = new java.util.LinkedHashMap<>(current);
            runs = new ArrayList<>(finished);
        }
        for (Map.Entry<RunResultsWriter, Map<String, Object>> e : stopped.entrySet()) {
            RunResultsWriter w = e.getKey();
            Map<String, Object> extras;
            try {
                extras = e.getValue() == null ? Map.of() : new java.util.LinkedHashMap<>(e.getValue());
            } catch (java.util.ConcurrentModificationException beingFilled) {
                extras = Map.of();
            }
            w.abort(INTERRUPTED, extras);
            try {
                runs.add(RunData.load(w.directory()));
            } catch (IOException | RuntimeException ex) {
                System.err.println("dlsim: could not read back the stopped run in " + w.directory() + ": " + ex.getMessage());
            }
        }
        if (runs.isEmpty()) {
            return;
        }
        try {
            report(inRunOrder(runs));
        } catch (IOException | RuntimeException e) {
            System.err.println("dlsim: could not write the report in " + experimentDir + ": " + e.getMessage());
        }
    }

    /** Removes the hook at the normal end (or does nothing while the process is stopping). */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook runs (or ran); it owns the end.
        }
    }
}

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
 *   <li>marks the experiment stopping (no further run starts);</li>
 *   <li>aborts the run in progress, if any: its rows stay, {@code summary.json} says
 *       {@code incomplete} with the reason (a run that completed first stays complete: the
 *       writer's lock orders the two);</li>
 *   <li>writes the report of the runs that finished and the one it stopped.</li>
 * </ol>
 * The report is written once, by the hook or by the run thread at the normal end, whichever
 * comes first.
 */
final class ShutdownPath implements AutoCloseable {
    private final Path experimentDir;
    private final String name;
    private final ReportContext context;
    private final Thread hook;
    private final List<RunData> finished = new ArrayList<>();
    private volatile boolean stopping;
    private RunResultsWriter current;
    private Map<String, Object> currentSummary;
    private boolean reported;

    private ShutdownPath(Path experimentDir, String name, ReportContext context) {
        this.experimentDir = experimentDir;
        this.name = name;
        this.context = context;
        this.hook = new Thread(this::stop, "dlsim-stop");
    }

    /** Registers the experiment's hook; its report answers the question {@code context} states. */
    static ShutdownPath register(Path experimentDir, String name, ReportContext context) {
        warmUp();
        ShutdownPath p = new ShutdownPath(experimentDir, name, context);
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

    /** The run now in progress (its writer is open) and its summary extras so far. */
    synchronized void running(RunResultsWriter writer, Map<String, Object> summary) {
        current = writer;
        currentSummary = summary;
    }

    /** A run that ended (complete, diverged, or failed and kept). */
    synchronized void finished(RunData run) {
        current = null;
        currentSummary = null;
        finished.add(run);
    }

    /** The report of {@code runs}, unless the hook already wrote it; returns null then. */
    ExperimentReport.Output report(List<RunData> runs) throws IOException {
        synchronized (this) {
            if (reported) {
                return null;
            }
            reported = true;
        }
        return ExperimentReport.write(experimentDir, name, runs, context);
    }

    private void stop() {
        stopping = true;
        RunResultsWriter w;
        Map<String, Object> summary;
        List<RunData> runs;
        synchronized (this) {
            w = current;
            summary = currentSummary;
            runs = new ArrayList<>(finished);
        }
        if (w != null) {
            Map<String, Object> extras;
            try {
                extras = summary == null ? Map.of() : new java.util.LinkedHashMap<>(summary);
            } catch (java.util.ConcurrentModificationException beingFilled) {
                extras = Map.of();
            }
            w.abort("interrupted (the process was stopped)", extras);
            try {
                runs.add(RunData.load(w.directory()));
            } catch (IOException | RuntimeException e) {
                System.err.println("dlsim: could not read back the stopped run in " + w.directory() + ": " + e.getMessage());
            }
        }
        if (runs.isEmpty()) {
            return;
        }
        try {
            report(runs);
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

package io.dlsim.simulator.report;

import io.dlsim.topologies.UserInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * An experiment folder read back from its files ({@code dlsim report}): its runs, each loaded
 * with {@link RunData#load} from a run folder, and the report rebuilt from them
 * ({@link ExperimentReport#write}), for one folder or merged from several.
 *
 * <p>A run folder is a sub-folder holding {@code run.json} and {@code metrics.csv} (a complete,
 * diverged, incomplete or stopped run alike: its {@code summary.json} says which). The runs are
 * in the experiment's run order: the order of {@code "runs"} in its {@code experiment.json}
 * (what {@code dlsim run} and the cluster coordinator write), then any other run folder by name;
 * without {@code experiment.json}, by name. Since the report of a run depends only on these
 * files, a rebuilt report equals the one the experiment wrote except where it shows the wall
 * clock (the {@code wall_seconds} columns and the time the report was generated).
 */
public final class ExperimentFolder {
    private ExperimentFolder() {
    }

    /**
     * The runs of the experiment in {@code dir}, in run order.
     *
     * @throws UserInputException when {@code dir} is not a folder, holds no run folder, or a run
     *     folder cannot be read
     */
    public static List<RunData> runs(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UserInputException(dir + ": " + (Files.exists(dir) ? "is not a folder" : "no such folder"));
        }
        Set<String> found = new java.util.TreeSet<>();
        try (Stream<Path> entries = Files.list(dir)) {
            entries.filter(ExperimentFolder::isRunFolder).forEach(p -> found.add(p.getFileName().toString()));
        } catch (IOException e) {
            throw new UserInputException(dir + ": cannot read the folder (" + e.getMessage() + ")", e);
        }
        if (found.isEmpty()) {
            throw new UserInputException(dir + ": not an experiment folder (no run folder holding " + RunResultsWriter.RUN_JSON + " and "
                    + RunResultsWriter.METRICS_CSV + "); give the folder dlsim run wrote (its -o)");
        }
        Set<String> order = new LinkedHashSet<>();
        Path json = dir.resolve(RunResultsWriter.EXPERIMENT_JSON);
        if (Files.isRegularFile(json)) {
            try {
                if (Json.readMap(json).get("runs") instanceof List<?> names) {
                    names.forEach(n -> {
                        if (found.contains(String.valueOf(n))) {
                            order.add(String.valueOf(n));
                        }
                    });
                }
            } catch (IOException e) {
                throw new UserInputException(json + ": cannot read (" + e.getMessage() + ")", e);
            }
        }
        order.addAll(found);
        List<RunData> runs = new ArrayList<>();
        for (String name : order) {
            Path runDir = dir.resolve(name);
            try {
                runs.add(RunData.load(runDir));
            } catch (IOException | RuntimeException e) {
                throw new UserInputException(runDir + ": cannot read the run (" + e.getMessage() + ")", e);
            }
        }
        return runs;
    }

    /** Whether {@code p} is a run folder: a folder holding run.json and metrics.csv. */
    static boolean isRunFolder(Path p) {
        return Files.isRegularFile(p.resolve(RunResultsWriter.RUN_JSON)) && Files.isRegularFile(p.resolve(RunResultsWriter.METRICS_CSV));
    }

    /**
     * The runs of {@code dirs}: the runs of each folder in its run order, the folders in the order
     * given.
     *
     * @throws UserInputException when a folder is not an experiment folder, or two folders hold a
     *     run of the same name (the tables and legends tell runs apart by name)
     */
    public static List<RunData> runs(List<Path> dirs) {
        List<RunData> all = new ArrayList<>();
        Map<String, Path> where = new LinkedHashMap<>();
        for (Path dir : dirs) {
            for (RunData r : runs(dir)) {
                Path before = where.putIfAbsent(r.labels().run(), dir);
                if (before != null) {
                    throw new UserInputException("run " + r.labels().run() + " is in both " + before + " and " + dir
                            + "; a merged report tells runs apart by name, so merge experiments whose runs differ (e.g. in their seeds)");
                }
                all.add(r);
            }
        }
        return all;
    }

    /**
     * Writes the report of {@code runs} (from {@link #runs(List)}) into {@code out}, headed by
     * the scenario name of the runs (the distinct names joined by {@code " + "} when there are
     * several). The run folders stay where they are: the report's files are self-contained.
     */
    public static ExperimentReport.Output report(List<RunData> runs, Path out) throws IOException {
        return report(runs, out, null);
    }

    /** As {@link #report(List, Path)}, answering the question {@code context} states (null: none known). */
    public static ExperimentReport.Output report(List<RunData> runs, Path out, ReportContext context) throws IOException {
        Set<String> scenarios = new LinkedHashSet<>();
        runs.forEach(r -> scenarios.add(r.labels().scenario()));
        return context == null ? ExperimentReport.write(out, String.join(" + ", scenarios), runs)
                : ExperimentReport.write(out, String.join(" + ", scenarios), runs, context);
    }
}

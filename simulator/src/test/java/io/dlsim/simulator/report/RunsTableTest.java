package io.dlsim.simulator.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dlsim.metrics.MetricsRow;
import io.dlsim.simulator.engine.EngineType;
import io.dlsim.simulator.run.ExperimentRunner;
import io.dlsim.simulator.scenario.ScenarioParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runs.csv} and the params columns of {@code comparison.csv}, on a real sweep with two
 * keys and a seed; and the README's pandas lines over {@code runs.csv}, run with Debian's
 * python3 (with pandas when it is installed, else the same table built with the csv module).
 */
class RunsTableTest {
    private static final String SWEEP = """
            name: tidy
            nodes: 4
            rounds: 6
            eval-every: 2
            data: { type: synthetic-logistic, samples-per-node: 10, test-samples: 20, dimension: 4 }
            model: { type: logistic }
            algorithm: { type: dsgd, step-size: 0.1, batch-size: 2 }
            topology: { type: ring }
            sweep:
              topology.type: [ring, complete]
              algorithm.step-size: [0.05, 0.1]
              seed: [1, 2]
            """;
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    static Path dir;
    static Path experiment;
    static ExperimentRunner.Result result;

    @BeforeAll
    static void runTheSweep() throws Exception {
        experiment = dir.resolve("out");
        result = ExperimentRunner.run(ScenarioParser.parse(SWEEP, dir),
                new ExperimentRunner.Options(experiment, EngineType.SEQUENTIAL.create(), true, null, "test"));
    }

    private static List<List<String>> csv(Path file) throws IOException {
        // No cell of these files needs quotes except run names, which hold commas: split outside quotes.
        List<List<String>> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            List<String> cells = new ArrayList<>();
            Matcher m = Pattern.compile("\"((?:[^\"]|\"\")*)\"|([^,]*)").matcher(line);
            int at = 0;
            while (at <= line.length() && m.find(at)) {
                cells.add(m.group(1) != null ? m.group(1).replace("\"\"", "\"") : m.group(2));
                at = m.end() + 1;
            }
            rows.add(cells);
        }
        return rows;
    }

    @Test
    void runsCsvHasOneRowPerRunAndEvaluationWithTheSweptKeysSeedLabelsAndEveryMetric() throws IOException {
        List<List<String>> rows = csv(experiment.resolve(ExperimentReport.RUNS_CSV));
        List<String> expected = new ArrayList<>(List.of("run", "topology.type", "algorithm.step-size", "seed", "scenario", "algorithm",
                "topology"));
        expected.addAll(Arrays.asList(MetricsRow.COLUMNS));
        assertThat(rows.get(0)).containsExactlyElementsOf(expected);
        assertThat(result.runs()).hasSize(8);
        assertThat(rows).hasSize(1 + 8 * 4);
        // The third run (the first key varies slowest): ring, step 0.1, seed 1; its rows are its metrics.csv lines, same text.
        List<String> metrics = Files.readAllLines(experiment.resolve("type=ring,step-size=0.1,seed=1").resolve("metrics.csv"));
        List<List<String>> third = rows.subList(1 + 2 * 4, 1 + 3 * 4);
        for (int k = 0; k < 4; k++) {
            assertThat(third.get(k).subList(0, 7)).containsExactly("type=ring,step-size=0.1,seed=1", "ring", "0.1", "1", "tidy", "dsgd",
                    "ring");
            assertThat(String.join(",", third.get(k).subList(7, expected.size()))).isEqualTo(metrics.get(1 + k));
        }
    }

    @Test
    void comparisonCsvHasTheSweptKeysAndTheSeedAfterTheLabels() throws IOException {
        List<List<String>> rows = csv(experiment.resolve(ExperimentReport.COMPARISON_CSV));
        assertThat(rows.get(0)).startsWith("scenario", "run", "algorithm", "topology", "topology.type", "algorithm.step-size", "seed",
                "evaluations", "round");
        assertThat(rows.get(8)).startsWith("tidy", "type=complete,step-size=0.1,seed=2", "dsgd", "complete", "complete", "0.1", "2", "4",
                "6");
    }

    @Test
    void paramsOfAListValueReadAsTheRunNameWritesThem() {
        Map<String, Object> complete = new LinkedHashMap<>();
        complete.put("type", "complete");
        complete.put("rounds", 10);
        RunData r = new RunData(new RunLabels("e", "phases=complete-10-ring", "dsgd", "x"), List.of(), Map.of(),
                Map.of("topology.phases", List.of(complete, Map.of("type", "ring"))));
        assertThat(ComparisonTable.of(List.of(r)).lines().get(0)).contains("complete-10-ring");
        assertThat(RunsTable.of(List.of(r)).lines()).as("a run without rows has no line").isEmpty();
        // A swept whole section named like a label keeps its value, next to the label (its type).
        Map<String, Object> algorithm = new LinkedHashMap<>();
        algorithm.put("type", "sgp");
        algorithm.put("step-size", 0.5);
        RunData whole = new RunData(new RunLabels("e", "algorithm=sgp-0.5", "sgp", "x"), List.of(Rows.row(0, 1.0)), Map.of(),
                Map.of("algorithm", algorithm));
        RunsTable runs = RunsTable.of(List.of(whole));
        assertThat(runs.columns()).startsWith("run", "sweep.algorithm", "scenario", "algorithm", "topology", "round");
        assertThat(runs.lines().get(0)).startsWith("algorithm=sgp-0.5", "sgp-0.5", "e", "sgp", "x");
        assertThat(ComparisonTable.of(List.of(whole)).columns()).startsWith("scenario", "run", "algorithm", "topology", "sweep.algorithm");
    }

    /** The README's lines that start with pd.read_csv("...runs.csv"), without the trailing .plot(...). */
    static List<String> readmePandasLines() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        List<String> lines = readme.lines().filter(l -> l.startsWith("pd.read_csv(\"") && l.contains("runs.csv\")")).toList();
        assertThat(lines).as("the README shows the pandas lines").hasSize(3);
        return lines.stream().map(l -> l.replaceFirst("\\.plot\\([^)]*\\)$", "")).toList();
    }

    /** What python printed: one "index, column, repr(value)" line per cell, tab separated, as a map. */
    private static Map<String, Double> python(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("python finished").isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        Map<String, Double> cells = new LinkedHashMap<>();
        out.lines().forEach(l -> {
            String[] f = l.split("\t");
            assertThat(f).as(l).hasSize(3);
            cells.put(f[0] + "\t" + f[1], Double.parseDouble(f[2]));
        });
        return cells;
    }

    private static boolean pandas() throws IOException, InterruptedException {
        if (!Files.isExecutable(PYTHON)) {
            return false;
        }
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import pandas").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor() == 0;
    }

    @Test
    void theReadmePandasLinesReproduceTheReportsChartsFromRunsCsv() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(PYTHON), "no " + PYTHON + " (Debian's python3)");
        // What the charts draw, from each run's own metrics.csv: consensus distance per run and round.
        Map<String, Double> perRun = new HashMap<>();
        Map<String, Double> perRunByBytes = new HashMap<>();
        Map<String, List<Double>> perTopology = new HashMap<>();
        for (RunData r : result.runs()) {
            for (MetricsRow row : MetricsCsv.read(experiment.resolve(r.labels().run()).resolve("metrics.csv"))) {
                perRun.put(row.round() + "\t" + r.labels().run(), row.consensusDistance());
                perRunByBytes.put(row.bytes() + "\t" + r.labels().run(), row.consensusDistance());
                perTopology.computeIfAbsent(row.round() + "\t" + r.params().get("topology.type"), k -> new ArrayList<>())
                        .add(row.consensusDistance());
            }
        }
        String path = experiment.resolve(ExperimentReport.RUNS_CSV).toString().replace("\\", "\\\\").replace("\"", "\\\"");
        // A table: one cell per index and column; a group-by: each group's series against its own index.
        String print = "\nif isinstance(t, pd.DataFrame):\n"
                + "    for index, row in t.iterrows():\n        for column, value in row.items():\n"
                + "            print(index, column, repr(float(value)), sep='\\t')\n"
                + "else:\n"
                + "    for name, series in t:\n        for index, value in series.items():\n"
                + "            print(index, name, repr(float(value)), sep='\\t')\n";
        if (pandas()) {
            List<String> lines = readmePandasLines();
            Map<String, Double> pivot = python("import pandas as pd\nt = " + lines.get(0).replaceFirst("read_csv\\(\"[^\"]*\"\\)",
                    "read_csv(\"" + path + "\")") + print);
            // pandas' default float parser keeps about 15 significant digits (float_precision="round_trip" reads the
            // exact doubles): plenty for a chart, so the README's line is checked to that precision.
            assertThat(pivot.keySet()).isEqualTo(perRun.keySet());
            perRun.forEach((k, v) -> assertThat(pivot.get(k)).as(k).isCloseTo(v, within(1e-13 * Math.abs(v))));
            Map<String, Double> exact = python("import pandas as pd\nt = " + lines.get(0).replaceFirst("read_csv\\(\"[^\"]*\"\\)",
                    "read_csv(\"" + path + "\", float_precision=\"round_trip\")") + print);
            assertThat(exact).isEqualTo(perRun);
            Map<String, Double> means = python("import pandas as pd\nt = " + lines.get(1).replaceFirst("read_csv\\(\"[^\"]*\"\\)",
                    "read_csv(\"" + path + "\")") + print);
            assertThat(means.keySet()).isEqualTo(perTopology.keySet());
            perTopology.forEach((k, v) -> {
                assertThat(v).as("per topology and round: 2 step sizes x 2 seeds").hasSize(4);
                double all = v.stream().mapToDouble(Double::doubleValue).sum() / v.size();
                assertThat(means.get(k)).as(k).isCloseTo(all, within(1e-13 * Math.abs(all)));
            });
            Map<String, Double> byBytes = python("import pandas as pd\nt = " + lines.get(2).replaceFirst("read_csv\\(\"[^\"]*\"\\)",
                    "read_csv(\"" + path + "\", float_precision=\"round_trip\")") + print);
            assertThat(byBytes).isEqualTo(perRunByBytes);
        } else {
            // No pandas: the first line's table with the csv module (python3-pandas is in .ci/install-prerequisites.sh).
            Map<String, Double> pivot = python("import csv\nwith open(\"" + path + "\", newline='') as f:\n"
                    + "    for r in csv.DictReader(f):\n"
                    + "        print(r['round'], r['run'], repr(float(r['consensus_distance'])), sep='\\t')\n");
            assertThat(pivot).isEqualTo(perRun);
        }
    }
}

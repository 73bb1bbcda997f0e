package io.dlsim.simulator.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dlsim.metrics.Metric;
import io.dlsim.metrics.MetricsRow;
import io.dlsim.simulator.engine.EngineType;
import io.dlsim.simulator.run.ExperimentRunner;
import io.dlsim.simulator.scenario.Scenario;
import io.dlsim.simulator.scenario.ScenarioParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedAggregateTest {
    /** Two step sizes x three seeds: two groups of three runs. */
    static final String SWEEP_2X3 = """
            name: two-by-three
            seed: 1
            nodes: 4
            rounds: 6
            eval-every: 2
            data: { type: synthetic-logistic, samples-per-node: 20, test-samples: 40, dimension: 5, support: 2 }
            model: { type: logistic }
            algorithm: { type: dsgd, step-size: 0.1, batch-size: 4 }
            topology: { type: ring }
            sweep:
              algorithm.step-size: [0.1, 0.4]
              seed: [1, 2, 3]
            """;

    @Test
    void statIsTheMeanAndTheSampleSdOfTheDefinedValues() {
        SeedAggregate.Stat s = SeedAggregate.Stat.of(1, 2, 6, MetricsRow.UNDEFINED);
        assertThat(s.n()).isEqualTo(3);
        assertThat(s.mean()).isEqualTo(3.0);
        // (4 + 1 + 9) / (3 - 1) = 7
        assertThat(s.sd()).isEqualTo(Math.sqrt(7));
        SeedAggregate.Stat one = SeedAggregate.Stat.of(5);
        assertThat(one.mean()).isEqualTo(5.0);
        assertThat(MetricsRow.isUndefined(one.sd())).isTrue();
        assertThat(MetricsRow.isUndefined(SeedAggregate.Stat.of(MetricsRow.UNDEFINED).mean())).isTrue();
        // A computed NaN is a value: the mean shows it (as NaN, not as an empty cell).
        SeedAggregate.Stat diverged = SeedAggregate.Stat.of(1, MetricsRow.NAN);
        assertThat(diverged.mean()).isNaN();
        assertThat(MetricsRow.isUndefined(diverged.mean())).isFalse();
    }

    @Test
    void runsThatDifferOnlyInTheirSeedShareAGroupNamedByTheOtherSweepValues() {
        String yaml = "name: x\nseed: 1\nnodes: 4\nalgorithm: { type: dsgd, step-size: 0.1 }\n";
        SeedGroup a = SeedGroup.of("x", "step-size=0.1,seed=1", yaml, 1);
        SeedGroup b = SeedGroup.of("x", "step-size=0.1,seed=2", yaml.replace("seed: 1", "seed: 2"), 2);
        SeedGroup c = SeedGroup.of("x", "step-size=0.2,seed=1", yaml.replace("0.1", "0.2"), 1);
        assertThat(a.key()).isEqualTo(b.key()).isNotEqualTo(c.key());
        assertThat(a.label()).isEqualTo("step-size=0.1").isEqualTo(b.label());
        assertThat(SeedGroup.of("y", "step-size=0.1,seed=1", yaml, 1).key()).as("another scenario").isNotEqualTo(a.key());
        assertThat(SeedGroup.label("x", "seed=3", 3)).isEqualTo("x");
        assertThat(SeedGroup.label("x", "x", 1)).isEqualTo("x");
        assertThat(SeedGroup.label("x", "type=ring,seed=3,type=dspg", 3)).isEqualTo("type=ring,type=dspg");
    }

    @Test
    void aTwoByThreeSweepAggregatesEachGroupsThreeSeedsAtEveryRound(@TempDir Path dir) throws Exception {
        List<Scenario> scenarios = ScenarioParser.parse(SWEEP_2X3, dir);
        Path out = dir.resolve("out");
        ExperimentRunner.Result result = ExperimentRunner.run(scenarios,
                new ExperimentRunner.Options(out, EngineType.SEQUENTIAL.create(), true, null, "test"));
        assertThat(result.report().aggregateCsv()).isEqualTo(out.resolve("aggregate.csv"));

        List<String> lines = Files.readAllLines(out.resolve(SeedAggregate.AGGREGATE_CSV));
        List<String> header = List.of(lines.get(0).split(","));
        assertThat(header.subList(0, 5)).containsExactly("group", "round", "n", "epoch_mean", "epoch_sd");
        assertThat(lines).hasSize(1 + 2 * 4); // two groups, rounds 0, 2, 4, 6

        int line = 1;
        for (String step : List.of("0.1", "0.4")) {
            List<List<MetricsRow>> seeds = new ArrayList<>();
            for (int seed = 1; seed <= 3; seed++) {
                seeds.add(MetricsCsv.read(out.resolve("step-size=" + step + ",seed=" + seed).resolve(RunResultsWriter.METRICS_CSV)));
            }
            for (int k = 0; k < 4; k++, line++) {
                List<String> cells = List.of(lines.get(line).split(",", -1));
                assertThat(cells.get(0)).isEqualTo("step-size=" + step);
                assertThat(cells.get(1)).isEqualTo(String.valueOf(2 * k));
                assertThat(cells.get(2)).isEqualTo("3");
                for (Metric m : MetricsRow.UNTIMED) {
                    if (m == MetricsRow.ROUND) {
                        continue;
                    }
                    double a = m.value(seeds.get(0).get(k));
                    double b = m.value(seeds.get(1).get(k));
                    double c = m.value(seeds.get(2).get(k));
                    String meanCell = cells.get(header.indexOf(m.name() + "_mean"));
                    String sdCell = cells.get(header.indexOf(m.name() + "_sd"));
                    if (MetricsRow.isUndefined(a)) {
                        assertThat(meanCell).as(m.name()).isEmpty();
                        assertThat(sdCell).as(m.name()).isEmpty();
                        continue;
                    }
                    double mean = (a + b + c) / 3;
                    double sd = Math.sqrt(((a - mean) * (a - mean) + (b - mean) * (b - mean) + (c - mean) * (c - mean)) / 2);
                    assertThat(Double.parseDouble(meanCell)).as(m.name() + " mean, step " + step + " round " + 2 * k)
                            .isCloseTo(mean, within(1e-12 * Math.max(1, Math.abs(mean))));
                    assertThat(Double.parseDouble(sdCell)).as(m.name() + " sd, step " + step + " round " + 2 * k)
                            .isCloseTo(sd, within(1e-12 * Math.max(1, Math.abs(mean))));
                }
            }
        }
        // The seeds really differ (else the test would prove little): the train loss has a spread at the end.
        assertThat(lines.get(4).split(",", -1)[header.indexOf("train_loss_sd")]).isNotEqualTo("0.0");

        String html = Files.readString(out.resolve(ExperimentReport.REPORT_HTML));
        assertThat(html).contains("Mean \u00b1 sd over seeds").contains("<td>step-size=0.1</td><td class=\"num\">3</td><td>1 2 3</td>")
                .contains("<td>step-size=0.4</td>").contains(" \u00b1 ").contains("one colour per group");

        // Runs read back from their folders form the same groups.
        List<RunData> loaded = new ArrayList<>();
        for (Scenario s : scenarios) {
            loaded.add(RunData.load(out.resolve(s.runName())));
        }
        assertThat(SeedAggregate.groups(loaded)).extracting(SeedAggregate.Group::label, SeedAggregate.Group::seeds)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("step-size=0.1", List.of(1L, 2L, 3L)),
                        org.assertj.core.groups.Tuple.tuple("step-size=0.4", List.of(1L, 2L, 3L)));
        assertThat(SeedAggregate.toCsv(loaded)).isEqualTo(Files.readString(out.resolve(SeedAggregate.AGGREGATE_CSV)));
    }

    private static Map<String, ChartPainter.Series> seriesByName(ChartPainter.Model chart) {
        Map<String, ChartPainter.Series> m = new java.util.LinkedHashMap<>();
        chart.series().forEach(s -> m.put(s.name(), s));
        return m;
    }

    @Test
    void aGroupedChartHasABandThinSeedLinesAndOneLegendEntryPerGroup() {
        List<RunData> runs = new ArrayList<>();
        for (String group : List.of("a", "b")) {
            for (int seed = 1; seed <= 3; seed++) {
                SeedGroup g = new SeedGroup("key-" + group, group, seed);
                runs.add(new RunData(new RunLabels("e", group + ",seed=" + seed, "dsgd", "ring"),
                        Rows.trajectory(5, seed, false), Map.of(), Map.of(), g));
            }
        }
        ChartPainter.Model chart = Charts.chart(MetricsRow.TRAIN_LOSS, PlotAxis.ROUNDS, runs);
        Map<String, ChartPainter.Series> series = seriesByName(chart);
        assertThat(series).hasSize(2 * (1 + 3 + 1));
        assertThat(series.values().stream().filter(ChartPainter.Series::inLegend).map(ChartPainter.Series::name))
                .containsExactly("a (mean of 3 seeds)", "b (mean of 3 seeds)");
        ChartPainter.Series mean = series.get("a (mean of 3 seeds)");
        double[] ys = mean.ys();
        // Seeds scale the trajectory by 1, 2, 3: the mean is the trajectory at scale 2.
        List<MetricsRow> two = Rows.trajectory(5, 2, false);
        for (int k = 0; k < ys.length; k++) {
            assertThat(ys[k]).isCloseTo(two.get(k).trainLoss(), within(1e-12));
        }
        assertThat(series.get("a \u00b1 sd").kind()).isEqualTo(ChartPainter.Kind.BAND);
        assertThat(series.get("a \u00b1 sd").xs()).hasSize(2 * 5);
        assertThat(series.values().stream().filter(x -> x.name().startsWith("a")).mapToInt(ChartPainter.Series::toggle).distinct().count())
                .as("one legend entry hides the mean, band and seeds of its group together").isOne();
        // Without repeated seeds the chart is one line per run, as before.
        ChartPainter.Model plain = Charts.chart(MetricsRow.TRAIN_LOSS, PlotAxis.ROUNDS, List.of(runs.get(0), runs.get(3)));
        assertThat(seriesByName(plain).keySet()).containsExactly("a,seed=1", "b,seed=1");
    }
}

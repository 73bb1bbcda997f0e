package io.dlsim.simulator.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlsim.metrics.MetricsRow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, finding 1: the report is written, with its charts, whatever the values. XChart
 * 4.0.3's tick search never ended on a linear axis with values past ~1e30, so report.html and
 * comparison.csv were never written; the timeout makes a hang fail the test instead of the
 * build. The report now draws its own charts ({@link ChartPainter}), whose axes are computed without
 * overflow up to the largest double; the charts must all be drawn.
 */
class HugeValuesReportTest {

    /** Every real value {@code 10^(3k)} for k = 0..count-1, with the sign alternating on the generalization gap. */
    private static List<MetricsRow> growing(int count) {
        List<MetricsRow> rows = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            double v = Math.pow(10, 3 * k);
            rows.add(new MetricsRow(k, k, 10L * k, 4L * k, 64L * k, v, v, v, MetricsRow.UNDEFINED, MetricsRow.UNDEFINED,
                    k % 2 == 0 ? v : -v, v, v, 0.01 * k));
        }
        return rows;
    }

    private static RunData run(String name, List<MetricsRow> rows) {
        return new RunData(new RunLabels("huge", name, "dsgd", "ring-8"), rows);
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void valuesUpTo1e308AndNonFiniteOnesAreDrawnAndTheReportIsWritten(@TempDir Path dir) throws Exception {
        List<MetricsRow> toMax = growing(40); // up to 1e117
        MetricsRow last = toMax.get(toMax.size() - 1);
        List<MetricsRow> withSpecials = new ArrayList<>(growing(15)); // up to 1e42, as least squares with step 2
        withSpecials.add(new MetricsRow(15, 15, 150, 60, 960, MetricsRow.NAN, Double.POSITIVE_INFINITY, 1e308,
                MetricsRow.UNDEFINED, MetricsRow.UNDEFINED, Double.NEGATIVE_INFINITY, -1e308, MetricsRow.NAN, 0.2));
        List<RunData> runs = List.of(run("to-max", toMax), run("specials", withSpecials),
                run("normal", Rows.trajectory(6, 1.0, true)));
        long start = System.nanoTime();
        ExperimentReport.Output out = ExperimentReport.write(dir, "huge", runs);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(seconds).as("seconds to write the report").isLessThan(30);
        assertThat(out.reportHtml()).exists();
        assertThat(out.comparisonCsv()).exists();
        assertThat(out.skipped()).as("every chart has points, so none is skipped").isEmpty();
        assertThat(dir.resolve("plots/train_loss_vs_rounds.png")).exists();
        assertThat(dir.resolve("plots/generalization_gap_vs_rounds.png")).exists();
        String csv = Files.readString(out.comparisonCsv(), StandardCharsets.UTF_8);
        assertThat(csv).contains(",NaN,Infinity,1.0E308,,,-Infinity,-1.0E308,NaN,");
        assertThat(csv).contains(Double.toString(last.trainLoss()));
        String html = Files.readString(out.reportHtml(), StandardCharsets.UTF_8);
        assertThat(html).contains("<td class=\"num\">NaN</td>").contains("Infinity");
        assertThat(SummaryTable.format(runs)).contains("NaN").contains("Infinity");
    }

    @Test
    void aLinearAxisOfHugeValuesIsNumberedInPowersOfTen() throws Exception {
        List<RunData> runs = List.of(run("r", growing(15)));
        Charts.Rendered chart = Charts.render(MetricsRow.TRAIN_LOSS, PlotAxis.ROUNDS, runs);
        String svg = new String(chart.svg(), StandardCharsets.UTF_8);
        assertThat(svg).contains(">10\u2074\u00b2</text>").doesNotContain("E42").doesNotContain("E+");
        Ticks ticks = Ticks.linear(-1e308, 1e308, false);
        assertThat(ticks.major()).hasSizeBetween(3, 12);
        assertThat(ticks.major()).extracting(Ticks.Tick::label).contains("0").allMatch(l -> !l.contains("E"));
    }
}

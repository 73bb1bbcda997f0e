package io.dlsim.simulator.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dlsim.metrics.Metric;
import io.dlsim.metrics.MetricsRow;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

class MetricsCsvTest {

    private static final MetricsRow WITH_NAN = new MetricsRow(7, 0.1 + 0.2, 123456789012L, 42, 1L << 40,
            1e-300, 0.6931471805599453, Double.NaN, 0.75, Double.NaN, Double.NaN, Double.POSITIVE_INFINITY,
            4.9e-324, 1.5);

    @Test
    void headerIsTheMetricsRowColumnsInOrder() {
        assertThat(MetricsCsv.header()).isEqualTo(String.join(",", MetricsRow.COLUMNS))
                .startsWith("round,epoch,grad_evals,messages,bytes,consensus_distance,");
    }

    @Test
    void nanIsAnEmptyCellAndNumbersKeepFullPrecision() {
        String line = MetricsCsv.format(WITH_NAN);
        assertThat(line).isEqualTo(
                "7,0.30000000000000004,123456789012,42,1099511627776,1.0E-300,0.6931471805599453,,0.75,,,Infinity,4.9E-324,1.5");
    }

    @Test
    void roundTripIsBitExactWithNanBackAsNan() {
        List<MetricsRow> rows = List.of(WITH_NAN, Rows.row(8, -0.0), Rows.row(9, Math.PI));
        StringBuilder text = new StringBuilder(MetricsCsv.header()).append('\n');
        rows.forEach(r -> text.append(MetricsCsv.format(r)).append('\n'));

        List<MetricsRow> back = MetricsCsv.parse(text.toString(), "t");

        // Record equality compares doubles with Double.compare: NaN == NaN, -0.0 != 0.0.
        assertThat(back).containsExactlyElementsOf(rows);
        assertThat(back.get(0).testLoss()).isNaN();
    }

    @Test
    void columnsAreMatchedByNameAndExtraColumnsIgnored() {
        String text = "extra,round,epoch,grad_evals,messages,bytes,consensus_distance,train_loss,test_loss,"
                + "train_accuracy,test_accuracy,generalization_gap,optimality_gap,mean_local_loss,wall_seconds\n"
                + "x,1,2.0,3,4,5,6.0,7.0,,,,,,,8.0\n";
        MetricsRow r = MetricsCsv.parse(text, "t").get(0);
        assertThat(r.round()).isEqualTo(1);
        assertThat(r.wallSeconds()).isEqualTo(8.0);
        assertThat(r.testLoss()).isNaN();
    }

    @Test
    void aTornLastLineIsDroppedButAMalformedMiddleLineIsAnError() {
        String good = MetricsCsv.header() + "\n" + MetricsCsv.format(Rows.row(1, 1.0)) + "\n";
        assertThat(MetricsCsv.parse(good + "2,0.5,6", "t")).hasSize(1);

        assertThatThrownBy(() -> MetricsCsv.parse(good + "2,0.5,6\n" + MetricsCsv.format(Rows.row(3, 1.0)) + "\n",
                "metrics.csv"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("metrics.csv: line 3");
    }

    @Test
    void aMissingColumnIsNamed() {
        assertThatThrownBy(() -> MetricsCsv.parse("round,epoch\n1,2\n", "f.csv"))
                .hasMessageContaining("f.csv: line 1: missing column grad_evals");
        assertThatThrownBy(() -> MetricsCsv.parse("", "f.csv")).hasMessageContaining("empty file");
    }

    /** The format as the Javadoc states it, written out by hand: what Jackson must produce byte for byte. */
    private static String byTheSpec(MetricsRow r) {
        StringJoiner line = new StringJoiner(",");
        for (Metric m : MetricsRow.metrics(r.timed())) {
            double v = m.value(r);
            line.add(m.isInteger() ? Long.toString(m.longValue(r)) : MetricsRow.isUndefined(v) ? "" : Double.toString(v));
        }
        return line.toString();
    }

    @Test
    void computedNanIsWrittenNanAndOnlyUndefinedIsAnEmptyCell() {
        MetricsRow r = new MetricsRow(7, 1, 2, 3, 4, MetricsRow.NAN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                MetricsRow.UNDEFINED, MetricsRow.UNDEFINED, MetricsRow.computed(0.0 / 0.0), MetricsRow.UNDEFINED, 1e308, 0.5);
        String line = MetricsCsv.format(r);
        assertThat(line).isEqualTo("7,1.0,2,3,4,NaN,Infinity,-Infinity,,,NaN,,1.0E308,0.5");
        MetricsRow back = MetricsCsv.parse(MetricsCsv.header() + "\n" + line + "\n", "t").get(0);
        assertThat(MetricsRow.isUndefined(back.consensusDistance())).as("NaN reads back as a computed NaN").isFalse();
        assertThat(back.consensusDistance()).isNaN();
        assertThat(MetricsRow.isUndefined(back.optimalityGap())).as("an empty cell reads back as undefined").isTrue();
        assertThat(MetricsCsv.format(back)).isEqualTo(line);
    }

    @Test
    void aRunOnSimulatedTimeHasItsColumnsAndReadsBack() throws Exception {
        MetricsRow r = new MetricsRow(7, 1, 2, 3, 4, 0.5, 0.25, 0.3, 0.9, 0.8, 0.05, MetricsRow.UNDEFINED, 0.2, 12.5, 0.1 + 0.2, 61,
                5, 9, 1.25, 3, 4, 3);
        StringWriter file = new StringWriter();
        try (MetricsCsv.RowWriter w = MetricsCsv.RowWriter.open(file, true)) {
            w.write(r);
        }
        String header = file.toString().lines().findFirst().orElseThrow();
        assertThat(header).isEqualTo(String.join(",", MetricsRow.columns(true))).contains("mean_local_loss,sim_seconds,idle_fraction,online_nodes,steps_min,steps_max,staleness_mean,staleness_p95,staleness_max,wall_seconds");
        assertThat(MetricsCsv.isTimedHeader(header)).isTrue();
        assertThat(MetricsCsv.isTimedHeader(MetricsCsv.header())).isFalse();
        assertThat(file.toString()).endsWith(",0.2,12.5,0.30000000000000004,61,5,9,1.25,3.0,4.0,3.0\n");
        MetricsRow back = MetricsCsv.parse(file.toString(), "t").get(0);
        assertThat(back).isEqualTo(r);
        // An untimed file reads with the two quantities undefined.
        MetricsRow plain = MetricsCsv.parse(MetricsCsv.header() + "\n" + MetricsCsv.format(Rows.row(1, 0.5)) + "\n", "t").get(0);
        assertThat(plain.timed()).isFalse();
    }

    @Test
    void jacksonWritesExactlyTheSpecifiedTextForAwkwardDoubles() throws Exception {
        double[] awkward = {Double.NaN, MetricsRow.NAN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, Double.MIN_VALUE,
            Double.MAX_VALUE, 1e23, 2e-3, 1e7, 9_999_999.999, 0.1 + 0.2, -1.0 / 3};
        SplittableRandom rng = new SplittableRandom(8);
        List<MetricsRow> rows = new ArrayList<>();
        for (int k = 0; k < 200; k++) {
            double[] d = new double[10];
            for (int i = 0; i < d.length; i++) {
                d[i] = rng.nextInt(3) == 0 ? awkward[rng.nextInt(awkward.length)]
                        : Double.longBitsToDouble(rng.nextLong()); // any bit pattern, NaN payloads included
            }
            rows.add(new MetricsRow(rng.nextLong(), d[0], Long.MAX_VALUE - k, Long.MIN_VALUE + k, k, d[1], d[2], d[3], d[4],
                    d[5], d[6], d[7], d[8], d[9]));
        }
        StringWriter file = new StringWriter();
        StringBuilder expected = new StringBuilder(MetricsCsv.header()).append('\n');
        try (MetricsCsv.RowWriter w = MetricsCsv.RowWriter.open(file)) {
            for (MetricsRow r : rows) {
                w.write(r);
                expected.append(byTheSpec(r)).append('\n');
            }
        }
        assertThat(file.toString()).isEqualTo(expected.toString());
        // Doubles reread bit for bit; undefined (empty) stays undefined, a NaN of any other payload
        // is written NaN and reads back as MetricsRow.NAN.
        List<MetricsRow> back = MetricsCsv.parse(file.toString(), "t");
        assertThat(back).hasSameSizeAs(rows);
        for (int k = 0; k < rows.size(); k++) {
            assertThat(MetricsCsv.format(back.get(k))).isEqualTo(byTheSpec(rows.get(k)));
        }
    }

    @Test
    void aFileWithOnlyTheHeaderHasNoRowsAndEveryLineIsFlushedWhenWritten() throws Exception {
        StringWriter file = new StringWriter();
        try (MetricsCsv.RowWriter w = MetricsCsv.RowWriter.open(file)) {
            assertThat(file.toString()).as("the header is there before any row").isEqualTo(MetricsCsv.header() + "\n");
            assertThat(MetricsCsv.parse(file.toString(), "t")).isEmpty();
            w.write(Rows.row(1, 0.5));
            assertThat(file.toString()).endsWith(MetricsCsv.format(Rows.row(1, 0.5)) + "\n");
        }
    }

    @Test
    void crlfLineEndsBlankLinesSpacesAndQuotedCellsAreRead() {
        String text = MetricsCsv.header().replace(",", " , ") + "\r\n\r\n"
                + MetricsCsv.format(Rows.row(1, 0.5)).replaceFirst("^1,", "\"1\",") + "\r\n";
        assertThat(MetricsCsv.parse(text, "t")).containsExactly(Rows.row(1, 0.5));
        assertThatThrownBy(() -> MetricsCsv.parse(MetricsCsv.header() + "\n\"1,2\n", "f.csv"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("f.csv: line");
    }
}

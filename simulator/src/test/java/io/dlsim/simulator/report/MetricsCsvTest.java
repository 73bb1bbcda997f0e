package io.dlsim.simulator.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dlsim.metrics.MetricsRow;
import java.util.List;
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
}

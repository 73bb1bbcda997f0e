package io.dlsim.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The registry {@link MetricsRow#METRICS} against the record it describes: one metric per
 * component, in component order, named after it, reading it, of its kind; and
 * {@link MetricsRow#read} is the inverse. A component added without its registry entry fails
 * here, so no sink can miss it.
 */
class MetricsRowTest {

    private static String snakeCase(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** A row whose component k holds k + 1 (plus a fraction for reals), so every component differs. */
    private static MetricsRow distinctRow() throws ReflectiveOperationException {
        RecordComponent[] components = MetricsRow.class.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] args = new Object[components.length];
        for (int k = 0; k < components.length; k++) {
            types[k] = components[k].getType();
            args[k] = types[k] == long.class ? (Object) (long) (k + 1) : (Object) (k + 1.25);
        }
        Constructor<MetricsRow> c = MetricsRow.class.getDeclaredConstructor(types);
        return c.newInstance(args);
    }

    @Test
    void oneMetricPerComponentInOrderNamedAfterItReadingItOfItsKind() throws ReflectiveOperationException {
        RecordComponent[] components = MetricsRow.class.getRecordComponents();
        MetricsRow row = distinctRow();
        assertThat(MetricsRow.METRICS).hasSameSizeAs(components);
        for (int k = 0; k < components.length; k++) {
            Metric m = MetricsRow.METRICS.get(k);
            assertThat(m.name()).as("metric %d", k).isEqualTo(snakeCase(components[k].getName()));
            assertThat(m.isInteger()).as(m.name()).isEqualTo(components[k].getType() == long.class);
            assertThat(m.boxed(row)).as(m.name()).isEqualTo(components[k].getAccessor().invoke(row));
            assertThat(m.value(row)).as(m.name()).isEqualTo(((Number) components[k].getAccessor().invoke(row)).doubleValue());
        }
        // The row defines sim_seconds, so it is a row on simulated time: it has every column.
        assertThat(row.timed()).isTrue();
        assertThat(MetricsRow.columns(true)).containsExactly(MetricsRow.METRICS.stream().map(Metric::name).toArray(String[]::new));
        assertThat(row.asMap().keySet()).containsExactly(MetricsRow.columns(true));
        assertThat(row.asMap().get("round")).isEqualTo(1L);
        // A run without a system model has the columns it always had: all but the simulated-time ones.
        assertThat(MetricsRow.COLUMNS).containsExactly(MetricsRow.METRICS.stream().filter(m -> !m.isSimulatedTime())
                .map(Metric::name).toArray(String[]::new));
        assertThat(MetricsRow.COLUMNS).doesNotContain("sim_seconds", "idle_fraction").contains("wall_seconds");
        MetricsRow untimed = row.withWallSeconds(3);
        MetricsRow plain = new MetricsRow(untimed.round(), untimed.epoch(), untimed.gradEvals(), untimed.messages(), untimed.bytes(),
                untimed.consensusDistance(), untimed.trainLoss(), untimed.testLoss(), untimed.trainAccuracy(),
                untimed.testAccuracy(), untimed.generalizationGap(), untimed.optimalityGap(), untimed.meanLocalLoss(), 3);
        assertThat(plain.timed()).isFalse();
        assertThat(plain.asMap().keySet()).containsExactly(MetricsRow.COLUMNS);
    }

    @Test
    void readIsTheInverseOfTheAccessors() throws ReflectiveOperationException {
        MetricsRow row = distinctRow();
        MetricsRow back = MetricsRow.read(new MetricsRow.Values() {
            @Override
            public long integer(Metric metric) {
                return metric.longValue(row);
            }

            @Override
            public double real(Metric metric) {
                assertThat(metric.isInteger()).as(metric.name()).isFalse();
                return metric.value(row);
            }
        });
        assertThat(back).isEqualTo(row);
    }

    @Test
    void namesArePrometheusNamesAreUniqueAndTheHeadlineIsRegistered() {
        List<String> prometheus = new ArrayList<>();
        MetricsRow.METRICS.stream().map(Metric::prometheusName).filter(Objects::nonNull).forEach(prometheus::add);
        assertThat(new HashSet<>(prometheus)).hasSameSizeAs(prometheus);
        assertThat(new HashSet<>(List.of(MetricsRow.COLUMNS))).hasSize(MetricsRow.COLUMNS.length);
        assertThat(MetricsRow.METRICS).containsAll(MetricsRow.HEADLINE);
        assertThat(MetricsRow.GRAD_EVALS.isCounter()).isTrue();
        assertThat(MetricsRow.ROUND.isCounter()).isFalse();
        assertThat(MetricsRow.WALL_SECONDS.isLive()).as("wall time is not reproducible, so not a gauge").isFalse();
        assertThat(MetricsRow.METRICS.stream().filter(Metric::isPlotted).map(Metric::name)).containsExactly(
                "consensus_distance", "train_loss", "test_loss", "test_accuracy", "generalization_gap", "optimality_gap");
    }

    @Test
    void micrometerNamesExportAsThePrometheusNames() {
        assertThat(Metric.micrometerName("dlsim_gradient_evaluations_total")).isEqualTo("dlsim.gradient.evaluations");
        assertThat(Metric.micrometerName("dlsim_topology_lambda2")).isEqualTo("dlsim.topology.lambda2");
    }

    @Test
    void badDefinitionsAreRefused() {
        assertThatThrownBy(() -> Metric.real("Train-Loss", MetricsRow::trainLoss, "x"))
                .hasMessageContaining("snake_case");
        assertThatThrownBy(() -> Metric.real("x", MetricsRow::trainLoss, "x").withPrometheusName("x.y"))
                .hasMessageContaining("Prometheus name");
        assertThatThrownBy(() -> Metric.real("x", MetricsRow::trainLoss, " ")).hasMessageContaining("blank");
        assertThatThrownBy(() -> MetricsRow.TRAIN_LOSS.longValue(new MetricsRow(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))
                .isInstanceOf(IllegalStateException.class);
    }
}

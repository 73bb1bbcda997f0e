package io.dlsim.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The divergence rule: non-finite or past 1e100 defined quantities, x̄ entries, and a 1000-fold train loss. */
class DivergenceTest {
    private static final double U = MetricsRow.UNDEFINED;

    private static MetricsRow row(long round, double consensus, double train, double optGap) {
        return new MetricsRow(round, 1, 1, 1, 1, consensus, train, U, U, U, U, optGap, U, Double.NaN);
    }

    @Test
    void finiteRowsWithUndefinedQuantitiesDoNotDiverge() {
        assertThat(Divergence.of(row(3, 1e99, 0.5, U), new double[] {1, -1e100}, 0.7)).isNull();
    }

    @Test
    void aComputedNanOrInfinityOrAHugeValueDiverges() {
        Divergence d = Divergence.of(row(4, 0.1, MetricsRow.NAN, U), null, Double.NaN);
        assertThat(d.round()).isEqualTo(4);
        assertThat(d.quantity()).isEqualTo("train_loss");
        assertThat(d.describe()).isEqualTo("diverged at round 4: train_loss is NaN");
        assertThat(Divergence.of(row(1, 2e100, 0.5, U), null, 0.5).describe())
                .isEqualTo("diverged at round 1: consensus_distance is 2.0E100 (|value| > 1e100)");
        assertThat(Divergence.of(row(1, 0, 0.5, Double.NEGATIVE_INFINITY), null, 0.5).quantity()).isEqualTo("optimality_gap");
    }

    @Test
    void aNonFiniteEntryOfTheAveragedModelDiverges() {
        Divergence d = Divergence.of(row(2, 0, 0.5, U), new double[] {0, 1, Double.POSITIVE_INFINITY}, 0.5);
        assertThat(d.quantity()).isEqualTo(Divergence.PARAMETERS);
        assertThat(d.index()).isEqualTo(2);
        assertThat(d.describe()).contains("entry 2 of the averaged model").endsWith("is Infinity");
    }

    @Test
    void aTrainLossAThousandTimesItsStartDiverges() {
        assertThat(Divergence.of(row(5, 0, 999, U), null, 0.69)).isNull();
        Divergence d = Divergence.of(row(5, 0, 1001, U), null, 0.69);
        assertThat(d.limit()).isEqualTo(1000);
        assertThat(Divergence.of(row(5, 0, 2301, U), null, 2.3)).isNotNull();
        assertThat(Divergence.of(row(5, 0, 1e6, U), null, Double.NaN)).as("no reference, no growth rule").isNull();
    }

    @Test
    void undefinedAndComputedNanAreTellApartByTheirBits() {
        assertThat(MetricsRow.isUndefined(Double.NaN)).isTrue();
        assertThat(MetricsRow.isUndefined(MetricsRow.NAN)).isFalse();
        assertThat(MetricsRow.computed(0.0 / 0.0)).isNaN();
        assertThat(MetricsRow.isUndefined(MetricsRow.computed(Double.NaN))).isFalse();
        assertThat(MetricsRow.computed(1.5)).isEqualTo(1.5);
    }
}

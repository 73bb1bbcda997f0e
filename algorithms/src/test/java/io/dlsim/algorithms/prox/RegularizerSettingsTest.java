package io.dlsim.algorithms.prox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class RegularizerSettingsTest {
    private static String error(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void buildsEveryType() {
        assertThat(RegularizerSettings.none().create()).isInstanceOf(NoRegularizer.class);
        assertThat(RegularizerSettings.l1(0.1).create()).isInstanceOf(L1Regularizer.class)
                .extracting(r -> ((L1Regularizer) r).lambda()).isEqualTo(0.1);
        assertThat(RegularizerSettings.l2(0.2).create()).isInstanceOf(L2Regularizer.class)
                .extracting(r -> ((L2Regularizer) r).lambda()).isEqualTo(0.2);
        ElasticNetRegularizer e = (ElasticNetRegularizer) new RegularizerSettings.ElasticNet(0.3, 0.4, false).create();
        assertThat(e.l1()).isEqualTo(0.3);
        assertThat(e.l2()).isEqualTo(0.4);
        assertThat(RegularizerSettings.TYPES.unregistered()).isEmpty();
        for (RegularizerSettings r : List.of(RegularizerSettings.none(), RegularizerSettings.l1(0), RegularizerSettings.l2(0),
                new RegularizerSettings.ElasticNet(null, null, null))) {
            assertThat(r.create().type()).isEqualTo(RegularizerSettings.TYPES.nameOf(r));
        }
    }

    @Test
    void excludesTheBiasesOnlyWhenAskedAndByDefaultWhenBoundFromAFile() {
        int[] biases = {4, 9};
        assertThat(RegularizerSettings.l1(1).create(biases).unpenalized()).isEmpty();
        assertThat(new RegularizerSettings.L1(1.0, true).create(biases).unpenalized()).containsExactly(4, 9);
        // A record bound from a scenario without exclude-bias leaves the biases out.
        assertThat(new RegularizerSettings.L1(1.0, null).excludeBias()).isTrue();
    }

    @Test
    void refusesBadWeightsAllAtOnceNamingTheField() {
        assertThat(error(() -> RegularizerSettings.l1(-1))).isEqualTo("l1: must be >= 0, got -1");
        assertThat(error(() -> RegularizerSettings.l2(-3))).isEqualTo("l2: must be >= 0, got -3");
        assertThat(error(() -> new RegularizerSettings.ElasticNet(-1.0, -0.25, false)))
                .isEqualTo("l1: must be >= 0, got -1\nl2: must be >= 0, got -0.25");
        assertThat(error(() -> RegularizerSettings.l1(Double.POSITIVE_INFINITY))).isEqualTo("l1: must be >= 0, got Infinity");
    }
}

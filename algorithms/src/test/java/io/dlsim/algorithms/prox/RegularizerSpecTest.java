package io.dlsim.algorithms.prox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RegularizerSpecTest {
    private static String error(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void buildsEveryType() {
        assertThat(RegularizerSpec.none().create()).isInstanceOf(NoRegularizer.class);
        assertThat(RegularizerSpec.l1(0.1).create()).isInstanceOf(L1Regularizer.class)
                .extracting(r -> ((L1Regularizer) r).lambda()).isEqualTo(0.1);
        assertThat(RegularizerSpec.l2(0.2).create()).isInstanceOf(L2Regularizer.class)
                .extracting(r -> ((L2Regularizer) r).lambda()).isEqualTo(0.2);
        ElasticNetRegularizer e = (ElasticNetRegularizer) RegularizerSpec.elasticNet(0.3, 0.4).create();
        assertThat(e.l1()).isEqualTo(0.3);
        assertThat(e.l2()).isEqualTo(0.4);
        assertThat(new RegularizerSpec(" Elastic-Net ", 1, 1, false).type()).isEqualTo("elastic-net");
        for (String t : RegularizerSpec.TYPES) {
            assertThat(new RegularizerSpec(t, 0, 0, false).create().type()).isEqualTo(t);
        }
    }

    @Test
    void excludesTheBiasesOnlyWhenAsked() {
        int[] biases = {4, 9};
        assertThat(RegularizerSpec.l1(1).create(biases).unpenalized()).isEmpty();
        assertThat(RegularizerSpec.l1(1).withExcludeBias(true).create(biases).unpenalized()).containsExactly(4, 9);
    }

    @Test
    void refusesBadSpecsNamingTheSetting() {
        assertThat(error(() -> RegularizerSpec.l1(-1))).isEqualTo("regularizer.l1: must be >= 0, got -1");
        assertThat(error(() -> RegularizerSpec.l2(-3))).isEqualTo("regularizer.l2: must be >= 0, got -3");
        assertThat(error(() -> RegularizerSpec.elasticNet(0.1, -0.25))).isEqualTo("regularizer.l2: must be >= 0, got -0.25");
        assertThat(error(() -> new RegularizerSpec("l2", 0.5, 1, false)))
                .isEqualTo("regularizer.l1: the l2 regularizer takes no l1 weight, got 0.5");
        assertThat(error(() -> new RegularizerSpec("none", 0, 2, false)))
                .isEqualTo("regularizer.l2: the none regularizer takes no l2 weight, got 2");
        assertThat(error(() -> new RegularizerSpec("lasso", 1, 0, false)))
                .isEqualTo("regularizer.type: unknown type 'lasso'; one of none, l1, l2, elastic-net");
        assertThat(error(() -> new RegularizerSpec("elastic_net", 1, 0, false)))
                .isEqualTo("regularizer.type: unknown type 'elastic_net' (did you mean 'elastic-net'?); one of none, l1, l2, "
                        + "elastic-net");
        assertThat(error(() -> new RegularizerSpec(null, 0, 0, false))).startsWith("regularizer.type: is required");
    }
}

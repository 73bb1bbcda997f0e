package io.dlsim.algorithms.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dlsim.algorithms.data.Dataset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelSettingsTest {
    private static String error(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void buildsEveryType() {
        assertThat(ModelSettings.logistic().create(5, 2)).isInstanceOf(LogisticRegression.class);
        assertThat(ModelSettings.softmax().create(5, 4)).isInstanceOf(SoftmaxRegression.class)
                .extracting(Model::numClasses).isEqualTo(4);
        assertThat(ModelSettings.leastSquares().create(5, 0)).isInstanceOf(LeastSquares.class);
        Model mlp = ModelSettings.mlp(8, 3).create(5, 4);
        assertThat(mlp).isInstanceOf(Mlp.class);
        assertThat(((Mlp) mlp).hidden()).containsExactly(8, 3);
        assertThat(ModelSettings.TYPES.names()).containsExactly("logistic", "softmax", "least-squares", "mlp");
        assertThat(ModelSettings.TYPES.unregistered()).isEmpty();
        for (ModelSettings m : List.of(ModelSettings.logistic(), ModelSettings.softmax(), ModelSettings.leastSquares(),
                ModelSettings.mlp(2))) {
            assertThat(m.create(3, 2).type()).isEqualTo(ModelSettings.TYPES.nameOf(m));
            assertThat(m.init()).isEqualTo(InitMode.SHARED);
            assertThat(m.convex()).isEqualTo(!m.equals(ModelSettings.mlp(2)));
        }
    }

    @Test
    void takesDimensionAndClassesFromTheData() {
        Dataset d = Dataset.dense("d", new double[] {1, 2, 3, 4, 5, 6}, 3, new double[] {0, 2}, 3);
        Model m = ModelSettings.softmax().create(d);
        assertThat(m.inputDimension()).isEqualTo(3);
        assertThat(m.numClasses()).isEqualTo(3);
    }

    @Test
    void refusesBadSettingsAllAtOnceNamingTheField() {
        assertThat(error(() -> ModelSettings.mlp(16, 0))).isEqualTo("hidden[1]: must be >= 1, got 0");
        assertThat(error(() -> ModelSettings.mlp(-4, 0))).isEqualTo("hidden[0]: must be >= 1, got -4\nhidden[1]: must be >= 1, got 0");
        assertThat(error(() -> ModelSettings.mlp())).startsWith("hidden: the mlp needs at least one hidden layer width");
        assertThat(error(() -> new ModelSettings.MultilayerPerceptron(null, null))).isEqualTo("hidden: is required");
    }

    @Test
    void refusesBadDimensionsAndClassCounts() {
        for (ModelSettings t : Arrays.asList(ModelSettings.logistic(), ModelSettings.softmax(), ModelSettings.leastSquares())) {
            assertThat(error(() -> t.create(0, 2))).isEqualTo("input-dimension: must be >= 1, got 0");
        }
        assertThat(error(() -> ModelSettings.mlp(4).create(-1, 2))).isEqualTo("input-dimension: must be >= 1, got -1");
        assertThat(error(() -> ModelSettings.softmax().create(3, 1))).isEqualTo("classes: must be >= 2, got 1");
        assertThat(error(() -> ModelSettings.mlp(4).create(3, 0))).isEqualTo("classes: must be >= 2, got 0");
        assertThat(error(() -> ModelSettings.logistic().create(3, 1)))
                .isEqualTo("classes: logistic regression is binary (classes 0/1), must be 2, got 1");
        assertThat(error(() -> ModelSettings.logistic().create(3, 5)))
                .isEqualTo("classes: logistic regression is binary (classes 0/1), must be 2, got 5; use softmax");
        // least squares ignores the class count (regression data have 0)
        assertThat(ModelSettings.leastSquares().create(3, 7).numClasses()).isZero();
    }
}

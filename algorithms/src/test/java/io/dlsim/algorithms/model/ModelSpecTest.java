package io.dlsim.algorithms.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dlsim.algorithms.data.Dataset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelSpecTest {
    private static String error(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void buildsEveryType() {
        assertThat(ModelSpec.of("logistic").create(5, 2)).isInstanceOf(LogisticRegression.class);
        assertThat(ModelSpec.of("softmax").create(5, 4)).isInstanceOf(SoftmaxRegression.class)
                .extracting(Model::numClasses).isEqualTo(4);
        assertThat(ModelSpec.of("least-squares").create(5, 0)).isInstanceOf(LeastSquares.class);
        Model mlp = ModelSpec.mlp(8, 3).create(5, 4);
        assertThat(mlp).isInstanceOf(Mlp.class);
        assertThat(((Mlp) mlp).hidden()).containsExactly(8, 3);
        assertThat(ModelSpec.TYPES).containsExactly("logistic", "softmax", "least-squares", "mlp");
        for (String t : ModelSpec.TYPES) {
            Model m = new ModelSpec(t, t.equals("mlp") ? List.of(2) : List.of()).create(3, 2);
            assertThat(m.type()).isEqualTo(t);
        }
    }

    @Test
    void takesDimensionAndClassesFromTheData() {
        Dataset d = Dataset.dense("d", new double[] {1, 2, 3, 4, 5, 6}, 3, new double[] {0, 2}, 3);
        Model m = ModelSpec.of("softmax").create(d);
        assertThat(m.inputDimension()).isEqualTo(3);
        assertThat(m.numClasses()).isEqualTo(3);
    }

    @Test
    void typeIsCaseInsensitiveAndTrimmed() {
        assertThat(new ModelSpec(" Logistic ", null).type()).isEqualTo("logistic");
    }

    @Test
    void refusesBadSpecsWithTheSettingInTheMessage() {
        assertThat(error(() -> ModelSpec.mlp(16, 0))).isEqualTo("model.hidden[1]: must be >= 1, got 0");
        assertThat(error(() -> ModelSpec.mlp(-4))).isEqualTo("model.hidden[0]: must be >= 1, got -4");
        assertThat(error(() -> ModelSpec.mlp())).isEqualTo("model.hidden: the mlp needs at least one hidden layer width");
        assertThat(error(() -> new ModelSpec("softmax", List.of(3))))
                .isEqualTo("model.hidden: only the mlp has hidden layers, the softmax model takes none, got [3]");
        assertThat(error(() -> ModelSpec.of("logstic")))
                .isEqualTo("model.type: unknown type 'logstic' (did you mean 'logistic'?); one of logistic, softmax, "
                        + "least-squares, mlp");
        assertThat(error(() -> ModelSpec.of(" "))).startsWith("model.type: is required");
        assertThat(error(() -> ModelSpec.of(null))).startsWith("model.type: is required");
    }

    @Test
    void refusesBadDimensionsAndClassCounts() {
        for (String t : Arrays.asList("logistic", "softmax", "least-squares")) {
            assertThat(error(() -> ModelSpec.of(t).create(0, 2))).isEqualTo("model.input-dimension: must be >= 1, got 0");
        }
        assertThat(error(() -> ModelSpec.mlp(4).create(-1, 2))).isEqualTo("model.input-dimension: must be >= 1, got -1");
        assertThat(error(() -> ModelSpec.of("softmax").create(3, 1))).isEqualTo("model.classes: must be >= 2, got 1");
        assertThat(error(() -> ModelSpec.mlp(4).create(3, 0))).isEqualTo("model.classes: must be >= 2, got 0");
        assertThat(error(() -> ModelSpec.of("logistic").create(3, 1)))
                .isEqualTo("model.classes: logistic regression is binary (classes 0/1), must be 2, got 1");
        assertThat(error(() -> ModelSpec.of("logistic").create(3, 5)))
                .isEqualTo("model.classes: logistic regression is binary (classes 0/1), must be 2, got 5; use softmax");
        // least squares ignores the class count (regression data have 0)
        assertThat(ModelSpec.of("least-squares").create(3, 7).numClasses()).isZero();
    }
}

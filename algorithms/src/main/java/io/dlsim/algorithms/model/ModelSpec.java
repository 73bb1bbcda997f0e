package io.dlsim.algorithms.model;

import io.dlsim.algorithms.data.Dataset;
import io.dlsim.algorithms.linalg.MatMul;
import io.dlsim.topologies.Suggestions;
import java.util.List;
import java.util.Locale;

/**
 * What a user asks for: a model type and, for the MLP, its hidden layer widths; the input
 * dimension and the number of classes come from the data ({@link #create(Dataset)}) or are
 * given ({@link #create(int, int)}). Validates in the constructor and in {@code create}; every
 * error names the setting ({@code model.hidden[1]: must be >= 1, got 0}).
 *
 * <p>Types: {@code logistic} (binary, classes 0/1), {@code softmax} (k >= 2 classes),
 * {@code least-squares} (real targets; the class count is ignored) and {@code mlp} (ReLU hidden
 * layers, softmax output, k >= 2).
 *
 * @param type one of {@link #TYPES}
 * @param hidden hidden layer widths: at least one for {@code mlp}, empty for the other types
 */
public record ModelSpec(String type, List<Integer> hidden) {
    /** The known type names, in the order they are listed to users. */
    public static final List<String> TYPES = List.of("logistic", "softmax", "least-squares", "mlp");

    public ModelSpec {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("model.type: is required; one of " + String.join(", ", TYPES));
        }
        type = type.strip().toLowerCase(Locale.ROOT);
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("model.type: unknown type '" + type + "'"
                    + Suggestions.didYouMean(type, TYPES) + "; one of " + String.join(", ", TYPES));
        }
        hidden = hidden == null ? List.of() : List.copyOf(hidden);
        if (type.equals("mlp")) {
            Mlp.checkHidden(hidden.stream().mapToInt(Integer::intValue).toArray());
        } else if (!hidden.isEmpty()) {
            throw new IllegalArgumentException("model.hidden: only the mlp has hidden layers, the " + type
                    + " model takes none, got " + hidden);
        }
    }

    /** A linear model ({@code logistic}, {@code softmax}, {@code least-squares}). */
    public static ModelSpec of(String type) {
        return new ModelSpec(type, List.of());
    }

    /** An MLP with these hidden widths. */
    public static ModelSpec mlp(int... hidden) {
        return new ModelSpec("mlp", java.util.Arrays.stream(hidden).boxed().toList());
    }

    /** The model for this data set's dimension and number of classes. */
    public Model create(Dataset data) {
        return create(data.dimension(), data.numClasses());
    }

    /**
     * The model for d features and k classes (k ignored by {@code least-squares}; must be 2
     * for {@code logistic}).
     */
    public Model create(int inputDimension, int classes) {
        return create(inputDimension, classes, MatMul.withDefaultThreshold());
    }

    /** As {@link #create(int, int)}, with the MLP's product backend given. */
    public Model create(int inputDimension, int classes, MatMul matmul) {
        Checks.inputDimension(inputDimension);
        switch (type) {
            case "logistic":
                if (classes != 2) {
                    throw new IllegalArgumentException("model.classes: logistic regression is binary (classes 0/1), "
                            + "must be 2, got " + classes + (classes > 2 ? "; use softmax" : ""));
                }
                return new LogisticRegression(inputDimension);
            case "softmax":
                Checks.classes(classes);
                return new SoftmaxRegression(inputDimension, classes);
            case "least-squares":
                return new LeastSquares(inputDimension);
            case "mlp":
                Checks.classes(classes);
                return new Mlp(inputDimension, hidden.stream().mapToInt(Integer::intValue).toArray(), classes, matmul);
            default:
                throw new IllegalStateException("unreachable: " + type);
        }
    }
}

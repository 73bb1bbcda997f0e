package io.dlsim.algorithms.model;

import io.dlsim.algorithms.data.Dataset;
import io.dlsim.algorithms.linalg.MatMul;
import io.dlsim.topologies.settings.Problems;
import io.dlsim.topologies.settings.TypeRegistry;
import java.util.List;

/**
 * What a user asks for as the model: one record per type, each with the settings it takes,
 * validated in its constructor (field names relative to the record:
 * {@code hidden[1]: must be >= 1, got 0}); the input dimension and the number of classes come
 * from the data ({@link #create(Dataset)}) or are given ({@link #create(int, int, MatMul)}).
 * Every type takes {@code init} (default {@link InitMode#SHARED}).
 *
 * <p>Types: {@code logistic} (binary, classes 0/1), {@code softmax} (k >= 2 classes),
 * {@code least-squares} (real targets; the class count is ignored) and {@code mlp} (ReLU hidden
 * layers, softmax output, k >= 2).
 */
public sealed interface ModelSettings {
    /** The {@code type:} names. */
    TypeRegistry<ModelSettings> TYPES = TypeRegistry.of(ModelSettings.class).with("logistic", Logistic.class)
            .with("softmax", Softmax.class).with("least-squares", LeastSquaresRegression.class)
            .with("mlp", MultilayerPerceptron.class).complete();

    /** Where each node's initial point comes from. */
    InitMode init();

    /** The model for d features and k classes, with the MLP's product backend given. */
    Model create(int inputDimension, int classes, MatMul matmul);

    /** Whether the loss is convex in the parameters (so F* and the optimality gap exist). */
    default boolean convex() {
        return true;
    }

    /** The model for this data set's dimension and number of classes. */
    default Model create(Dataset data) {
        return create(data.dimension(), data.numClasses());
    }

    /** As {@link #create(int, int, MatMul)} with the default product backend. */
    default Model create(int inputDimension, int classes) {
        return create(inputDimension, classes, MatMul.withDefaultThreshold());
    }

    /** Logistic regression with a shared initial point. */
    static ModelSettings logistic() {
        return new Logistic(null);
    }

    /** Softmax regression with a shared initial point. */
    static ModelSettings softmax() {
        return new Softmax(null);
    }

    /** Least squares with a shared initial point. */
    static ModelSettings leastSquares() {
        return new LeastSquaresRegression(null);
    }

    /** An MLP with these hidden widths and a shared initial point. */
    static ModelSettings mlp(int... hidden) {
        return new MultilayerPerceptron(java.util.Arrays.stream(hidden).boxed().toList(), null);
    }

    private static InitMode init(InitMode init) {
        return init == null ? InitMode.SHARED : init;
    }

    /** {@code logistic}: binary logistic regression, classes 0/1. */
    record Logistic(InitMode init) implements ModelSettings {
        public Logistic {
            init = ModelSettings.init(init);
        }

        @Override
        public Model create(int inputDimension, int classes, MatMul matmul) {
            Checks.inputDimension(inputDimension);
            if (classes != 2) {
                throw new IllegalArgumentException("classes: logistic regression is binary (classes 0/1), "
                        + "must be 2, got " + classes + (classes > 2 ? "; use softmax" : ""));
            }
            return new LogisticRegression(inputDimension);
        }
    }

    /** {@code softmax}: multinomial logistic regression, k >= 2 classes. */
    record Softmax(InitMode init) implements ModelSettings {
        public Softmax {
            init = ModelSettings.init(init);
        }

        @Override
        public Model create(int inputDimension, int classes, MatMul matmul) {
            Checks.inputDimension(inputDimension);
            Checks.classes(classes);
            return new SoftmaxRegression(inputDimension, classes);
        }
    }

    /** {@code least-squares}: linear regression on real targets. */
    record LeastSquaresRegression(InitMode init) implements ModelSettings {
        public LeastSquaresRegression {
            init = ModelSettings.init(init);
        }

        @Override
        public Model create(int inputDimension, int classes, MatMul matmul) {
            Checks.inputDimension(inputDimension);
            return new LeastSquares(inputDimension);
        }
    }

    /**
     * {@code mlp}: ReLU hidden layers and a softmax output.
     *
     * @param hidden hidden layer widths: at least one, each >= 1 (required)
     */
    record MultilayerPerceptron(List<Integer> hidden, InitMode init) implements ModelSettings {
        public MultilayerPerceptron {
            Problems p = new Problems();
            if (p.required("hidden", hidden) != null) {
                hidden = List.copyOf(hidden);
                p.check(!hidden.isEmpty(), "hidden", "the mlp needs at least one hidden layer width, e.g. [64]");
                for (int i = 0; i < hidden.size(); i++) {
                    p.check(hidden.get(i) >= 1, "hidden[" + i + "]", "must be >= 1, got " + hidden.get(i));
                }
            }
            init = ModelSettings.init(init);
            p.throwIfAny();
        }

        @Override
        public boolean convex() {
            return false;
        }

        @Override
        public Model create(int inputDimension, int classes, MatMul matmul) {
            Checks.inputDimension(inputDimension);
            Checks.classes(classes);
            return new Mlp(inputDimension, hidden.stream().mapToInt(Integer::intValue).toArray(), classes, matmul);
        }
    }
}

package io.dlsim.algorithms.model;

import io.dlsim.algorithms.data.Dataset;
import java.util.SplittableRandom;

/**
 * A differentiable model with parameters in one flat vector {@code w} of length
 * {@link #parameterCount()}, and its per-example loss {@code l(w; x_i, y_i)}. On a set S of
 * examples (a minibatch, or a node's whole shard) the objective is the mean
 * {@code f_S(w) = (1/|S|) sum_{i in S} l(w; x_i, y_i)}; a regularizer, if any, is added by the
 * algorithm ({@code io.dlsim.algorithms.prox}), never here.
 *
 * <p>Contract shared by the implementations:
 * <ul>
 *   <li>The caller owns every buffer: {@code w} is only read; {@code gradOut} (length
 *       {@link #parameterCount()}) is overwritten entirely with {@code grad f_S(w)}. The
 *       steady state allocates nothing.</li>
 *   <li>Results are a deterministic function of the arguments (same inputs, same bits),
 *       independent of earlier calls.</li>
 *   <li>Features are read only through {@link Dataset#dot}, {@link Dataset#addScaledRow},
 *       {@link Dataset#copyRow} and their many-row forms (which give the same bits row after
 *       row), so dense and sparse data give the same values up to rounding.</li>
 *   <li>Wrong lengths, an empty data set or minibatch, or a data set of another dimension or
 *       number of classes are refused with an {@link IllegalArgumentException}.</li>
 *   <li><b>Threads:</b> an instance may own scratch buffers (the softmax scores, the MLP's
 *       activations) and must then not be shared between threads: give every simulated node
 *       its own {@link #copy()}. Implementations without scratch say that they are
 *       thread-safe.</li>
 * </ul>
 */
public interface Model {
    /** The type name of this model ({@code logistic}, ...). */
    String type();

    /** Length of the parameter vector. */
    int parameterCount();

    /**
     * Floating-point operations of one component gradient (one example), for a system model's
     * {@code flops-per-second}: by default {@code 4 p} for p parameters (the score's dot product
     * and the gradient's axpy, a multiply and an add each), right for the linear models.
     */
    default double flopsPerExample() {
        return 4.0 * parameterCount();
    }

    /** Number of features d the model reads from each example. */
    int inputDimension();

    /** Number of classes scored, or 0 for a regression model. */
    int numClasses();

    /**
     * Indices of the bias (intercept) entries of the parameter vector, ascending, for a
     * regularizer that leaves them unpenalized. A fresh array on every call.
     */
    int[] biasIndices();

    /**
     * Writes an initial point into {@code w}, drawing from {@code rng} if the model needs
     * randomness (the linear models start from zero and draw nothing).
     */
    void initialize(double[] w, SplittableRandom rng);

    /**
     * Mean loss over the minibatch {@code batch[0..batchSize)} (row indices into
     * {@code data}; repeats allowed) and its gradient:
     * {@code gradOut = (1/B) sum_b grad l(w; x_{batch[b]}, y_{batch[b]})}.
     *
     * @return {@code (1/B) sum_b l(w; x_{batch[b]}, y_{batch[b]})}
     */
    double lossAndGradient(double[] w, Dataset data, int[] batch, int batchSize, double[] gradOut);

    /**
     * Mean loss over all of {@code data} and its gradient (the full local gradient, e.g. the
     * DPSVRG snapshot gradient {@code mu_i}).
     */
    double lossAndGradient(double[] w, Dataset data, double[] gradOut);

    /**
     * The gradient of {@link #lossAndGradient(double[], Dataset, int[], int, double[])}, the
     * same bits, for a caller that does not use the loss: a model may skip computing it (the
     * linear models skip a {@code log1p} per example).
     */
    default void gradient(double[] w, Dataset data, int[] batch, int batchSize, double[] gradOut) {
        lossAndGradient(w, data, batch, batchSize, gradOut);
    }

    /** The gradient of {@link #lossAndGradient(double[], Dataset, double[])}, the same bits, without the loss. */
    default void gradient(double[] w, Dataset data, double[] gradOut) {
        lossAndGradient(w, data, gradOut);
    }

    /** Mean loss over all of {@code data}. */
    double loss(double[] w, Dataset data);

    /**
     * {@link #lossAndGradient(double[], Dataset, double[])}, bit for bit, with the per-example
     * work spread over the common fork-join pool when {@code data} is large (a centralized
     * solver's pass over a whole training set, e.g. FISTA for F*); a model may run it in the
     * calling thread, as this default does.
     */
    default double lossAndGradientInParallel(double[] w, Dataset data, double[] gradOut) {
        return lossAndGradient(w, data, gradOut);
    }

    /** {@link #loss(double[], Dataset)}, bit for bit, spread as {@link #lossAndGradientInParallel} is. */
    default double lossInParallel(double[] w, Dataset data) {
        return loss(w, data);
    }

    /** Mean loss and accuracy over all of {@code data} (accuracy NaN for regression). */
    Evaluation evaluate(double[] w, Dataset data);

    /**
     * Whether {@link #evaluate} reads a {@link Dataset#grouped} data set front to back (its
     * storage order), so that storing the training set grouped by shard costs the evaluation of
     * the average model nothing; false when it reads rows in example order, which on a grouped
     * set is a gather (then the engines keep the training set as loaded).
     */
    default boolean evaluatesGroupedInStorageOrder() {
        return false;
    }

    /**
     * Whether {@link #evaluate} is the sum, in example order, of per-example terms that
     * {@link #evaluationTerms} gives ({@link Evaluation#ofTerms}), so that the terms of disjoint
     * parts of a data set can be computed on several threads or machines and summed by one, bit
     * for bit the evaluation of the whole. False by default (the MLP and softmax regression sum
     * as they go and say nothing about their terms).
     */
    default boolean evaluatesByTerms() {
        return false;
    }

    /**
     * The per-example terms of {@code evaluate(w, data)}, for a model that
     * {@link #evaluatesByTerms}: for k = 0..data.size()-1, {@code lossOut[at + k]} is the loss
     * l(w; x_k, y_k) and {@code correctOut[at + k]} is 1 when example k is predicted right, 0
     * when not (NaN for a regression model), such that {@code Evaluation.ofTerms} of them is
     * {@code evaluate(w, data)} bit for bit. An example's terms depend only on w and the example,
     * not on the data set it is read from: the same example in a {@link Dataset#view} (a node's
     * shard) and in the whole training set gives the same bits.
     *
     * @throws UnsupportedOperationException unless {@link #evaluatesByTerms}
     * @throws IllegalArgumentException on wrong lengths or an empty data set, as {@link #evaluate}
     */
    default void evaluationTerms(double[] w, Dataset data, double[] lossOut, double[] correctOut, int at) {
        throw new UnsupportedOperationException(type() + " does not evaluate by per-example terms");
    }

    /**
     * {@code loss(w, data)}, and {@link #evaluationTerms evaluationTerms(v, data, lossOut,
     * correctOut, 0)}, bit for bit those two calls: a node's local loss and x̄'s terms on the
     * node's shard at an evaluation. A model may read the rows once for both ({@link
     * ScalarLinearModel}); by default it makes the two calls.
     *
     * @throws UnsupportedOperationException unless {@link #evaluatesByTerms}
     */
    default double lossAndEvaluationTerms(double[] w, double[] v, Dataset data, double[] lossOut, double[] correctOut) {
        double loss = loss(w, data);
        evaluationTerms(v, data, lossOut, correctOut, 0);
        return loss;
    }

    /**
     * A new instance of the same model (same shape and settings) with its own scratch buffers,
     * for use by another thread or node. Computes the same bits as this one.
     */
    Model copy();
}

/**
 * Differentiable models whose parameters are one flat {@code double[]}: binary
 * {@link io.dlsim.algorithms.model.LogisticRegression}, multinomial
 * {@link io.dlsim.algorithms.model.SoftmaxRegression}, {@link io.dlsim.algorithms.model.LeastSquares}
 * regression and a ReLU {@link io.dlsim.algorithms.model.Mlp} with a softmax cross-entropy
 * output, all behind {@link io.dlsim.algorithms.model.Model}; the
 * {@link io.dlsim.algorithms.model.ModelSettings} records (one per model type) that build them; and
 * {@link io.dlsim.algorithms.model.InitMode}, the shared or per-node initial-point convention.
 *
 * <p>A model computes losses and gradients (the local objective {@code f_i} of a node) and
 * nothing else: no optimiser state, no regularizer (see {@code io.dlsim.algorithms.prox}), no
 * actors, threads, global state or I/O. It reads features only through
 * {@link io.dlsim.algorithms.data.Dataset}'s {@code dot}, {@code addScaledRow},
 * {@code copyRow} and their exact many-row forms ({@code dots}, {@code addScaledRows}, ...), so
 * dense and sparse data take the same code. Depends on
 * {@code io.dlsim.algorithms.data}, {@code io.dlsim.algorithms.linalg} and the JDK.
 */
package io.dlsim.algorithms.model;

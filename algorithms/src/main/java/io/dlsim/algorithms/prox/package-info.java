/**
 * Regularizers {@code r(w)} and their proximal operators
 * {@code prox_{eta r}(v) = argmin_x r(x) + ||x - v||^2 / (2 eta)}, the non-smooth part of the
 * composite objective {@code F(w) = (1/n) sum_i f_i(w) + r(w)} that DSPG and DPSVRG handle by a
 * prox step: none, L1 (soft-thresholding), L2 and elastic net, each optionally leaving some
 * entries (the models' biases) unpenalized; {@link io.dlsim.algorithms.prox.RegularizerSettings}
 * builds them from a type name.
 *
 * <p>Plain loops on {@code double[]}, allocation-free on the hot path. Knows nothing of the
 * models (the bias indices to leave out are passed in as an {@code int[]}); must not depend on
 * actors, threads, global state or I/O. Depends only on the JDK and
 * {@code io.dlsim.topologies.Suggestions} (for "did you mean" hints).
 */
package io.dlsim.algorithms.prox;

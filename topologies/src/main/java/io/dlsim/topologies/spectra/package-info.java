/**
 * Spectral quantities of mixing matrices (lambda2, lambdaMin, lambda = ||W - 11^T/n||_2, spectral
 * gap and squared gap) by a dense nd4j solver, an exact circulant formula and a sparse
 * Lanczos iteration, and the lazy-matrix tuning that reaches a target spectral gap.
 * Depends on {@code io.dlsim.topologies.mixing} and nd4j only.
 */
package io.dlsim.topologies.spectra;

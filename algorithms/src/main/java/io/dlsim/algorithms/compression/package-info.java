/**
 * Compression operators for compressed gossip (CHOCO-SGD): top-k, random-k, QSGD and scaled
 * sign, each with the exact size of its encoding so that {@code bytes} counts what a real
 * implementation would send, and {@link io.dlsim.algorithms.compression.ErrorFeedback}.
 * {@link io.dlsim.algorithms.compression.Compression} builds them from a type name.
 *
 * <p>Plain loops on {@code double[]}, allocation-free on the hot path; randomness only from the
 * {@link java.util.SplittableRandom} a node passes in. Must not depend on actors, threads,
 * global state or I/O.
 */
package io.dlsim.algorithms.compression;

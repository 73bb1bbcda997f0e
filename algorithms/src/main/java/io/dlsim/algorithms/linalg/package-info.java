/**
 * Dense matrix products on plain row-major {@code double[]} slices, for the models' minibatch
 * forward and backward passes: {@link io.dlsim.algorithms.linalg.Gemm} holds the plain-Java
 * kernels, {@link io.dlsim.algorithms.linalg.MatMul} picks between them and nd4j-native BLAS
 * by a fixed size threshold measured with the JMH benchmark {@code GemmBench}.
 *
 * <p>Every product is deterministic: the same operands give the same bits, because the choice
 * of backend depends only on the shape and each backend sums in a fixed order. Must not depend
 * on actors, threads of its own, global mutable state or I/O; the only library is nd4j.
 */
package io.dlsim.algorithms.linalg;

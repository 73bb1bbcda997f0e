/**
 * The learning core: data sets and partitions ({@code data}), models and regularizers
 * ({@code model}, {@code prox}), step-size schedules ({@code stepsize}), the dense products
 * behind the MLP ({@code linalg}), the per-node algorithm state machines
 * (D-SGD, DSPG, DPSVRG, centralized SGD, gossip averaging) and the sequential engine that runs
 * all nodes in lockstep in one thread (the oracle and speed baseline of every other engine).
 *
 * <p>Plain Java: no actors, no threads of their own, no global state, no I/O beyond the
 * explicit data loaders. Depends only on {@code io.dlsim.topologies} and, in {@code linalg},
 * nd4j-native for large dense products.
 */
package io.dlsim.algorithms;

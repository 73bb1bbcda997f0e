/**
 * The per-node algorithm state machines: D-SGD, DSPG, DPSVRG, the exact methods, CHOCO-SGD
 * (compressed gossip) and pure gossip averaging, and the
 * centralized SGD baseline. Each is one class, the single place where its update rule lives;
 * every engine drives it through {@link io.dlsim.algorithms.optim.NodeAlgorithm} and only moves
 * messages. Each class nests its {@code Settings} record (the keys it takes, their defaults and
 * checks), listed in {@link io.dlsim.algorithms.optim.AlgorithmSettings#TYPES}. No actors, no
 * threads, no I/O.
 */
package io.dlsim.algorithms.optim;

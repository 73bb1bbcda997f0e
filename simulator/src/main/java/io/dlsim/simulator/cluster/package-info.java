/**
 * Cluster mode: the same scenario on a Pekko cluster of JVMs or containers. A coordinator
 * member waits for the expected workers (Receptionist), places the simulated nodes on them
 * ({@link io.dlsim.simulator.cluster.NodePlacement}), and each worker member builds and runs its
 * nodes in the same {@link io.dlsim.simulator.engine.NodeBlock}s as the embedded engine (the
 * coordinator fixes how many per member, so every member knows the whole layout).
 * Parameter vectors cross the network through a binary serializer, control messages as CBOR.
 */
package io.dlsim.simulator.cluster;

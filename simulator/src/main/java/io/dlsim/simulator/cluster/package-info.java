/**
 * Cluster mode: the same scenario on a Pekko cluster of JVMs or containers. A coordinator
 * member waits for the expected workers (Receptionist), places the simulated nodes on them
 * ({@link io.dlsim.simulator.cluster.NodePlacement}), and each worker member builds and runs its
 * nodes with the same {@link io.dlsim.simulator.engine.NodeWorker}s as the embedded engine.
 * Parameter vectors cross the network through a binary serializer, control messages as CBOR.
 */
package io.dlsim.simulator.cluster;

package io.dlsim.simulator.engine;

/**
 * Marker of control messages that cross the network as Jackson CBOR (bound in
 * {@code dlsim-cluster.conf}). Parameter vectors never do: see {@code io.dlsim.simulator.cluster.ParameterSerializer}.
 */
public interface CborSerializable {
}

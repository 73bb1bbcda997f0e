package io.dlsim.simulator.engine;

/**
 * How a worker reaches the worker of another simulated node. In one JVM this is an array of
 * actor references; in a cluster it routes through the member that hosts the node. The worker
 * code is the same either way.
 */
@FunctionalInterface
public interface PeerDirectory {
    void send(int node, NodeWorker.Command message);
}

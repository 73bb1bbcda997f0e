package io.dlsim.simulator.engine;

/**
 * How a {@link NodeBlock} reaches another block. In one JVM this is an array of actor
 * references; in a cluster it routes through the member that hosts the block. The block code is
 * the same either way.
 */
@FunctionalInterface
public interface BlockDirectory {
    void send(int block, NodeBlock.Command message);
}

/**
 * The engines behind one seam: {@link io.dlsim.simulator.engine.Engine}, chosen by
 * {@link io.dlsim.simulator.engine.EngineType} (sequential, actors, cluster), runs a
 * {@link io.dlsim.simulator.run.PreparedRun}. The sequential engine is the oracle of the
 * {@code algorithms} module, adapted here unchanged. The actor engine (Apache Pekko typed) runs
 * the simulated nodes in {@link io.dlsim.simulator.engine.NodeBlock}s of contiguous ids
 * ({@link io.dlsim.simulator.engine.BlockLayout}), thin shells that move messages (one batch per
 * block pair and round) around the shared algorithm state machine
 * ({@link io.dlsim.algorithms.optim.NodeAlgorithm}), and a
 * {@link io.dlsim.simulator.engine.Coordinator} that gathers evaluation snapshots and is never
 * on the gossip path (in one JVM it has the blocks compute x̄'s pass over their shards and sums
 * the terms); the cluster ({@code io.dlsim.simulator.cluster}) reuses both, with the coordinator
 * evaluating x̄ itself. Asynchronous runs ({@code execution: asynchronous}) run on
 * {@link io.dlsim.simulator.engine.EventBlocks}: the discrete-event engine cut into the same
 * blocks, advanced window by window of simulated time. Same maths
 * as the sequential engine, bit for bit. Depends on {@code run} for what it runs only; knows no
 * scenario file, report or CLI.
 */
package io.dlsim.simulator.engine;

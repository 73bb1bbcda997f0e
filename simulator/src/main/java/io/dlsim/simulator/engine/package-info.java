/**
 * The actor engine (Apache Pekko typed): one {@link io.dlsim.simulator.engine.NodeWorker} per
 * simulated node, a thin shell that moves messages around the shared algorithm state machine
 * ({@link io.dlsim.algorithms.optim.NodeAlgorithm}), and a
 * {@link io.dlsim.simulator.engine.Coordinator} that gathers evaluation snapshots and is never
 * on the gossip path. Same maths as the sequential engine, bit for bit.
 */
package io.dlsim.simulator.engine;

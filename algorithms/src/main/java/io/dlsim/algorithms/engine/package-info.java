/**
 * What every engine shares: the gossip combination in ascending node id order, per-node
 * minibatch sampling and counters, the rules of simulated time ({@link io.dlsim.algorithms.engine.RoundClock})
 * and churn ({@link io.dlsim.algorithms.engine.ChurnRound}), the sequential engine (all nodes in
 * lockstep in one thread), which is the oracle every other engine must match bit for bit, and the
 * discrete-event engine of asynchronous runs ({@link io.dlsim.algorithms.engine.EventEngine}). No
 * threads, no I/O.
 */
package io.dlsim.algorithms.engine;

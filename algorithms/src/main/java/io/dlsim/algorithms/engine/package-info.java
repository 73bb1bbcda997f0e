/**
 * What every engine shares: the gossip combination in ascending node id order, per-node
 * minibatch sampling and counters, and the sequential engine (all nodes in lockstep in one
 * thread), which is the oracle every other engine must match bit for bit. No threads, no I/O.
 */
package io.dlsim.algorithms.engine;

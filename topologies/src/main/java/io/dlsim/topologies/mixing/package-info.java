/**
 * Mixing (gossip) matrices W: their sparse row storage, the rules that derive W from a graph
 * (Metropolis–Hastings, max-degree, uniform, lazy, explicit) and the validation every W goes
 * through before use. Pure maths; depends only on {@code io.dlsim.topologies.graph}.
 */
package io.dlsim.topologies.mixing;

/**
 * Metric maths (consensus distance, loss and accuracy of the averaged model, generalization
 * gap, optimality gap against a centralized FISTA solution) and metric sinks. Plain Java; depends
 * on {@code io.dlsim.algorithms} and {@code io.dlsim.topologies}, never on the simulator.
 */
package io.dlsim.metrics;

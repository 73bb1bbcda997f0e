/**
 * Metric maths (consensus distance, loss and accuracy of the averaged model, generalization
 * gap, optimality gap against a centralized FISTA solution) and the metric registry
 * ({@link io.dlsim.metrics.MetricsRow#METRICS}, one {@link io.dlsim.metrics.Metric} per quantity)
 * from which every sink derives its columns. Plain Java (Prometheus names are plain strings
 * here; no Micrometer); depends on {@code io.dlsim.algorithms} and {@code io.dlsim.topologies},
 * never on the simulator.
 */
package io.dlsim.metrics;

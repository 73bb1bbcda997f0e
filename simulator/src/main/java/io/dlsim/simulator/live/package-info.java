/**
 * Live metrics of a running simulation for Prometheus and Grafana: a Micrometer
 * {@link io.micrometer.prometheusmetrics.PrometheusMeterRegistry} with JVM metrics
 * ({@link io.dlsim.simulator.live.LiveRegistry}), the per-run gauges and counters fed from each
 * {@link io.dlsim.metrics.MetricsRow} ({@link io.dlsim.simulator.live.LiveMetrics}; how the
 * names derive from the registries is stated there), and the {@code /metrics} endpoint on the JDK's
 * {@code com.sun.net.httpserver.HttpServer} ({@link io.dlsim.simulator.live.PrometheusEndpoint}).
 *
 * <p>Meters are low-cardinality: tags are the run labels (scenario, run, algorithm, topology)
 * and the JVM's {@code member} name, never a node id. Plain classes, no global registry (never
 * {@code Metrics.globalRegistry}): the caller creates one {@code LiveRegistry} per JVM and passes
 * it on. Depends on {@code io.dlsim.metrics} (the metric registry), {@code io.dlsim.topologies}
 * (the topology facts) and {@code io.dlsim.simulator.report} (for the run labels); must not
 * depend on the actor or CLI packages.
 */
package io.dlsim.simulator.live;

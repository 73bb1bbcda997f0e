package io.dlsim.metrics;

/** Receives the metrics rows of a run as they are evaluated, in round order. */
@FunctionalInterface
public interface RunObserver {
    void onRow(MetricsRow row);
}

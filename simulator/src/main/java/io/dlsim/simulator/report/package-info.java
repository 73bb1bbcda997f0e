/**
 * The run outputs that stay after a run: the per-run results folder ({@link
 * io.dlsim.simulator.report.RunResultsWriter}: {@code scenario.yaml}, {@code run.json},
 * {@code metrics.csv}, {@code summary.json}, the {@code INCOMPLETE} marker), its reader
 * ({@link io.dlsim.simulator.report.MetricsCsv}, {@link io.dlsim.simulator.report.RunData}),
 * the experiment report (charts drawn by its own layout as 2x PNG and SVG with text, {@code runs.csv}, {@code comparison.csv},
 * the seed aggregation {@code aggregate.csv}, one self-contained {@code report.html}),
 * TensorBoard event files, and the console side (progress line, final summary table). Swept
 * values are written as {@link io.dlsim.simulator.scenario.Scenario#valueText} gives them, the
 * one rule the run names follow too.
 *
 * <p>Plain classes: no actors, no threads of their own (except an optional shutdown hook), no global state beyond setting {@code java.awt.headless} before
 * the first chart. Depends on {@code io.dlsim.metrics} for {@link io.dlsim.metrics.MetricsRow}
 * and its metric registry, from which every file, table and plot here takes its columns;
 * must not depend on the actor, cluster or CLI packages (they call this package, not the other
 * way round).
 */
package io.dlsim.simulator.report;

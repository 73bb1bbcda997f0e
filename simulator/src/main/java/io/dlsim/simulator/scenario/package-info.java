/**
 * Scenario files: YAML parsed by Jackson into a tree, changed by the command line's
 * {@code --set} / {@code --sweep} ({@link io.dlsim.simulator.scenario.ScenarioOverrides}),
 * sweeps expanded on the tree, then bound
 * by Jackson databind into the settings records that the maths modules define (one per
 * {@code type:}) and into {@link io.dlsim.simulator.scenario.Scenario}. Every error of a file is
 * collected and reported at once. Every error
 * names the file, the path in the file and the reason ({@code algorithm.step-size: must be > 0,
 * got -1}); unknown keys get a "did you mean". Polymorphic sections resolve {@code type:} through
 * explicit registries, never reflection on class names.
 */
package io.dlsim.simulator.scenario;

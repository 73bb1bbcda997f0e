/**
 * The system model of a run (DESIGN.md section 2a): how long a node's local step takes and how
 * long a message takes to arrive, as pure functions of the scenario and its seed. Settings
 * ({@link io.dlsim.algorithms.system.SystemSettings}, the scenario's {@code system:} section) and
 * the draws ({@link io.dlsim.algorithms.system.SystemModel}); the synchronous round rule that
 * turns them into every node's clock is {@link io.dlsim.algorithms.engine.RoundClock}. Time is
 * simulated, never measured. No actors, no threads, no I/O.
 */
package io.dlsim.algorithms.system;

/**
 * Step-size schedules {@code eta_t} for round {@code t = 0, 1, ...}: constant (DPSVRG),
 * {@code eta_0 / sqrt(t + 1)} (the usual DSPG choice), step decay and cosine annealing, and
 * {@link io.dlsim.algorithms.stepsize.StepSchedule}, one settings record per schedule, with
 * validation.
 *
 * <p>Pure functions of {@code t}: immutable, thread-safe, allocation-free, and computed with
 * {@code StrictMath} so that every JVM gives the same bits. Must not depend on actors, threads,
 * global state or I/O; depends only on the JDK.
 */
package io.dlsim.algorithms.stepsize;

/**
 * {@code dlsim bench}: fixed workloads timed on the sequential and the actor engine, reported as
 * node-steps per second and their ratio. Benchmarks, not tests: nothing here asserts a time.
 */
package io.dlsim.simulator.bench;

/**
 * JMH benchmarks that justify the numeric choices of the module: {@code GemmBench} (plain Java
 * against nd4j products, which sets {@code MatMul.DEFAULT_THRESHOLD}), {@code ModelBench}
 * (minibatch gradient throughput of the models), {@code KernelBench} (the exact many-row kernels
 * of {@code Dataset}: rows side by side, stripes, in and out of cache) and
 * {@code SequentialEngineBench} (node-steps per second). Run through the {@code jmh} Maven profile, see
 * {@code algorithms/BENCHMARKS.md}. Not unit tests: nothing here runs under Surefire. Depends
 * only on the main code of the module and JMH.
 */
package io.dlsim.algorithms.bench;

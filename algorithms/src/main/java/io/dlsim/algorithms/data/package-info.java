/**
 * Data sets and everything that prepares them for a run. Depends only on the JDK and
 * {@code io.dlsim.topologies.settings} (the settings records' checks and type registries): no
 * threads, no global state, and no I/O beyond the explicit loaders.
 * <ul>
 *   <li>{@link io.dlsim.algorithms.data.Dataset}: immutable dense or sparse features with class or
 *       real labels;</li>
 *   <li>loaders for LIBSVM, CSV, IDX (MNIST, Fashion-MNIST) and CIFAR-10 binary files, whose
 *       errors are {@link io.dlsim.algorithms.data.DataFormatException}s naming file and line or
 *       record; {@link io.dlsim.algorithms.data.Datasets} for the sets under
 *       {@code scenarios/data/};</li>
 *   <li>seeded {@link io.dlsim.algorithms.data.TrainTestSplit}s, a
 *       {@link io.dlsim.algorithms.data.Standardizer} fitted on training data, and
 *       {@link io.dlsim.algorithms.data.Synthetic} problems with a known ground truth;</li>
 *   <li>{@link io.dlsim.algorithms.data.DataSource}: what a run asks for (one settings record per
 *       data type) and how it is loaded;</li>
 *   <li>{@link io.dlsim.algorithms.data.Partitioner}s (IID, Dirichlet label skew, label shards,
 *       quantity skew) producing a {@link io.dlsim.algorithms.data.Partition} across nodes.</li>
 * </ul>
 * Randomness comes only from the {@link java.util.SplittableRandom} a caller passes in.
 */
package io.dlsim.algorithms.data;

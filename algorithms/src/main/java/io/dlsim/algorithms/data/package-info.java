/**
 * Data sets (dense or sparse features, class or real labels), their loaders (LIBSVM, CSV, IDX,
 * CIFAR-10 binary), seeded synthetic generators, and the partitioners that split a data set
 * across nodes. Depends only on the JDK.
 */
package io.dlsim.algorithms.data;

package io.dlsim.algorithms.model;

import io.dlsim.algorithms.data.Dataset;

/** Argument checks shared by the models; messages name the field or the data set. */
final class Checks {
    private Checks() {
    }

    static void inputDimension(int d) {
        if (d < 1) {
            throw new IllegalArgumentException("input-dimension: must be >= 1, got " + d);
        }
    }

    static void classes(int k) {
        if (k < 2) {
            throw new IllegalArgumentException("classes: must be >= 2, got " + k);
        }
    }

    static int parameterCount(long count, String what) {
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("model: " + what + " has " + count
                    + " parameters, more than one double[] can hold");
        }
        return (int) count;
    }

    static void vector(String name, double[] v, int expected) {
        if (v.length != expected) {
            throw new IllegalArgumentException(name + " has length " + v.length + ", the model has " + expected
                    + " parameters");
        }
    }

    /** The data set has the model's input dimension and, when {@code classes > 0}, that many classes. */
    static void data(Dataset data, int inputDimension, int classes, String modelName) {
        if (data.dimension() != inputDimension) {
            throw new IllegalArgumentException("data set '" + data.name() + "' has dimension " + data.dimension()
                    + ", the " + modelName + " model expects " + inputDimension);
        }
        if (classes > 0 && data.numClasses() != classes) {
            throw new IllegalArgumentException("data set '" + data.name() + "' has "
                    + (data.numClasses() == 0 ? "real targets (regression)" : data.numClasses() + " classes")
                    + ", the " + modelName + " model expects " + classes + " classes");
        }
    }

    static void nonEmpty(Dataset data) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("data set '" + data.name() + "' is empty");
        }
    }

    static void batch(int[] batch, int batchSize) {
        if (batchSize < 1 || batchSize > batch.length) {
            throw new IllegalArgumentException("batch size must be in 1.." + batch.length + " (the index array's length), got "
                    + batchSize);
        }
    }

    /** The gradient buffer is not the parameter vector (w is only read; the loops read it after writing the gradient). */
    static void distinct(double[] w, double[] gradOut) {
        if (w == gradOut) {
            throw new IllegalArgumentException("gradOut must not be w: w is only read, gradOut is overwritten");
        }
    }
}

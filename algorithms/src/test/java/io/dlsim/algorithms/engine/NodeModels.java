package io.dlsim.algorithms.engine;

import io.dlsim.algorithms.optim.NodeAlgorithm;
import java.util.List;

/** Test arithmetic over the nodes' models: their mean and how far they are from a point. */
public final class NodeModels {
    private NodeModels() {
    }

    /** The mean of the nodes' models, summed in node order, then divided. */
    public static double[] mean(List<NodeAlgorithm> nodes) {
        double[] m = new double[nodes.get(0).parameters().length];
        for (NodeAlgorithm node : nodes) {
            for (int c = 0; c < m.length; c++) {
                m[c] += node.parameters()[c];
            }
        }
        for (int c = 0; c < m.length; c++) {
            m[c] /= nodes.size();
        }
        return m;
    }

    /** {@code sum_i ||x_i - point||^2}. */
    public static double squaredDistances(List<NodeAlgorithm> nodes, double[] point) {
        double s = 0;
        for (NodeAlgorithm node : nodes) {
            for (int c = 0; c < point.length; c++) {
                double e = node.parameters()[c] - point[c];
                s += e * e;
            }
        }
        return s;
    }
}

package io.dlsim.topologies;

import io.dlsim.topologies.graph.Graph;
import io.dlsim.topologies.mixing.MixingMatrix;

/**
 * A built static topology: the graph, the validated mixing matrix W and how W was obtained.
 *
 * @param type the topology type name
 * @param graph the communication graph (W's support lies within it plus the diagonal)
 * @param mixing the rule name that produced W (before any laziness)
 * @param matrix the validated W
 * @param lazyAlpha the laziness alpha applied ({@code 1} for none)
 * @param promisedDoublyStochastic whether the rule guarantees columns summing to 1 (checked)
 */
public record Topology(String type, Graph graph, String mixing, MixingMatrix matrix, double lazyAlpha,
        boolean promisedDoublyStochastic) {
}

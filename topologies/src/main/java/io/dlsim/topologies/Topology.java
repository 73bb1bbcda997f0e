package io.dlsim.topologies;

import io.dlsim.topologies.graph.Graph;
import io.dlsim.topologies.mixing.MixingMatrix;
import io.dlsim.topologies.mixing.Stochasticity;

/**
 * A built static topology: the graph, the validated mixing matrix W and how W was obtained.
 *
 * @param type the topology type name
 * @param graph the communication graph (W's support lies within it plus the diagonal)
 * @param mixing the rule name that produced W (before any laziness)
 * @param matrix the validated W
 * @param lazyAlpha the laziness alpha applied ({@code 1} for none)
 * @param promised the sums the rule guarantees (checked): rows, columns or both
 */
public record Topology(String type, Graph graph, String mixing, MixingMatrix matrix, double lazyAlpha,
        Stochasticity promised) {

    /** Whether the rule guarantees rows and columns summing to 1 (checked). */
    public boolean promisedDoublyStochastic() {
        return promised == Stochasticity.DOUBLY;
    }
}

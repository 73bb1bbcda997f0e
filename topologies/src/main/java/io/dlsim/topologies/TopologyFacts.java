package io.dlsim.topologies;

import io.dlsim.topologies.graph.Graph;
import io.dlsim.topologies.mixing.MixingMatrix;
import io.dlsim.topologies.mixing.MixingValidator;
import io.dlsim.topologies.mixing.Stochasticity;
import io.dlsim.topologies.spectra.SpectralSummary;
import io.dlsim.topologies.spectra.Spectra;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * What is reported about a communication graph and its mixing matrix W: the one record behind
 * {@code dlsim topology --format json}, the topology part of a run's {@code summary.json} and
 * the live topology gauges, so that each fact has one name everywhere (the component name,
 * e.g. {@code degreeMin}; the gauge is {@code dlsim_topology_degree_min}). The spectral
 * quantities are defined in {@link SpectralSummary} (DESIGN.md section 3).
 *
 * <p>{@link #FACTS} lists every component in order with its value; {@link #asMap()} and every
 * sink walk it, so a new fact is one component plus one entry there.
 *
 * @param nodes number of nodes n
 * @param edges number of edges of the graph (arcs when directed)
 * @param symmetric whether W is symmetric (within {@link Spectra#SYMMETRY_TOLERANCE})
 * @param doublyStochastic whether W's rows and columns sum to 1 (within {@link MixingValidator#TOLERANCE})
 * @param columnStochastic whether W's columns sum to 1 (push-sum weights; true when doubly stochastic)
 * @param lambda2 second largest eigenvalue of W; NaN when W is not symmetric
 * @param lambdaMin smallest eigenvalue of W; NaN when W is not symmetric
 * @param lambda {@code ||W - 11^T/n||_2}
 * @param spectralGap {@code 1 - lambda}
 * @param spectralGapSquared {@code 1 - lambda^2}
 * @param directed whether the graph is directed
 * @param degreeMin smallest node degree (of in- and out-degrees when directed)
 * @param degreeMax largest node degree (of in- and out-degrees when directed)
 * @param spectraMethod how the spectra were computed, e.g. {@code dense-eigen}, {@code lanczos}
 * @param spectraConverged false only when an iterative method stopped at its iteration limit
 */
public record TopologyFacts(int nodes, long edges, boolean symmetric, boolean doublyStochastic, boolean columnStochastic,
        double lambda2,
        double lambdaMin, double lambda, double spectralGap, double spectralGapSquared, boolean directed, int degreeMin,
        int degreeMax, String spectraMethod, boolean spectraConverged) {

    /** Requires the method's name. */
    public TopologyFacts {
        Objects.requireNonNull(spectraMethod, "spectraMethod");
    }

    /**
     * The facts of a graph, a mixing matrix on it and the matrix's spectra.
     *
     * @param graph the communication graph (for a run: W(0)'s support graph)
     * @param w the mixing matrix
     * @param spectra the spectral quantities of {@code w}
     */
    public static TopologyFacts of(Graph graph, MixingMatrix w, SpectralSummary spectra) {
        return new TopologyFacts(graph.n(), graph.edgeCount(), w.isSymmetric(Spectra.SYMMETRY_TOLERANCE),
                w.isDoublyStochastic(MixingValidator.TOLERANCE),
                columnStochastic(w), spectra.lambda2(), spectra.lambdaMin(), spectra.lambda(),
                spectra.spectralGap(), spectra.spectralGapSquared(), graph.isDirected(), graph.minDegree(),
                graph.maxDegree(), spectra.method(), spectra.converged());
    }

    private static boolean columnStochastic(MixingMatrix w) {
        Stochasticity s = Stochasticity.of(w, MixingValidator.TOLERANCE);
        return s != null && s.columns();
    }

    /**
     * One fact: its name (the component's), a description, its value, and, for a numeric fact,
     * the value as a double (what a gauge shows); {@code number} is null for the others.
     */
    public record Fact(String name, String description, Function<TopologyFacts, Object> value,
            ToDoubleFunction<TopologyFacts> number) {

        /** Requires name, description and value. */
        public Fact {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(value, "value");
        }

        /** Whether the fact is a number (else a flag or a name). */
        public boolean isNumber() {
            return number != null;
        }

        private static Fact count(String name, String description, ToLongFunction<TopologyFacts> f) {
            return new Fact(name, description, t -> f.applyAsLong(t), t -> f.applyAsLong(t));
        }

        private static Fact real(String name, String description, ToDoubleFunction<TopologyFacts> f) {
            return new Fact(name, description, t -> f.applyAsDouble(t), f);
        }

        private static Fact other(String name, String description, Function<TopologyFacts, Object> f) {
            return new Fact(name, description, f, null);
        }
    }

    /** Every fact, in component order. */
    public static final List<Fact> FACTS = List.of(
            Fact.count("nodes", "Number of nodes", TopologyFacts::nodes),
            Fact.count("edges", "Number of edges (arcs when directed)", TopologyFacts::edges),
            Fact.other("symmetric", "Whether W is symmetric", TopologyFacts::symmetric),
            Fact.other("doublyStochastic", "Whether the rows and the columns of W sum to 1", TopologyFacts::doublyStochastic),
            Fact.other("columnStochastic", "Whether the columns of W sum to 1 (what push-sum needs)",
                    TopologyFacts::columnStochastic),
            Fact.real("lambda2", "Second largest eigenvalue of W", TopologyFacts::lambda2),
            Fact.real("lambdaMin", "Smallest eigenvalue of W", TopologyFacts::lambdaMin),
            Fact.real("lambda", "||W - 11^T/n||_2", TopologyFacts::lambda),
            Fact.real("spectralGap", "1 - lambda", TopologyFacts::spectralGap),
            Fact.real("spectralGapSquared", "1 - lambda^2", TopologyFacts::spectralGapSquared),
            Fact.other("directed", "Whether the graph is directed", TopologyFacts::directed),
            Fact.count("degreeMin", "Smallest node degree", TopologyFacts::degreeMin),
            Fact.count("degreeMax", "Largest node degree", TopologyFacts::degreeMax),
            Fact.other("spectraMethod", "How the spectra were computed", TopologyFacts::spectraMethod),
            Fact.other("spectraConverged", "Whether the spectral solver converged", TopologyFacts::spectraConverged));

    /** The facts keyed by name, in {@link #FACTS} order (longs, doubles, booleans and a string). */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        FACTS.forEach(f -> m.put(f.name(), f.value().apply(this)));
        return m;
    }
}

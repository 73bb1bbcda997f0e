package io.dlsim.topologies;

import io.dlsim.topologies.graph.Graph;
import io.dlsim.topologies.graph.GraphFiles;
import io.dlsim.topologies.graph.GraphGenerators;
import io.dlsim.topologies.mixing.MixingMatrix;
import io.dlsim.topologies.mixing.MixingRule;
import io.dlsim.topologies.mixing.MixingValidator;
import io.dlsim.topologies.mixing.Stochasticity;
import io.dlsim.topologies.spectra.TargetGap;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Builds a {@link Topology} from a {@link TopologySpec}: the registry of topology type names
 * used on the command line and in scenario files, their parameters, the default mixing rule,
 * laziness and target-gap tuning. Every user error is a {@link TopologyException} naming the
 * parameter.
 *
 * <p>Types and parameters: {@code ring}, {@code path}, {@code star}, {@code complete},
 * {@code hypercube}, {@code exponential}, {@code exponential-directed} (none);
 * {@code grid}, {@code torus} ({@code rows}, {@code cols}; default the most square shape);
 * {@code erdos-renyi} ({@code p}, {@code max-tries}); {@code erdos-renyi-directed} ({@code p},
 * {@code max-tries}: every ordered pair is an arc with probability p); {@code regular} ({@code d},
 * {@code max-tries}); {@code small-world} ({@code k} = 4, {@code beta} = 0.1, {@code max-tries});
 * {@code file} ({@code path}, {@code format} = auto|edges|matrix, {@code directed} = false).
 *
 * <p>Default mixing rule: {@code metropolis-hastings}, except a directed graph
 * ({@code exponential-directed}, {@code erdos-renyi-directed}, or a {@code file} read with
 * {@code directed=true}: {@code uniform}, row stochastic; {@code column-stochastic} is the
 * other rule that accepts one) and a {@code file} that carries weights ({@code explicit}: its
 * own matrix, row stochastic or, when only its columns sum to 1, column stochastic).
 */
public final class TopologyFactory {
    /** A generator of one topology type. */
    @FunctionalInterface
    private interface Source {
        Graph build(int nodes, Params params, SplittableRandom rng);
    }

    private static final Map<String, Source> SOURCES = new LinkedHashMap<>();

    static {
        SOURCES.put("ring", (n, p, r) -> GraphGenerators.ring(n));
        SOURCES.put("path", (n, p, r) -> GraphGenerators.path(n));
        SOURCES.put("star", (n, p, r) -> GraphGenerators.star(n));
        SOURCES.put("complete", (n, p, r) -> GraphGenerators.complete(n));
        SOURCES.put("grid", (n, p, r) -> lattice(n, p, false));
        SOURCES.put("torus", (n, p, r) -> lattice(n, p, true));
        SOURCES.put("hypercube", (n, p, r) -> GraphGenerators.hypercube(n));
        SOURCES.put("exponential", (n, p, r) -> GraphGenerators.exponential(n));
        SOURCES.put("exponential-directed", (n, p, r) -> GraphGenerators.exponentialDirected(n));
        SOURCES.put("erdos-renyi", (n, p, r) -> GraphGenerators.erdosRenyi(n, p.requiredReal("p"), r,
                p.integer("max-tries", GraphGenerators.DEFAULT_MAX_TRIES)));
        SOURCES.put("erdos-renyi-directed", (n, p, r) -> GraphGenerators.erdosRenyiDirected(n, p.requiredReal("p"), r,
                p.integer("max-tries", GraphGenerators.DEFAULT_MAX_TRIES)));
        SOURCES.put("regular", (n, p, r) -> GraphGenerators.randomRegular(n, p.requiredInteger("d"), r,
                p.integer("max-tries", GraphGenerators.DEFAULT_MAX_TRIES)));
        SOURCES.put("small-world", (n, p, r) -> GraphGenerators.wattsStrogatz(n, p.integer("k", 4),
                p.real("beta", 0.1), r, p.integer("max-tries", GraphGenerators.DEFAULT_MAX_TRIES)));
        SOURCES.put("file", (n, p, r) -> {
            throw new AssertionError("file is read in build()");
        });
    }

    /** The topology type names, in documentation order. */
    public static final List<String> TYPES = List.copyOf(SOURCES.keySet());

    private TopologyFactory() {
    }

    /** Builds and validates the topology; throws {@link TopologyException} on any user error. */
    public static Topology build(TopologySpec spec) {
        String type = spec.type() == null ? "" : spec.type().toLowerCase(Locale.ROOT);
        Source source = SOURCES.get(type);
        if (source == null) {
            throw new TopologyException("topology.type: unknown type '" + spec.type() + "'"
                    + Suggestions.didYouMean(spec.type() == null ? "" : spec.type(), TYPES) + "; known types: " + String.join(", ", TYPES));
        }
        Params params = new Params("topology", spec.params());
        Graph graph;
        MixingMatrix fileWeights = null;
        if (type.equals("file")) {
            String path = params.requiredString("path");
            String fmt = params.string("format", "auto");
            GraphFiles.Format format;
            try {
                format = GraphFiles.Format.valueOf(fmt.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TopologyException("topology.format: must be auto, edges or matrix, got '" + fmt + "'");
            }
            GraphFiles.Loaded loaded = GraphFiles.read(Path.of(path), format, params.bool("directed", false));
            graph = loaded.graph();
            fileWeights = loaded.weights();
            if (spec.nodes() > 0 && spec.nodes() != graph.n()) {
                throw new TopologyException("nodes: " + spec.nodes() + " given, but " + path + " has " + graph.n() + " nodes");
            }
        } else {
            graph = source.build(spec.nodes(), params, new SplittableRandom(spec.seed()));
        }
        params.requireAllUsed("topology type '" + type + "'");

        String ruleName = spec.mixing() != null ? spec.mixing()
                : fileWeights != null ? "explicit"
                : graph.isDirected() ? "uniform" : "metropolis-hastings";
        MixingRule rule = MixingRule.byName(ruleName);
        MixingMatrix w;
        Stochasticity promised;
        if (rule == MixingRule.EXPLICIT) {
            if (fileWeights == null) {
                throw new TopologyException("mixing: 'explicit' needs a topology of type 'file' whose file gives weights "
                        + "('i j w' lines or a full matrix)");
            }
            // A file's matrix is row stochastic unless its columns, and only they, sum to 1
            // (push-sum weights); anything else is reported against its rows.
            Stochasticity found = Stochasticity.of(fileWeights, MixingValidator.TOLERANCE);
            promised = found == Stochasticity.COLUMN ? Stochasticity.COLUMN : Stochasticity.ROW;
            MixingValidator.validate(fileWeights, graph, promised, "explicit matrix from " + params.string("path", "file"));
            w = fileWeights;
        } else {
            w = rule.apply(graph);
            promised = rule.promises(graph);
        }

        // After the weights are checked, so a bad matrix file is reported as such.
        if (!graph.isConnected()) {
            throw new TopologyException("topology: the " + type + " graph is not " + (graph.isDirected() ? "strongly " : "")
                    + "connected, so gossip never reaches consensus");
        }

        double alpha = 1;
        if (spec.lazy() != null && spec.targetGap() != null) {
            throw new TopologyException("lazy and target-gap: give one or the other (target-gap chooses the laziness)");
        }
        if (spec.lazy() != null) {
            alpha = spec.lazy();
            if (!(alpha > 0 && alpha <= 1)) {
                throw new TopologyException("lazy: must be in (0, 1], got " + spec.lazy());
            }
            w = w.lazy(alpha);
        } else if (spec.targetGap() != null) {
            if (promised == Stochasticity.COLUMN) {
                throw new TopologyException("target-gap: tunes the spectral gap of a row or doubly stochastic W; "
                        + "the column-stochastic weights of this topology have none to tune (use lazy)");
            }
            TargetGap.Tuned tuned = TargetGap.tune(w, spec.targetGap());
            alpha = tuned.alpha();
            w = tuned.matrix();
        }
        if (alpha != 1) {
            MixingValidator.validate(w, graph, promised, "lazy(" + alpha + ") " + rule.cliName());
        }
        return new Topology(type, graph, rule.cliName(), w, alpha, promised);
    }

    private static Graph lattice(int n, Params p, boolean periodic) {
        int rows;
        int cols;
        if (p.has("rows") || p.has("cols")) {
            rows = p.integer("rows", 0);
            cols = p.integer("cols", 0);
            if (rows == 0 && cols > 0 && n % cols == 0) {
                rows = n / cols;
            }
            if (cols == 0 && rows > 0 && n % rows == 0) {
                cols = n / rows;
            }
            if (rows <= 0 || cols <= 0 || (long) rows * cols != n) {
                throw new TopologyException("topology.rows x topology.cols: must multiply to nodes = " + n
                        + ", got rows=" + p.string("rows", "?") + ", cols=" + p.string("cols", "?"));
            }
        } else {
            GraphGenerators.requireNodes(n, 2);
            int[] shape = GraphGenerators.squarestShape(n);
            rows = shape[0];
            cols = shape[1];
        }
        return periodic ? GraphGenerators.torus(rows, cols) : GraphGenerators.grid(rows, cols);
    }
}

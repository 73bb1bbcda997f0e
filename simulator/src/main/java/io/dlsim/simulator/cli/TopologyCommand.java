package io.dlsim.simulator.cli;

import io.dlsim.topologies.Topology;
import io.dlsim.topologies.TopologyFactory;
import io.dlsim.topologies.TopologyFacts;
import io.dlsim.topologies.TopologySpec;
import io.dlsim.topologies.UserInputException;
import io.dlsim.topologies.graph.GraphFiles;
import io.dlsim.topologies.spectra.SpectralSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dlsim topology TYPE --nodes N ...}: builds a topology and its mixing matrix, prints the
 * graph facts and the spectral quantities, and optionally exports W as a weighted edge list.
 */
@Command(name = "topology", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Build a topology and mixing matrix W and print its spectral quantities.",
            "Types: ring, path, star, complete, grid, torus, hypercube, exponential, exponential-directed,"
                + " erdos-renyi, regular, small-world, file.",
            "Parameters (--param): grid/torus rows, cols; erdos-renyi p, max-tries; regular d, max-tries;"
                + " small-world k (4), beta (0.1), max-tries; file path, format (auto|edges|matrix), directed."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:success", "1:internal error", "2:bad arguments or invalid topology"})
public final class TopologyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TYPE", description = "Topology type (see above).")
    String type;

    @Option(names = {"-n", "--nodes"}, paramLabel = "N", description = "Number of nodes (optional for 'file').")
    Integer nodes;

    @Option(names = "--param", paramLabel = "KEY=VALUE", description = "Type parameter, repeatable, e.g. --param d=4.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--mixing", paramLabel = "RULE",
            description = "metropolis-hastings (default), max-degree, uniform (default for exponential-directed), explicit.")
    String mixing;

    @Option(names = "--lazy", paramLabel = "ALPHA", description = "Use alpha*W + (1-alpha)*I, alpha in (0, 1].")
    Double lazy;

    @Option(names = "--target-gap", paramLabel = "G", description = "Tune the laziness so that the spectral gap equals G.")
    Double targetGap;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of random graphs (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--format", paramLabel = "FMT", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Option(names = "--spectra", paramLabel = "METHOD", defaultValue = "auto",
            description = "auto, dense, circulant, tridiagonal or iterative (default: ${DEFAULT-VALUE}).")
    SpectraMethod spectraMethod;

    @Option(names = "--export", paramLabel = "FILE", description = "Write W as a weighted edge list 'i j w' (reads back with type file).")
    Path export;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (nodes == null && !"file".equals(type)) {
            throw new UserInputException("--nodes: required for topology type '" + type + "'");
        }
        Topology topology;
        try {
            topology = TopologyFactory.build(new TopologySpec(type, nodes == null ? 0 : nodes, params, mixing, lazy, targetGap, seed));
        } catch (IllegalArgumentException e) {
            // Every argument came from the command line, so whatever the library refuses is bad input.
            throw UserInputException.wrap("", e);
        }
        long start = System.nanoTime();
        SpectralSummary s = spectraMethod.compute(topology.matrix());
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> out = describe(topology, s);
        out.put("spectraSeconds", seconds);
        spec.commandLine().getOut().print(format.render(out));
        spec.commandLine().getOut().flush();
        if (export != null) {
            try {
                GraphFiles.writeWeightedEdgeList(topology.matrix(), export, topology.type() + " n=" + topology.graph().n()
                        + " mixing=" + topology.mixing() + (topology.lazyAlpha() != 1 ? " lazy=" + topology.lazyAlpha() : ""));
            } catch (IOException e) {
                throw new UserInputException("--export: cannot write " + export + " (" + e.getMessage() + ")", e);
            }
            if (format == OutputFormat.table) {
                spec.commandLine().getOut().println("exported W to " + export);
            }
        }
        return 0;
    }

    /**
     * What is printed for a topology: its type, the {@link TopologyFacts} (by their names), and
     * how W was obtained. The keys scripts rely on come first, in the order the JSON format has
     * always had ({@code type, nodes, edges, mixing, symmetric, ...}), so {@code mixing} goes in
     * right after {@code edges}.
     */
    static Map<String, Object> describe(Topology t, SpectralSummary s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", t.type());
        TopologyFacts.of(t.graph(), t.matrix(), s).asMap().forEach((key, value) -> {
            out.put(key, value);
            if (key.equals("edges")) {
                out.put("mixing", t.mixing());
            }
        });
        out.put("lazy", t.lazyAlpha());
        return out;
    }
}

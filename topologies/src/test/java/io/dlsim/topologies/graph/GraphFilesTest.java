package io.dlsim.topologies.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dlsim.topologies.Topology;
import io.dlsim.topologies.TopologyException;
import io.dlsim.topologies.TopologyFactory;
import io.dlsim.topologies.TopologySpec;
import io.dlsim.topologies.mixing.MixingMatrix;
import io.dlsim.topologies.mixing.MixingRule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GraphFilesTest {
    @TempDir
    Path dir;

    private Path write(String name, String... lines) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return p;
    }

    private static TopologySpec fileSpec(Path p, String mixing, Map<String, String> extra) {
        Map<String, String> params = new HashMap<>(extra);
        params.put("path", p.toString());
        return new TopologySpec("file", 0, params, mixing, null, null, 0L);
    }

    private static Topology buildFile(Path p) {
        return TopologyFactory.build(fileSpec(p, null, Map.of()));
    }

    // ---- round trip ------------------------------------------------------------------------

    /** Row-stochastic W with arbitrary doubles (all 17 significant digits, tiny and subnormal). */
    private static MixingMatrix awkwardWeights() {
        SplittableRandom rng = new SplittableRandom(5);
        Graph g = GraphGenerators.erdosRenyi(25, 0.3, rng, 100);
        int n = g.n();
        int[][] cols = new int[n][];
        double[][] vals = new double[n][];
        for (int i = 0; i < n; i++) {
            int[] nb = g.inNeighbours(i);
            cols[i] = new int[nb.length + 1];
            vals[i] = new double[nb.length + 1];
            double off = 0;
            for (int k = 0; k < nb.length; k++) {
                cols[i][k] = nb[k];
                vals[i][k] = k == 0 && i % 5 == 0 ? Double.MIN_VALUE : k == 1 && i % 7 == 0 ? 1e-300 : rng.nextDouble() / (nb.length + 1);
                off += vals[i][k];
            }
            cols[i][nb.length] = i;
            vals[i][nb.length] = 1 - off;
        }
        return MixingMatrix.fromRows(n, cols, vals);
    }

    static Stream<Arguments> matrices() {
        return Stream.of(
                Arguments.of("ring 12 MH", TopologyFactory.build(TopologySpec.of("ring", 12)).matrix()),
                Arguments.of("torus 5x6 max-degree lazy 0.37", TopologyFactory.build(
                        new TopologySpec("torus", 30, Map.of("rows", "5"), "max-degree", 0.37, null, 0L)).matrix()),
                Arguments.of("star 9 uniform", TopologyFactory.build(TopologySpec.of("star", 9).withMixing("uniform")).matrix()),
                Arguments.of("exponential-directed 20", TopologyFactory.build(TopologySpec.of("exponential-directed", 20)).matrix()),
                Arguments.of("regular 40 target gap 0.03", TopologyFactory.build(
                        new TopologySpec("regular", 40, Map.of("d", "3"), null, null, 0.03, 9L)).matrix()),
                Arguments.of("small-world 30", TopologyFactory.build(
                        new TopologySpec("small-world", 30, Map.of(), null, null, null, 4L)).matrix()),
                Arguments.of("complete 3 uniform", TopologyFactory.build(TopologySpec.of("complete", 3).withMixing("uniform")).matrix()),
                Arguments.of("random weights", awkwardWeights()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrices")
    void weightedEdgeListRoundTripsBitForBit(String name, MixingMatrix w) throws IOException {
        Path p = dir.resolve("sub/dir/w.txt");
        GraphFiles.writeWeightedEdgeList(w, p, name);
        assertThat(Files.readString(p)).startsWith("# dlsim mixing matrix: " + name + "\n").contains("# nodes " + w.n() + "\n");

        GraphFiles.Loaded loaded = GraphFiles.read(p, GraphFiles.Format.AUTO, false);
        assertThat(loaded.weights()).isEqualTo(w);
        assertThat(loaded.graph()).isEqualTo(w.supportGraph());

        Topology t = TopologyFactory.build(fileSpec(p, "explicit", Map.of()));
        assertThat(t.matrix()).isEqualTo(w);
        assertThat(t.mixing()).isEqualTo("explicit");
        // Default rule for a weighted file is its own matrix too.
        assertThat(buildFile(p).matrix()).isEqualTo(w);
        // Every stored double is the same bits, not merely close.
        for (int i = 0; i < w.n(); i++) {
            assertThat(t.matrix().rowWeights(i)).containsExactly(w.rowWeights(i));
        }
    }

    // ---- reading ---------------------------------------------------------------------------

    @Test
    void plainEdgeListWithCommentsGetsTheDefaultRule() throws IOException {
        Path p = write("ring.txt", "# a 4-ring", "", "0 1", "1 2   # inline comment", "2,3", "3 0");
        Topology t = buildFile(p);
        assertThat(t.graph()).isEqualTo(GraphGenerators.ring(4));
        assertThat(t.mixing()).isEqualTo("metropolis-hastings");
        assertThat(t.matrix()).isEqualTo(MixingRule.METROPOLIS_HASTINGS.apply(GraphGenerators.ring(4)));
    }

    @Test
    void directedEdgeListReadsArcs() throws IOException {
        Path p = write("arcs.txt", "0 1", "1 2", "2 0");
        Topology t = TopologyFactory.build(fileSpec(p, null, Map.of("directed", "true", "format", "edges")));
        assertThat(t.graph().isDirected()).isTrue();
        // A directed graph defaults to the only derived rule that accepts it.
        assertThat(t.mixing()).isEqualTo("uniform");
        assertThat(t.graph().hasEdge(0, 1)).isTrue();
        assertThat(t.graph().hasEdge(1, 0)).isFalse();
        assertThat(t.matrix().get(1, 0)).isEqualTo(0.5); // node 1 combines what 0 sends
    }

    @Test
    void fullMatrixIsDetectedAndValidated() throws IOException {
        Path p = write("m.txt",
                "# 4 x 4",
                "0.5 0.5 0 0",
                "0.5, 0.25, 0.25, 0",
                "0 0.25 0.5 0.25",
                "0 0 0.25 0.75");
        Topology t = buildFile(p);
        assertThat(t.mixing()).isEqualTo("explicit");
        assertThat(t.matrix().get(1, 2)).isEqualTo(0.25);
        assertThat(t.graph()).isEqualTo(GraphGenerators.path(4));
        // The same file with a derived rule uses only its support.
        assertThat(TopologyFactory.build(fileSpec(p, "max-degree", Map.of())).matrix())
                .isEqualTo(MixingRule.MAX_DEGREE.apply(GraphGenerators.path(4)));
    }

    // ---- bad files -------------------------------------------------------------------------

    @Test
    void nonNumberInAMatrixNamesFileAndLine() throws IOException {
        Path p = write("bad.txt", "# header", "0.25 0.25 0.25 0.25", "0.25 0.25 x 0.25", "0.25 0.25 0.25 0.25", "0.25 0.25 0.25 0.25");
        assertThatThrownBy(() -> buildFile(p))
                .isInstanceOf(TopologyException.class)
                .hasMessage(p + ":3: 'x' is not a number");
    }

    @Test
    void matrixRowOfTheWrongLengthNamesTheRow() throws IOException {
        Path p = write("short.txt", "0.25 0.25 0.25 0.25", "0.25 0.25 0.25 0.25", "0.5 0.5 0", "0.25 0.25 0.25 0.25");
        for (String format : List.of("matrix", "auto")) {
            assertThatThrownBy(() -> TopologyFactory.build(fileSpec(p, null, Map.of("format", format))))
                    .as("format %s", format)
                    .isInstanceOf(TopologyException.class)
                    .hasMessage(p + ":3: matrix row 2 has 3 entries, expected 4 (one per node)");
        }
    }

    @Test
    void nonStochasticMatrixNamesTheRow() throws IOException {
        Path p = write("ns.txt", "0.5 0.5 0 0", "0.5 0.25 0.15 0", "0 0.25 0.5 0.25", "0 0 0.25 0.75");
        assertThatThrownBy(() -> buildFile(p))
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining(p.toString())
                .hasMessageContaining("row 1 sums to 0.9")
                .hasMessageContaining("not 1");
    }

    @Test
    void negativeEntryIsRefused() throws IOException {
        Path p = write("neg.txt", "0.5 0.5 0 0", "0.5 0.6 -0.1 0", "0 -0.1 0.6 0.5", "0 0 0.5 0.5");
        assertThatThrownBy(() -> buildFile(p))
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("W[1][2] = -0.1 is negative");
    }

    @Test
    void selfLoopInAnEdgeListNamesTheLine() throws IOException {
        Path p = write("loop.txt", "0 1", "1 2", "", "2 2", "2 0");
        assertThatThrownBy(() -> buildFile(p))
                .isInstanceOf(TopologyException.class)
                .hasMessageStartingWith(p + ":4: self loop 2 2");
    }

    @Test
    void disconnectedGraphFileIsRefused() throws IOException {
        Path p = write("two.txt", "0 1", "2 3");
        assertThatThrownBy(() -> buildFile(p))
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("graph is not connected")
                .hasMessageContaining("never reaches consensus");
        // An isolated node declared by the header is just as disconnected.
        Path q = write("iso.txt", "# nodes 4", "0 1", "1 2", "2 0");
        assertThatThrownBy(() -> buildFile(q)).hasMessageContaining("graph is not connected");
        // One-way cycle read as directed is strongly connected; a one-way chain is not.
        Path r = write("chain.txt", "0 1", "1 2");
        assertThatThrownBy(() -> TopologyFactory.build(fileSpec(r, "uniform", Map.of("directed", "true"))))
                .hasMessageContaining("not strongly connected");
    }

    @Test
    void otherFileErrorsAreNamed() throws IOException {
        assertThatThrownBy(() -> buildFile(dir.resolve("missing.txt")))
                .isInstanceOf(TopologyException.class).hasMessage(dir.resolve("missing.txt") + ": no such file");
        Path empty = write("empty.txt", "# nothing");
        assertThatThrownBy(() -> buildFile(empty)).hasMessageContaining("no edges or matrix rows found");
        Path twice = write("twice.txt", "0 0 0.5", "0 1 0.5", "1 1 0.5", "0 1 0.5", "1 0 0.5");
        assertThatThrownBy(() -> buildFile(twice)).hasMessage(twice + ":4: entry W[0][1] is given twice");
        Path frac = write("frac.txt", "0 1", "1 2.5");
        assertThatThrownBy(() -> buildFile(frac)).hasMessage(frac + ":2: node id 2.5 must be a whole number >= 0");
        Path mixed = write("mixed.txt", "0 1", "1 2 0.5");
        assertThatThrownBy(() -> buildFile(mixed)).hasMessage(mixed + ":2: expected 2 numbers like the first line, got 3");
        Path declared = write("declared.txt", "# nodes 3", "0 1", "1 5");
        assertThatThrownBy(() -> buildFile(declared)).hasMessageContaining("node id 5 is outside the declared 'nodes 3'");
        Path header = write("header.txt", "# nodes three", "0 1");
        assertThatThrownBy(() -> buildFile(header)).hasMessage(header + ":1: 'three' is not a whole number");
        Path ring = write("ring.txt", "0 1", "1 2", "2 0");
        assertThatThrownBy(() -> TopologyFactory.build(fileSpec(ring, null, Map.of("format", "csv"))))
                .hasMessage("topology.format: must be auto, edges or matrix, got 'csv'");
        assertThatThrownBy(() -> TopologyFactory.build(new TopologySpec("file", 5, Map.of("path", ring.toString()), null, null, null, 0L)))
                .hasMessage("nodes: 5 given, but " + ring + " has 3 nodes");
        assertThatThrownBy(() -> TopologyFactory.build(fileSpec(ring, "explicit", Map.of())))
                .hasMessageContaining("'explicit' needs a topology of type 'file' whose file gives weights");
    }
}

package io.dlsim.topologies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dlsim.topologies.graph.Graph;
import io.dlsim.topologies.graph.GraphGenerators;
import io.dlsim.topologies.mixing.MixingRule;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopologyFactoryTest {
    private static TopologySpec spec(String type, int n, Map<String, String> params) {
        return new TopologySpec(type, n, params, null, null, null, 0L);
    }

    static Stream<Arguments> everyType() {
        return Stream.of(
                Arguments.of("ring", 10, Map.of(), GraphGenerators.ring(10), "metropolis-hastings"),
                Arguments.of("path", 10, Map.of(), GraphGenerators.path(10), "metropolis-hastings"),
                Arguments.of("star", 10, Map.of(), GraphGenerators.star(10), "metropolis-hastings"),
                Arguments.of("complete", 10, Map.of(), GraphGenerators.complete(10), "metropolis-hastings"),
                Arguments.of("grid", 12, Map.of(), GraphGenerators.grid(3, 4), "metropolis-hastings"),
                Arguments.of("grid", 12, Map.of("cols", "6"), GraphGenerators.grid(2, 6), "metropolis-hastings"),
                Arguments.of("torus", 12, Map.of("rows", "4"), GraphGenerators.torus(4, 3), "metropolis-hastings"),
                Arguments.of("hypercube", 16, Map.of(), GraphGenerators.hypercube(16), "metropolis-hastings"),
                Arguments.of("exponential", 10, Map.of(), GraphGenerators.exponential(10), "metropolis-hastings"),
                Arguments.of("exponential-directed", 10, Map.of(), GraphGenerators.exponentialDirected(10), "uniform"),
                Arguments.of("erdos-renyi", 20, Map.of("p", "0.3"), null, "metropolis-hastings"),
                Arguments.of("erdos-renyi-directed", 20, Map.of("p", "0.3"), null, "uniform"),
                Arguments.of("regular", 20, Map.of("d", "3"), null, "metropolis-hastings"),
                Arguments.of("small-world", 20, Map.of(), null, "metropolis-hastings"),
                Arguments.of("Small-World", 20, Map.of("k", "6", "beta", "0.5", "max-tries", "5"), null, "metropolis-hastings"));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("everyType")
    void everyRegisteredTypeBuilds(String type, int n, Map<String, String> params, Graph expected, String defaultRule) {
        Topology t = TopologyFactory.build(spec(type, n, params));
        assertThat(t.type()).isEqualTo(type.toLowerCase(java.util.Locale.ROOT));
        assertThat(t.graph().n()).isEqualTo(n);
        assertThat(t.graph().isConnected()).isTrue();
        if (expected != null) {
            assertThat(t.graph()).isEqualTo(expected);
        }
        assertThat(t.mixing()).isEqualTo(defaultRule);
        assertThat(t.matrix()).isEqualTo(MixingRule.byName(defaultRule).apply(t.graph()));
        assertThat(t.lazyAlpha()).isEqualTo(1.0);
        assertThat(t.promisedDoublyStochastic()).isEqualTo(MixingRule.byName(defaultRule).promisesDoublyStochastic(t.graph()));
    }

    @Test
    void typesListsTheRegistryInDocumentationOrder() {
        assertThat(TopologyFactory.TYPES).containsExactly("ring", "path", "star", "complete", "grid", "torus", "hypercube",
                "exponential", "exponential-directed", "erdos-renyi", "erdos-renyi-directed", "regular", "small-world", "file");
    }

    @Test
    void smallWorldDefaultsAreKFourBetaPointOne() {
        Topology t = TopologyFactory.build(spec("small-world", 40, Map.of()).withSeed(3));
        assertThat(t.graph()).isEqualTo(GraphGenerators.wattsStrogatz(40, 4, 0.1, new java.util.SplittableRandom(3), 100));
    }

    @Test
    void lazyAndPromiseAreRecorded() {
        Topology lazy = TopologyFactory.build(TopologySpec.of("ring", 8).withLazy(0.5));
        assertThat(lazy.lazyAlpha()).isEqualTo(0.5);
        assertThat(lazy.matrix()).isEqualTo(MixingRule.METROPOLIS_HASTINGS.apply(GraphGenerators.ring(8)).lazy(0.5));
        assertThat(lazy.matrix().get(0, 0)).isEqualTo(1 - 2 * 0.5 / 3);
        assertThat(TopologyFactory.build(TopologySpec.of("star", 8).withMixing("uniform")).promisedDoublyStochastic()).isFalse();
        assertThat(TopologyFactory.build(TopologySpec.of("star", 8).withMixing("max-degree")).promisedDoublyStochastic()).isTrue();
        Topology pushSum = TopologyFactory.build(spec("erdos-renyi-directed", 12, Map.of("p", "0.3")).withMixing("column-stochastic"));
        assertThat(pushSum.promised()).isEqualTo(io.dlsim.topologies.mixing.Stochasticity.COLUMN);
        assertThat(TopologyFactory.build(spec("erdos-renyi-directed", 12, Map.of("p", "0.3")).withMixing("column-stochastic")
                .withLazy(0.5)).promised()).isEqualTo(io.dlsim.topologies.mixing.Stochasticity.COLUMN);
        assertThatThrownBy(() -> TopologyFactory.build(spec("erdos-renyi-directed", 12, Map.of("p", "0.3"))
                .withMixing("column-stochastic").withTargetGap(0.1)))
                .isInstanceOf(TopologyException.class).hasMessageContaining("target-gap: tunes the spectral gap of a row");
        assertThat(TopologyFactory.build(TopologySpec.of("ring", 8).withLazy(1.0)).matrix())
                .isEqualTo(TopologyFactory.build(TopologySpec.of("ring", 8)).matrix());
    }

    // ---- seeds -----------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {"erdos-renyi; p=0.15", "regular; d=4", "small-world; beta=0.3"})
    void seedDeterminesTheRandomGraph(String type, String param) {
        String[] kv = param.split("=");
        TopologySpec s = spec(type, 40, Map.of(kv[0], kv[1]));
        for (long seed : new long[] {1, 2, 1234567890123L}) {
            Graph a = TopologyFactory.build(s.withSeed(seed)).graph();
            assertThat(TopologyFactory.build(s.withSeed(seed)).graph()).isEqualTo(a);
            assertThat(TopologyFactory.build(s.withSeed(seed + 1)).graph()).isNotEqualTo(a);
        }
    }

    // ---- bad inputs ------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"ring", "path", "star", "complete", "grid", "torus", "hypercube", "exponential",
        "exponential-directed", "erdos-renyi", "erdos-renyi-directed", "regular", "small-world"})
    void fewerThanTwoNodesIsRefused(String type) {
        Map<String, String> params = type.startsWith("erdos-renyi") ? Map.of("p", "0.5") : type.equals("regular") ? Map.of("d", "1") : Map.of();
        assertThatThrownBy(() -> TopologyFactory.build(spec(type, 1, params)))
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("nodes: must be >= ")
                .hasMessageContaining("got 1");
        assertThatThrownBy(() -> TopologyFactory.build(spec(type, 0, params)))
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("got 0");
    }

    @Test
    void oddStubCountForRegular() {
        assertThatThrownBy(() -> TopologyFactory.build(spec("regular", 9, Map.of("d", "3"))))
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("d: n*d must be even for a d-regular graph, got n=9, d=3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-0.01", "1.0001", "2", "Infinity"})
    void probabilityOutsideZeroOne(String p) {
        assertThatThrownBy(() -> TopologyFactory.build(spec("erdos-renyi", 10, Map.of("p", p))))
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("p: must be in [0, 1], got " + Double.parseDouble(p));
    }

    @Test
    void unknownTypeSuggestsTheClosestName() {
        assertThatThrownBy(() -> TopologyFactory.build(TopologySpec.of("rign", 8)))
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("topology.type: unknown type 'rign' (did you mean 'ring'?)")
                .hasMessageContaining("known types: ring, path, star");
        assertThatThrownBy(() -> TopologyFactory.build(TopologySpec.of("erdos_renyi", 8)))
                .hasMessageContaining("(did you mean 'erdos-renyi'?)");
        assertThatThrownBy(() -> TopologyFactory.build(TopologySpec.of("butterfly", 8)))
                .hasMessageContaining("unknown type 'butterfly'")
                .hasMessageNotContaining("did you mean");
        assertThatThrownBy(() -> TopologyFactory.build(TopologySpec.of(null, 8)))
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("topology.type: unknown type 'null'");
    }

    @Test
    void unknownParameterIsRefused() {
        assertThatThrownBy(() -> TopologyFactory.build(spec("ring", 8, Map.of("p", "0.5"))))
                .isInstanceOf(TopologyException.class)
                .hasMessage("topology.p: unknown parameter for topology type 'ring' (topology type 'ring' takes no parameters)");
        assertThatThrownBy(() -> TopologyFactory.build(spec("small-world", 20, Map.of("betta", "0.2"))))
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("topology.betta: unknown parameter for topology type 'small-world' (did you mean 'beta'?)")
                .hasMessageContaining("takes: beta, k, max-tries");
        assertThatThrownBy(() -> TopologyFactory.build(spec("erdos-renyi", 20, Map.of("p", "0.5", "seed", "3"))))
                .hasMessageContaining("topology.seed: unknown parameter for topology type 'erdos-renyi'");
    }

    @Test
    void missingRequiredParameterIsNamed() {
        assertThatThrownBy(() -> TopologyFactory.build(spec("erdos-renyi", 20, Map.of())))
                .isInstanceOf(TopologyException.class).hasMessage("topology.p: is required");
        assertThatThrownBy(() -> TopologyFactory.build(spec("regular", 20, Map.of())))
                .isInstanceOf(TopologyException.class).hasMessage("topology.d: is required");
        assertThatThrownBy(() -> TopologyFactory.build(spec("file", 0, Map.of())))
                .isInstanceOf(TopologyException.class).hasMessage("topology.path: is required");
        assertThatThrownBy(() -> TopologyFactory.build(spec("regular", 20, Map.of("d", " "))))
                .hasMessage("topology.d: is required");
    }

    @Test
    void malformedParameterValuesAreNamed() {
        assertThatThrownBy(() -> TopologyFactory.build(spec("erdos-renyi", 20, Map.of("p", "half"))))
                .hasMessage("topology.p: must be a number, got 'half'");
        assertThatThrownBy(() -> TopologyFactory.build(spec("erdos-renyi", 20, Map.of("p", "NaN"))))
                .hasMessage("topology.p: must be a number, got 'NaN'");
        assertThatThrownBy(() -> TopologyFactory.build(spec("regular", 20, Map.of("d", "2.5"))))
                .hasMessage("topology.d: must be a whole number, got '2.5'");
        assertThatThrownBy(() -> TopologyFactory.build(spec("file", 0, Map.of("path", "x", "directed", "yes"))))
                .hasMessage("topology.directed: must be true or false, got 'yes'");
    }

    @Test
    void latticeShapeMustMultiplyToTheNodeCount() {
        assertThatThrownBy(() -> TopologyFactory.build(spec("torus", 12, Map.of("rows", "5"))))
                .isInstanceOf(TopologyException.class)
                .hasMessage("topology.rows x topology.cols: must multiply to nodes = 12, got rows=5, cols=?");
        assertThatThrownBy(() -> TopologyFactory.build(spec("grid", 12, Map.of("rows", "3", "cols", "3"))))
                .hasMessageContaining("must multiply to nodes = 12, got rows=3, cols=3");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -0.5, 1.5, Double.NaN})
    void lazyOutsideZeroOneIsRefused(double alpha) {
        assertThatThrownBy(() -> TopologyFactory.build(TopologySpec.of("ring", 8).withLazy(alpha)))
                .isInstanceOf(TopologyException.class)
                .hasMessage("lazy: must be in (0, 1], got " + alpha);
    }

    @Test
    void unknownOrMisplacedMixingRule() {
        assertThatThrownBy(() -> TopologyFactory.build(TopologySpec.of("ring", 8).withMixing("metropolis")))
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("mixing: unknown rule 'metropolis'");
        assertThatThrownBy(() -> TopologyFactory.build(TopologySpec.of("ring", 8).withMixing("explicit")))
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("'explicit' needs a topology of type 'file'");
    }
}

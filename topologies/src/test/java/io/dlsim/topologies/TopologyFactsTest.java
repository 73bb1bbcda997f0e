package io.dlsim.topologies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dlsim.topologies.graph.Graph;
import io.dlsim.topologies.graph.GraphGenerators;
import io.dlsim.topologies.mixing.MixingMatrix;
import io.dlsim.topologies.mixing.MixingRule;
import io.dlsim.topologies.spectra.Spectra;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopologyFactsTest {

    private static TopologyFacts of(Graph g, MixingRule rule) {
        MixingMatrix w = rule.apply(g);
        return TopologyFacts.of(g, w, Spectra.of(w));
    }

    @Test
    void factsListEveryComponentInOrderByItsNameWithItsValue() throws ReflectiveOperationException {
        TopologyFacts f = of(GraphGenerators.ring(8), MixingRule.METROPOLIS_HASTINGS);
        RecordComponent[] components = TopologyFacts.class.getRecordComponents();
        assertThat(TopologyFacts.FACTS).extracting(TopologyFacts.Fact::name)
                .containsExactly(java.util.Arrays.stream(components).map(RecordComponent::getName).toArray(String[]::new));
        Map<String, Object> map = f.asMap();
        for (RecordComponent c : components) {
            Object value = c.getAccessor().invoke(f);
            Object shown = map.get(c.getName());
            if (value instanceof Number n) {
                assertThat(((Number) shown).doubleValue()).as(c.getName()).isEqualTo(n.doubleValue());
            } else {
                assertThat(shown).as(c.getName()).isEqualTo(value);
            }
            TopologyFacts.Fact fact = TopologyFacts.FACTS.stream().filter(x -> x.name().equals(c.getName())).findFirst().orElseThrow();
            assertThat(fact.isNumber()).as(c.getName()).isEqualTo(value instanceof Number);
            if (fact.isNumber()) {
                assertThat(fact.number().applyAsDouble(f)).as(c.getName()).isEqualTo(((Number) value).doubleValue());
            }
        }
    }

    @Test
    void ringWithWeightsOneThirdAndTheCompleteGraph() {
        int n = 8;
        TopologyFacts ring = of(GraphGenerators.ring(n), MixingRule.METROPOLIS_HASTINGS);
        assertThat(List.of(ring.nodes(), ring.degreeMin(), ring.degreeMax())).containsExactly(n, 2, 2);
        assertThat(ring.edges()).isEqualTo(n);
        assertThat(ring.symmetric()).isTrue();
        assertThat(ring.doublyStochastic()).isTrue();
        assertThat(ring.directed()).isFalse();
        // Eigenvalues 1/3 + 2/3 cos(2 pi k / n): lambda2 at k = 1, lambdaMin at k = n/2.
        assertThat(ring.lambda2()).isCloseTo(1.0 / 3 + 2.0 / 3 * Math.cos(2 * Math.PI / n), within(1e-12));
        assertThat(ring.lambdaMin()).isCloseTo(-1.0 / 3, within(1e-12));
        assertThat(ring.lambda()).isEqualTo(Math.max(Math.abs(ring.lambda2()), Math.abs(ring.lambdaMin())));
        assertThat(ring.spectralGap()).isEqualTo(1 - ring.lambda());
        assertThat(ring.spectralGapSquared()).isEqualTo(1 - ring.lambda() * ring.lambda());
        assertThat(ring.spectraConverged()).isTrue();

        TopologyFacts complete = of(GraphGenerators.complete(n), MixingRule.UNIFORM);
        assertThat(complete.lambda()).isCloseTo(0, within(1e-12));
        assertThat(complete.degreeMin()).isEqualTo(n - 1);
    }

    @Test
    void aDirectedGraphHasNoEigenvaluesButALambda() {
        TopologyFacts f = of(GraphGenerators.exponentialDirected(16), MixingRule.UNIFORM);
        assertThat(f.directed()).isTrue();
        assertThat(f.symmetric()).isFalse();
        assertThat(f.lambda2()).isNaN();
        assertThat(f.lambda()).isBetween(0.0, 1.0);
    }
}

package io.dlsim.topologies.mixing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dlsim.topologies.TopologyException;
import io.dlsim.topologies.graph.Graph;
import io.dlsim.topologies.graph.GraphGenerators;
import org.junit.jupiter.api.Test;

class MixingValidatorTest {
    private static final Graph RING4 = GraphGenerators.ring(4);

    private static double[][] ringThirds() {
        return MixingRule.METROPOLIS_HASTINGS.apply(RING4).toDense();
    }

    @Test
    void acceptsAValidMatrixAndItsLazyVersion() {
        MixingMatrix w = MixingMatrix.fromDense(ringThirds());
        assertThatCode(() -> MixingValidator.validate(w, RING4, true, "ring")).doesNotThrowAnyException();
        assertThatCode(() -> MixingValidator.validate(w.lazy(0.3), RING4, true, "lazy ring")).doesNotThrowAnyException();
        assertThatCode(() -> MixingValidator.validate(w, null, true, "no graph")).doesNotThrowAnyException();
    }

    @Test
    void negativeEntryIsNamed() {
        double[][] d = ringThirds();
        d[2][1] = -0.1;
        d[2][2] = 1.0 / 3 + 0.1 + 1.0 / 3;
        MixingMatrix w = MixingMatrix.fromDense(d);
        assertThatThrownBy(() -> MixingValidator.validate(w, RING4, false, "my-origin"))
                .isInstanceOf(TopologyException.class)
                .hasMessageStartingWith("my-origin: ")
                .hasMessageContaining("W[2][1] = -0.1 is negative");
    }

    @Test
    void rowNotSummingToOneIsNamed() {
        double[][] d = ringThirds();
        d[3][3] = 0.5;
        MixingMatrix w = MixingMatrix.fromDense(d);
        assertThatThrownBy(() -> MixingValidator.validate(w, RING4, false, "file x"))
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("file x: row 3 sums to")
                .hasMessageContaining("not 1");
    }

    @Test
    void rowSumToleranceIsOneInABillion() {
        double[][] d = ringThirds();
        d[0][0] += 5e-10;
        assertThatCode(() -> MixingValidator.validate(MixingMatrix.fromDense(d), RING4, false, "x")).doesNotThrowAnyException();
        d[0][0] += 1e-9;
        assertThatThrownBy(() -> MixingValidator.validate(MixingMatrix.fromDense(d), RING4, false, "x"))
                .hasMessageContaining("row 0 sums to");
    }

    @Test
    void columnIsCheckedOnlyWhenDoublyStochasticIsPromised() {
        // Row stochastic, but column 0 sums to 1 + 1/6 and column 1 to 1 - 1/6.
        double[][] d = ringThirds();
        d[1][0] = 0.5;
        d[1][2] = 1.0 / 6;
        MixingMatrix w = MixingMatrix.fromDense(d);
        assertThatCode(() -> MixingValidator.validate(w, RING4, false, "rule")).doesNotThrowAnyException();
        assertThatThrownBy(() -> MixingValidator.validate(w, RING4, true, "rule"))
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("rule: column 0 sums to")
                .hasMessageContaining("promises a doubly stochastic matrix");
    }

    @Test
    void supportOutsideTheEdgesIsNamed() {
        double[][] d = ringThirds();
        d[0][2] = 0.1;        // 0 and 2 are not neighbours on a 4-ring
        d[0][0] -= 0.1;
        MixingMatrix w = MixingMatrix.fromDense(d);
        assertThatThrownBy(() -> MixingValidator.validate(w, RING4, false, "m"))
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("W[0][2] = 0.1 but 2 is not a neighbour of 0");
        assertThatCode(() -> MixingValidator.validate(w, null, false, "m")).doesNotThrowAnyException();
    }

    @Test
    void directedSupportFollowsTheArcDirection() {
        // Arc 0 -> 1 only: node 1 may weigh node 0, node 0 may not weigh node 1.
        Graph arc = Graph.directed(2, java.util.List.of(new int[] {0, 1}, new int[] {1, 0}));
        Graph oneWay = Graph.directed(2, java.util.List.<int[]>of(new int[] {0, 1}));
        MixingMatrix ok = MixingMatrix.fromDense(new double[][] {{1, 0}, {0.5, 0.5}});
        MixingMatrix bad = MixingMatrix.fromDense(new double[][] {{0.5, 0.5}, {0, 1}});
        assertThatCode(() -> MixingValidator.validate(ok, oneWay, false, "ok")).doesNotThrowAnyException();
        assertThatCode(() -> MixingValidator.validate(bad, arc, false, "both")).doesNotThrowAnyException();
        assertThatThrownBy(() -> MixingValidator.validate(bad, oneWay, false, "bad"))
                .hasMessageContaining("W[0][1] = 0.5 but 1 is not a neighbour of 0");
    }

    @Test
    void nonFiniteEntriesAreRefused() {
        double[][] d = ringThirds();
        d[1][1] = Double.NaN;
        assertThatThrownBy(() -> MixingValidator.validate(MixingMatrix.fromDense(d), RING4, false, "nan"))
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("W[1][1] = NaN is not a finite number");
    }

    @Test
    void sizeMismatchIsRefused() {
        MixingMatrix w = MixingRule.METROPOLIS_HASTINGS.apply(GraphGenerators.ring(5));
        assertThatThrownBy(() -> MixingValidator.validate(w, RING4, false, "size"))
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("matrix is 5 x 5 but the graph has 4 nodes");
    }
}

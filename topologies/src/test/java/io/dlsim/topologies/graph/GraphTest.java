package io.dlsim.topologies.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dlsim.topologies.TopologyException;
import java.util.List;
import org.junit.jupiter.api.Test;

class GraphTest {
    @Test
    void undirectedMergesDuplicatesInEitherOrientation() {
        Graph g = Graph.undirected(3, List.of(new int[] {0, 1}, new int[] {1, 0}, new int[] {2, 1}, new int[] {1, 2}));
        assertThat(g.edgeCount()).isEqualTo(2);
        assertThat(g.outNeighbours(1)).containsExactly(0, 2);
        assertThat(g.inNeighbours(1)).containsExactly(0, 2);
        assertThat(g.isDirected()).isFalse();
        assertThat(g.isRegular()).isFalse();
        assertThat(g.minDegree()).isEqualTo(1);
        assertThat(g.maxDegree()).isEqualTo(2);
    }

    @Test
    void directedKeepsBothListsAndNeedsStrongConnectivity() {
        Graph chain = Graph.directed(3, List.of(new int[] {0, 1}, new int[] {1, 2}));
        assertThat(chain.outNeighbours(1)).containsExactly(2);
        assertThat(chain.inNeighbours(1)).containsExactly(0);
        assertThat(chain.hasEdge(0, 1)).isTrue();
        assertThat(chain.hasEdge(1, 0)).isFalse();
        assertThat(chain.isConnected()).as("0 -> 1 -> 2 is not strongly connected").isFalse();
        Graph cycle = Graph.directed(3, List.of(new int[] {0, 1}, new int[] {1, 2}, new int[] {2, 0}));
        assertThat(cycle.isConnected()).isTrue();
        assertThat(cycle).isNotEqualTo(Graph.undirected(3, List.of(new int[] {0, 1}, new int[] {1, 2}, new int[] {2, 0})));
    }

    @Test
    void disconnectedUndirectedGraph() {
        Graph g = Graph.undirected(4, List.of(new int[] {0, 1}, new int[] {2, 3}));
        assertThat(g.isConnected()).isFalse();
    }

    @Test
    void selfLoopsAndUnknownNodesAreRefused() {
        assertThatThrownBy(() -> Graph.undirected(3, List.<int[]>of(new int[] {1, 1})))
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("self loop at node 1");
        assertThatThrownBy(() -> Graph.directed(3, List.<int[]>of(new int[] {0, 3})))
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("edge 0 - 3 names a node outside 0..2");
        assertThatThrownBy(() -> Graph.undirected(0, List.of()))
                .hasMessageContaining("at least 1 node");
    }
}

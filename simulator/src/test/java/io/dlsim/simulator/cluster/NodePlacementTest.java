package io.dlsim.simulator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dlsim.topologies.UserInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodePlacementTest {
    @Test
    void contiguousNearEqualBlocksInMemberNameOrder() {
        NodePlacement p = NodePlacement.of(10, List.of("worker3", "worker1", "worker2"));
        assertThat(p.blocks()).containsExactly(new NodePlacement.Block(0, "worker1", 0, 4),
                new NodePlacement.Block(1, "worker2", 4, 7), new NodePlacement.Block(2, "worker3", 7, 10));
        assertThat(p.blockOf(4).member()).isEqualTo("worker2");
        assertThat(NodePlacement.of(10, List.of("worker2", "worker3", "worker1"))).usingRecursiveComparison().isEqualTo(p);
    }

    @Test
    void refusesDuplicateNamesAndMoreWorkersThanNodes() {
        assertThat(assertThrows(UserInputException.class, () -> NodePlacement.of(4, List.of("a", "a"))).getMessage())
                .contains("both named 'a'");
        assertThat(assertThrows(UserInputException.class, () -> NodePlacement.of(2, List.of("a", "b", "c"))).getMessage())
                .contains("2 simulated nodes cannot be spread over 3 worker members");
    }
}

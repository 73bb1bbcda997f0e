package io.dlsim.simulator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dlsim.topologies.UserInputException;
import org.junit.jupiter.api.Test;

/** How many blocks a run gets ({@link BlockLayout#blockCount}), and how they split the nodes. */
class BlockLayoutTest {
    @Test
    void blocksKeepAboutTwoHundredMicrosecondsOfWorkEachAtMostFourPerCore() {
        // 1,024 nodes x 101 parameters x 30 ns = 3.1 ms per round: 15 blocks of 200 µs, capped at 4 per core.
        assertThat(BlockLayout.blockCount(1024, 101, 2, null)).isEqualTo(8);
        assertThat(BlockLayout.blockCount(1024, 101, 8, null)).isEqualTo(15);
        assertThat(BlockLayout.blockCount(16, 10, 2, null)).as("too little work to split").isEqualTo(1);
        assertThat(BlockLayout.blockCount(3, 1_000_000, 2, null)).as("never more than the nodes").isEqualTo(3);
    }

    @Test
    void oneCoreGetsOneBlockAsItGainsNothingFromMore() {
        assertThat(BlockLayout.blockCount(1024, 101, 1, null)).isEqualTo(1);
        assertThat(BlockLayout.blockCount(1024, 101, 1, "4")).as("DLSIM_BLOCKS still fixes it").isEqualTo(4);
    }

    @Test
    void theOverrideMustBeAWholeNumberOfAtLeastOne() {
        assertThat(BlockLayout.blockCount(10, 1, 2, "64")).as("at most the nodes").isEqualTo(10);
        for (String bad : new String[] {"0", "-2", "x"}) {
            assertThatThrownBy(() -> BlockLayout.blockCount(10, 1, 2, bad)).isInstanceOf(UserInputException.class)
                    .hasMessage("DLSIM_BLOCKS: must be a whole number >= 1, got '" + bad + "'");
        }
    }

    @Test
    void splitGivesContiguousNearEqualBlocks() {
        BlockLayout layout = BlockLayout.split(10, 3);
        assertThat(layout.blocks()).isEqualTo(3);
        assertThat(new int[] {layout.start(0), layout.end(0), layout.start(1), layout.end(1), layout.start(2), layout.end(2)})
                .containsExactly(0, 4, 4, 7, 7, 10);
        assertThat(layout.blockOf(6)).isEqualTo(1);
    }
}

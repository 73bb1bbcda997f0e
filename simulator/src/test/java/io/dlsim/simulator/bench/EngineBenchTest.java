package io.dlsim.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What {@code dlsim bench} reports of alternated timings: medians, and the range of the pairs' ratios. */
class EngineBenchTest {
    @Test
    void eachEngineReportsItsMedianAndThePairsTheirRatios() {
        // Pair 2 came in a slow minute for both engines; pair 3 favoured the actors.
        var t = new EngineBench.Timings(new double[] {100, 50, 110}, new double[] {120, 40, 220});
        assertThat(t.sequentialMedian()).isEqualTo(100);
        assertThat(t.actorMedian()).isEqualTo(120);
        assertThat(t.lowestRatio()).isEqualTo(0.8);
        assertThat(t.highestRatio()).isEqualTo(2.0);
    }

    @Test
    void anEvenNumberOfTimingsTakesTheMeanOfTheMiddleTwo() {
        var t = new EngineBench.Timings(new double[] {4, 1, 3, 2}, new double[] {8, 8, 8, 8});
        assertThat(t.sequentialMedian()).isEqualTo(2.5);
        assertThat(t.actorMedian()).isEqualTo(8);
    }

    @Test
    void aWarmUpPassIsSettledWhenItCompiledForUnderAtwentiethOfItsTime() {
        assertThat(EngineBench.settled(0, 1000)).isTrue();
        assertThat(EngineBench.settled(49, 1000)).isTrue();
        assertThat(EngineBench.settled(50, 1000)).isFalse();
        // The first actor runs of the 1,024-node exponential workload: 1.2 s of C2 in 1.5 s.
        assertThat(EngineBench.settled(1200, 1500)).isFalse();
    }

    @Test
    void aWarmUpThatDidNotSettleSaysSo() {
        assertThat(new EngineBench.WarmUp(250, true).format()).isEqualTo("250");
        assertThat(new EngineBench.WarmUp(1500, false).format()).isEqualTo("1500+");
    }

    @Test
    void anUnsettledWarmUpStopsAfterThirtyPassesOrTwoMinutes() {
        assertThat(EngineBench.anotherPass(1, 0.5)).isTrue();
        assertThat(EngineBench.anotherPass(29, 100)).isTrue();
        assertThat(EngineBench.anotherPass(30, 10)).isFalse();
        // One pass of a 100,000-node scenario can take a minute: two, and no third.
        assertThat(EngineBench.anotherPass(2, 121)).isFalse();
    }
}

package io.dlsim.topologies.schedule;

import io.dlsim.topologies.TopologyException;
import io.dlsim.topologies.graph.Graph;
import io.dlsim.topologies.mixing.MixingMatrix;
import io.dlsim.topologies.mixing.MixingRule;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.SplittableRandom;

/**
 * Random edge activation over a base graph (time-varying networks as in Li et al., DPSVRG,
 * arXiv 2112.10389; Nedić and Olshevsky, 2015): in each round every edge of the base graph is
 * up independently with probability p, drawn from {@code (seed, round)}, and W(t) is the mixing
 * rule applied to the graph of the edges that are up (an isolated node keeps its own value).
 * A round's graph may be disconnected; the union over rounds is the base graph.
 */
public final class RandomEdgeSchedule implements MixingSchedule {
    private final Graph base;
    private final double p;
    private final MixingRule rule;
    private final long seed;
    private final RoundCache cache = new RoundCache();

    public RandomEdgeSchedule(Graph base, double p, MixingRule rule, long seed) {
        if (!(p > 0 && p <= 1)) {
            throw new TopologyException("p: edge activation probability must be in (0, 1], got " + p);
        }
        if (rule == MixingRule.EXPLICIT) {
            throw new TopologyException("mixing: random edge activation recomputes weights every round; 'explicit' cannot");
        }
        // Fail at construction, not in the middle of a run: the rule must accept the base graph
        // (e.g. metropolis-hastings and max-degree refuse a directed one).
        rule.apply(base);
        this.base = base;
        this.p = p;
        this.rule = rule;
        this.seed = seed;
    }

    @Override
    public int n() {
        return base.n();
    }

    @Override
    public MixingMatrix at(long round) {
        return cache.get(round, this::draw);
    }

    private MixingMatrix draw(long round) {
        SplittableRandom rng = RoundCache.rngFor(seed, round);
        List<int[]> up = new ArrayList<>();
        for (int i = 0; i < base.n(); i++) {
            for (int j : base.outNeighbours(i)) {
                if ((base.isDirected() || i < j) && rng.nextDouble() < p) {
                    up.add(new int[] {i, j});
                }
            }
        }
        Graph g = base.isDirected() ? Graph.directed(base.n(), up) : Graph.undirected(base.n(), up);
        return rule.apply(g);
    }

    @Override
    public OptionalInt period() {
        return OptionalInt.empty();
    }

    @Override
    public String describe() {
        return "random-edges(p=" + p + ", " + rule.cliName() + ", seed " + seed + ", base " + base + ")";
    }
}

package io.dlsim.algorithms.optim;

import io.dlsim.topologies.settings.Problems;
import io.dlsim.topologies.settings.TypeRegistry;

/**
 * How many gossip rounds K_s one step takes (multi-consensus): the mixing is applied K_s times,
 * one round of messages each, before the node finishes its step, so the step mixes with W^K_s.
 * s counts epochs for {@code dpsvrg} (K is constant within an epoch) and steps for {@code dsgd}
 * and {@code dspg}, from 0. A scenario writes a whole number for a constant K
 * ({@code gossip-rounds: 2}) or a mapping with a {@code type}; every round is one round of
 * messages, counted in {@code messages} and {@code bytes}.
 *
 * <table>
 *   <caption>Schedules</caption>
 *   <tr><th>type</th><th>K_s</th><th>settings (default)</th></tr>
 *   <tr><td>{@code constant}</td><td>{@code rounds}</td><td>rounds (1) >= 1</td></tr>
 *   <tr><td>{@code linear}</td><td>{@code initial + growth s}</td><td>initial (1) >= 1, growth (1) >= 0</td></tr>
 *   <tr><td>{@code logarithmic}</td><td>{@code ceil(scale log2(s + 2))}</td><td>scale (1) > 0</td></tr>
 * </table>
 * With the adapt-then-combine {@link Variant} the consensus error of a step falls like lambda^K_s,
 * so a K_s that grows (linearly, or logarithmically at a linear convergence rate) lets a
 * constant-step method converge exactly (Li et al., DPSVRG, arXiv 2112.10389).
 */
public sealed interface GossipRounds {
    /** The {@code gossip-rounds: { type: ... }} names. */
    TypeRegistry<GossipRounds> TYPES = TypeRegistry.of(GossipRounds.class).with("constant", Constant.class)
            .with("linear", Linear.class).with("logarithmic", Logarithmic.class).complete();

    /** One gossip round per step: plain gossip. */
    GossipRounds ONE = new Constant(1);

    /** K_s >= 1 for s >= 0 (saturates at {@link Integer#MAX_VALUE}). */
    int at(long s);

    /** {@code K_s = rounds}. */
    record Constant(Integer rounds) implements GossipRounds {
        public Constant {
            Problems p = new Problems();
            rounds = p.atLeast("rounds", rounds, 1, 1);
            p.throwIfAny();
        }

        @Override
        public int at(long s) {
            return rounds;
        }
    }

    /** {@code K_s = initial + growth s}. */
    record Linear(Integer initial, Integer growth) implements GossipRounds {
        public Linear {
            Problems p = new Problems();
            initial = p.atLeast("initial", initial, 1, 1);
            growth = p.atLeast("growth", growth, 1, 0);
            p.throwIfAny();
        }

        @Override
        public int at(long s) {
            // growth < 2^31 and s is capped at 2^31, so the product fits a long.
            return (int) Math.min(Integer.MAX_VALUE, initial + growth * Math.min(s, Integer.MAX_VALUE));
        }
    }

    /** {@code K_s = ceil(scale log2(s + 2))}, so K_0 = ceil(scale). */
    record Logarithmic(Double scale) implements GossipRounds {
        public Logarithmic {
            Problems p = new Problems();
            scale = p.positive("scale", scale == null ? 1.0 : scale);
            p.throwIfAny();
        }

        @Override
        public int at(long s) {
            // log(s + 2) / log(2) can land one ulp above an exact power of two; the tolerance keeps
            // ceil from turning that ulp into a whole extra round.
            double k = Math.ceil(scale * (Math.log((double) s + 2) / Math.log(2)) * (1 - 1e-12));
            return (int) Math.min(Integer.MAX_VALUE, Math.max(1, k));
        }
    }
}

package io.dlsim.algorithms.model;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Where each node's initial point comes from. {@link #random} gives the stream a node passes
 * to {@link Model#initialize}; it is a pure function of (mode, seed, node id), so a node's
 * stream does not depend on how many nodes exist, on which JVM they run or on the order in
 * which they are created.
 *
 * <p>Derivation, from {@code root = new SplittableRandom(seed)}:
 * <ul>
 *   <li>{@link #SHARED}: {@code root.split()} (the first split), the same for every node, so
 *       all nodes start from the same point (the usual setting of the D-SGD analyses, where
 *       the initial consensus distance is zero);</li>
 *   <li>{@link #PER_NODE}: with {@code key} the first long of the second split of
 *       {@code root} (the first split stays reserved for {@code SHARED}), node i uses
 *       {@code new SplittableRandom(key + i * 0x9E3779B97F4A7C15L).split()}: the split gives
 *       each node its own gamma, hence its own sequence rather than a shifted copy of a
 *       neighbour's.</li>
 * </ul>
 */
public enum InitMode {
    /** Every node starts from the same point, drawn from the seed. */
    SHARED,
    /** Every node draws its own initial point from its own stream. */
    PER_NODE;

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    /** The stream node {@code nodeId} (>= 0) initialises its parameters from. */
    public SplittableRandom random(long seed, int nodeId) {
        if (nodeId < 0) {
            throw new IllegalArgumentException("node id: must be >= 0, got " + nodeId);
        }
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom shared = root.split();
        if (this == SHARED) {
            return shared;
        }
        long key = root.split().nextLong();
        return new SplittableRandom(key + nodeId * GOLDEN_GAMMA).split();
    }

    /** The setting's spelling: {@code shared} or {@code per-node}. */
    public String settingName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses {@code shared} or {@code per-node} (case-insensitive; {@code per_node} accepted). */
    public static InitMode parse(String text) {
        if (text != null) {
            String t = text.strip().toLowerCase(Locale.ROOT).replace('_', '-');
            for (InitMode m : values()) {
                if (m.settingName().equals(t)) {
                    return m;
                }
            }
        }
        throw new IllegalArgumentException("model.init: must be shared or per-node, got '" + text + "'");
    }
}

package io.dlsim.algorithms.model;

import io.dlsim.algorithms.RandomStreams;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Where each node's initial point comes from. {@link #random} gives the stream a node passes
 * to {@link Model#initialize}; it is a pure function of (mode, seed, node id), so a node's
 * stream does not depend on how many nodes exist, on which JVM they run or on the order in
 * which they are created.
 *
 * <p>Derivation: the run's {@link io.dlsim.algorithms.RandomStreams} for purpose
 * {@code INIT}: {@link #SHARED} uses the shared stream ({@code RandomStreams.SHARED}), the same
 * for every node, so all nodes start from the same point (the usual setting of the D-SGD
 * analyses, where the initial consensus distance is zero); {@link #PER_NODE} uses node i's own
 * stream.
 */
public enum InitMode {
    /** Every node starts from the same point, drawn from the seed. */
    SHARED,
    /** Every node draws its own initial point from its own stream. */
    PER_NODE;

    /** The stream node {@code nodeId} (>= 0) initialises its parameters from. */
    public SplittableRandom random(long seed, int nodeId) {
        if (nodeId < 0) {
            throw new IllegalArgumentException("node id: must be >= 0, got " + nodeId);
        }
        return RandomStreams.of(seed, RandomStreams.Purpose.INIT, this == SHARED ? RandomStreams.SHARED : nodeId);
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
        throw new IllegalArgumentException("init: must be shared or per-node, got '" + text + "'");
    }
}

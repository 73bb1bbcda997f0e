package io.dlsim.algorithms.optim;

import java.util.Locale;

/**
 * The choices DPSVRG leaves open (DESIGN.md section 4: the paper's full text is not at hand, so
 * these are settings), with their defaults.
 *
 * @param epochLength inner steps per epoch m; 0 means the default {@code ceil(local samples / batch)}
 * @param snapshot what the epoch snapshot {@code x~_i} is: the node's own model or the last
 *     neighbour average {@code sum_j W_ij x_j}
 * @param prox whether the proximal map follows the mixing (default) or precedes it
 * @param innerOutput whether an epoch ends at the last inner iterate (default) or at the average
 *     of its inner iterates
 * @param gossipRounds gossip rounds per step (default 1); each is one round of messages
 */
public record DpsvrgSettings(int epochLength, Snapshot snapshot, ProxPlacement prox, InnerOutput innerOutput, int gossipRounds) {
    public enum Snapshot { NODE, NEIGHBOUR_AVERAGE }

    public enum ProxPlacement { AFTER_MIXING, BEFORE_MIXING }

    public enum InnerOutput { LAST, AVERAGE }

    public static final DpsvrgSettings DEFAULTS = new DpsvrgSettings(0, Snapshot.NODE, ProxPlacement.AFTER_MIXING, InnerOutput.LAST, 1);

    public DpsvrgSettings {
        if (epochLength < 0) {
            throw new IllegalArgumentException("algorithm.epoch-length: must be >= 1 (or 0 for local samples / batch), got " + epochLength);
        }
        if (gossipRounds < 1) {
            throw new IllegalArgumentException("algorithm.gossip-rounds: must be >= 1, got " + gossipRounds);
        }
        if (snapshot == null || prox == null || innerOutput == null) {
            throw new IllegalArgumentException("DPSVRG settings must not be null");
        }
    }

    /** Parses a setting value written in kebab case ({@code neighbour-average}). */
    public static <E extends Enum<E>> E parse(Class<E> type, String field, String text) {
        try {
            return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            StringBuilder known = new StringBuilder();
            for (E v : type.getEnumConstants()) {
                known.append(known.length() == 0 ? "" : ", ").append(v.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            throw new IllegalArgumentException(field + ": unknown value '" + text + "'; expected one of " + known);
        }
    }
}

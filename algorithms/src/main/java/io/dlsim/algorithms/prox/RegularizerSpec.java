package io.dlsim.algorithms.prox;

import io.dlsim.topologies.Suggestions;
import java.util.List;
import java.util.Locale;

/**
 * What a user asks for: a regularizer type, its weights and whether the model's bias entries
 * are left unpenalized. Validates in the constructor; every error names the setting
 * ({@code regularizer.l1: must be >= 0, got -1}).
 *
 * <p>Types and the weights they take (a weight a type does not take must be 0):
 * {@code none}; {@code l1} ({@code l1 ||w||_1}); {@code l2} ({@code (l2/2) ||w||^2});
 * {@code elastic-net} (both).
 *
 * @param type one of {@link #TYPES}
 * @param l1 weight of {@code ||w||_1}, >= 0
 * @param l2 weight of {@code (1/2) ||w||^2}, >= 0
 * @param excludeBias leave the model's bias entries ({@code Model#biasIndices()}) unpenalized
 */
public record RegularizerSpec(String type, double l1, double l2, boolean excludeBias) {
    /** The known type names. */
    public static final List<String> TYPES = List.of("none", "l1", "l2", "elastic-net");

    public RegularizerSpec {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("regularizer.type: is required; one of " + String.join(", ", TYPES));
        }
        type = type.strip().toLowerCase(Locale.ROOT);
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("regularizer.type: unknown type '" + type + "'"
                    + Suggestions.didYouMean(type, TYPES) + "; one of " + String.join(", ", TYPES));
        }
        Numbers.weight("regularizer.l1", l1);
        Numbers.weight("regularizer.l2", l2);
        boolean takesL1 = type.equals("l1") || type.equals("elastic-net");
        boolean takesL2 = type.equals("l2") || type.equals("elastic-net");
        if (!takesL1 && l1 != 0) {
            throw new IllegalArgumentException("regularizer.l1: the " + type + " regularizer takes no l1 weight, got "
                    + Numbers.format(l1));
        }
        if (!takesL2 && l2 != 0) {
            throw new IllegalArgumentException("regularizer.l2: the " + type + " regularizer takes no l2 weight, got "
                    + Numbers.format(l2));
        }
    }

    public static RegularizerSpec none() {
        return new RegularizerSpec("none", 0, 0, false);
    }

    public static RegularizerSpec l1(double weight) {
        return new RegularizerSpec("l1", weight, 0, false);
    }

    public static RegularizerSpec l2(double weight) {
        return new RegularizerSpec("l2", 0, weight, false);
    }

    public static RegularizerSpec elasticNet(double l1, double l2) {
        return new RegularizerSpec("elastic-net", l1, l2, false);
    }

    public RegularizerSpec withExcludeBias(boolean exclude) {
        return new RegularizerSpec(type, l1, l2, exclude);
    }

    /** The regularizer acting on every entry. */
    public Regularizer create() {
        switch (type) {
            case "none":
                return new NoRegularizer();
            case "l1":
                return new L1Regularizer(l1);
            case "l2":
                return new L2Regularizer(l2);
            case "elastic-net":
                return new ElasticNetRegularizer(l1, l2);
            default:
                throw new IllegalStateException("unreachable: " + type);
        }
    }

    /**
     * The regularizer for a model whose bias entries are {@code biasIndices} (from
     * {@code Model#biasIndices()}): those are left unpenalized when {@link #excludeBias}.
     */
    public Regularizer create(int[] biasIndices) {
        Regularizer r = create();
        return excludeBias ? r.excluding(biasIndices) : r;
    }
}

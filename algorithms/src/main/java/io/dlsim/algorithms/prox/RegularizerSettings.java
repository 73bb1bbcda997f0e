package io.dlsim.algorithms.prox;

import io.dlsim.topologies.settings.Problems;
import io.dlsim.topologies.settings.TypeRegistry;

/**
 * What a user asks for as the regularizer r in {@code F = f + r}: one record per type, each with
 * the weights it takes and nothing else, validated in its constructor (field names relative to
 * the record: {@code l1: must be >= 0, got -1}). {@code exclude-bias} (default true) leaves the
 * model's bias entries ({@code Model#biasIndices()}) unpenalized.
 *
 * <p>Types: {@code none}; {@code l1} ({@code l1 ||w||_1}); {@code l2} ({@code (l2/2) ||w||^2});
 * {@code elastic-net} (both).
 */
public sealed interface RegularizerSettings {
    /** The {@code type:} names. */
    TypeRegistry<RegularizerSettings> TYPES = TypeRegistry.of(RegularizerSettings.class).with("none", None.class)
            .with("l1", L1.class).with("l2", L2.class).with("elastic-net", ElasticNet.class).complete();

    /** The regularizer acting on every entry. */
    Regularizer create();

    /** Whether the model's bias entries are left unpenalized (never null). */
    Boolean excludeBias();

    /** Whether this is {@code none} (then there is no proximal step to speak of). */
    default boolean isNone() {
        return this instanceof None;
    }

    /**
     * The regularizer for a model whose bias entries are {@code biasIndices}: those are left
     * unpenalized when {@link #excludeBias()}.
     */
    default Regularizer create(int[] biasIndices) {
        Regularizer r = create();
        return excludeBias() ? r.excluding(biasIndices) : r;
    }

    /** No regularizer, r = 0. */
    static RegularizerSettings none() {
        return new None(null);
    }

    /** {@code r = weight ||w||_1} on every entry. */
    static RegularizerSettings l1(double weight) {
        return new L1(weight, false);
    }

    /** {@code r = (weight / 2) ||w||^2} on every entry. */
    static RegularizerSettings l2(double weight) {
        return new L2(weight, false);
    }

    /** r = 0. */
    record None(Boolean excludeBias) implements RegularizerSettings {
        public None {
            excludeBias = excludeBias == null || excludeBias;
        }

        @Override
        public Regularizer create() {
            return new NoRegularizer();
        }
    }

    /** {@code r = l1 ||w||_1}, l1 >= 0 (default 0). */
    record L1(Double l1, Boolean excludeBias) implements RegularizerSettings {
        public L1 {
            Problems p = new Problems();
            l1 = p.nonNegative("l1", l1, 0);
            excludeBias = excludeBias == null || excludeBias;
            p.throwIfAny();
        }

        @Override
        public Regularizer create() {
            return new L1Regularizer(l1);
        }
    }

    /** {@code r = (l2/2) ||w||^2}, l2 >= 0 (default 0). */
    record L2(Double l2, Boolean excludeBias) implements RegularizerSettings {
        public L2 {
            Problems p = new Problems();
            l2 = p.nonNegative("l2", l2, 0);
            excludeBias = excludeBias == null || excludeBias;
            p.throwIfAny();
        }

        @Override
        public Regularizer create() {
            return new L2Regularizer(l2);
        }
    }

    /** {@code r = l1 ||w||_1 + (l2/2) ||w||^2}, both >= 0 (default 0). */
    record ElasticNet(Double l1, Double l2, Boolean excludeBias) implements RegularizerSettings {
        public ElasticNet {
            Problems p = new Problems();
            l1 = p.nonNegative("l1", l1, 0);
            l2 = p.nonNegative("l2", l2, 0);
            excludeBias = excludeBias == null || excludeBias;
            p.throwIfAny();
        }

        @Override
        public Regularizer create() {
            return new ElasticNetRegularizer(l1, l2);
        }
    }
}

package io.dlsim.algorithms.optim;

import io.dlsim.algorithms.prox.Regularizer;
import io.dlsim.algorithms.prox.RegularizerSpec;
import io.dlsim.algorithms.stepsize.StepSizeSpec;
import java.util.List;
import java.util.Locale;

/**
 * Which algorithm every node runs and its settings; {@link #create} builds one node's state
 * machine. Types: {@code dsgd} (D-SGD; {@code adaptThenCombine} picks the variant),
 * {@code dspg}, {@code dpsvrg} (with {@link DpsvrgSettings}), {@code gossip} (pure averaging)
 * and {@code centralized} (the single-model baseline, built with {@link #createCentralized}).
 *
 * @param type one of {@link #TYPES}
 * @param stepSize the step-size schedule eta_t
 * @param batchSize minibatch size b per node and round
 * @param regularizer r in {@code F = f + r}; D-SGD takes none (it has no proximal step)
 * @param adaptThenCombine D-SGD variant (default false: combine-then-adapt, as in Zhu et al.)
 * @param dpsvrg DPSVRG's settings (ignored by the other types)
 */
public record AlgorithmSpec(String type, StepSizeSpec stepSize, int batchSize, RegularizerSpec regularizer,
        boolean adaptThenCombine, DpsvrgSettings dpsvrg) {
    public static final List<String> TYPES = List.of("dsgd", "dspg", "dpsvrg", "gossip", "centralized");

    public AlgorithmSpec {
        type = type == null ? "" : type.toLowerCase(Locale.ROOT);
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("algorithm.type: unknown type '" + type + "'; known types: " + String.join(", ", TYPES));
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("algorithm.batch-size: must be >= 1, got " + batchSize);
        }
        regularizer = regularizer == null ? RegularizerSpec.none() : regularizer;
        dpsvrg = dpsvrg == null ? DpsvrgSettings.DEFAULTS : dpsvrg;
        if (type.equals("dsgd") && !regularizer.type().equals("none")) {
            throw new IllegalArgumentException("algorithm.regularizer: D-SGD has no proximal step; use dspg or dpsvrg for a regularized objective");
        }
        if (stepSize == null && !type.equals("gossip")) {
            throw new IllegalArgumentException("algorithm.step-size: is required for " + type);
        }
    }

    /** The regularizer for a model with the given bias indices. */
    public Regularizer regularizerFor(int[] biasIndices) {
        return regularizer.create(biasIndices);
    }

    /** Builds node {@code ctx.node()}'s state machine. */
    public NodeAlgorithm create(NodeContext ctx) {
        Regularizer r = regularizerFor(ctx.model().biasIndices());
        return switch (type) {
            case "dsgd" -> new Dsgd(ctx, stepSize.create(), adaptThenCombine);
            case "dspg" -> new Dspg(ctx, stepSize.create(), r);
            case "dpsvrg" -> new Dpsvrg(ctx, stepSize.create(), r, dpsvrg);
            case "gossip" -> new GossipAveraging(ctx);
            case "centralized" -> throw new IllegalArgumentException(
                    "algorithm.type: centralized runs one model, not one per node (use createCentralized)");
            default -> throw new AssertionError(type);
        };
    }

    /** The centralized baseline over all nodes' shards and samplers. */
    public CentralizedSgd createCentralized(List<NodeContext> contexts) {
        Regularizer r = regularizerFor(contexts.get(0).model().biasIndices());
        return new CentralizedSgd(contexts, stepSize.create(), regularizer.type().equals("none") ? null : r);
    }
}

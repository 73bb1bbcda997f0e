package io.dlsim.algorithms.model;

/**
 * The mean loss and the accuracy of a model on a data set.
 *
 * @param loss mean loss over the examples, {@code (1/n) sum_i loss_i(w)} (without regularizer)
 * @param accuracy fraction of examples whose predicted class (the arg max of the scores, lowest
 *     class on ties) equals the label, in [0, 1]; {@link Double#NaN} for a regression model
 * @param examples number of examples n the means are over
 */
public record Evaluation(double loss, double accuracy, int examples) {
}

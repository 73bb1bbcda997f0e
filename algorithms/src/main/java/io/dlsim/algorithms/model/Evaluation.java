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
    /**
     * The evaluation whose per-example terms are {@code loss[0..n)} and {@code correct[0..n)}
     * ({@link Model#evaluationTerms}): {@code loss = (sum_k loss[k]) / n} and
     * {@code accuracy = (sum_k correct[k]) / n}, each sum from 0 in example order k = 0..n-1,
     * which is the order a {@link Model#evaluatesByTerms} model's {@link Model#evaluate} sums
     * in, so the result is that evaluation bit for bit. The one place that sums such terms: an
     * engine that computes the terms of parts of a data set on several threads or machines
     * places them by example and sums here.
     *
     * @throws IllegalArgumentException when the arrays differ in length or are empty
     */
    public static Evaluation ofTerms(double[] loss, double[] correct) {
        int n = loss.length;
        if (correct.length != n || n == 0) {
            throw new IllegalArgumentException("terms of " + n + " losses and " + correct.length + " correctness values; "
                    + "expected the same number, at least 1");
        }
        double l = 0;
        double c = 0;
        for (int k = 0; k < n; k++) {
            l += loss[k];
            c += correct[k];
        }
        return new Evaluation(l / n, c / n, n);
    }
}

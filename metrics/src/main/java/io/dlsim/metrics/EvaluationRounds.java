package io.dlsim.metrics;

/**
 * When a run is evaluated: after 0 rounds (the initial models), after every {@code evalEvery}
 * rounds, and after the last round. The one rule every engine follows, so their metrics rows
 * line up.
 */
public record EvaluationRounds(long totalRounds, long evalEvery) {
    public EvaluationRounds {
        if (totalRounds < 1) {
            throw new IllegalArgumentException("rounds: must be >= 1, got " + totalRounds);
        }
        if (evalEvery < 1) {
            throw new IllegalArgumentException("eval-every: must be >= 1, got " + evalEvery);
        }
    }

    /** True if the state after {@code roundsDone} rounds is evaluated. */
    public boolean isEvaluated(long roundsDone) {
        return roundsDone == 0 || roundsDone == totalRounds || (roundsDone % evalEvery == 0 && roundsDone < totalRounds);
    }

    /** Number of evaluations in a complete run. */
    public long count() {
        return 1 + (totalRounds - 1) / evalEvery + 1;
    }
}

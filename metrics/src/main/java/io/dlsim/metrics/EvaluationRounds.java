package io.dlsim.metrics;

/**
 * When a run is evaluated: after 0 rounds (the initial models), after every {@code evalEvery}
 * rounds, and after the last round; and when it is checkpointed: after every
 * {@code checkpointEvery} rounds (a multiple of {@code evalEvery}, so a checkpoint is taken at an
 * evaluated round, with its row; 0: never), before the last. The one rule every engine follows,
 * so their metrics rows and checkpoints line up.
 *
 * <p>A resumed run starts after {@code firstRound} rounds (a checkpoint's round): its nodes were
 * restored there, and the row of that round is already written, so only later rounds are
 * evaluated.
 *
 * @param totalRounds rounds of the whole run, >= 1
 * @param evalEvery rounds between evaluations, >= 1
 * @param checkpointEvery rounds between checkpoints, a multiple of {@code evalEvery}; 0 for none
 * @param firstRound the round the run starts from: 0, or a checkpoint's round when resumed
 */
public record EvaluationRounds(long totalRounds, long evalEvery, long checkpointEvery, long firstRound) {
    public EvaluationRounds {
        if (totalRounds < 1) {
            throw new IllegalArgumentException("rounds: must be >= 1, got " + totalRounds);
        }
        if (evalEvery < 1) {
            throw new IllegalArgumentException("eval-every: must be >= 1, got " + evalEvery);
        }
        if (checkpointEvery < 0 || (checkpointEvery > 0 && checkpointEvery % evalEvery != 0)) {
            throw new IllegalArgumentException("checkpoint-every: must be a multiple of eval-every (" + evalEvery + "), got "
                    + checkpointEvery);
        }
        if (firstRound < 0 || firstRound >= totalRounds) {
            throw new IllegalArgumentException("first round: must be in 0.." + (totalRounds - 1) + ", got " + firstRound);
        }
    }

    /** Evaluated every {@code evalEvery} rounds from round 0, without checkpoints. */
    public EvaluationRounds(long totalRounds, long evalEvery) {
        this(totalRounds, evalEvery, 0, 0);
    }

    /** True if the state after {@code roundsDone} rounds is evaluated in this (possibly resumed) run. */
    public boolean isEvaluated(long roundsDone) {
        boolean onPlan = roundsDone == 0 || roundsDone == totalRounds || (roundsDone % evalEvery == 0 && roundsDone < totalRounds);
        return onPlan && (roundsDone > firstRound || (roundsDone == 0 && firstRound == 0));
    }

    /** True if the state after {@code roundsDone} rounds is checkpointed (with its evaluation). */
    public boolean isCheckpoint(long roundsDone) {
        return checkpointEvery > 0 && roundsDone > 0 && roundsDone < totalRounds && roundsDone % checkpointEvery == 0
                && roundsDone > firstRound;
    }

    /** Number of evaluations in a complete run from round 0. */
    public long count() {
        return 1 + (totalRounds - 1) / evalEvery + 1;
    }

    /** This plan, resumed after {@code round} rounds. */
    public EvaluationRounds resumedAt(long round) {
        return new EvaluationRounds(totalRounds, evalEvery, checkpointEvery, round);
    }
}

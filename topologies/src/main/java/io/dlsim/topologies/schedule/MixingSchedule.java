package io.dlsim.topologies.schedule;

import io.dlsim.topologies.mixing.MixingMatrix;
import java.util.OptionalInt;

/**
 * A mixing matrix per gossip round: in round t every node i combines
 * {@code sum_j W(t)[i][j] x_j}.
 *
 * <p>Contract: {@link #at(long)} is a pure function of the schedule's parameters (and seed)
 * and the round, never of call order or history, so every engine and every JVM sees the same
 * W(t); implementations are immutable and safe to share between threads. Every W(t) is
 * validated (non-negative, within its graph, rows or columns summing to 1 as its rule promises).
 */
public interface MixingSchedule {
    /** Number of nodes. */
    int n();

    /** W(t) for round {@code t >= 0}. */
    MixingMatrix at(long round);

    /**
     * The period p such that {@code W(t + p) = W(t)} for every t, when there is one (1 for a
     * static schedule); empty for random and phased schedules.
     */
    OptionalInt period();

    /** A short human-readable description, e.g. {@code one-peer-exponential(n=16, period 4)}. */
    String describe();
}

package io.dlsim.metrics;

import io.dlsim.algorithms.engine.EventEngine;
import io.dlsim.algorithms.optim.NodeAlgorithm;
import java.util.ArrayList;
import java.util.List;

/**
 * An asynchronous run as {@link AsynchronousRunner} drives it: the discrete-event engine in one
 * thread ({@link #of}, the oracle), or its parts on actors or cluster members advanced in the
 * same windows. Whatever runs it, a simulation that went through the same calls is in the same
 * state, bit for bit.
 */
public interface EventSimulation {
    /** How many nodes the run has. */
    int nodes();

    /**
     * The lookahead of the run ({@code SystemModel#lookahead}): when it is positive the runner
     * advances in windows shorter than it ({@link #advanceTo}); when it is 0 only
     * {@link #advance} is used, event by event, and only the one-thread engine can do that.
     */
    double lookahead();

    /** Processes every event at or before {@code until}. */
    void advanceTo(double until);

    /**
     * Processes events in order up to {@code until} while fewer than {@code stepLimit} steps were
     * made, then every other event of that instant ({@link EventEngine#advance}); true when the
     * limit was reached. Only for a lookahead of 0.
     */
    boolean advance(double until, long stepLimit);

    /** Simulated time of the last event processed. */
    double now();

    /** The time of the next event not yet processed; +infinity when there is none. */
    double nextEventTime();

    /** Steps made by all nodes together. */
    long totalSteps();

    /** The staleness histogram since the previous call ({@link EventEngine#takeStalenessHistogram}), summed over parts. */
    long[] takeStalenessHistogram();

    /** A snapshot of every node, in id order, labelled {@code round}. */
    List<NodeSnapshot> snapshots(long round);

    /**
     * Every node's {@link AsynchronousCheckpoint} at {@code at} (between windows, or after
     * {@link #advance}), in id order: its own state, what the engine holds for it (events in
     * flight between parts included), and the runner's position.
     */
    List<byte[]> save(AsynchronousCheckpoint.Position at);

    /** The one-thread discrete-event engine as a simulation. */
    static EventSimulation of(EventEngine engine) {
        return new EventSimulation() {
            @Override
            public int nodes() {
                return engine.nodes().size();
            }

            @Override
            public double lookahead() {
                return engine.lookahead();
            }

            @Override
            public void advanceTo(double until) {
                engine.advanceTo(until);
            }

            @Override
            public boolean advance(double until, long stepLimit) {
                return engine.advance(until, stepLimit);
            }

            @Override
            public double now() {
                return engine.now();
            }

            @Override
            public double nextEventTime() {
                return engine.nextEventTime();
            }

            @Override
            public long totalSteps() {
                return engine.totalSteps();
            }

            @Override
            public long[] takeStalenessHistogram() {
                return engine.takeStalenessHistogram();
            }

            @Override
            public List<byte[]> save(AsynchronousCheckpoint.Position at) {
                List<byte[]> engineStates = engine.save(List.of());
                List<byte[]> out = new ArrayList<>(engineStates.size());
                for (int i = 0; i < engineStates.size(); i++) {
                    out.add(AsynchronousCheckpoint.of(at, io.dlsim.algorithms.engine.NodeState.save(engine.nodes().get(i)),
                            engineStates.get(i)));
                }
                return out;
            }

            @Override
            public List<NodeSnapshot> snapshots(long round) {
                List<NodeSnapshot> snaps = new ArrayList<>(engine.nodes().size());
                for (NodeAlgorithm node : engine.nodes()) {
                    snaps.add(NodeSnapshot.of(node, round));
                }
                return snaps;
            }
        };
    }
}

package io.dlsim.simulator.scenario;

import io.dlsim.algorithms.engine.EventEngine;
import io.dlsim.algorithms.optim.AdPsgd;
import io.dlsim.algorithms.optim.AlgorithmSettings;
import io.dlsim.algorithms.optim.AsyncGossip;

/**
 * How a run's nodes take their steps ({@code execution:}, {@code quorum:},
 * {@code eval-every-seconds:} at the top of a scenario file): in synchronous rounds (the
 * default), or asynchronously on simulated time ({@link EventEngine}), where async-gossip and
 * AD-PSGD run, and a synchronous method runs in quorum rounds.
 *
 * @param mode synchronous or asynchronous
 * @param quorum the share of in-neighbours whose round-k message a node waits for in quorum rounds
 *     (asynchronous runs of a synchronous method only; default 1: all)
 * @param evalEverySeconds evaluate every this many simulated seconds (asynchronous runs only);
 *     null: every {@code eval-every} mean local steps
 */
public record Execution(Mode mode, Double quorum, Double evalEverySeconds) {
    /** The {@code execution:} values. */
    public enum Mode { SYNCHRONOUS, ASYNCHRONOUS }

    /** Synchronous rounds, the default. */
    public static final Execution SYNCHRONOUS = new Execution(Mode.SYNCHRONOUS, null, null);

    public Execution {
        mode = mode == null ? Mode.SYNCHRONOUS : mode;
    }

    public boolean asynchronous() {
        return mode == Mode.ASYNCHRONOUS;
    }

    /** The event engine's protocol for {@code algorithm}: latest messages, pairwise averaging, or quorum rounds. */
    public EventEngine.Protocol protocol(AlgorithmSettings algorithm) {
        if (algorithm instanceof AsyncGossip.Settings gossip) {
            return new EventEngine.Protocol.Latest(gossip.maxStaleness());
        }
        if (algorithm instanceof AdPsgd.Settings) {
            return new EventEngine.Protocol.Pairwise();
        }
        return new EventEngine.Protocol.Quorum(quorum == null ? 1.0 : quorum);
    }
}

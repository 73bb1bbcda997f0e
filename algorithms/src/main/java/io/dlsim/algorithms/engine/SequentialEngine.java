package io.dlsim.algorithms.engine;

import io.dlsim.algorithms.optim.NodeAlgorithm;
import io.dlsim.algorithms.system.SystemModel;
import io.dlsim.topologies.schedule.MixingSchedule;
import java.util.List;

/**
 * Runs all nodes in lockstep in one thread: in round t every node computes its message, then
 * every node combines the messages of its row of W(t) in ascending node id order
 * ({@link Gossip#combine}) and finishes its step. It is the oracle the actor and cluster
 * engines must match bit for bit, and the speed baseline. With a {@link SystemModel} every
 * node's simulated clock advances by the {@link RoundClock} rule alongside the round.
 */
public final class SequentialEngine {
    private final MixingSchedule schedule;
    private final List<NodeAlgorithm> nodes;
    private final double[][] messages;
    private final double[][] mixed;
    private final SystemModel system;
    /** departures[j]: when node j's message of the current round left its uplink (with a system model). */
    private final double[] departures;
    /** announcements[j]: node j's announcement of the current round under churn ({@link ChurnRound}), else null. */
    private final int[] announcements;
    private double[][] gathered = new double[0][];
    /** This round's rows, combined together once all are gathered (the same bits as one by one). */
    private final Gossip.Rows combining = new Gossip.Rows();
    private MixingRows rows;
    private long round;

    public SequentialEngine(MixingSchedule schedule, List<? extends NodeAlgorithm> nodes) {
        this(schedule, nodes, 0);
    }

    /**
     * An engine whose next round is {@code firstRound}: for nodes restored from a checkpoint
     * taken after that many rounds ({@link NodeState}).
     */
    public SequentialEngine(MixingSchedule schedule, List<? extends NodeAlgorithm> nodes, long firstRound) {
        this(schedule, nodes, firstRound, null);
    }

    /** As {@link #SequentialEngine(MixingSchedule, List, long)}, on simulated time when {@code system} is not null. */
    public SequentialEngine(MixingSchedule schedule, List<? extends NodeAlgorithm> nodes, long firstRound, SystemModel system) {
        if (firstRound < 0) {
            throw new IllegalArgumentException("first round: must be >= 0, got " + firstRound);
        }
        this.round = firstRound;
        if (schedule.n() != nodes.size()) {
            throw new IllegalArgumentException("schedule has " + schedule.n() + " nodes, " + nodes.size() + " algorithms given");
        }
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).node() != i) {
                throw new IllegalArgumentException("node " + i + " is node " + nodes.get(i).node() + " of its context");
            }
        }
        this.schedule = schedule;
        this.nodes = List.copyOf(nodes);
        this.messages = new double[nodes.size()][];
        this.mixed = new double[nodes.size()][];
        this.system = system;
        this.departures = system == null ? null : new double[nodes.size()];
        this.announcements = system == null || system.churn() == null ? null : new int[nodes.size()];
        if (announcements != null) {
            MixingRows first = MixingRows.of(schedule.at(firstRound), null);
            for (NodeAlgorithm node : this.nodes) {
                ChurnRound.prepare(system, node, first.columns(node.node()));
            }
        }
    }

    /** Runs the next round. */
    public void runRound() {
        int n = nodes.size();
        rows = MixingRows.of(schedule.at(round), rows);
        for (int i = 0; i < n; i++) {
            NodeAlgorithm node = nodes.get(i);
            if (announcements != null) {
                announcements[i] = ChurnRound.begin(system, node, rows.columns(i));
                if (!node.counters().online()) {
                    messages[i] = null;
                    departures[i] = RoundClock.sitOut(system, node, round);
                    continue;
                }
            }
            messages[i] = node.outgoing(round);
            long bytes = node.messageBytes(messages[i]);
            int[] recipients = announcements == null ? rows.recipients(i) : ChurnRound.onlineRecipients(node, rows.columns(i));
            node.counters().addSentBytes(recipients.length, bytes);
            if (system != null) {
                departures[i] = RoundClock.send(system, node, round, bytes, recipients);
            }
        }
        for (int i = 0; i < n; i++) {
            NodeAlgorithm node = nodes.get(i);
            int[] cols = rows.columns(i);
            if (announcements != null && !node.counters().online()) {
                RoundClock.receive(system, node, round, cols, departures, announcements);
                continue;
            }
            if (gathered.length < cols.length) {
                gathered = new double[cols.length][];
            }
            for (int k = 0; k < cols.length; k++) {
                gathered[k] = messages[cols[k]];
            }
            if (mixed[i] == null || mixed[i].length != messages[i].length) {
                mixed[i] = new double[messages[i].length];
            }
            combining.add(RoundClock.combinedRow(system, node, round, cols, rows.weights(i), announcements, gathered), gathered,
                    mixed[i]);
            if (system != null) {
                RoundClock.receive(system, node, round, cols, departures, announcements);
            }
        }
        combining.combine();
        for (int i = 0; i < n; i++) {
            NodeAlgorithm node = nodes.get(i);
            if (messages[i] != null) {
                node.step(round, mixed[i]);
            }
            if (announcements != null) {
                ChurnRound.end(node, rows.columns(i), announcements);
            }
        }
        round++;
    }

    /** Runs {@code count} rounds. */
    public void run(long count) {
        for (long k = 0; k < count; k++) {
            runRound();
        }
    }

    /** The number of rounds run so far (the next round's index). */
    public long round() {
        return round;
    }

    public List<NodeAlgorithm> nodes() {
        return nodes;
    }
}

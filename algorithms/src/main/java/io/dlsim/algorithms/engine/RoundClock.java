package io.dlsim.algorithms.engine;

import io.dlsim.algorithms.optim.NodeAlgorithm;
import io.dlsim.algorithms.system.SystemModel;

/**
 * The synchronous round on simulated time (DESIGN.md section 2a), the one rule every engine
 * applies beside the round's maths: node i starts round t when its round t-1 ended (its
 * {@link NodeCounters#clock}), computes for {@link SystemModel#computeSeconds} seconds, then sends
 * its message, which departs its uplink at {@link SystemModel#departure} and reaches each
 * recipient j at {@link SystemModel#arrival}. Round t ends for node i at
 * <pre>
 *   end_i(t) = max( start_i(t) + compute_i(t),  max over in-neighbours j != i of arrival_ji(t) )
 * </pre>
 * and the time between the end of its computation and end_i(t) is idle. The clock never feeds
 * back into the maths (rounds keep their trajectories); it is computed alongside them from the
 * message stamps ({@link #send}'s departure time, carried with each message), so engines that
 * move messages differently compute the same clocks bit for bit.
 *
 * <p>With constant compute c, constant latency L, bandwidth B, s-byte messages and a d-regular
 * graph with a shared uplink, every round takes exactly {@code c + d s / B + L}.
 *
 * <p>Message loss ({@code network.loss}): under {@code retransmit} a lost copy is sent again
 * {@code retransmit-timeout} seconds later, so it arrives that much later and its bytes count
 * again at the sender (a retransmission is not charged uplink time: the link is taken to be idle
 * by then); the trajectory is unchanged. Under {@code skip} the receiver combines what arrived
 * ({@link #deliveredRow}: its row re-normalised over the delivered columns, itself always
 * included) and does not wait for what was lost (it learns of the loss when the others are in).
 * Re-normalised rows still sum to 1, but the columns no longer do: W(t) stops being doubly
 * stochastic, so gossip no longer preserves the average of the models.
 *
 * <p>Synchronization for asynchronous execution (the next issue): in the synchronous round the
 * clocks need no synchronization of their own (each is a function of the round's messages and
 * their stamps). An event-driven engine will use conservative time windows no longer than the
 * smallest latency the model can draw ({@link io.dlsim.algorithms.system.SystemSettings.Latency#minimum()}),
 * which is the lookahead: no event inside a window can cause another node's event inside it.
 */
public final class RoundClock {
    private RoundClock() {
    }

    /**
     * Node i has just computed its round-t message ({@code outgoing(t)}), of {@code bytes} bytes,
     * for {@code recipients} nodes: charges its computation and returns the time its message
     * departs, the stamp every copy of the message carries.
     */
    public static double send(SystemModel system, NodeAlgorithm node, long round, long bytes, int[] recipients) {
        NodeCounters c = node.counters();
        double computed = c.clock() + system.computeSeconds(node.node(), round, c.takeUntimedEvaluations());
        c.computed(computed);
        if (system.retransmits()) {
            int again = 0;
            for (int r : recipients) {
                again += system.attempts(node.node(), r, round) - 1;
            }
            c.addSentBytes(again, bytes);
        }
        return system.departure(computed, bytes, recipients.length);
    }

    /**
     * Ends node i's round t: {@code columns} is its row of W(t) (itself included, ascending) and
     * {@code departures[j]} the stamp of node j's round-t message, by node id.
     */
    public static void receive(SystemModel system, NodeAlgorithm node, long round, int[] columns, double[] departures) {
        receive(system, node, round, columns, departures, null);
    }

    /**
     * As {@link #receive(SystemModel, NodeAlgorithm, long, int[], double[])} under churn
     * ({@link ChurnRound}; {@code announcements} by node id, null without churn): a model message
     * between two online nodes arrives as above; an announcement alone (either end offline)
     * arrives after the link's latency. An offline node's round ends when every announcement is
     * in, and not before its {@link #sitOut} time; it was not idle.
     */
    public static void receive(SystemModel system, NodeAlgorithm node, long round, int[] columns, double[] departures,
            int[] announcements) {
        int i = node.node();
        NodeCounters c = node.counters();
        boolean online = announcements == null || ChurnRound.online(announcements[i]);
        double end = c.computedAt();
        for (int j : columns) {
            if (j == i) {
                continue;
            }
            if (online && (announcements == null || ChurnRound.online(announcements[j]))) {
                if (system.delivered(j, i, round)) {
                    end = Math.max(end, system.arrival(j, i, round, departures[j]));
                }
            } else {
                end = Math.max(end, system.announcementArrival(j, i, round, departures[j]));
            }
        }
        if (online) {
            c.endRound(end);
        } else {
            c.endOfflineRound(end);
        }
    }

    /**
     * Offline node i's round t under churn: it computes nothing, and its round lasts at least the
     * step it skips ({@link SystemModel#computeSeconds} of no evaluations: {@code seconds-per-step}
     * with its slowdown and jitter, 0 with {@code flops-per-second}), so simulated time passes and
     * it can come back. Returns its announcement's departure time: the start of its round.
     */
    public static double sitOut(SystemModel system, NodeAlgorithm node, long round) {
        NodeCounters c = node.counters();
        c.computed(c.clock() + system.computeSeconds(node.node(), round, 0));
        return c.clock();
    }

    /**
     * The weights online node i combines its gathered round-t messages with, the one rule of
     * every engine: under churn ({@code announcements} not null) its row over the online nodes
     * ({@link ChurnRound#onlineRow}), then, under {@code skip}, over what arrived
     * ({@link #deliveredRow}); {@code gathered} (aligned with {@code columns}) is compacted to match.
     */
    public static double[] combinedRow(SystemModel system, NodeAlgorithm node, long round, int[] columns, double[] weights,
            int[] announcements, double[][] gathered) {
        int[] cols = columns;
        double[] row = weights;
        if (announcements != null) {
            ChurnRound.Row online = ChurnRound.onlineRow(system, node, columns, announcements, gathered);
            cols = online.columns();
            row = online.weights();
        }
        return deliveredRow(system, node.node(), round, cols, row, gathered);
    }

    /**
     * The weights node i combines its round-t messages with: its row of W(t) ({@code weights},
     * aligned with {@code columns}) unless some in-neighbour's message was lost under
     * {@code skip}; then a new row over the delivered columns only, each weight divided by their
     * sum (summed in column order), with {@code gathered} compacted in place to match. Engines
     * call it between gathering the messages and {@link Gossip#combine}, so the re-normalised
     * combination is the same bits everywhere.
     *
     * @param system the run's system model, or null (no loss)
     */
    public static double[] deliveredRow(SystemModel system, int node, long round, int[] columns, double[] weights,
            double[][] gathered) {
        if (system == null || !system.skipsLost()) {
            return weights;
        }
        for (int m = 0; m < columns.length; m++) {
            int j = columns[m];
            if (j != node && !system.delivered(j, node, round)) {
                gathered[m] = null;
            }
        }
        return rowOverPresent(weights, gathered);
    }

    /**
     * A row over the messages present: the weights of the non-null entries of
     * {@code gathered[0 .. weights.length)}, each divided by their sum (summed in column order),
     * with {@code gathered} compacted in place to match; {@code weights} itself when all are there.
     * The one re-normalisation of lost (skip), late (quorum) and unheard-of (async) messages.
     */
    public static double[] rowOverPresent(double[] weights, double[][] gathered) {
        int k = weights.length;
        int present = 0;
        double sum = 0;
        for (int m = 0; m < k; m++) {
            if (gathered[m] != null) {
                present++;
                sum += weights[m];
            }
        }
        if (present == k) {
            return weights;
        }
        double[] row = new double[present];
        for (int m = 0, q = 0; m < k; m++) {
            if (gathered[m] != null) {
                row[q] = weights[m] / sum;
                gathered[q++] = gathered[m];
            }
        }
        return row;
    }
}

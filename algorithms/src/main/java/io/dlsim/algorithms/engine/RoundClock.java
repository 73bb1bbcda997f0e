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
 */
public final class RoundClock {
    private RoundClock() {
    }

    /**
     * Node i has just computed its round-t message ({@code outgoing(t)}), of {@code bytes} bytes,
     * for {@code recipients} nodes: charges its computation and returns the time its message
     * departs, the stamp every copy of the message carries.
     */
    public static double send(SystemModel system, NodeAlgorithm node, long round, long bytes, int recipients) {
        NodeCounters c = node.counters();
        double computed = c.clock() + system.computeSeconds(node.node(), round, c.takeUntimedEvaluations());
        c.computed(computed);
        return system.departure(computed, bytes, recipients);
    }

    /**
     * Ends node i's round t: {@code columns} is its row of W(t) (itself included, ascending) and
     * {@code departures[j]} the stamp of node j's round-t message, by node id.
     */
    public static void receive(SystemModel system, NodeAlgorithm node, long round, int[] columns, double[] departures) {
        int i = node.node();
        NodeCounters c = node.counters();
        double end = c.computedAt();
        for (int j : columns) {
            if (j != i) {
                end = Math.max(end, system.arrival(j, i, round, departures[j]));
            }
        }
        c.endRound(end);
    }
}

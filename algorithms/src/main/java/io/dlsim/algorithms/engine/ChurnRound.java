package io.dlsim.algorithms.engine;

import io.dlsim.algorithms.optim.NodeAlgorithm;
import io.dlsim.algorithms.system.ChurnModel;
import io.dlsim.algorithms.system.SystemModel;

/**
 * The synchronous round under churn ({@code system.churn}), the one protocol every engine runs
 * beside {@link RoundClock}. Whether node i takes part in round t, s_i(t), must be known to its
 * neighbours before they combine round t (they re-apply the mixing rule to the online nodes),
 * and Metropolis–Hastings needs each online neighbour's online degree too, which is two-hop
 * knowledge. So statuses are announced one round ahead, as a failure detector's heartbeat would:
 * <ol>
 *   <li>At the start of round t (its clock), node i reads its churn process:
 *       {@code s_i(t+1) = online_i(start_i(t))}; at t = 0, {@code s_i(0) = s_i(1) = online_i(0)}.</li>
 *   <li>It sends, to every neighbour, an announcement ({@code s_i(t)}, {@code s_i(t+1)} and its
 *       online degree {@code d_i(t)}, the number of its neighbours with {@code s_j(t)} on, which
 *       it learnt from their round t-1 announcements) with its round-t model message when both
 *       ends are online, alone otherwise. An offline node computes nothing and sends no model:
 *       its announcement leaves at the start of its round, costs no bytes and is never lost.</li>
 *   <li>An online node combines itself and its online neighbours with the static rule re-applied
 *       to them ({@link io.dlsim.topologies.mixing.OnlineMixing}: Metropolis–Hastings from the
 *       announced degrees stays symmetric and doubly stochastic), then steps; an offline node
 *       keeps its model. Every node waits for all its neighbours' announcements (they carry
 *       {@code s_j(t+1)}); an offline node's round also lasts at least the step it skips, so
 *       time passes and it can come back. It then adopts {@code s_i(t+1)} and its neighbours'.</li>
 * </ol>
 * An announcement is one int: bit 0 {@code s_i(t)}, bit 1 {@code s_i(t+1)}, bits 2.. {@code d_i(t)}.
 * Node i's view (its own status and its row's) lives in its {@link NodeCounters}, so checkpoints
 * carry it. The graph must be undirected (a node's recipients are its row's other columns).
 */
public final class ChurnRound {
    private static final int ONLINE = 1;
    private static final int ONLINE_NEXT = 2;
    private static final int DEGREE_SHIFT = 2;

    private ChurnRound() {
    }

    /** A row restricted to the online nodes: ascending columns and their weights. */
    public record Row(int[] columns, double[] weights) {
    }

    /**
     * Starts node i's round t: decides {@code s_i(t+1)} at its clock and returns its
     * announcement. {@code columns} is its row of W, itself included, ascending.
     */
    public static int begin(SystemModel system, NodeAlgorithm node, int[] columns) {
        ChurnModel churn = system.churn();
        NodeCounters c = node.counters();
        int i = node.node();
        prepare(system, node, columns);
        boolean next = churn.online(i, c.clock(), c);
        c.offlineNext(!next);
        int degree = 0;
        boolean[] off = c.columnOffline();
        for (int m = 0; m < columns.length; m++) {
            if (columns[m] != i && !off[m]) {
                degree++;
            }
        }
        return (c.online() ? ONLINE : 0) | (next ? ONLINE_NEXT : 0) | degree << DEGREE_SHIFT;
    }

    /**
     * Gives a node that has not run a round yet its view of round 0 (everybody's status at time
     * 0 is known to all); a node that has (or was restored from a checkpoint) keeps its own.
     * Engines call it for every node before the round-0 evaluation, so its snapshot says
     * whether the node is online.
     */
    public static void prepare(SystemModel system, NodeAlgorithm node, int[] columns) {
        NodeCounters c = node.counters();
        if (c.columnOffline() != null) {
            return;
        }
        ChurnModel churn = system.churn();
        int i = node.node();
        boolean[] off = new boolean[columns.length];
        for (int m = 0; m < columns.length; m++) {
            off[m] = columns[m] != i && !churn.onlineAtStart(columns[m]);
        }
        c.churnView(!churn.onlineAtStart(i), off);
    }

    /** Whether an announcement says its sender takes part in the round. */
    public static boolean online(int announcement) {
        return (announcement & ONLINE) != 0;
    }

    /** The nodes node i sends its model to in the current round: its online neighbours, ascending. */
    public static int[] onlineRecipients(NodeAlgorithm node, int[] columns) {
        boolean[] off = node.counters().columnOffline();
        int i = node.node();
        int count = 0;
        for (int m = 0; m < columns.length; m++) {
            if (columns[m] != i && !off[m]) {
                count++;
            }
        }
        int[] to = new int[count];
        for (int m = 0, q = 0; m < columns.length; m++) {
            if (columns[m] != i && !off[m]) {
                to[q++] = columns[m];
            }
        }
        return to;
    }

    /**
     * Online node i's row of round t over itself and its online neighbours, weighted by the rule
     * re-applied to them; {@code gathered} (aligned with {@code columns}, null where a neighbour
     * sent no model) is compacted in place to match. {@code announcements} is by node id.
     *
     * @throws IllegalStateException when a neighbour's announcement contradicts what it announced
     *     the round before (a protocol error)
     */
    public static Row onlineRow(SystemModel system, NodeAlgorithm node, int[] columns, int[] announcements, double[][] gathered) {
        int i = node.node();
        boolean[] off = node.counters().columnOffline();
        int kept = 0;
        for (int m = 0; m < columns.length; m++) {
            int j = columns[m];
            boolean on = j == i || online(announcements[j]);
            if (on == off[m] && j != i) {
                throw new IllegalStateException("node " + j + " announced it is " + (on ? "online" : "offline")
                        + " in this round, but it had announced the opposite to node " + i);
            }
            if (on) {
                if (gathered[m] == null) {
                    throw new IllegalStateException("node " + j + " is online but sent node " + i + " no model");
                }
                kept++;
            }
        }
        int[] cols = new int[kept];
        int[] degrees = new int[kept];
        for (int m = 0, q = 0; m < columns.length; m++) {
            int j = columns[m];
            if (j == i || online(announcements[j])) {
                cols[q] = j;
                degrees[q] = announcements[j] >>> DEGREE_SHIFT;
                gathered[q] = gathered[m];
                q++;
            }
        }
        return new Row(cols, system.onlineMixing().row(i, cols, degrees));
    }

    /**
     * Ends node i's round t once every neighbour's announcement is in: it adopts
     * {@code s_i(t+1)} and its neighbours' statuses for round t+1.
     */
    public static void end(NodeAlgorithm node, int[] columns, int[] announcements) {
        NodeCounters c = node.counters();
        int i = node.node();
        boolean[] off = c.columnOffline();
        for (int m = 0; m < columns.length; m++) {
            off[m] = columns[m] != i && (announcements[columns[m]] & ONLINE_NEXT) == 0;
        }
        c.churnView(c.offlineNext(), off);
    }
}

package io.dlsim.algorithms.engine;

import io.dlsim.algorithms.RandomStreams;
import io.dlsim.algorithms.optim.NodeAlgorithm;
import io.dlsim.algorithms.optim.PairwiseAveraging;
import io.dlsim.algorithms.system.SystemModel;
import io.dlsim.topologies.schedule.MixingSchedule;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Asynchronous execution on simulated time (DESIGN.md section 2a): a discrete-event simulation
 * in one thread, the oracle of asynchronous runs. There are no rounds: every node loops over its
 * own steps, and the events are processed in the order (simulated time, node id, kind, sender,
 * step, insertion), so the run is a pure function of the scenario and its seed. A node's step k
 * starts when its step k-1 ended: {@code outgoing(k)} (its local computation) takes
 * {@link SystemModel#computeSeconds}; then its message leaves its uplink
 * ({@link SystemModel#departure}) and reaches each recipient after the link's latency
 * ({@link SystemModel#arrival}, lost copies retransmitted or dropped as in the synchronous
 * rounds). What ends the step is the {@link Protocol}:
 * <ul>
 *   <li>{@link Protocol.Latest} (async-gossip): the node combines its message with the latest
 *       message it holds from each in-neighbour, its row of W re-normalised over those it has
 *       heard from, waiting while some neighbour's latest message is more than S of its own steps
 *       old; the staleness {@code k - s_j} of every message combined is recorded;</li>
 *   <li>{@link Protocol.Quorum} (a synchronous algorithm in quorum rounds): it combines its
 *       round-k message with the round-k messages of its in-neighbours as soon as
 *       {@code ceil(q x in-degree)} of them arrived, the row re-normalised over those; a
 *       round-k message that arrives after the node finished round k is dropped (counted), one
 *       of a later round waits for it;</li>
 *   <li>{@link Protocol.Pairwise} (AD-PSGD): it sends an averaging request with the model it
 *       read to one peer drawn from its row of W (probability {@code W_ij / (1 - W_ii)}, stream
 *       PEERS per node and step); the peer averages atomically when the request arrives
 *       ({@link PairwiseAveraging}) and replies with the average, and the node's step ends when
 *       the reply arrives ({@code step(k, average)}); its staleness is the number of averagings
 *       that changed the node's model between the gradient's read and its update. The peer's half of an averaging happens when
 *       the request arrives and the node's half when the reply does, so the sum of the models is
 *       kept exactly once the replies in flight are counted, and exactly with none in flight.</li>
 * </ul>
 * A node's clock is the end of its last step, and the time between the end of its computation
 * and the end of its step is idle. With every node equally fast, no jitter and S = 0, Latest is
 * the synchronous round bit for bit (trajectory and clocks); Quorum with q = 1 is too.
 *
 * <p>Synchronization of a parallel version (the next step): no event of a node inside a window
 * of simulated time no longer than the smallest latency can cause an event of another node in
 * the same window, so windows of that length can be processed node-parallel
 * ({@link RoundClock}'s note).
 */
public final class EventEngine {
    /** How a node ends its step without rounds. */
    public sealed interface Protocol {
        /** Async-gossip: combine the latest message from each in-neighbour, none more than {@code maxStaleness} steps old. */
        record Latest(int maxStaleness) implements Protocol {
            public Latest {
                if (maxStaleness < 0) {
                    throw new IllegalArgumentException("max-staleness: must be >= 0, got " + maxStaleness);
                }
            }
        }

        /** Quorum rounds: combine the round's messages once {@code ceil(fraction x in-degree)} of them are in. */
        record Quorum(double fraction) implements Protocol {
            public Quorum {
                if (!(fraction > 0 && fraction <= 1)) {
                    throw new IllegalArgumentException("quorum: must be in (0, 1], got " + fraction);
                }
            }
        }

        /** AD-PSGD: atomic pairwise averaging with one peer per step. */
        record Pairwise() implements Protocol {
        }
    }

    /** Event kinds, in the order they are processed at the same time and node. */
    private static final int MESSAGE = 0;
    private static final int REQUEST = 1;
    private static final int REPLY = 2;
    private static final int COMPUTED = 3;

    private record Event(double time, int node, int kind, int from, long step, double[] payload, long seq) {
    }

    private final MixingRows rows;
    private final NodeAlgorithm[] nodes;
    private final SystemModel system;
    private final Protocol protocol;
    private final long seed;
    private final int n;
    private final PriorityQueue<Event> queue = new PriorityQueue<>((a, b) -> {
        int c = Double.compare(a.time, b.time);
        if (c == 0) {
            c = Integer.compare(a.node, b.node);
        }
        if (c == 0) {
            c = Integer.compare(a.kind, b.kind);
        }
        if (c == 0) {
            c = Integer.compare(a.from, b.from);
        }
        if (c == 0) {
            c = Long.compare(a.step, b.step);
        }
        return c != 0 ? c : Long.compare(a.seq, b.seq);
    });
    private long seq;
    private boolean begun;
    private double now;
    private long totalSteps;
    private long dropped;
    private long processed;
    private final long[] steps;
    private final boolean[] computed;
    private final double[][] own;
    /** Latest: the latest message from each column of a node's row, and its step (-1: none yet). */
    private final double[][][] latest;
    private final long[][] latestStep;
    /** Quorum: messages of a node's current and later rounds, by round, aligned with its row's columns. */
    private final List<Map<Long, double[][]>> pending;
    /** Pairwise: averagings a node took part in as the peer since it read its model for its current step. */
    private final long[] passiveSinceRead;
    private double[][] gathered = new double[0][];
    private double[] mixed;
    /** Staleness of the messages combined since {@link #takeStaleness}: a histogram by steps. */
    private long[] stalenessCounts = new long[16];
    private long stalenessTotal;
    private long stalenessSum;

    /**
     * An engine whose nodes start their step 0 at time 0 (on the first {@link #advance}).
     *
     * @param schedule a static W (its round-0 matrix is used throughout)
     * @param seed the run's seed (AD-PSGD's peer draws)
     */
    public EventEngine(MixingSchedule schedule, List<? extends NodeAlgorithm> nodes, SystemModel system, Protocol protocol, long seed) {
        if (system == null) {
            throw new IllegalArgumentException("asynchronous execution runs on simulated time: a system model is required");
        }
        this.n = nodes.size();
        if (schedule.n() != n) {
            throw new IllegalArgumentException("schedule has " + schedule.n() + " nodes, " + n + " algorithms given");
        }
        this.rows = MixingRows.of(schedule.at(0), null);
        this.nodes = nodes.toArray(new NodeAlgorithm[0]);
        for (int i = 0; i < n; i++) {
            if (this.nodes[i].node() != i) {
                throw new IllegalArgumentException("node " + i + " is node " + this.nodes[i].node() + " of its context");
            }
            if (protocol instanceof Protocol.Pairwise && !(this.nodes[i] instanceof PairwiseAveraging)) {
                throw new IllegalArgumentException("pairwise averaging needs nodes that average atomically (AD-PSGD), got "
                        + this.nodes[i].getClass().getSimpleName());
            }
        }
        this.system = system;
        this.protocol = protocol;
        this.seed = seed;
        this.steps = new long[n];
        this.computed = new boolean[n];
        this.passiveSinceRead = new long[n];
        this.own = new double[n][];
        this.latest = protocol instanceof Protocol.Latest ? new double[n][][] : null;
        this.latestStep = protocol instanceof Protocol.Latest ? new long[n][] : null;
        this.pending = protocol instanceof Protocol.Quorum ? new java.util.ArrayList<>(n) : null;
        for (int i = 0; i < n; i++) {
            int k = rows.columns(i).length;
            if (latest != null) {
                latest[i] = new double[k][];
                latestStep[i] = new long[k];
                Arrays.fill(latestStep[i], -1);
            }
            if (pending != null) {
                pending.add(new HashMap<>());
            }
        }
    }

    /** Starts every node's step 0 at time 0, on the first {@link #advance} (so a row at time 0 shows no work). */
    private void begin() {
        begun = true;
        for (int i = 0; i < n; i++) {
            startStep(i, 0);
        }
    }

    /**
     * Processes events in order while the next one is at or before {@code until} and fewer than
     * {@code stepLimit} steps were completed in all; returns true when the limit was reached,
     * after every other event at that simulated time too ({@link #now}). So a run stops at a
     * simulated time, not between two events of one instant: when every event happens is
     * independent of the models' values (compute, latency and loss draws, peers and steps only),
     * so a parallel engine can find that time without the global event order.
     */
    public boolean advance(double until, long stepLimit) {
        if (!begun) {
            begin();
        }
        while (totalSteps < stepLimit) {
            Event e = queue.peek();
            if (e == null || e.time > until) {
                return false;
            }
            process(queue.poll());
        }
        while (!queue.isEmpty() && queue.peek().time == now) {
            process(queue.poll());
        }
        return true;
    }

    private void process(Event e) {
        now = e.time;
        processed++;
        switch (e.kind) {
            case COMPUTED -> onComputed(e);
            case MESSAGE -> onMessage(e);
            case REQUEST -> onRequest(e);
            case REPLY -> onReply(e);
            default -> throw new AssertionError(e.kind);
        }
    }

    /** Simulated time of the last event processed. */
    public double now() {
        return now;
    }

    /** Steps completed by all nodes together. */
    public long totalSteps() {
        return totalSteps;
    }

    /** Steps node i has completed. */
    public long steps(int node) {
        return steps[node];
    }

    /** Events processed so far (a measure of the work a parallel engine could spread over windows). */
    public long eventsProcessed() {
        return processed;
    }

    /** Round-k messages that arrived after their receiver had finished round k (Quorum), so far. */
    public long droppedMessages() {
        return dropped;
    }

    /**
     * Pairwise: what the averagings in flight will still add to the models, summed over nodes
     * (the active nodes' {@code average - model read} of every reply not yet arrived). Pairwise
     * averaging keeps the sum of the models plus this exactly; with nothing in flight, the sum.
     */
    double[] pendingAveragingChange() {
        double[] change = new double[nodes[0].parameters().length];
        for (Event e : queue) {
            if (e.kind == REPLY) {
                for (int c = 0; c < change.length; c++) {
                    change[c] += e.payload[c] - own[e.node][c];
                }
            }
        }
        return change;
    }

    public List<NodeAlgorithm> nodes() {
        return List.of(nodes);
    }

    /** The staleness of the messages combined since the last call: mean, 95th percentile, largest, count. */
    public record Staleness(double mean, double p95, double max, long count) {
    }

    /** The staleness since the previous call (zeros when nothing was combined), and starts anew. */
    public Staleness takeStaleness() {
        Staleness s;
        if (stalenessTotal == 0) {
            s = new Staleness(0, 0, 0, 0);
        } else {
            long rank = (long) Math.ceil(0.95 * stalenessTotal);
            long seen = 0;
            int p95 = 0;
            int max = 0;
            for (int v = 0; v < stalenessCounts.length; v++) {
                if (stalenessCounts[v] > 0) {
                    max = v;
                    if (seen < rank) {
                        seen += stalenessCounts[v];
                        p95 = v;
                    }
                }
            }
            s = new Staleness((double) stalenessSum / stalenessTotal, p95, max, stalenessTotal);
        }
        Arrays.fill(stalenessCounts, 0);
        stalenessTotal = 0;
        stalenessSum = 0;
        return s;
    }

    private void push(double time, int node, int kind, int from, long step, double[] payload) {
        queue.add(new Event(time, node, kind, from, step, payload, seq++));
    }

    private void startStep(int i, double t) {
        NodeAlgorithm node = nodes[i];
        long k = steps[i];
        own[i] = node.outgoing(k).clone();
        passiveSinceRead[i] = 0;
        NodeCounters c = node.counters();
        double done = t + system.computeSeconds(i, k, c.takeUntimedEvaluations());
        c.computed(done);
        computed[i] = false;
        push(done, i, COMPUTED, i, k, null);
    }

    private void onComputed(Event e) {
        int i = e.node;
        NodeAlgorithm node = nodes[i];
        double[] m = own[i];
        long bytes = node.messageBytes(m);
        long k = e.step;
        if (protocol instanceof Protocol.Pairwise) {
            int peer = peer(i, k);
            send(node, new int[] {peer}, bytes, 2 * k);
            double departure = system.departure(e.time, bytes, 1);
            push(system.arrival(i, peer, 2 * k, departure), peer, REQUEST, i, k, m);
            computed[i] = true;
            return;
        }
        int[] recipients = rows.recipients(i);
        send(node, recipients, bytes, k);
        double departure = system.departure(e.time, bytes, recipients.length);
        for (int r : recipients) {
            if (system.delivered(i, r, k)) {
                push(system.arrival(i, r, k, departure), r, MESSAGE, i, k, m);
            }
        }
        computed[i] = true;
        tryFinish(i, e.time);
    }

    /** Counts a message of {@code bytes} to each recipient, and the copies retransmission sends again. */
    private void send(NodeAlgorithm node, int[] recipients, long bytes, long drawRound) {
        NodeCounters c = node.counters();
        c.addSentBytes(recipients.length, bytes);
        if (system.retransmits()) {
            int again = 0;
            for (int r : recipients) {
                again += system.attempts(node.node(), r, drawRound) - 1;
            }
            c.addSentBytes(again, bytes);
        }
    }

    private void onMessage(Event e) {
        int i = e.node;
        int m = Arrays.binarySearch(rows.columns(i), e.from);
        if (m < 0) {
            throw new IllegalStateException("node " + i + " got a message from node " + e.from + ", not one of its in-neighbours");
        }
        if (latest != null) {
            if (e.step > latestStep[i][m]) {
                latestStep[i][m] = e.step;
                latest[i][m] = e.payload;
            }
        } else {
            if (e.step < steps[i]) {
                dropped++;
                return;
            }
            pending.get(i).computeIfAbsent(e.step, s -> new double[rows.columns(i).length][])[m] = e.payload;
        }
        tryFinish(i, e.time);
    }

    private void onRequest(Event e) {
        int j = e.node;
        double[] average = new double[e.payload.length];
        ((PairwiseAveraging) nodes[j]).averageWith(e.payload, average);
        passiveSinceRead[j]++;
        long bytes = nodes[j].messageBytes(average);
        send(nodes[j], new int[] {e.from}, bytes, 2 * e.step + 1);
        double departure = system.departure(e.time, bytes, 1);
        push(system.arrival(j, e.from, 2 * e.step + 1, departure), e.from, REPLY, j, e.step, average);
    }

    private void onReply(Event e) {
        int i = e.node;
        // AD-PSGD's staleness: the averagings that changed the model after the gradient's read.
        record(passiveSinceRead[i]);
        nodes[i].step(e.step, e.payload);
        finishStep(i, e.time);
    }

    /** Ends node i's step at time t if its protocol lets it. */
    private void tryFinish(int i, double t) {
        if (!computed[i]) {
            return;
        }
        long k = steps[i];
        int[] cols = rows.columns(i);
        double[] weights = rows.weights(i);
        if (gathered.length < cols.length) {
            gathered = new double[cols.length][];
        }
        if (protocol instanceof Protocol.Latest latestProtocol) {
            for (int m = 0; m < cols.length; m++) {
                if (cols[m] != i && latestStep[i][m] < k - latestProtocol.maxStaleness()) {
                    return;
                }
            }
            for (int m = 0; m < cols.length; m++) {
                gathered[m] = cols[m] == i ? own[i] : latest[i][m];
                if (gathered[m] != null && cols[m] != i) {
                    record(Math.max(0, k - latestStep[i][m]));
                }
            }
        } else {
            double[][] round = pending.get(i).get(k);
            int arrived = 0;
            for (int m = 0; round != null && m < cols.length; m++) {
                if (round[m] != null) {
                    arrived++;
                }
            }
            int needed = (int) Math.ceil(((Protocol.Quorum) protocol).fraction() * (cols.length - 1) - 1e-9);
            if (arrived < needed) {
                return;
            }
            for (int m = 0; m < cols.length; m++) {
                gathered[m] = cols[m] == i ? own[i] : round == null ? null : round[m];
                if (gathered[m] != null && cols[m] != i) {
                    record(0);
                }
            }
            pending.get(i).remove(k);
        }
        double[] row = RoundClock.rowOverPresent(weights, gathered);
        if (mixed == null || mixed.length != own[i].length) {
            mixed = new double[own[i].length];
        }
        Gossip.combine(row, gathered, mixed);
        Arrays.fill(gathered, null);
        nodes[i].step(k, mixed);
        finishStep(i, t);
    }

    private void finishStep(int i, double t) {
        nodes[i].counters().endRound(t);
        steps[i]++;
        totalSteps++;
        startStep(i, t);
    }

    private void record(long staleness) {
        int v = (int) Math.min(staleness, Integer.MAX_VALUE - 1);
        if (v >= stalenessCounts.length) {
            stalenessCounts = Arrays.copyOf(stalenessCounts, Math.max(v + 1, 2 * stalenessCounts.length));
        }
        stalenessCounts[v]++;
        stalenessTotal++;
        stalenessSum += v;
    }

    /** AD-PSGD's peer of node i at step k: drawn from its row without itself, in proportion to the weights. */
    private int peer(int i, long k) {
        int[] cols = rows.columns(i);
        double[] w = rows.weights(i);
        double total = 0;
        for (int m = 0; m < cols.length; m++) {
            if (cols[m] != i) {
                total += w[m];
            }
        }
        if (!(total > 0)) {
            throw new IllegalStateException("node " + i + " has no neighbour to average with");
        }
        double u = RandomStreams.draw(seed, RandomStreams.Purpose.PEERS, i, 0, k, 0) * total;
        int last = -1;
        for (int m = 0; m < cols.length; m++) {
            if (cols[m] != i) {
                last = cols[m];
                u -= w[m];
                if (u < 0) {
                    return cols[m];
                }
            }
        }
        return last;
    }
}

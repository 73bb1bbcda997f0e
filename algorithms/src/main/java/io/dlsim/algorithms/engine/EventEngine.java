package io.dlsim.algorithms.engine;

import io.dlsim.algorithms.RandomStreams;
import io.dlsim.algorithms.optim.NodeAlgorithm;
import io.dlsim.algorithms.optim.PairwiseAveraging;
import io.dlsim.algorithms.system.SystemModel;
import io.dlsim.topologies.schedule.MixingSchedule;
import java.util.Arrays;
import java.util.List;

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
 * <p>Churn ({@link SystemModel#churn}): a node offline when its step would start neither
 * computes nor sends and starts that step when it is back ({@code WAKE}); messages that reach it
 * meanwhile wait for it. Its neighbours do not wait for it: Latest skips an offline neighbour's
 * staleness wait and never combines a message more than S steps old; Quorum counts the
 * in-neighbours online at that time; Pairwise draws the peer among them (none online: it waits)
 * and an offline peer answers a request when it is back. A waiting node looks again when a
 * neighbour it waits on may change status ({@code RECHECK}). Who is online is a pure function of
 * the seed ({@link io.dlsim.algorithms.system.ChurnModel}), asked by each node with its own
 * cursors, so parts agree without talking.
 *
 * <p>Every event changes the state of its own node only and schedules events of other nodes no
 * earlier than the smallest latency later ({@link SystemModel#lookahead}), so the engine can be
 * cut into parts ({@link #part}): each runs a contiguous range of nodes, its events that go to
 * another part leave it as {@link Transfer}s ({@link #takeOutbox}) and arrive there through
 * {@link #deliver}. Parts advanced through the same windows of simulated time
 * ({@link #advanceTo}), each shorter than the lookahead, with the transfers of a window
 * delivered before the next, process every node's events in the order the whole engine does,
 * so they give the same bits (the conservative synchronization of DESIGN.md section 2a).
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
    /** Churn: an offline node comes back and starts the step it could not start. */
    private static final int WAKE = 4;
    /** Churn: a waiting node looks again when a neighbour it waits for may have gone (or come) online. */
    private static final int RECHECK = 5;

    private record Event(double time, int node, int kind, int from, long step, double[] payload, long seq) {
    }

    /**
     * An event for a node of another part ({@link #part}): a model message, an averaging request
     * or its reply, at simulated time {@code time} for {@code node}. Its payload is never
     * changed after it is made, so it may be shared.
     */
    public record Transfer(double time, int node, int kind, int from, long step, double[] payload) {
    }

    private final MixingRows rows;
    private final NodeAlgorithm[] nodes;
    private final SystemModel system;
    private final Protocol protocol;
    private final long seed;
    private final int n;
    /** The first node of this part, and how many it runs (0 and n: the whole engine). */
    private final int lo;
    private final int count;
    private final List<Transfer> outbox = new java.util.ArrayList<>();
    /** Every event at or before this time was processed ({@link #advanceTo}); a delivery must come later. */
    private double processedUntil = Double.NEGATIVE_INFINITY;
    /** The order events are processed in: time, then node, kind, sender, step, and the order they were made. */
    private static final java.util.Comparator<Event> ORDER = (a, b) -> {
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
    };
    private final EventQueue<Event> queue;
    private long seq;
    private boolean begun;
    private double now;
    private long totalSteps;
    /** Quorum: round-k messages each node got after it had finished round k. */
    private final long[] dropped;
    private long processed;
    private final long[] steps;
    private final boolean[] computed;
    private final double[][] own;
    /** Latest: the latest message from each column of a node's row, and its step (-1: none yet). */
    private final double[][][] latest;
    private final long[][] latestStep;
    /** Quorum: messages of a node's current and later rounds, by round, aligned with its row's columns. */
    private final QuorumRounds[] pending;
    /** Churn (null without): whether a node is online at a time, a pure function of the seed. */
    private final io.dlsim.algorithms.system.ChurnModel churn;
    /** Churn: each node's own walks through its neighbours' on-off periods, by column (made when first asked). */
    private final io.dlsim.algorithms.system.ChurnModel.Cursor[][] neighbourCursors;
    /** Churn: the time of a node's pending {@link #RECHECK} (NaN: none). */
    private final double[] recheckAt;
    /** Churn, pairwise: the node's computation is done but no neighbour was online to average with. */
    private final boolean[] awaitingPeer;
    /** Pairwise: averagings a node took part in as the peer since it read its model for its current step. */
    private final long[] passiveSinceRead;
    private double[][] gathered = new double[0][];
    private double[] mixed;
    /** Staleness of the messages combined since {@link #takeStaleness}: a histogram by steps. */
    private long[] stalenessCounts = new long[16];

    /**
     * An engine whose nodes start their step 0 at time 0 (on the first {@link #advance}).
     *
     * @param schedule a static W (its round-0 matrix is used throughout)
     * @param seed the run's seed (AD-PSGD's peer draws)
     */
    public EventEngine(MixingSchedule schedule, List<? extends NodeAlgorithm> nodes, SystemModel system, Protocol protocol, long seed) {
        this(checkedRows(schedule, nodes.size()), nodes, 0, system, protocol, seed);
    }

    private static MixingRows checkedRows(MixingSchedule schedule, int n) {
        if (schedule.n() != n) {
            throw new IllegalArgumentException("schedule has " + schedule.n() + " nodes, " + n + " algorithms given");
        }
        return MixingRows.of(schedule.at(0), null);
    }

    /**
     * A part of the engine of {@code rows.n()} nodes that runs nodes {@code first ..
     * first + nodes.size() - 1} (given in id order): its events for other nodes go to
     * {@link #takeOutbox}, theirs for its nodes come in through {@link #deliver}. Advance it only
     * by {@link #advanceTo}, in windows shorter than {@link SystemModel#lookahead} (see the
     * class comment).
     *
     * @param rows the static W of the whole run (shared by the parts; never changed)
     */
    public static EventEngine part(MixingRows rows, List<? extends NodeAlgorithm> nodes, int first, SystemModel system,
            Protocol protocol, long seed) {
        if (first < 0 || nodes.isEmpty() || first + nodes.size() > rows.n()) {
            throw new IllegalArgumentException("part of nodes " + first + ".." + (first + nodes.size() - 1) + " of " + rows.n());
        }
        return new EventEngine(rows, nodes, first, system, protocol, seed);
    }

    private EventEngine(MixingRows rows, List<? extends NodeAlgorithm> nodes, int first, SystemModel system, Protocol protocol,
            long seed) {
        if (system == null) {
            throw new IllegalArgumentException("asynchronous execution runs on simulated time: a system model is required");
        }
        this.n = rows.n();
        this.lo = first;
        this.count = nodes.size();
        this.rows = rows;
        this.nodes = nodes.toArray(new NodeAlgorithm[0]);
        for (int x = 0; x < count; x++) {
            if (this.nodes[x].node() != lo + x) {
                throw new IllegalArgumentException("node " + (lo + x) + " is node " + this.nodes[x].node() + " of its context");
            }
            if (protocol instanceof Protocol.Pairwise && !(this.nodes[x] instanceof PairwiseAveraging)) {
                throw new IllegalArgumentException("pairwise averaging needs nodes that average atomically (AD-PSGD), got "
                        + this.nodes[x].getClass().getSimpleName());
            }
        }
        this.system = system;
        this.protocol = protocol;
        this.seed = seed;
        // The first bucket width: the lookahead (a message lands at least that far ahead); it adapts.
        double lookahead = system.lookahead();
        this.queue = new EventQueue<>(ORDER, Event::time, lookahead > 0 && Double.isFinite(lookahead) ? lookahead : 1e-3);
        this.steps = new long[count];
        this.dropped = new long[count];
        this.churn = system.churn();
        this.neighbourCursors = churn == null ? null : new io.dlsim.algorithms.system.ChurnModel.Cursor[count][];
        this.recheckAt = new double[count];
        Arrays.fill(recheckAt, Double.NaN);
        this.awaitingPeer = new boolean[count];
        this.computed = new boolean[count];
        this.passiveSinceRead = new long[count];
        this.own = new double[count][];
        this.latest = protocol instanceof Protocol.Latest ? new double[count][][] : null;
        this.latestStep = protocol instanceof Protocol.Latest ? new long[count][] : null;
        this.pending = protocol instanceof Protocol.Quorum ? new QuorumRounds[count] : null;
        for (int x = 0; x < count; x++) {
            int k = rows.columns(lo + x).length;
            if (latest != null) {
                latest[x] = new double[k][];
                latestStep[x] = new long[k];
                Arrays.fill(latestStep[x], -1);
            }
            if (pending != null) {
                pending[x] = new QuorumRounds();
            }
        }
    }

    /** Starts every node's step 0 at time 0, on the first {@link #advance} (so a row at time 0 shows no work). */
    private void begin() {
        begun = true;
        for (int i = lo; i < lo + count; i++) {
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
        if (count != n) {
            throw new IllegalStateException("a part of an engine advances by windows (advanceTo), not to a step count");
        }
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

    /**
     * Processes every event at or before {@code until} (also those that processing them adds at
     * or before it). The parts of one engine go through the same sequence of times, the
     * transfers of each window delivered before the next ({@link #part}).
     */
    public void advanceTo(double until) {
        if (!begun) {
            begin();
        }
        while (!queue.isEmpty() && queue.peek().time <= until) {
            process(queue.poll());
        }
        processedUntil = Math.max(processedUntil, until);
    }

    /** The events this part made for nodes of other parts since the last call, in the order it made them. */
    public List<Transfer> takeOutbox() {
        List<Transfer> out = List.copyOf(outbox);
        outbox.clear();
        return out;
    }

    /** Adds an event for one of this part's nodes, made by another part; it must lie after every time processed. */
    public void deliver(Transfer t) {
        if (t.node() < lo || t.node() >= lo + count) {
            throw new IllegalArgumentException("node " + t.node() + " is not in this part (" + lo + ".." + (lo + count - 1) + ")");
        }
        if (!(t.time() > processedUntil)) {
            // A window was longer than the lookahead: the run would no longer be the oracle's.
            throw new IllegalStateException("an event for node " + t.node() + " at " + t.time()
                    + " s arrived after its part had processed up to " + processedUntil + " s");
        }
        queue.add(new Event(t.time(), t.node(), t.kind(), t.from(), t.step(), t.payload(), seq++));
    }

    /** The time of the next event this engine (part) holds; +infinity when it holds none. */
    public double nextEventTime() {
        if (!begun) {
            return 0;
        }
        Event e = queue.peek();
        return e == null ? Double.POSITIVE_INFINITY : e.time;
    }

    /** The lookahead of the conservative synchronization of parts ({@link SystemModel#lookahead}). */
    public double lookahead() {
        return system.lookahead();
    }

    /**
     * What this engine (part) holds of each of its nodes beyond the node's own state
     * ({@link NodeState}), in id order: its step count, whether its computation is done, the
     * message it computed, the messages it holds (latest per in-neighbour, or by quorum round),
     * its averagings since its read, its dropped messages, and the events pending for it (also
     * the {@code incoming} ones, not yet delivered: events in flight between parts). Taken
     * between windows, after the last event processed at or before {@code now}; a part restored
     * from these ({@link #restore}) goes on as this one would, whatever parts the nodes are
     * grouped into then.
     */
    public List<byte[]> save(List<Transfer> incoming) {
        List<List<Event>> byNode = new java.util.ArrayList<>(count);
        for (int x = 0; x < count; x++) {
            byNode.add(new java.util.ArrayList<>());
        }
        queue.forEach(e -> byNode.get(e.node - lo).add(e));
        // In the order they would be processed, so that a restored part, which numbers them in
        // this order, breaks ties between otherwise equal events as this one would; the incoming
        // ones after them, as they would be delivered after them.
        byNode.forEach(events -> events.sort(ORDER));
        for (Transfer t : incoming) {
            if (t.node() < lo || t.node() >= lo + count) {
                throw new IllegalArgumentException("node " + t.node() + " is not in this part (" + lo + ".." + (lo + count - 1) + ")");
            }
            byNode.get(t.node() - lo).add(new Event(t.time(), t.node(), t.kind(), t.from(), t.step(), t.payload(), 0));
        }
        List<byte[]> out = new java.util.ArrayList<>(count);
        try {
            for (int x = 0; x < count; x++) {
                java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                java.io.DataOutputStream d = new java.io.DataOutputStream(bytes);
                d.writeInt(SAVE_VERSION);
                d.writeLong(steps[x]);
                d.writeBoolean(computed[x]);
                d.writeLong(passiveSinceRead[x]);
                d.writeLong(dropped[x]);
                d.writeDouble(recheckAt[x]);
                d.writeBoolean(awaitingPeer[x]);
                writeVector(d, own[x]);
                if (latest != null) {
                    d.writeInt(latest[x].length);
                    for (int m = 0; m < latest[x].length; m++) {
                        d.writeLong(latestStep[x][m]);
                        writeVector(d, latest[x][m]);
                    }
                }
                if (pending != null) {
                    QuorumRounds rounds = pending[x];
                    d.writeInt(rounds.count());
                    for (long k = rounds.first(); k < rounds.end(); k++) {
                        double[][] got = rounds.get(k);
                        if (got == null) {
                            continue;
                        }
                        d.writeLong(k);
                        d.writeInt(got.length);
                        for (double[] v : got) {
                            writeVector(d, v);
                        }
                    }
                }
                List<Event> events = byNode.get(x);
                d.writeInt(events.size());
                for (Event e : events) {
                    d.writeDouble(e.time);
                    d.writeInt(e.kind);
                    d.writeInt(e.from);
                    d.writeLong(e.step);
                    writeVector(d, e.payload);
                }
                d.flush();
                out.add(bytes.toByteArray());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    /**
     * Restores what {@link #save} took of this part's nodes ({@code saved} in id order; their own
     * state is restored by {@link NodeState}), as of simulated time {@code now}: the part goes on
     * from there. Only on a fresh part.
     *
     * @throws IllegalArgumentException naming the node when its bytes are not such a state
     */
    public void restore(List<byte[]> saved, double now) {
        if (begun || saved.size() != count) {
            throw new IllegalStateException(begun ? "only a fresh engine can be restored" : saved.size() + " states for " + count + " nodes");
        }
        begun = true;
        this.now = now;
        this.processedUntil = now;
        for (int x = 0; x < count; x++) {
            int node = lo + x;
            try (java.io.DataInputStream d = new java.io.DataInputStream(new java.io.ByteArrayInputStream(saved.get(x)))) {
                if (d.readInt() != SAVE_VERSION) {
                    throw new IllegalArgumentException("node " + node + ": not an asynchronous engine state of this version");
                }
                steps[x] = nonNegative(node, "steps", d.readLong());
                totalSteps += steps[x];
                computed[x] = d.readBoolean();
                passiveSinceRead[x] = nonNegative(node, "averagings", d.readLong());
                dropped[x] = nonNegative(node, "dropped messages", d.readLong());
                recheckAt[x] = d.readDouble();
                awaitingPeer[x] = d.readBoolean();
                own[x] = readVector(d);
                int width = rows.columns(node).length;
                if (latest != null) {
                    if (d.readInt() != width) {
                        throw new IllegalArgumentException("node " + node + ": latest messages of another row width");
                    }
                    for (int m = 0; m < width; m++) {
                        latestStep[x][m] = d.readLong();
                        latest[x][m] = readVector(d);
                    }
                }
                if (pending != null) {
                    int rounds = d.readInt();
                    for (int r = 0; r < rounds; r++) {
                        long k = d.readLong();
                        if (d.readInt() != width) {
                            throw new IllegalArgumentException("node " + node + ": quorum messages of another row width");
                        }
                        double[][] got = new double[width][];
                        for (int m = 0; m < width; m++) {
                            got[m] = readVector(d);
                        }
                        if (pending[x].get(k) != null) {
                            throw new IllegalArgumentException("node " + node + ": quorum messages of round " + k + " twice");
                        }
                        if (k < steps[x] || k - steps[x] > QuorumRounds.MAX_AHEAD) {
                            throw new IllegalArgumentException("node " + node + ": quorum messages of round " + k + " at its step "
                                    + steps[x] + " (a node holds those of its current round and later ones)");
                        }
                        pending[x].put(k, got);
                    }
                }
                int events = d.readInt();
                for (int k = 0; k < events; k++) {
                    double time = d.readDouble();
                    int kind = d.readInt();
                    int from = d.readInt();
                    long step = d.readLong();
                    double[] payload = readVector(d);
                    if (!(time >= now) || kind < MESSAGE || kind > RECHECK || from < 0 || from >= n || step < 0) {
                        throw new IllegalArgumentException("node " + node + ": a pending event (kind " + kind + " from " + from + " at "
                                + time + " s, step " + step + ") that cannot be");
                    }
                    queue.add(new Event(time, node, kind, from, step, payload, seq++));
                }
                if (d.available() > 0) {
                    throw new IllegalArgumentException("node " + node + ": " + d.available() + " bytes after its engine state");
                }
            } catch (java.io.EOFException e) {
                throw new IllegalArgumentException("node " + node + ": its engine state is cut short");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private static final int SAVE_VERSION = 0x45564e32;

    private static long nonNegative(int node, String what, long v) {
        if (v < 0) {
            throw new IllegalArgumentException("node " + node + ": " + what + " " + v + " < 0");
        }
        return v;
    }

    private static void writeVector(java.io.DataOutputStream d, double[] v) throws java.io.IOException {
        d.writeInt(v == null ? -1 : v.length);
        if (v != null) {
            for (double x : v) {
                d.writeLong(Double.doubleToRawLongBits(x));
            }
        }
    }

    private static double[] readVector(java.io.DataInputStream d) throws java.io.IOException {
        int length = d.readInt();
        if (length < -1 || length > d.available() / 8) {
            throw new IllegalArgumentException("a vector of length " + length + " in " + d.available() + " bytes");
        }
        if (length == -1) {
            return null;
        }
        double[] v = new double[length];
        for (int k = 0; k < length; k++) {
            v[k] = Double.longBitsToDouble(d.readLong());
        }
        return v;
    }

    private void process(Event e) {
        now = e.time;
        processed++;
        switch (e.kind) {
            case COMPUTED -> onComputed(e);
            case WAKE -> startStep(e.node, e.time);
            case RECHECK -> onRecheck(e);
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
        return steps[node - lo];
    }

    /** Events processed so far (a measure of the work a parallel engine could spread over windows). */
    public long eventsProcessed() {
        return processed;
    }

    /** Round-k messages that arrived after their receiver had finished round k (Quorum), so far. */
    public long droppedMessages() {
        long sum = 0;
        for (long d : dropped) {
            sum += d;
        }
        return sum;
    }

    /**
     * Pairwise: what the averagings in flight will still add to the models, summed over nodes
     * (the active nodes' {@code average - model read} of every reply not yet arrived). Pairwise
     * averaging keeps the sum of the models plus this exactly; with nothing in flight, the sum.
     */
    double[] pendingAveragingChange() {
        double[] change = new double[nodes[0].parameters().length];
        queue.forEach(e -> {
            if (e.kind == REPLY) {
                for (int c = 0; c < change.length; c++) {
                    change[c] += e.payload[c] - own[e.node - lo][c];
                }
            }
        });
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
        return staleness(takeStalenessHistogram());
    }

    /**
     * The staleness of the messages combined since the previous call, as counts by steps of
     * staleness (entry v: how many were v steps old), and starts anew. The histograms of the
     * parts of an engine add up to the whole engine's ({@link #staleness}).
     */
    public long[] takeStalenessHistogram() {
        long[] h = stalenessCounts.clone();
        Arrays.fill(stalenessCounts, 0);
        return h;
    }

    /** Mean, 95th percentile (nearest rank), largest and count of a staleness histogram (zeros when it is empty). */
    public static Staleness staleness(long[] histogram) {
        long total = 0;
        long sum = 0;
        for (int v = 0; v < histogram.length; v++) {
            total += histogram[v];
            sum += v * histogram[v];
        }
        if (total == 0) {
            return new Staleness(0, 0, 0, 0);
        }
        long rank = (long) Math.ceil(0.95 * total);
        long seen = 0;
        int p95 = 0;
        int max = 0;
        for (int v = 0; v < histogram.length; v++) {
            if (histogram[v] > 0) {
                max = v;
                if (seen < rank) {
                    seen += histogram[v];
                    p95 = v;
                }
            }
        }
        return new Staleness((double) sum / total, p95, max, total);
    }

    /** The sum of histograms of different lengths. */
    public static long[] addHistograms(long[] a, long[] b) {
        long[] sum = Arrays.copyOf(a.length >= b.length ? a : b, Math.max(a.length, b.length));
        long[] other = a.length >= b.length ? b : a;
        for (int v = 0; v < other.length; v++) {
            sum[v] += other[v];
        }
        return sum;
    }

    private void push(double time, int node, int kind, int from, long step, double[] payload) {
        if (node >= lo && node < lo + count) {
            queue.add(new Event(time, node, kind, from, step, payload, seq++));
        } else {
            outbox.add(new Transfer(time, node, kind, from, step, payload));
        }
    }

    private void startStep(int i, double t) {
        NodeAlgorithm node = nodes[i - lo];
        long k = steps[i - lo];
        if (churn != null) {
            NodeCounters c = node.counters();
            boolean online = churn.online(i, t, c);
            c.churnView(!online, null);
            if (!online) {
                // Offline, it neither computes nor sends: its step starts when it is back (not idle time).
                computed[i - lo] = false;
                push(churn.nextChange(i, t, c), i, WAKE, i, k, null);
                return;
            }
        }
        own[i - lo] = node.outgoing(k).clone();
        passiveSinceRead[i - lo] = 0;
        NodeCounters c = node.counters();
        double done = t + system.computeSeconds(i, k, c.takeUntimedEvaluations());
        c.computed(done);
        computed[i - lo] = false;
        push(done, i, COMPUTED, i, k, null);
    }

    private void onComputed(Event e) {
        int i = e.node;
        NodeAlgorithm node = nodes[i - lo];
        double[] m = own[i - lo];
        long bytes = node.messageBytes(m);
        long k = e.step;
        if (protocol instanceof Protocol.Pairwise) {
            computed[i - lo] = true;
            requestAveraging(i, e.time);
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
        computed[i - lo] = true;
        tryFinish(i, e.time);
    }

    /**
     * Pairwise: sends node i's averaging request to a peer drawn from its row (under churn, from
     * its neighbours online at t; with none online it looks again when one may be back).
     */
    private void requestAveraging(int i, double t) {
        NodeAlgorithm node = nodes[i - lo];
        double[] m = own[i - lo];
        long k = steps[i - lo];
        int peer = peer(i, k, t);
        if (peer < 0) {
            awaitingPeer[i - lo] = true;
            double next = Double.POSITIVE_INFINITY;
            int[] cols = rows.columns(i);
            for (int c = 0; c < cols.length; c++) {
                if (cols[c] != i) {
                    next = Math.min(next, neighbourChange(i, c, t));
                }
            }
            scheduleRecheck(i, next);
            return;
        }
        awaitingPeer[i - lo] = false;
        long bytes = node.messageBytes(m);
        send(node, new int[] {peer}, bytes, 2 * k);
        double departure = system.departure(t, bytes, 1);
        push(system.arrival(i, peer, 2 * k, departure), peer, REQUEST, i, k, m);
    }

    /** Churn: whether node i's neighbour in column c of its row is online at t (node i's own view, by its own cursor). */
    private boolean neighbourOnline(int i, int c, double t) {
        if (churn == null) {
            return true;
        }
        return churn.online(rows.columns(i)[c], t, neighbourCursor(i, c));
    }

    /** Churn: when the status of node i's neighbour in column c next changes after t (+infinity without churn). */
    private double neighbourChange(int i, int c, double t) {
        if (churn == null) {
            return Double.POSITIVE_INFINITY;
        }
        return churn.nextChange(rows.columns(i)[c], t, neighbourCursor(i, c));
    }

    private io.dlsim.algorithms.system.ChurnModel.Cursor neighbourCursor(int i, int c) {
        int x = i - lo;
        if (neighbourCursors[x] == null) {
            neighbourCursors[x] = new io.dlsim.algorithms.system.ChurnModel.Cursor[rows.columns(i).length];
        }
        if (neighbourCursors[x][c] == null) {
            neighbourCursors[x][c] = io.dlsim.algorithms.system.ChurnModel.freshCursor();
        }
        return neighbourCursors[x][c];
    }

    /** Churn: node i, waiting, looks again at {@code time} (unless it is infinite or an earlier look is pending). */
    private void scheduleRecheck(int i, double time) {
        int x = i - lo;
        if (time == Double.POSITIVE_INFINITY || time >= recheckAt[x]) {
            return;
        }
        recheckAt[x] = time;
        push(time, i, RECHECK, i, steps[x], null);
    }

    private void onRecheck(Event e) {
        int x = e.node - lo;
        if (e.time != recheckAt[x]) {
            return; // superseded by an earlier look
        }
        recheckAt[x] = Double.NaN;
        if (awaitingPeer[x]) {
            requestAveraging(e.node, e.time);
        } else {
            tryFinish(e.node, e.time);
        }
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
            if (e.step > latestStep[i - lo][m]) {
                latestStep[i - lo][m] = e.step;
                latest[i - lo][m] = e.payload;
            }
        } else {
            if (e.step < steps[i - lo]) {
                dropped[i - lo]++;
                return;
            }
            pending[i - lo].make(e.step, rows.columns(i).length)[m] = e.payload;
        }
        tryFinish(i, e.time);
    }

    private void onRequest(Event e) {
        int j = e.node;
        if (churn != null && !churn.online(j, e.time, nodes[j - lo].counters())) {
            // An offline peer answers when it is back.
            push(churn.nextChange(j, e.time, nodes[j - lo].counters()), j, REQUEST, e.from, e.step, e.payload);
            return;
        }
        double[] average = new double[e.payload.length];
        ((PairwiseAveraging) nodes[j - lo]).averageWith(e.payload, average);
        passiveSinceRead[j - lo]++;
        long bytes = nodes[j - lo].messageBytes(average);
        send(nodes[j - lo], new int[] {e.from}, bytes, 2 * e.step + 1);
        double departure = system.departure(e.time, bytes, 1);
        push(system.arrival(j, e.from, 2 * e.step + 1, departure), e.from, REPLY, j, e.step, average);
    }

    private void onReply(Event e) {
        int i = e.node;
        // AD-PSGD's staleness: the averagings that changed the model after the gradient's read.
        record(passiveSinceRead[i - lo]);
        nodes[i - lo].step(e.step, e.payload);
        finishStep(i, e.time);
    }

    /** Ends node i's step at time t if its protocol lets it. */
    private void tryFinish(int i, double t) {
        if (!computed[i - lo]) {
            return;
        }
        long k = steps[i - lo];
        int[] cols = rows.columns(i);
        double[] weights = rows.weights(i);
        if (gathered.length < cols.length) {
            gathered = new double[cols.length][];
        }
        if (protocol instanceof Protocol.Latest latestProtocol) {
            long oldest = k - latestProtocol.maxStaleness();
            // Under churn a neighbour that is offline is not waited for (when it may come back, look again).
            double recheck = Double.POSITIVE_INFINITY;
            boolean blocked = false;
            for (int m = 0; m < cols.length; m++) {
                if (cols[m] != i && latestStep[i - lo][m] < oldest) {
                    if (neighbourOnline(i, m, t)) {
                        blocked = true;
                        recheck = Math.min(recheck, neighbourChange(i, m, t));
                    }
                }
            }
            if (blocked) {
                scheduleRecheck(i, recheck);
                return;
            }
            for (int m = 0; m < cols.length; m++) {
                // Never a message older than the bound (only an offline neighbour's can be).
                gathered[m] = cols[m] == i ? own[i - lo] : latestStep[i - lo][m] < oldest ? null : latest[i - lo][m];
                if (gathered[m] != null && cols[m] != i) {
                    record(Math.max(0, k - latestStep[i - lo][m]));
                }
            }
        } else {
            double[][] round = pending[i - lo].get(k);
            int arrived = 0;
            int online = 0;
            double recheck = Double.POSITIVE_INFINITY;
            for (int m = 0; m < cols.length; m++) {
                boolean got = round != null && round[m] != null;
                if (got) {
                    arrived++;
                }
                if (cols[m] != i && neighbourOnline(i, m, t)) {
                    online++;
                    if (!got) {
                        recheck = Math.min(recheck, neighbourChange(i, m, t));
                    }
                }
            }
            // A quorum of the in-neighbours online now (all of them without churn).
            int needed = (int) Math.ceil(((Protocol.Quorum) protocol).fraction() * online - 1e-9);
            if (arrived < needed) {
                scheduleRecheck(i, recheck);
                return;
            }
            for (int m = 0; m < cols.length; m++) {
                gathered[m] = cols[m] == i ? own[i - lo] : round == null ? null : round[m];
                if (gathered[m] != null && cols[m] != i) {
                    record(0);
                }
            }
            pending[i - lo].remove(k);
        }
        double[] row = RoundClock.rowOverPresent(weights, gathered);
        if (mixed == null || mixed.length != own[i - lo].length) {
            mixed = new double[own[i - lo].length];
        }
        Gossip.combine(row, gathered, mixed);
        Arrays.fill(gathered, null);
        nodes[i - lo].step(k, mixed);
        finishStep(i, t);
    }

    private void finishStep(int i, double t) {
        nodes[i - lo].counters().endRound(t);
        steps[i - lo]++;
        totalSteps++;
        startStep(i, t);
    }

    private void record(long staleness) {
        int v = (int) Math.min(staleness, Integer.MAX_VALUE - 1);
        if (v >= stalenessCounts.length) {
            stalenessCounts = Arrays.copyOf(stalenessCounts, Math.max(v + 1, 2 * stalenessCounts.length));
        }
        stalenessCounts[v]++;
    }

    /**
     * AD-PSGD's peer of node i at step k: drawn from its row without itself, in proportion to the
     * weights (under churn, among its neighbours online at t); -1 when none is online.
     */
    private int peer(int i, long k, double t) {
        int[] cols = rows.columns(i);
        double[] w = rows.weights(i);
        double total = 0;
        boolean any = false;
        for (int m = 0; m < cols.length; m++) {
            if (cols[m] != i) {
                any = true;
                if (neighbourOnline(i, m, t)) {
                    total += w[m];
                }
            }
        }
        if (!any) {
            throw new IllegalStateException("node " + i + " has no neighbour to average with");
        }
        if (!(total > 0)) {
            return -1;
        }
        double u = RandomStreams.draw(seed, RandomStreams.Purpose.PEERS, i, 0, k, 0) * total;
        int last = -1;
        for (int m = 0; m < cols.length; m++) {
            // The same question at the same time: the same answer (the cursor only moves forward).
            if (cols[m] != i && neighbourOnline(i, m, t)) {
                last = cols[m];
                u -= w[m];
                if (u < 0) {
                    return cols[m];
                }
            }
        }
        return last;
    }

    /**
     * Quorum: a node's messages of its current and later rounds, by round: a ring of slots
     * indexed by the round modulo its length, which covers the rounds held ({@code first ..
     * end - 1}) and doubles when a message comes from further ahead. A node finishes its rounds
     * in order and drops messages of rounds it has finished, so the rounds held are a short run
     * starting at its current one; no map of boxed rounds per node (a 100,000-node run on the
     * exponential graph files ~1.7 million messages a round).
     */
    private static final class QuorumRounds {
        /** The most rounds ahead of its own a node can hold messages of (a bound on the ring). */
        static final long MAX_AHEAD = 1 << 30;
        /** Round k's messages at {@code k & (slots.length - 1)}; null outside {@code first .. end - 1}. */
        private double[][][] slots = new double[2][][];
        private long first;
        private long end;

        double[][] get(long k) {
            return k >= first && k < end ? slots[(int) (k & (slots.length - 1))] : null;
        }

        /** Round k's messages, an empty row of {@code width} made when none came yet. */
        double[][] make(long k, int width) {
            double[][] got = get(k);
            if (got == null) {
                got = new double[width][];
                put(k, got);
            }
            return got;
        }

        void put(long k, double[][] got) {
            long from = first == end ? k : Math.min(first, k);
            long to = first == end ? k + 1 : Math.max(end, k + 1);
            if (to - from > slots.length) {
                grow(to - from);
            }
            first = from;
            end = to;
            slots[(int) (k & (slots.length - 1))] = got;
        }

        void remove(long k) {
            if (k < first || k >= end) {
                return;
            }
            slots[(int) (k & (slots.length - 1))] = null;
            while (first < end && slots[(int) (first & (slots.length - 1))] == null) {
                first++;
            }
            while (end > first && slots[(int) ((end - 1) & (slots.length - 1))] == null) {
                end--;
            }
        }

        /** The first round held and one past the last (equal: none held). */
        long first() {
            return first;
        }

        long end() {
            return end;
        }

        /** How many rounds have messages held. */
        int count() {
            int c = 0;
            for (long k = first; k < end; k++) {
                if (get(k) != null) {
                    c++;
                }
            }
            return c;
        }

        private void grow(long needed) {
            if (needed > MAX_AHEAD) {
                throw new IllegalStateException("a node holds quorum messages of " + needed + " rounds");
            }
            int length = slots.length;
            while (length < needed) {
                length *= 2;
            }
            double[][][] bigger = new double[length][][];
            for (long k = first; k < end; k++) {
                bigger[(int) (k & (length - 1))] = slots[(int) (k & (slots.length - 1))];
            }
            slots = bigger;
        }
    }
}

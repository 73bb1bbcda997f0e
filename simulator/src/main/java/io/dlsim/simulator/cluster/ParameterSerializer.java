package io.dlsim.simulator.cluster;

import io.dlsim.metrics.NodeSnapshot;
import io.dlsim.simulator.engine.Coordinator;
import io.dlsim.simulator.engine.NodeBlock;
import java.io.NotSerializableException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * The binary wire format of the messages that carry parameter vectors: gossip batches (one per
 * block pair and round), their forwarding between members, and evaluation snapshots. Doubles travel as their raw 64-bit
 * patterns (big-endian), so values arrive bit for bit; there is no JSON on this path. Every
 * decode checks lengths and ranges and refuses a malformed message with a message that says
 * what is wrong (Pekko logs it and drops the message).
 *
 * <pre>
 *   B (batch):    round:long fromBlock:int count:int timed:byte (0, 1, or 2: timed with churn), then count
 *                 times: node:int departure:double (present when timed) announcement:int (present with churn)
 *                 length:int values:double[length]   (length -1: no model, an offline node's, only with churn)
 *   F (forward):  to:int run:int, then a B body
 *   R (report):   node:int round:long gradEvals:long messages:long bytes:long epochs:double clock:double idle:double
 *                 online:byte (0 or 1) steps:long length:int values:double[length]
 *                 stateLength:int state:byte[stateLength]   (stateLength -1: no state, not a checkpoint round)
 *                 hasLocalLoss:byte (0 or 1) localLoss:double (present when 1)
 *   A (asynchronous window, coordinator to worker): run:int window:long until:double count:int transfers
 *   D (its answer): run:int window:long from:int steps:long now:double next:double
 *                 histogramLength:int histogram:long[histogramLength] count:int transfers
 *   S (an asynchronous row's snapshot): run:int, then an R body
 *   C (an asynchronous checkpoint, coordinator to worker): run:int time:double nextWindow:long
 *                 nextEvaluation:long rowsTaken:long count:int transfers
 *   K (a node's part of it): run:int node:int length:int bytes:byte[length]
 *   transfer:     time:double node:int kind:int (0 message, 1 request, 2 reply) from:int step:long
 *                 length:int values:double[length]
 * </pre>
 */
public final class ParameterSerializer extends SerializerWithStringManifest {
    /** Pekko serializer id; must be unique in the system and stable across versions. */
    public static final int ID = 731_001;
    private static final int MAX_LENGTH = Integer.MAX_VALUE / 8 - 64;

    public ParameterSerializer(ExtendedActorSystem system) {
        // The system is not needed: the format refers to no actors.
    }

    @Override
    public int identifier() {
        return ID;
    }

    @Override
    public String manifest(Object o) {
        if (o instanceof NodeBlock.Batch) {
            return "B";
        }
        if (o instanceof WorkerHost.Forward) {
            return "F";
        }
        if (o instanceof Coordinator.Report) {
            return "R";
        }
        if (o instanceof WorkerHost.AdvanceEvents) {
            return "A";
        }
        if (o instanceof EventsDriver.Advanced) {
            return "D";
        }
        if (o instanceof EventsDriver.Snapshot) {
            return "S";
        }
        if (o instanceof WorkerHost.SaveEvents) {
            return "C";
        }
        if (o instanceof EventsDriver.Checkpoint) {
            return "K";
        }
        throw new IllegalArgumentException("ParameterSerializer cannot serialize " + o.getClass().getName());
    }

    @Override
    public byte[] toBinary(Object o) {
        if (o instanceof NodeBlock.Batch g) {
            ByteBuffer b = ByteBuffer.allocate(batchBytes(g));
            putBatch(b, g);
            return b.array();
        }
        if (o instanceof WorkerHost.Forward f) {
            ByteBuffer b = ByteBuffer.allocate(8 + batchBytes(f.batch()));
            b.putInt(f.to()).putInt(f.run());
            putBatch(b, f.batch());
            return b.array();
        }
        if (o instanceof Coordinator.Report r) {
            ByteBuffer b = ByteBuffer.allocate(snapshotBytes(r.snapshot()));
            putSnapshot(b, r.snapshot());
            return java.util.Arrays.copyOf(b.array(), b.position());
        }
        if (o instanceof EventsDriver.Snapshot r) {
            ByteBuffer b = ByteBuffer.allocate(4 + snapshotBytes(r.snapshot()));
            b.putInt(r.run());
            putSnapshot(b, r.snapshot());
            return java.util.Arrays.copyOf(b.array(), b.position());
        }
        if (o instanceof WorkerHost.SaveEvents c) {
            ByteBuffer b = ByteBuffer.allocate(checkedSize(36 + transfersBytes(c.incoming())));
            b.putInt(c.run()).putDouble(c.at().time()).putLong(c.at().nextWindow()).putLong(c.at().nextEvaluation())
                    .putLong(c.at().rowsTaken());
            putTransfers(b, c.incoming());
            return b.array();
        }
        if (o instanceof EventsDriver.Checkpoint k) {
            ByteBuffer b = ByteBuffer.allocate(checkedSize(12L + k.state().length));
            b.putInt(k.run()).putInt(k.node()).putInt(k.state().length).put(k.state());
            return b.array();
        }
        if (o instanceof WorkerHost.AdvanceEvents a) {
            ByteBuffer b = ByteBuffer.allocate(checkedSize(20 + transfersBytes(a.incoming())));
            b.putInt(a.run()).putLong(a.window()).putDouble(a.until());
            putTransfers(b, a.incoming());
            return b.array();
        }
        if (o instanceof EventsDriver.Advanced d) {
            var a = d.advanced();
            ByteBuffer b = ByteBuffer.allocate(checkedSize(44 + 8L * a.staleness().length + transfersBytes(a.outgoing())));
            b.putInt(d.run()).putLong(d.window()).putInt(d.from()).putLong(a.totalSteps()).putDouble(a.now())
                    .putDouble(a.nextEventTime()).putInt(a.staleness().length);
            for (long v : a.staleness()) {
                b.putLong(v);
            }
            putTransfers(b, a.outgoing());
            return b.array();
        }
        throw new IllegalArgumentException("ParameterSerializer cannot serialize " + o.getClass().getName());
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        try {
            Object result = switch (manifest) {
                case "B" -> getBatch(b);
                case "F" -> {
                    int to = b.getInt();
                    int run = b.getInt();
                    if (to < 0 || run < 0) {
                        throw new NotSerializableException("forwarded gossip batch to block " + to + " of run " + run
                                + ": block numbers and run numbers are >= 0");
                    }
                    yield new WorkerHost.Forward(to, run, getBatch(b));
                }
                case "R" -> new Coordinator.Report(getSnapshot(b));
                case "S" -> {
                    int run = b.getInt();
                    if (run < 0) {
                        throw new NotSerializableException("snapshot of run " + run + ": run numbers are >= 0");
                    }
                    yield new EventsDriver.Snapshot(run, getSnapshot(b));
                }
                case "C" -> {
                    int run = b.getInt();
                    double time = b.getDouble();
                    long window = b.getLong();
                    long evaluation = b.getLong();
                    long rows = b.getLong();
                    if (run < 0 || !(time >= 0) || Double.isInfinite(time) || window < 0 || evaluation < 0 || rows < 0) {
                        throw new NotSerializableException("asynchronous checkpoint of run " + run + " at " + time + " s (window " + window
                                + ", evaluation " + evaluation + ", " + rows + " rows): none can be negative or infinite");
                    }
                    yield new WorkerHost.SaveEvents(run, new io.dlsim.metrics.AsynchronousCheckpoint.Position(time, window, evaluation, rows),
                            getTransfers(b));
                }
                case "K" -> {
                    int run = b.getInt();
                    int node = b.getInt();
                    int length = b.getInt();
                    if (run < 0 || node < 0 || length < 0 || length > b.remaining()) {
                        throw new NotSerializableException("checkpoint of node " + node + " of run " + run + ": " + length
                                + " bytes claimed, " + b.remaining() + " left");
                    }
                    byte[] state = new byte[length];
                    b.get(state);
                    yield new EventsDriver.Checkpoint(run, node, state);
                }
                case "A" -> {
                    int run = b.getInt();
                    long window = b.getLong();
                    double until = b.getDouble();
                    if (run < 0 || window < 0 || !(until >= 0) || Double.isInfinite(until)) {
                        throw new NotSerializableException("asynchronous window " + window + " of run " + run + " up to " + until
                                + " s: run and window numbers are >= 0 and a simulated time is finite and >= 0");
                    }
                    yield new WorkerHost.AdvanceEvents(run, window, until, getTransfers(b));
                }
                case "D" -> {
                    int run = b.getInt();
                    long window = b.getLong();
                    int from = b.getInt();
                    long steps = b.getLong();
                    double now = b.getDouble();
                    double next = b.getDouble();
                    int length = b.getInt();
                    if (run < 0 || window < 0 || from < 0 || steps < 0 || !(now >= 0) || Double.isInfinite(now) || !(next >= 0)) {
                        throw new NotSerializableException("answer to asynchronous window " + window + " of run " + run + " (nodes from "
                                + from + ", " + steps + " steps, last event at " + now + " s, next at " + next
                                + " s): counts are >= 0 and times >= 0");
                    }
                    if (length < 0 || length > b.remaining() / 8) {
                        throw new NotSerializableException("answer to asynchronous window " + window + " of run " + run
                                + ": a staleness histogram of " + length + " entries does not fit in " + b.remaining() + " bytes");
                    }
                    long[] histogram = new long[length];
                    for (int v = 0; v < length; v++) {
                        histogram[v] = b.getLong();
                        if (histogram[v] < 0) {
                            throw new NotSerializableException("answer to asynchronous window " + window + " of run " + run
                                    + ": a negative count in its staleness histogram");
                        }
                    }
                    yield new EventsDriver.Advanced(run, window, from,
                            new io.dlsim.simulator.engine.EventBlocks.Advanced(getTransfers(b), steps, histogram, now, next));
                }
                default -> throw new NotSerializableException("unknown parameter message kind '" + manifest + "'");
            };
            if (b.hasRemaining()) {
                throw new NotSerializableException("parameter message '" + manifest + "' has " + b.remaining() + " trailing bytes");
            }
            return result;
        } catch (BufferUnderflowException e) {
            throw new NotSerializableException("parameter message '" + manifest + "' is truncated (" + bytes.length + " bytes)");
        }
    }

    private static int snapshotBytes(NodeSnapshot s) {
        return checkedSize(95L + 8L * s.parameters().length + (s.state() == null ? 0 : s.state().length));
    }

    private static void putSnapshot(ByteBuffer b, NodeSnapshot s) {
        byte[] state = s.state();
        b.putInt(s.node()).putLong(s.round()).putLong(s.gradientEvaluations()).putLong(s.messagesSent())
                .putLong(s.bytesSent()).putDouble(s.epochs()).putDouble(s.clock()).putDouble(s.idleSeconds())
                .put((byte) (s.online() ? 1 : 0)).putLong(s.steps());
        putDoubles(b, s.parameters());
        b.putInt(state == null ? -1 : state.length);
        if (state != null) {
            b.put(state);
        }
        if (s.localLoss() == null) {
            b.put((byte) 0);
        } else {
            b.put((byte) 1).putDouble(s.localLoss());
        }
    }

    private static NodeSnapshot getSnapshot(ByteBuffer b) throws NotSerializableException {
        int node = b.getInt();
        long round = b.getLong();
        long grads = b.getLong();
        long messages = b.getLong();
        long sent = b.getLong();
        double epochs = b.getDouble();
        double clock = b.getDouble();
        double idle = b.getDouble();
        byte online = b.get();
        if (online != 0 && online != 1) {
            throw new NotSerializableException("snapshot of node " + node + " at round " + round + ": online flag "
                    + online + ", expected 0 or 1");
        }
        long steps = b.getLong();
        if (steps < 0) {
            throw new NotSerializableException("snapshot of node " + node + " at round " + round + ": " + steps
                    + " steps; a step count is >= 0");
        }
        if (!(clock >= 0 && idle >= 0 && idle <= clock)) {
            throw new NotSerializableException("snapshot of node " + node + " at round " + round + ": clock " + clock
                    + " s and idle " + idle + " s must satisfy 0 <= idle <= clock");
        }
        if (node < 0 || round < 0 || grads < 0 || messages < 0 || sent < 0) {
            throw new NotSerializableException("snapshot of node " + node + " at round " + round + " has a negative field");
        }
        double[] parameters = getDoubles(b);
        int stateLength = b.getInt();
        if (stateLength < -1 || stateLength > b.remaining()) {
            throw new NotSerializableException("snapshot of node " + node + " at round " + round + ": a state of "
                    + stateLength + " bytes does not fit in the " + b.remaining() + " bytes left");
        }
        byte[] state = null;
        if (stateLength >= 0) {
            state = new byte[stateLength];
            b.get(state);
        }
        byte hasLocalLoss = b.get();
        if (hasLocalLoss != 0 && hasLocalLoss != 1) {
            throw new NotSerializableException("snapshot of node " + node + " at round " + round
                    + ": local-loss flag " + hasLocalLoss + ", expected 0 or 1");
        }
        Double localLoss = hasLocalLoss == 1 ? b.getDouble() : null;
        return new NodeSnapshot(node, round, parameters, grads, messages, sent, epochs, state, localLoss, clock, idle, online == 1,
                steps);
    }

    private static long transfersBytes(java.util.List<io.dlsim.algorithms.engine.EventEngine.Transfer> transfers) {
        long bytes = 4;
        for (var t : transfers) {
            bytes += 32 + 8L * t.payload().length;
        }
        return bytes;
    }

    private static void putTransfers(ByteBuffer b, java.util.List<io.dlsim.algorithms.engine.EventEngine.Transfer> transfers) {
        b.putInt(transfers.size());
        for (var t : transfers) {
            b.putDouble(t.time()).putInt(t.node()).putInt(t.kind()).putInt(t.from()).putLong(t.step());
            putDoubles(b, t.payload());
        }
    }

    private static java.util.List<io.dlsim.algorithms.engine.EventEngine.Transfer> getTransfers(ByteBuffer b)
            throws NotSerializableException {
        int count = b.getInt();
        // Each event takes at least 32 bytes: a count beyond that is a lie.
        if (count < 0 || count > b.remaining() / 32) {
            throw new NotSerializableException("asynchronous events: " + count + " claimed in " + b.remaining() + " bytes");
        }
        java.util.List<io.dlsim.algorithms.engine.EventEngine.Transfer> out = new java.util.ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            double time = b.getDouble();
            int node = b.getInt();
            int kind = b.getInt();
            int from = b.getInt();
            long step = b.getLong();
            if (!(time >= 0) || Double.isInfinite(time) || node < 0 || from < 0 || step < 0 || kind < 0 || kind > 2) {
                throw new NotSerializableException("asynchronous event " + k + " (for node " + node + " from node " + from + ", step "
                        + step + ", kind " + kind + ", at " + time + " s): node ids and steps are >= 0, the kind is 0, 1 or 2 "
                        + "and a simulated time is finite and >= 0");
            }
            out.add(new io.dlsim.algorithms.engine.EventEngine.Transfer(time, node, kind, from, step, getDoubles(b)));
        }
        return out;
    }

    private static int checkedSize(long bytes) {
        if (bytes > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("a message of " + bytes + " bytes is too large for one message");
        }
        return (int) bytes;
    }

    private static int batchBytes(NodeBlock.Batch g) {
        long bytes = 17;
        for (double[] p : g.payloads()) {
            bytes += 8 + (p == null ? 0 : 8L * p.length) + (g.departures() == null ? 0 : 8) + (g.announcements() == null ? 0 : 4);
        }
        if (bytes > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("a gossip batch of " + bytes + " bytes is too large for one message");
        }
        return (int) bytes;
    }

    private static void putBatch(ByteBuffer b, NodeBlock.Batch g) {
        if (g.announcements() != null && g.departures() == null) {
            throw new IllegalArgumentException("a gossip batch with churn announcements must carry departure times");
        }
        byte timed = (byte) (g.departures() == null ? 0 : g.announcements() == null ? 1 : 2);
        b.putLong(g.round()).putInt(g.fromBlock()).putInt(g.nodes().length).put(timed);
        for (int k = 0; k < g.nodes().length; k++) {
            b.putInt(g.nodes()[k]);
            if (g.departures() != null) {
                b.putDouble(g.departures()[k]);
            }
            if (g.announcements() != null) {
                b.putInt(g.announcements()[k]);
            }
            if (g.payloads()[k] == null) {
                if (g.announcements() == null) {
                    throw new IllegalArgumentException("a gossip batch without churn has no message of node " + g.nodes()[k]);
                }
                b.putInt(-1);
            } else {
                putDoubles(b, g.payloads()[k]);
            }
        }
    }

    private static NodeBlock.Batch getBatch(ByteBuffer b) throws NotSerializableException {
        long round = b.getLong();
        int from = b.getInt();
        int count = b.getInt();
        byte timed = b.get();
        if (round < 0 || from < 0) {
            throw new NotSerializableException("gossip batch of round " + round + " from block " + from + ": both must be >= 0");
        }
        if (timed < 0 || timed > 2) {
            throw new NotSerializableException("gossip batch of round " + round + " from block " + from + ": timed flag " + timed
                    + ", expected 0, 1 or 2");
        }
        // Each message takes at least 8 bytes (node id and length): a count beyond that is a lie.
        if (count < 0 || count > b.remaining() / 8) {
            throw new NotSerializableException("gossip batch of round " + round + " from block " + from + " claims " + count
                    + " messages in " + b.remaining() + " bytes");
        }
        int[] nodes = new int[count];
        double[][] payloads = new double[count][];
        double[] departures = timed >= 1 ? new double[count] : null;
        int[] announcements = timed == 2 ? new int[count] : null;
        for (int k = 0; k < count; k++) {
            nodes[k] = b.getInt();
            if (nodes[k] < 0 || (k > 0 && nodes[k] <= nodes[k - 1])) {
                throw new NotSerializableException("gossip batch of round " + round + " from block " + from + ": node id "
                        + nodes[k] + " is negative or not ascending");
            }
            if (departures != null) {
                departures[k] = b.getDouble();
                if (!(departures[k] >= 0) || Double.isInfinite(departures[k])) {
                    throw new NotSerializableException("gossip batch of round " + round + " from block " + from + ": node "
                            + nodes[k] + "'s message departs at " + departures[k] + " s; a simulated time is finite and >= 0");
                }
            }
            if (announcements != null) {
                announcements[k] = b.getInt();
                if (announcements[k] < 0) {
                    throw new NotSerializableException("gossip batch of round " + round + " from block " + from + ": node "
                            + nodes[k] + "'s churn announcement " + announcements[k] + " is negative");
                }
                int mark = b.position();
                if (b.getInt() == -1) {
                    continue;
                }
                b.position(mark);
            }
            payloads[k] = getDoubles(b);
        }
        return new NodeBlock.Batch(round, from, nodes, payloads, departures, announcements);
    }

    private static void putDoubles(ByteBuffer b, double[] values) {
        b.putInt(values.length);
        b.asDoubleBuffer().put(values);
        b.position(b.position() + 8 * values.length);
    }

    private static double[] getDoubles(ByteBuffer b) throws NotSerializableException {
        int length = b.getInt();
        if (length < 0 || length > MAX_LENGTH || length > b.remaining() / 8) {
            throw new NotSerializableException("parameter vector of length " + length + " does not fit in the "
                    + b.remaining() + " bytes left of the message");
        }
        double[] v = new double[length];
        b.asDoubleBuffer().get(v);
        b.position(b.position() + 8 * length);
        return v;
    }
}

package io.dlsim.metrics;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One node's part of an asynchronous run's checkpoint (issue 13): where the runner stood (the
 * simulated time of the row, the next window and the next evaluation it counts), the node's own
 * state ({@link io.dlsim.algorithms.engine.NodeState}) and what the discrete-event engine held
 * for it ({@link io.dlsim.algorithms.engine.EventEngine#save}: its messages and pending events).
 * A run resumed from these goes on bit for bit as the uninterrupted one, on any engine.
 *
 * <pre>
 *   magic:int time:double nextWindow:long nextEvaluation:long rowsTaken:long
 *   nodeStateLength:int nodeState:byte[] engineLength:int engine:byte[]
 * </pre>
 */
public record AsynchronousCheckpoint(double time, long nextWindow, long nextEvaluation, long rowsTaken, byte[] nodeState,
        byte[] engine) {
    private static final int MAGIC = 0x41535931;

    /** Where the runner stands, the same for every node of a checkpoint. */
    public record Position(double time, long nextWindow, long nextEvaluation, long rowsTaken) {
    }

    /** The bytes of this node's part. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(40 + nodeState.length + engine.length);
        try (DataOutputStream d = new DataOutputStream(bytes)) {
            d.writeInt(MAGIC);
            d.writeDouble(time);
            d.writeLong(nextWindow);
            d.writeLong(nextEvaluation);
            d.writeLong(rowsTaken);
            d.writeInt(nodeState.length);
            d.write(nodeState);
            d.writeInt(engine.length);
            d.write(engine);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A node's part from a position and its two states. */
    public static byte[] of(Position at, byte[] nodeState, byte[] engine) {
        return new AsynchronousCheckpoint(at.time(), at.nextWindow(), at.nextEvaluation(), at.rowsTaken(), nodeState, engine).toBytes();
    }

    /**
     * Reads a node's part.
     *
     * @throws IllegalArgumentException saying what is wrong with the bytes
     */
    public static AsynchronousCheckpoint read(byte[] bytes) {
        try (DataInputStream d = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (d.readInt() != MAGIC) {
                throw new IllegalArgumentException("not an asynchronous run's checkpoint (a synchronous run's, or another version)");
            }
            double time = d.readDouble();
            long window = d.readLong();
            long evaluation = d.readLong();
            long rows = d.readLong();
            if (!(time >= 0) || Double.isInfinite(time) || window < 0 || evaluation < 0 || rows < 0) {
                throw new IllegalArgumentException("an asynchronous checkpoint at " + time + " s, window " + window + ", evaluation "
                        + evaluation + ", " + rows + " rows: none can be negative or infinite");
            }
            byte[] node = block(d, "node state");
            byte[] engine = block(d, "engine state");
            if (d.available() > 0) {
                throw new IllegalArgumentException(d.available() + " bytes after an asynchronous checkpoint's node");
            }
            return new AsynchronousCheckpoint(time, window, evaluation, rows, node, engine);
        } catch (java.io.EOFException e) {
            throw new IllegalArgumentException("an asynchronous checkpoint's node is cut short");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] block(DataInputStream d, String what) throws IOException {
        int length = d.readInt();
        if (length < 0 || length > d.available()) {
            throw new IllegalArgumentException("a " + what + " of " + length + " bytes in the " + d.available() + " left");
        }
        byte[] b = new byte[length];
        d.readFully(b);
        return b;
    }

    /** Where the runner stood. */
    public Position position() {
        return new Position(time, nextWindow, nextEvaluation, rowsTaken);
    }
}

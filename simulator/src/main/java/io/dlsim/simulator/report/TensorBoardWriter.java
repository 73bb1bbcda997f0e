package io.dlsim.simulator.report;

import io.dlsim.metrics.Metric;
import io.dlsim.metrics.MetricsRow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Writes one run's evaluations as TensorBoard scalar summaries: a single event file
 * {@code events.out.tfevents.<start seconds>.dlsim} in the run's folder (give TensorBoard the
 * parent folder as {@code --logdir}; each run is then one TensorBoard run).
 *
 * <p>The file is a sequence of TFRecords, each framed as
 * {@code uint64 length, uint32 masked_crc32c(length), data, uint32 masked_crc32c(data)}
 * (little-endian; CRC-32C masked as {@code ((crc >>> 15) | (crc << 17)) + 0xa282ead8}), whose
 * data is a serialized {@code tensorflow.Event}. The first event holds
 * {@code file_version = "brain.Event:2"}; then one event per {@link #append evaluated row},
 * with
 * <ul>
 *   <li>{@code step} = the row's round and {@code wall_time} = the run's start (epoch seconds)
 *       plus the row's {@code wall_seconds};</li>
 *   <li>one summary value per metric of the registry that the run writes
 *       ({@link MetricsRow#metrics(boolean)}, so the simulated-time ones only on simulated time)
 *       except {@code round}, which is the step; the tag is the metric's registry name, the
 *       value a rank-0 {@code DT_FLOAT} tensor ({@code float_val}) holding the
 *       {@code metrics.csv} value rounded to a float (TensorBoard keeps scalars as 32-bit
 *       floats, and its data server refuses other tensor types, {@code DT_DOUBLE} included;
 *       {@code metrics.csv} stays the exact record); a value the run does not define
 *       ({@link MetricsRow#isUndefined}) is left out, so a metric the run never defines has no
 *       tag, while a computed NaN or infinity is written as such;</li>
 *   <li>the first value of each tag carries the metadata of the scalars plugin
 *       ({@code plugin_name: "scalars"}, {@code data_class: DATA_CLASS_SCALAR}) and the metric's
 *       description, as {@code tf.summary.scalar} writes it.</li>
 * </ul>
 * The protobuf messages are encoded by hand (the few fields above, in field-number order).
 * Each event is flushed when {@link #append} returns, so TensorBoard can follow a run while it
 * runs. Not thread-safe: one run thread appends; {@link #close()} is idempotent.
 */
public final class TensorBoardWriter implements AutoCloseable {

    /** The file name's prefix, which TensorBoard looks for. */
    public static final String FILE_PREFIX = "events.out.tfevents.";
    /** The version string of the first event. */
    static final String FILE_VERSION = "brain.Event:2";
    /** The plugin TensorBoard draws scalars with. */
    static final String SCALARS_PLUGIN = "scalars";
    /** {@code tensorflow.DataType.DT_FLOAT}. */
    static final int DT_FLOAT = 1;
    /** {@code tensorflow.DataClass.DATA_CLASS_SCALAR}. */
    static final int DATA_CLASS_SCALAR = 1;

    private static final int MASK_DELTA = 0xa282ead8;

    private final Path file;
    private final OutputStream out;
    private final double startSeconds;
    private final List<Metric> metrics;
    private final Set<Metric> described = new HashSet<>();
    private boolean closed;

    private TensorBoardWriter(Path file, OutputStream out, double startSeconds, List<Metric> metrics) {
        this.file = file;
        this.out = out;
        this.startSeconds = startSeconds;
        this.metrics = metrics;
    }

    /**
     * Creates {@code runDir} (and its parents) and the event file in it, and writes the
     * file-version event.
     *
     * @param started the run's start: the wall time of a row is this plus its {@code wall_seconds}
     * @param timed whether the run is on simulated time (it then writes the simulated-time metrics)
     * @throws IOException also when {@code runDir} already holds an event file (TensorBoard
     *     would merge the two runs into one)
     */
    public static TensorBoardWriter open(Path runDir, Instant started, boolean timed) throws IOException {
        Objects.requireNonNull(started, "started");
        Files.createDirectories(runDir);
        if (holdsEvents(runDir)) {
            throw new java.nio.file.FileAlreadyExistsException(runDir.toString(), null,
                    "the folder already holds a TensorBoard event file");
        }
        double start = started.getEpochSecond() + started.getNano() / 1e9;
        Path file = runDir.resolve(FILE_PREFIX + started.getEpochSecond() + ".dlsim");
        OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        List<Metric> metrics = MetricsRow.metrics(timed).stream().filter(m -> m != MetricsRow.ROUND).toList();
        TensorBoardWriter w = new TensorBoardWriter(file, out, start, metrics);
        Proto event = new Proto().fixed64(1, Double.doubleToRawLongBits(start)).string(3, FILE_VERSION);
        w.record(event.bytes());
        return w;
    }

    /** Whether a folder holds a TensorBoard event file ({@value #FILE_PREFIX}...). */
    public static boolean holdsEvents(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(p -> p.getFileName().toString().startsWith(FILE_PREFIX));
        }
    }

    /** The event file. */
    public Path file() {
        return file;
    }

    /** Writes the row as one event (step = its round) and flushes it. */
    public void append(MetricsRow row) throws IOException {
        if (closed) {
            throw new IllegalStateException(file + " is closed");
        }
        Proto summary = new Proto();
        for (Metric m : metrics) {
            double v = m.value(row);
            if (MetricsRow.isUndefined(v)) {
                continue;
            }
            Proto value = new Proto().string(1, m.name());
            if (described.add(m)) {
                Proto plugin = new Proto().string(1, SCALARS_PLUGIN);
                value.message(9, new Proto().message(1, plugin).string(3, m.description()).varint(4, DATA_CLASS_SCALAR));
            }
            // TensorProto: dtype, an empty shape (rank 0), float_val (packed, one value).
            Proto tensor = new Proto().varint(1, DT_FLOAT).message(2, new Proto())
                    .bytes(5, Proto.littleEndian(Float.floatToRawIntBits((float) v) & 0xffffffffL, 4));
            value.message(8, tensor);
            summary.message(1, value);
        }
        Proto event = new Proto().fixed64(1, Double.doubleToRawLongBits(startSeconds + row.wallSeconds()))
                .varint(2, row.round()).message(5, summary);
        record(event.bytes());
    }

    /**
     * Flushes and closes the file.
     *
     * @throws java.io.UncheckedIOException when the file cannot be closed
     */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                out.close();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot close " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private void record(byte[] data) throws IOException {
        byte[] length = Proto.littleEndian(data.length, 8);
        out.write(length);
        out.write(Proto.littleEndian(maskedCrc32c(length) & 0xffffffffL, 4));
        out.write(data);
        out.write(Proto.littleEndian(maskedCrc32c(data) & 0xffffffffL, 4));
        out.flush();
    }

    /** TFRecord's checksum: the CRC-32C of the bytes, rotated right by 15 bits plus {@code 0xa282ead8}. */
    static int maskedCrc32c(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + MASK_DELTA;
    }

    /** A protobuf message being encoded: fields appended in the order written. */
    static final class Proto {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        Proto varint(int field, long value) {
            tag(field, 0);
            rawVarint(value);
            return this;
        }

        Proto fixed64(int field, long value) {
            tag(field, 1);
            buf.writeBytes(littleEndian(value, 8));
            return this;
        }

        Proto bytes(int field, byte[] value) {
            tag(field, 2);
            rawVarint(value.length);
            buf.writeBytes(value);
            return this;
        }

        Proto string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Proto message(int field, Proto value) {
            return bytes(field, value.bytes());
        }

        byte[] bytes() {
            return buf.toByteArray();
        }

        private void tag(int field, int wireType) {
            rawVarint(((long) field << 3) | wireType);
        }

        private void rawVarint(long v) {
            while ((v & ~0x7fL) != 0) {
                buf.write((int) ((v & 0x7f) | 0x80));
                v >>>= 7;
            }
            buf.write((int) v);
        }

        static byte[] littleEndian(long v, int n) {
            byte[] b = new byte[n];
            for (int i = 0; i < n; i++) {
                b[i] = (byte) (v >>> (8 * i));
            }
            return b;
        }
    }
}

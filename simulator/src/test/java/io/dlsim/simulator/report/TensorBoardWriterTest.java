package io.dlsim.simulator.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.dlsim.metrics.Metric;
import io.dlsim.metrics.MetricsRow;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads the event files back with a reader that shares no code with the writer: the TFRecord
 * framing and its checksums are checked here, and the protobuf messages are decoded with
 * protobuf-java's own wire-format parser ({@link CodedInputStream}) by field number, as
 * TensorBoard's {@code event.proto}, {@code summary.proto} and {@code tensor.proto} define them.
 */
public class TensorBoardWriterTest {

    /** One decoded {@code tensorflow.Event}. */
    public record Event(double wallTime, long step, String fileVersion, Map<String, Float> values,
            Map<String, String> plugins) {
    }

    @Test
    void crc32cOfTheStandardCheckStringAndItsMask() {
        CRC32C crc = new CRC32C();
        crc.update("123456789".getBytes(StandardCharsets.US_ASCII));
        assertThat(crc.getValue()).isEqualTo(0xE3069283L);
        int c = 0xE3069283;
        assertThat(TensorBoardWriter.maskedCrc32c("123456789".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(((c >>> 15) | (c << 17)) + 0xa282ead8);
    }

    @Test
    void everyRowIsOneEventWithStepRoundAndEveryDefinedMetricAsAFloat(@TempDir Path dir) throws IOException {
        List<MetricsRow> rows = new ArrayList<>(Rows.trajectory(5, 1.0, false));
        // A computed NaN and an infinity are values (TensorBoard shows them), unlike an undefined one.
        rows.add(new MetricsRow(50, 1.5, 1600, 320, 256_000, MetricsRow.NAN, Double.POSITIVE_INFINITY, 2, 0.9, 0.8,
                -1, MetricsRow.UNDEFINED, 3, 0.07));
        Instant started = Instant.parse("2026-12-06T10:00:00.250Z");
        Path file;
        try (TensorBoardWriter w = TensorBoardWriter.open(dir.resolve("run-a"), started, false)) {
            for (MetricsRow r : rows) {
                w.append(r);
            }
            file = w.file();
        }
        assertThat(file.getFileName().toString()).startsWith("events.out.tfevents.");
        List<Event> events = read(file);
        assertThat(events.get(0).fileVersion()).isEqualTo("brain.Event:2");
        assertThat(events.get(0).wallTime()).isEqualTo(started.getEpochSecond() + 0.25);
        assertThat(events).hasSize(rows.size() + 1);
        for (int k = 0; k < rows.size(); k++) {
            MetricsRow r = rows.get(k);
            Event e = events.get(k + 1);
            assertThat(e.step()).isEqualTo(r.round());
            assertThat(e.wallTime()).isEqualTo(started.getEpochSecond() + 0.25 + r.wallSeconds());
            assertValuesEqual(e, r, MetricsRow.UNTIMED);
        }
        // The optimality gap is undefined in every row: no tag at all.
        assertThat(events).allSatisfy(e -> assertThat(e.values()).doesNotContainKey("optimality_gap"));
        // The first value of a tag says it is a scalar; later ones do not repeat it.
        assertThat(events.get(1).plugins()).containsEntry("test_accuracy", "scalars").hasSize(events.get(1).values().size());
        assertThat(events.get(2).plugins()).isEmpty();
    }

    @Test
    void aSimulatedTimeRunHasTheSimulatedTimeTags(@TempDir Path dir) throws IOException {
        MetricsRow row = Rows.row(10, 0.5).withSimulatedTime(12.5, 0.25, 15);
        Path file;
        try (TensorBoardWriter w = TensorBoardWriter.open(dir, Instant.EPOCH, true)) {
            w.append(row);
            file = w.file();
        }
        Event e = read(file).get(1);
        assertThat(e.values()).containsEntry("sim_seconds", 12.5f).containsEntry("idle_fraction", 0.25f)
                .containsEntry("online_nodes", 15f);
        assertValuesEqual(e, row, MetricsRow.METRICS);
    }

    @Test
    void refusesAFolderThatAlreadyHoldsEvents(@TempDir Path dir) throws IOException {
        TensorBoardWriter.open(dir, Instant.EPOCH, false).close();
        assertThat(TensorBoardWriter.holdsEvents(dir)).isTrue();
        assertThatThrownBy(() -> TensorBoardWriter.open(dir, Instant.now(), false)).isInstanceOf(IOException.class)
                .hasMessageContaining("already holds");
    }

    @Test
    void aCorruptRecordIsDetectedByTheReader(@TempDir Path dir) throws IOException {
        Path file;
        try (TensorBoardWriter w = TensorBoardWriter.open(dir, Instant.EPOCH, false)) {
            w.append(Rows.row(0, 0.5));
            file = w.file();
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 10] ^= 1;
        Files.write(file, bytes);
        assertThatThrownBy(() -> read(file)).isInstanceOf(AssertionError.class).hasMessageContaining("data crc");
    }

    /**
     * Every metric of {@code metrics} but round: the event holds it, rounded to a float (NaN as
     * NaN), when the row defines it.
     */
    public static void assertValuesEqual(Event e, MetricsRow r, List<Metric> metrics) {
        for (Metric m : metrics) {
            if (m == MetricsRow.ROUND) {
                assertThat(e.values()).doesNotContainKey(m.name());
                continue;
            }
            double v = m.value(r);
            if (MetricsRow.isUndefined(v)) {
                assertThat(e.values()).as(m.name()).doesNotContainKey(m.name());
            } else {
                assertThat(e.values()).as(m.name() + " at round " + r.round()).containsKey(m.name());
                assertThat(Float.compare(e.values().get(m.name()), (float) v)).as(m.name() + " at round " + r.round()
                        + ": " + e.values().get(m.name()) + " vs " + v).isZero();
            }
        }
        assertThat(e.values().keySet()).allMatch(k -> metrics.stream().anyMatch(m -> m.name().equals(k)));
    }

    /** The event file of a TensorBoard run folder (exactly one). */
    public static Path eventFile(Path runDir) throws IOException {
        try (Stream<Path> files = Files.list(runDir)) {
            List<Path> events = files.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents.")).toList();
            assertThat(events).as("event files in " + runDir).hasSize(1);
            return events.get(0);
        }
    }

    /** Reads every record of an event file, checking both checksums of each. */
    public static List<Event> read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<Event> events = new ArrayList<>();
        while (b.hasRemaining()) {
            byte[] len = new byte[8];
            b.get(len);
            int lenCrc = b.getInt();
            assertThat(lenCrc).as("length crc of record " + events.size()).isEqualTo(masked(len));
            long length = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong();
            byte[] data = new byte[Math.toIntExact(length)];
            b.get(data);
            int dataCrc = b.getInt();
            if (dataCrc != masked(data)) {
                throw new AssertionError("data crc of record " + events.size() + " does not match");
            }
            events.add(event(data));
        }
        return events;
    }

    private static int masked(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length);
        long c = crc.getValue();
        long rotated = ((c >> 15) | (c << 17)) & 0xffffffffL;
        return (int) ((rotated + 0xa282ead8L) & 0xffffffffL);
    }

    /** {@code Event}: 1 wall_time double, 2 step int64, 3 file_version string, 5 summary. */
    private static Event event(byte[] data) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(data);
        double wall = Double.NaN;
        long step = 0;
        String version = null;
        Map<String, Float> values = new LinkedHashMap<>();
        Map<String, String> plugins = new LinkedHashMap<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> wall = in.readDouble();
                case 2 -> step = in.readInt64();
                case 3 -> version = in.readString();
                case 5 -> summary(in.readByteArray(), values, plugins);
                default -> in.skipField(tag);
            }
        }
        return new Event(wall, step, version, values, plugins);
    }

    /** {@code Summary}: 1 repeated Value {1 tag, 9 metadata, 8 tensor, 2 simple_value}. */
    private static void summary(byte[] data, Map<String, Float> values, Map<String, String> plugins) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(data);
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            assertThat(WireFormat.getTagFieldNumber(tag)).as("Summary field").isEqualTo(1);
            CodedInputStream v = CodedInputStream.newInstance(in.readByteArray());
            String name = null;
            Float value = null;
            String plugin = null;
            for (int t = v.readTag(); t != 0; t = v.readTag()) {
                switch (WireFormat.getTagFieldNumber(t)) {
                    case 1 -> name = v.readString();
                    case 2 -> value = v.readFloat();
                    case 8 -> value = scalarTensor(v.readByteArray());
                    case 9 -> plugin = pluginName(v.readByteArray());
                    default -> v.skipField(t);
                }
            }
            assertThat(name).as("tag").isNotNull();
            assertThat(value).as("value of " + name).isNotNull();
            assertThat(values.put(name, value)).as("tag " + name + " once per event").isNull();
            if (plugin != null) {
                plugins.put(name, plugin);
            }
        }
    }

    /**
     * {@code TensorProto}: 1 dtype (DT_FLOAT = 1, the one type TensorBoard's data server reads
     * as a scalar), 2 shape (no dims: a scalar), 5 packed float_val.
     */
    private static float scalarTensor(byte[] data) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(data);
        int dtype = -1;
        List<Float> floats = new ArrayList<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> dtype = in.readEnum();
                case 2 -> assertThat(in.readByteArray()).as("shape of a scalar: no dims").isEmpty();
                case 5 -> {
                    CodedInputStream packed = CodedInputStream.newInstance(in.readByteArray());
                    while (!packed.isAtEnd()) {
                        floats.add(packed.readFloat());
                    }
                }
                default -> in.skipField(tag);
            }
        }
        assertThat(dtype).as("DT_FLOAT").isEqualTo(1);
        assertThat(floats).hasSize(1);
        return floats.get(0);
    }

    /** {@code SummaryMetadata}: 1 plugin_data {1 plugin_name}, 4 data_class (DATA_CLASS_SCALAR = 1). */
    private static String pluginName(byte[] data) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(data);
        String plugin = null;
        int dataClass = 0;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> {
                    CodedInputStream p = CodedInputStream.newInstance(in.readByteArray());
                    for (int t = p.readTag(); t != 0; t = p.readTag()) {
                        if (WireFormat.getTagFieldNumber(t) == 1) {
                            plugin = p.readString();
                        } else {
                            p.skipField(t);
                        }
                    }
                }
                case 4 -> dataClass = in.readEnum();
                default -> in.skipField(tag);
            }
        }
        assertThat(dataClass).as("DATA_CLASS_SCALAR").isEqualTo(1);
        return plugin;
    }
}

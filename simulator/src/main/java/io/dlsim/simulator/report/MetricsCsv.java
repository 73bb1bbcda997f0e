package io.dlsim.simulator.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.dlsim.metrics.Metric;
import io.dlsim.metrics.MetricsRow;
import java.io.Closeable;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code metrics.csv} format, written and read with Jackson CSV: a header of the names of
 * the run's metrics ({@link MetricsRow#metrics(boolean)}: the registry, without the
 * simulated-time columns for a run without a system model), then one line per evaluation, comma separated,
 * {@code \n} line ends, UTF-8, nothing quoted. Integers are written with
 * {@link Long#toString(long)}, reals with {@link Double#toString(double)} (text that reads back
 * to the same double, so values are reproducible bit for bit): a computed NaN as {@code NaN},
 * infinities as {@code Infinity}/{@code -Infinity}, and only an undefined value
 * ({@link MetricsRow#isUndefined}, e.g. the optimality gap when F* is not computed) as an empty
 * cell.
 *
 * <p>The reader maps columns by header name: every column of a run without a system model must
 * be present (the simulated-time ones read as undefined when absent), extra columns are ignored, cells are trimmed, blank lines skipped, an empty real cell
 * reads as {@link MetricsRow#UNDEFINED} and {@code NaN} as {@link MetricsRow#NAN}. A last line without its line end and with too few cells or a cell that is not a
 * number (a write torn by a killed process) is dropped; any other malformed line is an error
 * naming the file and line.
 */
public final class MetricsCsv {

    /**
     * Trimming and blank-line skipping must be mapper features: the parser reads them once, when
     * it is created. Rows are arrays, so the header is just the first one.
     */
    private static final CsvMapper MAPPER = CsvMapper.builder()
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.TRIM_SPACES)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            // Quote only what needs it (nothing in this format), not every name longer than 24 characters.
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
            .build();
    private static final ObjectReader LINES = MAPPER.readerFor(String[].class);
    /**
     * The columns, no header flag: {@link RowWriter} writes the header itself at open (Jackson
     * would wait for the first row, and a run with none would leave an empty file). The columns
     * matter: without them Jackson drops a null written directly in a row instead of writing an
     * empty cell.
     */
    private static final CsvSchema SCHEMA = schema(false);
    private static final CsvSchema TIMED_SCHEMA = schema(true);

    private MetricsCsv() {
    }

    private static CsvSchema schema(boolean timed) {
        CsvSchema.Builder b = CsvSchema.builder().setLineSeparator("\n").setColumnSeparator(',');
        MetricsRow.metrics(timed).forEach(m -> b.addColumn(m.name(), CsvSchema.ColumnType.NUMBER));
        return b.build();
    }

    /**
     * A {@code metrics.csv} being written: {@link #open} writes the header, each {@link #write}
     * one line, and both flush to the underlying writer (and through it to the operating system)
     * before they return. Not thread-safe; {@link RunResultsWriter} serializes its calls.
     */
    public static final class RowWriter implements Closeable {
        private final CsvGenerator csv;
        private final List<Metric> columns;

        private RowWriter(CsvGenerator csv, boolean timed) {
            this.csv = csv;
            this.columns = MetricsRow.metrics(timed);
        }

        /** Writes the header of a run without a system model to {@code out} and flushes; {@link #close()} closes {@code out}. */
        public static RowWriter open(Writer out) throws IOException {
            return open(out, false);
        }

        /** Writes the header to {@code out} (with the simulated-time columns when {@code timed}) and flushes. */
        public static RowWriter open(Writer out, boolean timed) throws IOException {
            CsvGenerator g = MAPPER.getFactory().createGenerator(out);
            g.setSchema(timed ? TIMED_SCHEMA : SCHEMA);
            g.writeStartArray();
            for (Metric m : MetricsRow.metrics(timed)) {
                g.writeString(m.name());
            }
            g.writeEndArray();
            g.flush();
            return new RowWriter(g, timed);
        }

        /** A writer that appends rows to {@code out} without a header (a resumed run's file, {@code timed} as its header says). */
        public static RowWriter append(Writer out, boolean timed) throws IOException {
            CsvGenerator g = MAPPER.getFactory().createGenerator(out);
            g.setSchema(timed ? TIMED_SCHEMA : SCHEMA);
            return new RowWriter(g, timed);
        }

        /** Writes one row as one line and flushes it. */
        public void write(MetricsRow row) throws IOException {
            csv.writeStartArray();
            for (Metric m : columns) {
                if (m.isInteger()) {
                    csv.writeNumber(m.longValue(row));
                } else if (MetricsRow.isUndefined(m.value(row))) {
                    csv.writeNull(); // the schema's null value: an empty cell
                } else {
                    // A computed NaN is written "NaN" (Double.toString), whatever its payload.
                    // Jackson writes Double.toString (its fast writer is off by default): exact text.
                    csv.writeNumber(m.value(row));
                }
            }
            csv.writeEndArray();
            csv.flush();
        }

        /** Flushes what was written to the underlying writer and its target. */
        public void flush() throws IOException {
            csv.flush();
        }

        /** Flushes and closes the generator and the underlying writer. */
        @Override
        public void close() throws IOException {
            csv.close();
        }
    }

    /** The header line of a run without a system model, without line end. */
    public static String header() {
        return String.join(",", MetricsRow.COLUMNS);
    }

    /** Whether a {@code metrics.csv} header line is that of a run on simulated time. */
    public static boolean isTimedHeader(String headerLine) {
        return java.util.Arrays.asList(headerLine.trim().split("\\s*,\\s*")).contains(MetricsRow.SIM_SECONDS.name());
    }

    /** One row as a CSV line, without line end (exactly what {@link RowWriter#write} writes for the row's run). */
    public static String format(MetricsRow r) {
        StringWriter text = new StringWriter(256);
        try (RowWriter w = RowWriter.open(text, r.timed())) {
            w.write(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        String lines = text.toString();
        return lines.substring(lines.indexOf('\n') + 1, lines.length() - 1);
    }

    /** Reads a {@code metrics.csv} written by {@link RunResultsWriter} (or by hand in this format). */
    public static List<MetricsRow> read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        return parse(text, file.toString());
    }

    /**
     * Parses the text of a {@code metrics.csv}.
     *
     * @param source names the text in error messages (e.g. the file path)
     */
    public static List<MetricsRow> parse(String text, String source) {
        boolean endsWithNewline = text.endsWith("\n");
        try (MappingIterator<String[]> lines = LINES.readValues(text)) {
            if (!lines.hasNextValue()) {
                throw new IllegalArgumentException(source + ": empty file, expected the header " + header());
            }
            String[] head = lines.nextValue();
            Map<String, Integer> index = new HashMap<>();
            for (int k = 0; k < head.length; k++) {
                index.put(head[k], k);
            }
            for (Metric m : MetricsRow.UNTIMED) {
                if (!index.containsKey(m.name())) {
                    throw new IllegalArgumentException(source + ": line 1: missing column " + m.name());
                }
            }
            List<MetricsRow> rows = new ArrayList<>();
            while (lines.hasNextValue()) {
                String[] cells = lines.nextValue();
                // The row's closing token is on the row's line (the iterator has moved to the next).
                int line = lines.getParser().currentTokenLocation().getLineNr();
                boolean torn = !endsWithNewline && !lines.hasNextValue();
                if (cells.length < head.length) {
                    if (torn) {
                        break;
                    }
                    throw new IllegalArgumentException(source + ": line " + line + ": expected " + head.length
                            + " cells, got " + cells.length);
                }
                try {
                    rows.add(MetricsRow.read(new Cells(cells, index)));
                } catch (NumberFormatException e) {
                    if (torn) {
                        break;
                    }
                    throw new IllegalArgumentException(source + ": line " + line + ": " + e.getMessage(), e);
                }
            }
            return rows;
        } catch (JsonProcessingException e) {
            // Only malformed CSV, e.g. an unterminated quote; the message names line and column.
            String where = e.getLocation() == null ? "" : ": line " + e.getLocation().getLineNr();
            throw new IllegalArgumentException(source + where + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a String does not fail otherwise
        }
    }

    /** A line's cells as the values of {@link MetricsRow#read}, found by column name. */
    private record Cells(String[] cells, Map<String, Integer> index) implements MetricsRow.Values {
        @Override
        public long integer(Metric metric) {
            Integer at = index.get(metric.name());
            if (at == null) {
                return 0; // online_nodes of a run without a system model (or of a build that did not write it)
            }
            String cell = cells[at];
            if (cell.isEmpty()) {
                throw new NumberFormatException(metric.name() + " must not be empty");
            }
            return Long.parseLong(cell);
        }

        @Override
        public double real(Metric metric) {
            Integer at = index.get(metric.name());
            if (at == null) {
                return MetricsRow.UNDEFINED; // a simulated-time column of a run without a system model
            }
            String cell = cells[at];
            return cell.isEmpty() ? MetricsRow.UNDEFINED : MetricsRow.computed(Double.parseDouble(cell));
        }
    }
}

package io.dlsim.simulator.report;

import io.dlsim.metrics.MetricsRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code metrics.csv} format: a header of {@link MetricsRow#COLUMNS}, then one line per
 * evaluation, comma separated, {@code \n} line ends, UTF-8. Integers are written with
 * {@link Long#toString(long)}, reals with {@link Double#toString(double)} (the shortest text
 * that reads back to the same double, so values are reproducible bit for bit), and NaN
 * (undefined) as an empty cell. Infinities are written as {@code Infinity}/{@code -Infinity}.
 *
 * <p>The reader maps columns by header name: every column of {@link MetricsRow#COLUMNS} must be
 * present, extra columns are ignored, and an empty real cell reads as NaN. A last line without
 * its line end and with too few cells (a write torn by a killed process) is dropped; any other
 * malformed line is an error naming the file and line.
 */
public final class MetricsCsv {

    private static final int[] LONG_COLUMNS = {0, 2, 3, 4}; // round, grad_evals, messages, bytes

    private MetricsCsv() {
    }

    /** The header line, without line end. */
    public static String header() {
        return String.join(",", MetricsRow.COLUMNS);
    }

    /** One row as a CSV line, without line end. */
    public static String format(MetricsRow r) {
        StringBuilder sb = new StringBuilder(256);
        sb.append(r.round()).append(',');
        real(sb, r.epoch()).append(',');
        sb.append(r.gradEvals()).append(',');
        sb.append(r.messages()).append(',');
        sb.append(r.bytes()).append(',');
        real(sb, r.consensusDistance()).append(',');
        real(sb, r.trainLoss()).append(',');
        real(sb, r.testLoss()).append(',');
        real(sb, r.trainAccuracy()).append(',');
        real(sb, r.testAccuracy()).append(',');
        real(sb, r.generalizationGap()).append(',');
        real(sb, r.optimalityGap()).append(',');
        real(sb, r.meanLocalLoss()).append(',');
        real(sb, r.wallSeconds());
        return sb.toString();
    }

    private static StringBuilder real(StringBuilder sb, double v) {
        return Double.isNaN(v) ? sb : sb.append(Double.toString(v));
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
        String[] lines = text.split("\r?\n", -1);
        int count = endsWithNewline ? lines.length - 1 : lines.length;
        if (count == 0 || lines[0].isEmpty()) {
            throw new IllegalArgumentException(source + ": empty file, expected the header " + header());
        }
        String[] head = lines[0].split(",", -1);
        Map<String, Integer> index = new HashMap<>();
        for (int k = 0; k < head.length; k++) {
            index.put(head[k].trim(), k);
        }
        int[] pos = new int[MetricsRow.COLUMNS.length];
        for (int c = 0; c < pos.length; c++) {
            Integer p = index.get(MetricsRow.COLUMNS[c]);
            if (p == null) {
                throw new IllegalArgumentException(source + ": line 1: missing column " + MetricsRow.COLUMNS[c]);
            }
            pos[c] = p;
        }
        List<MetricsRow> rows = new ArrayList<>(Math.max(0, count - 1));
        for (int i = 1; i < count; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            boolean torn = i == count - 1 && !endsWithNewline;
            if (cells.length < head.length) {
                if (torn) {
                    break;
                }
                throw new IllegalArgumentException(source + ": line " + (i + 1) + ": expected " + head.length
                        + " cells, got " + cells.length);
            }
            try {
                rows.add(row(cells, pos));
            } catch (NumberFormatException e) {
                if (torn) {
                    break;
                }
                throw new IllegalArgumentException(source + ": line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return rows;
    }

    private static MetricsRow row(String[] cells, int[] pos) {
        double[] d = new double[pos.length];
        long[] l = new long[pos.length];
        for (int c = 0; c < pos.length; c++) {
            String cell = cells[pos[c]].trim();
            if (isLong(c)) {
                if (cell.isEmpty()) {
                    throw new NumberFormatException(MetricsRow.COLUMNS[c] + " must not be empty");
                }
                l[c] = Long.parseLong(cell);
            } else {
                d[c] = cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
            }
        }
        return new MetricsRow(l[0], d[1], l[2], l[3], l[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11], d[12], d[13]);
    }

    private static boolean isLong(int column) {
        for (int c : LONG_COLUMNS) {
            if (c == column) {
                return true;
            }
        }
        return false;
    }
}

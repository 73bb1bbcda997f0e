package io.dlsim.algorithms.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a delimited text file (CSV) with one example per row into a dense {@link Dataset}: one
 * column is the label, every other column not ignored is a numeric feature, in file order.
 * A gzip-compressed file is recognised by its magic number and read the same way.
 *
 * <p>Format rules: fields are separated by {@link Options#delimiter()} and stripped of
 * surrounding blanks; a field may be quoted with {@code "} (a doubled {@code ""} inside stands
 * for one quote; a quoted field cannot span lines); blank lines are skipped; every row has as
 * many fields as the first one. The first {@link Options#skipLines()} physical lines are skipped
 * before anything else (e.g. the count line of scikit-learn's bundled files).
 *
 * <p>Header: {@link Header#PRESENT}, {@link Header#ABSENT}, or {@link Header#AUTO} (the
 * default): a header is assumed when the label column is chosen by name or columns are ignored,
 * and otherwise when a field of the first row other than the label field is not a number.
 *
 * <p>Label column: by name (needs a header) or by 0-based index, negative indices counting from
 * the end ({@code -1}, the default, is the last column). Labels map to classes by
 * {@link LabelMapping} (numeric or, for classification, text labels), or are regression targets.
 * Features may be multiplied by {@link Options#featureScale()} (e.g. {@code 1/16.0} for pixel
 * counts 0..16).
 *
 * <p>Every error is a {@link DataFormatException} naming the file and the line.
 */
public final class CsvLoader {
    /** Whether the first row (after the skipped lines) names the columns. */
    public enum Header { AUTO, PRESENT, ABSENT }

    /**
     * How to read a file.
     *
     * @param header           whether the first row is a header
     * @param labelColumn      the label column's name, or null to choose it by index
     * @param labelIndex       0-based label column index when {@code labelColumn} is null; negative counts from the end
     * @param labels           how labels map to classes, or regression
     * @param delimiter        the field separator
     * @param skipLines        physical lines skipped at the top of the file
     * @param featureScale     every feature value is multiplied by this (finite, non-zero)
     * @param ignoredColumns   names of columns that are neither label nor feature (e.g. an id)
     */
    public record Options(Header header, String labelColumn, int labelIndex, LabelMapping labels, char delimiter,
            int skipLines, double featureScale, List<String> ignoredColumns) {
        public Options {
            if (header == null || labels == null || ignoredColumns == null) {
                throw new IllegalArgumentException("csv: header, labels and ignoredColumns must be given");
            }
            if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
                throw new IllegalArgumentException("csv.delimiter: cannot be a quote or line break");
            }
            if (skipLines < 0) {
                throw new IllegalArgumentException("csv.skip-lines: must be >= 0, got " + skipLines);
            }
            if (!Double.isFinite(featureScale) || featureScale == 0) {
                throw new IllegalArgumentException("csv.feature-scale: must be a finite non-zero number, got "
                        + featureScale);
            }
            ignoredColumns = List.copyOf(ignoredColumns);
        }

        /** Auto header, label in the last column, classes inferred, comma, nothing skipped, unscaled. */
        public static Options defaults() {
            return new Options(Header.AUTO, null, -1, LabelMapping.inferClasses(), ',', 0, 1.0, List.of());
        }

        public Options withHeader(Header newHeader) {
            return new Options(newHeader, labelColumn, labelIndex, labels, delimiter, skipLines, featureScale,
                    ignoredColumns);
        }

        /** The label is the column with this header name. */
        public Options withLabelColumn(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("csv.label-column: must be a non-empty name");
            }
            return new Options(header, name.strip(), labelIndex, labels, delimiter, skipLines, featureScale,
                    ignoredColumns);
        }

        /** The label is column {@code index} (0-based; negative counts from the end). */
        public Options withLabelColumn(int index) {
            return new Options(header, null, index, labels, delimiter, skipLines, featureScale, ignoredColumns);
        }

        public Options withLabels(LabelMapping newLabels) {
            return new Options(header, labelColumn, labelIndex, newLabels, delimiter, skipLines, featureScale,
                    ignoredColumns);
        }

        public Options withDelimiter(char newDelimiter) {
            return new Options(header, labelColumn, labelIndex, labels, newDelimiter, skipLines, featureScale,
                    ignoredColumns);
        }

        public Options withSkipLines(int lines) {
            return new Options(header, labelColumn, labelIndex, labels, delimiter, lines, featureScale,
                    ignoredColumns);
        }

        public Options withFeatureScale(double scale) {
            return new Options(header, labelColumn, labelIndex, labels, delimiter, skipLines, scale, ignoredColumns);
        }

        public Options withIgnoredColumns(String... names) {
            return new Options(header, labelColumn, labelIndex, labels, delimiter, skipLines, featureScale,
                    Arrays.stream(names).map(String::strip).toList());
        }
    }

    private CsvLoader() {
    }

    /** Reads {@code file} with {@link Options#defaults()}. */
    public static Dataset load(Path file) {
        return load(file, Options.defaults());
    }

    /** Reads {@code file}; the data set is named after the file. */
    public static Dataset load(Path file, Options options) {
        return load(file, options, file.getFileName().toString());
    }

    /** Reads {@code file} into a data set called {@code name}. */
    public static Dataset load(Path file, Options options, String name) {
        List<String> labelTokens = new ArrayList<>();
        DataFiles.IntList lines = new DataFiles.IntList();
        DataFiles.DoubleList features = new DataFiles.DoubleList();
        String[] columnNames = null;
        int columns = -1;
        int labelCol = -1;
        boolean[] isFeature = null;
        int dimension = 0;
        try (BufferedReader in = DataFiles.reader(file)) {
            int lineNo = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNo++;
                if (lineNo <= options.skipLines() || line.isBlank()) {
                    continue;
                }
                if (lineNo == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                    line = line.substring(1);
                }
                String[] fields = split(line, options.delimiter(), file, lineNo);
                if (columns < 0) {
                    columns = fields.length;
                    boolean header = hasHeader(options, fields);
                    if (header) {
                        columnNames = fields;
                    }
                    labelCol = labelColumn(options, columnNames, columns, file, lineNo);
                    isFeature = featureColumns(options, columnNames, columns, labelCol, file, lineNo);
                    for (boolean f : isFeature) {
                        dimension += f ? 1 : 0;
                    }
                    if (dimension == 0) {
                        throw DataFiles.at(file, lineNo, "no feature columns: the only "
                                + (columns == 1 ? "column is" : "columns are") + " the label and ignored columns");
                    }
                    if (header) {
                        continue;
                    }
                }
                if (fields.length != columns) {
                    throw DataFiles.at(file, lineNo, fields.length + " fields, expected " + columns
                            + " as in the first row");
                }
                for (int c = 0; c < columns; c++) {
                    if (!isFeature[c]) {
                        continue;
                    }
                    String f = fields[c];
                    if (f.isEmpty()) {
                        throw DataFiles.at(file, lineNo, describe(columnNames, c) + " is empty");
                    }
                    double v = DataFiles.parseFinite(f);
                    if (Double.isNaN(v)) {
                        throw DataFiles.at(file, lineNo, describe(columnNames, c) + ": '" + f
                                + "' is not a finite number");
                    }
                    features.add(v * options.featureScale());
                }
                if (fields[labelCol].isEmpty()) {
                    throw DataFiles.at(file, lineNo, "the label (" + describe(columnNames, labelCol) + ") is empty");
                }
                labelTokens.add(fields[labelCol]);
                lines.add(lineNo);
            }
        } catch (IOException e) {
            throw DataFiles.ioError(file, e);
        }
        if (labelTokens.isEmpty()) {
            throw DataFiles.in(file, "no examples");
        }
        LabelMapping.Mapped y = options.labels().map(file, labelTokens.toArray(new String[0]), lines.toArray());
        return Dataset.dense(name, features.toArray(), dimension, y.labels(), y.numClasses());
    }

    private static boolean hasHeader(Options options, String[] first) {
        switch (options.header()) {
            case PRESENT:
                return true;
            case ABSENT:
                return false;
            default:
                if (options.labelColumn() != null || !options.ignoredColumns().isEmpty()) {
                    return true;
                }
                int label = options.labelIndex() < 0 ? first.length + options.labelIndex() : options.labelIndex();
                for (int c = 0; c < first.length; c++) {
                    if (c != label && Double.isNaN(DataFiles.parseFinite(first[c]))) {
                        return true;
                    }
                }
                return false;
        }
    }

    private static int labelColumn(Options options, String[] names, int columns, Path file, int lineNo) {
        if (options.labelColumn() != null) {
            if (names == null) {
                throw DataFiles.at(file, lineNo, "the label column is chosen by name ('" + options.labelColumn()
                        + "') but the file is read without a header");
            }
            int found = indexOf(names, options.labelColumn());
            if (found < 0) {
                throw DataFiles.at(file, lineNo, "no column named '" + options.labelColumn() + "' (columns: "
                        + String.join(", ", names) + ")");
            }
            return found;
        }
        int c = options.labelIndex() < 0 ? columns + options.labelIndex() : options.labelIndex();
        if (c < 0 || c >= columns) {
            throw DataFiles.at(file, lineNo, "label column index " + options.labelIndex() + " is outside the "
                    + columns + " columns (0.." + (columns - 1) + ", or -1..-" + columns + " from the end)");
        }
        return c;
    }

    private static boolean[] featureColumns(Options options, String[] names, int columns, int labelCol, Path file,
            int lineNo) {
        if (names == null && !options.ignoredColumns().isEmpty()) {
            throw DataFiles.at(file, lineNo, "columns to ignore are named but the file is read without a header");
        }
        boolean[] isFeature = new boolean[columns];
        Arrays.fill(isFeature, true);
        isFeature[labelCol] = false;
        for (String ignored : options.ignoredColumns()) {
            int c = indexOf(names, ignored);
            if (c < 0) {
                throw DataFiles.at(file, lineNo, "no column named '" + ignored + "' to ignore (columns: "
                        + String.join(", ", names) + ")");
            }
            isFeature[c] = false;
        }
        return isFeature;
    }

    private static int indexOf(String[] names, String name) {
        for (int c = 0; c < names.length; c++) {
            if (names[c].equals(name)) {
                return c;
            }
        }
        return -1;
    }

    private static String describe(String[] names, int c) {
        return names == null ? "column " + c : "column '" + names[c] + "'";
    }

    /** Splits one line into stripped fields; quoted fields keep their inner blanks. */
    static String[] split(String line, char delimiter, Path file, int lineNo) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int n = line.length();
        int i = 0;
        while (true) {
            while (i < n && line.charAt(i) != delimiter && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            field.setLength(0);
            if (i < n && line.charAt(i) == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char ch = line.charAt(i++);
                    if (ch == '"') {
                        if (i < n && line.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            closed = true;
                            break;
                        }
                    } else {
                        field.append(ch);
                    }
                }
                if (!closed) {
                    throw DataFiles.at(file, lineNo, "unterminated quote (a quoted field cannot span lines)");
                }
                while (i < n && line.charAt(i) != delimiter && Character.isWhitespace(line.charAt(i))) {
                    i++;
                }
                if (i < n && line.charAt(i) != delimiter) {
                    throw DataFiles.at(file, lineNo, "text after the closing quote of field " + out.size());
                }
                out.add(field.toString());
            } else {
                int start = i;
                while (i < n && line.charAt(i) != delimiter) {
                    i++;
                }
                out.add(line.substring(start, i).strip());
            }
            if (i >= n) {
                break;
            }
            i++; // the delimiter
            if (i == n) {
                out.add("");
                break;
            }
        }
        return out.toArray(new String[0]);
    }
}

package io.dlsim.algorithms.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the LIBSVM / SVMlight text format into a sparse {@link Dataset}: one example per line,
 * {@code label index:value index:value ...}, indices 1-based and strictly ascending, values
 * finite numbers; {@code #} starts a comment (to the end of the line); blank lines are skipped.
 * A gzip-compressed file is recognised by its magic number and read the same way.
 *
 * <p>Feature index {@code j} of the file becomes column {@code j - 1} of the data set. The
 * dimension is the largest index in the file unless {@link Options#dimension()} fixes it (give
 * it when a test file may not use the last feature of its training file). Labels follow the
 * {@link LabelMapping} of the options: by default {-1, +1} and {0, 1} become classes 0/1 and
 * other integer labels become {@code 0..k-1} by sorted distinct value.
 *
 * <p>Every error is a {@link DataFormatException} naming the file and the line, e.g.
 * {@code a9a.txt:17: feature index 0 is not >= 1}. Stored explicit zeros are kept.
 */
public final class LibSvmLoader {
    /**
     * How to read a file.
     *
     * @param labels    how labels map to classes, or regression
     * @param dimension the number of features, or 0 to infer it as the largest index in the file
     */
    public record Options(LabelMapping labels, int dimension) {
        public Options {
            if (labels == null) {
                throw new IllegalArgumentException("libsvm.labels: must be given");
            }
            if (dimension < 0) {
                throw new IllegalArgumentException("libsvm.dimension: must be >= 1, or 0 to infer it, got " + dimension);
            }
        }

        /** Classes inferred, dimension inferred. */
        public static Options defaults() {
            return new Options(LabelMapping.inferClasses(), 0);
        }

        public Options withLabels(LabelMapping newLabels) {
            return new Options(newLabels, dimension);
        }

        public Options withDimension(int newDimension) {
            return new Options(labels, newDimension);
        }
    }

    /**
     * The largest feature index: a model has dimension + 1 parameters per class in one array,
     * and dense views of the data a dimension-long array per example.
     */
    public static final int MAX_DIMENSION = Integer.MAX_VALUE / 16;

    private LibSvmLoader() {
    }

    /** Reads {@code file} with {@link Options#defaults()}. */
    public static Dataset load(Path file) {
        return load(file, Options.defaults());
    }

    /** Reads {@code file}; the data set is named after the file. */
    public static Dataset load(Path file, Options options) {
        List<String> labelTokens = new ArrayList<>();
        DataFiles.IntList lines = new DataFiles.IntList();
        DataFiles.IntList rowStart = new DataFiles.IntList();
        DataFiles.IntList index = new DataFiles.IntList();
        DataFiles.DoubleList value = new DataFiles.DoubleList();
        rowStart.add(0);
        int maxIndex = 0;
        try (BufferedReader in = DataFiles.reader(file)) {
            int lineNo = 0;
            for (String raw = in.readLine(); raw != null; raw = in.readLine()) {
                lineNo++;
                int hash = raw.indexOf('#');
                String line = hash >= 0 ? raw.substring(0, hash) : raw;
                Tokens t = new Tokens(line);
                String label = t.next();
                if (label == null) {
                    continue;
                }
                if (label.indexOf(':') >= 0) {
                    throw DataFiles.at(file, lineNo, "line starts with '" + label + "', not with a label");
                }
                if (Double.isNaN(DataFiles.parseFinite(label))) {
                    throw DataFiles.at(file, lineNo, "label '" + label + "' is not a finite number");
                }
                int previous = 0;
                for (String tok = t.next(); tok != null; tok = t.next()) {
                    int colon = tok.indexOf(':');
                    if (colon < 0) {
                        throw DataFiles.at(file, lineNo, "'" + tok + "' is not index:value");
                    }
                    String idxText = tok.substring(0, colon);
                    String valText = tok.substring(colon + 1);
                    if (idxText.equals("qid")) {
                        throw DataFiles.at(file, lineNo, "'" + tok + "': query ids (ranking data) are not supported");
                    }
                    int j;
                    try {
                        j = Integer.parseInt(idxText);
                    } catch (NumberFormatException e) {
                        throw DataFiles.at(file, lineNo, "feature index '" + idxText + "' in '" + tok
                                + "' is not a whole number");
                    }
                    if (j < 1) {
                        throw DataFiles.at(file, lineNo, "feature index " + j + " is not >= 1");
                    }
                    if (j > MAX_DIMENSION) {
                        throw DataFiles.at(file, lineNo, "feature index " + j + " is larger than " + MAX_DIMENSION
                                + ", the largest dimension a model can have (its parameters are one Java array); "
                                + "reduce the feature indices");
                    }
                    if (j <= previous) {
                        throw DataFiles.at(file, lineNo, "feature index " + j + " follows index " + previous
                                + "; indices must be strictly ascending");
                    }
                    if (options.dimension() > 0 && j > options.dimension()) {
                        throw DataFiles.at(file, lineNo, "feature index " + j + " is > the dimension "
                                + options.dimension());
                    }
                    double v = DataFiles.parseFinite(valText);
                    if (Double.isNaN(v)) {
                        throw DataFiles.at(file, lineNo, "value '" + valText + "' of feature " + j
                                + " is not a finite number");
                    }
                    index.add(j - 1);
                    value.add(v);
                    previous = j;
                }
                maxIndex = Math.max(maxIndex, previous);
                labelTokens.add(label);
                lines.add(lineNo);
                rowStart.add(index.size());
            }
        } catch (IOException e) {
            throw DataFiles.ioError(file, e);
        }
        if (labelTokens.isEmpty()) {
            throw DataFiles.in(file, "no examples");
        }
        int dimension = options.dimension() > 0 ? options.dimension() : maxIndex;
        if (dimension == 0) {
            throw DataFiles.in(file, "no example has any feature; give the dimension");
        }
        LabelMapping.Mapped y = options.labels().map(file, labelTokens.toArray(new String[0]), lines.toArray());
        return Dataset.sparse(file.getFileName().toString(), rowStart.toArray(), index.toArray(), value.toArray(),
                dimension, y.labels(), y.numClasses());
    }

    /** Whitespace-separated tokens of one line, without regex. */
    private static final class Tokens {
        private final String s;
        private int pos;

        Tokens(String s) {
            this.s = s;
        }

        String next() {
            int n = s.length();
            while (pos < n && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
            if (pos == n) {
                return null;
            }
            int start = pos;
            while (pos < n && !Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
            return s.substring(start, pos);
        }
    }
}

package io.dlsim.algorithms.data;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Shared plumbing of the loaders: opening (gzip by magic number), error messages, growable arrays. */
final class DataFiles {
    private static final int BUFFER = 1 << 16;

    private DataFiles() {
    }

    /** Opens {@code file} for reading, transparently gunzipping when it starts with the gzip magic 1f 8b. */
    static InputStream open(Path file) {
        InputStream raw = null;
        try {
            raw = new BufferedInputStream(Files.newInputStream(file), BUFFER);
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                return new BufferedInputStream(new GZIPInputStream(raw, BUFFER), BUFFER);
            }
            return raw;
        } catch (IOException e) {
            if (raw != null) {
                try {
                    raw.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw ioError(file, e);
        }
    }

    static BufferedReader reader(Path file) {
        return new BufferedReader(new InputStreamReader(open(file), StandardCharsets.UTF_8), BUFFER);
    }

    /** {@code file:line: message}. */
    static DataFormatException at(Path file, long line, String message) {
        return new DataFormatException(file + ":" + line + ": " + message);
    }

    /** {@code file: message}. */
    static DataFormatException in(Path file, String message) {
        return new DataFormatException(file + ": " + message);
    }

    static DataFormatException ioError(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return in(file, "no such file");
        }
        if (e instanceof AccessDeniedException) {
            return in(file, "permission denied");
        }
        if (e instanceof ZipException || e instanceof EOFException) {
            return new DataFormatException(file + ": damaged or truncated gzip data (" + e.getMessage() + ")", e);
        }
        return new DataFormatException(file + ": cannot read (" + e.getMessage() + ")", e);
    }

    /** Parses a finite double, or returns NaN when {@code s} is not one. */
    static double parseFinite(String s) {
        try {
            double d = Double.parseDouble(s);
            return Double.isFinite(d) ? d : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** A number as people write it: {@code 0} rather than {@code 0.0}, {@code 0.0001} rather than {@code 1.0E-4}. */
    static String fmt(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        if (Double.isFinite(d) && Math.abs(d) >= 1e-6 && Math.abs(d) < 1e15) {
            return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        return Double.toString(d);
    }

    /** A growable {@code int[]}. */
    static final class IntList {
        private int[] a = new int[16];
        private int size;

        void add(int v) {
            if (size == a.length) {
                a = Arrays.copyOf(a, grow(a.length));
            }
            a[size++] = v;
        }

        int size() {
            return size;
        }

        int[] toArray() {
            return Arrays.copyOf(a, size);
        }
    }

    /** A growable {@code double[]}. */
    static final class DoubleList {
        private double[] a = new double[16];
        private int size;

        void add(double v) {
            if (size == a.length) {
                a = Arrays.copyOf(a, grow(a.length));
            }
            a[size++] = v;
        }

        int size() {
            return size;
        }

        double[] toArray() {
            return Arrays.copyOf(a, size);
        }
    }

    private static int grow(int length) {
        if (length >= Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("data set too large for one Java array");
        }
        return (int) Math.min(Integer.MAX_VALUE - 8L, length * 2L);
    }
}

package io.dlsim.algorithms.system;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one reading rule of the system model's text files (speeds, latencies, churn traces): UTF-8
 * lines, anything after a {@code #} a comment, blank lines skipped, each remaining line trimmed
 * and handed on with its 1-based line number, streamed (a latency file can be large).
 */
final class DataLines {
    private DataLines() {
    }

    /** What a file's data lines go to. */
    @FunctionalInterface
    interface Consumer {
        void line(int lineNumber, String text);
    }

    /**
     * Hands every data line of {@code file} to {@code consumer}, in order.
     *
     * @throws UncheckedIOException when the file cannot be read
     */
    static void read(Path file, Consumer consumer) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int lineNumber = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNumber++;
                int hash = line.indexOf('#');
                String text = (hash >= 0 ? line.substring(0, hash) : line).trim();
                if (!text.isEmpty()) {
                    consumer.line(lineNumber, text);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}

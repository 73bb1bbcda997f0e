package io.dlsim.algorithms.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The loader of a speeds file ({@link SystemSettings.Speeds}): one relative speed per node, in
 * node id order, each a finite number > 0; blank lines and lines starting with {@code #} are
 * skipped, and so is anything after a {@code #} on a line.
 */
public final class NodeSpeeds {
    private NodeSpeeds() {
    }

    /**
     * The speeds of nodes 0..n-1.
     *
     * @throws IllegalArgumentException naming the file and line of a value that is not a
     *     positive finite number, or the count when the file holds another number of nodes
     * @throws UncheckedIOException when the file cannot be read
     */
    public static double[] read(Path file, int n) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        double[] speeds = new double[n];
        int count = 0;
        for (int k = 0; k < lines.size(); k++) {
            String line = lines.get(k);
            int hash = line.indexOf('#');
            String text = (hash >= 0 ? line.substring(0, hash) : line).trim();
            if (text.isEmpty()) {
                continue;
            }
            double v;
            try {
                v = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ": line " + (k + 1) + ": '" + text + "' is not a number (one speed per node)");
            }
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException(file + ": line " + (k + 1) + ": a speed must be a finite number > 0, got " + text);
            }
            if (count == n) {
                throw new IllegalArgumentException(file + ": line " + (k + 1) + ": more speeds than the run's " + n + " nodes");
            }
            speeds[count++] = v;
        }
        if (count != n) {
            throw new IllegalArgumentException(file + ": holds " + count + " speeds, the run has " + n + " nodes (one per line, in node id order)");
        }
        return speeds;
    }
}

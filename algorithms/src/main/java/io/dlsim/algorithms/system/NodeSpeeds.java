package io.dlsim.algorithms.system;

import java.io.UncheckedIOException;
import java.nio.file.Path;

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
        double[] speeds = new double[n];
        int[] counted = {0};
        DataLines.read(file, (lineNumber, text) -> {
            double v;
            try {
                v = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ": line " + lineNumber + ": '" + text + "' is not a number (one speed per node)");
            }
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException(file + ": line " + lineNumber + ": a speed must be a finite number > 0, got " + text);
            }
            if (counted[0] == n) {
                throw new IllegalArgumentException(file + ": line " + lineNumber + ": more speeds than the run's " + n + " nodes");
            }
            speeds[counted[0]++] = v;
        });
        int count = counted[0];
        if (count != n) {
            throw new IllegalArgumentException(file + ": holds " + count + " speeds, the run has " + n + " nodes (one per line, in node id order)");
        }
        return speeds;
    }
}

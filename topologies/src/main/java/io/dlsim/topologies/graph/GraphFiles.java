package io.dlsim.topologies.graph;

import io.dlsim.topologies.TopologyException;
import io.dlsim.topologies.mixing.MixingMatrix;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes user topologies. Two text formats, '#' starts a comment, blank lines are
 * ignored:
 * <ul>
 *   <li>edge list: one {@code i j} per line (an undirected edge, or the arc i -> j when read as
 *       directed), or {@code i j w} for the entry {@code W[i][j] = w} of a mixing matrix (the
 *       diagonal included); node ids are 0-based; an optional header {@code # nodes N} fixes n
 *       (otherwise n = largest id + 1). This is what {@link #writeWeightedEdgeList} writes, so
 *       any exported W reads back unchanged;</li>
 *   <li>matrix: n lines of n numbers (spaces or commas), the full mixing matrix W.</li>
 * </ul>
 * Every error names the file and the line.
 */
public final class GraphFiles {
    /** File layout, or AUTO to tell them apart (a first line of more than 3 numbers is a matrix). */
    public enum Format { AUTO, EDGES, MATRIX }

    /** A graph read from a file, with the weights it carried (null for a plain edge list). */
    public record Loaded(Graph graph, MixingMatrix weights) {
    }

    private GraphFiles() {
    }

    public static Loaded read(Path file, Format format, boolean directed) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new TopologyException(file + ": no such file");
        } catch (IOException e) {
            throw new TopologyException(file + ": cannot read (" + e.getMessage() + ")");
        }
        List<double[]> rows = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        int declaredNodes = -1;
        for (int ln = 0; ln < lines.size(); ln++) {
            String line = lines.get(ln).strip();
            if (line.startsWith("#")) {
                String[] h = line.substring(1).strip().split("\\s+");
                if (h.length == 2 && h[0].equalsIgnoreCase("nodes")) {
                    declaredNodes = parseInt(h[1], file, ln + 1);
                }
                continue;
            }
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash).strip();
            }
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split("[\\s,]+");
            double[] row = new double[parts.length];
            for (int k = 0; k < parts.length; k++) {
                try {
                    row[k] = Double.parseDouble(parts[k]);
                } catch (NumberFormatException e) {
                    throw new TopologyException(file + ":" + (ln + 1) + ": '" + parts[k] + "' is not a number");
                }
            }
            rows.add(row);
            lineNumbers.add(ln + 1);
        }
        if (rows.isEmpty()) {
            throw new TopologyException(file + ": no edges or matrix rows found");
        }
        if (format == Format.AUTO) {
            // An edge list has 2 or 3 numbers per line, so a first line of more is a matrix;
            // readMatrix then names any row of the wrong length (an edge-list message would not).
            format = rows.get(0).length > 3 ? Format.MATRIX : Format.EDGES;
        }
        return format == Format.MATRIX ? readMatrix(file, rows, lineNumbers) : readEdges(file, rows, lineNumbers, declaredNodes, directed);
    }

    private static Loaded readMatrix(Path file, List<double[]> rows, List<Integer> lineNumbers) {
        int n = rows.size();
        double[][] w = new double[n][];
        for (int i = 0; i < n; i++) {
            if (rows.get(i).length != n) {
                throw new TopologyException(file + ":" + lineNumbers.get(i) + ": matrix row " + i + " has "
                        + rows.get(i).length + " entries, expected " + n + " (one per node)");
            }
            w[i] = rows.get(i);
        }
        MixingMatrix m = MixingMatrix.fromDense(w);
        return new Loaded(m.supportGraph(), m);
    }

    private static Loaded readEdges(Path file, List<double[]> rows, List<Integer> lineNumbers, int declaredNodes, boolean directed) {
        int width = rows.get(0).length;
        if (width != 2 && width != 3) {
            throw new TopologyException(file + ":" + lineNumbers.get(0) + ": expected 'i j' or 'i j weight', got " + width + " numbers");
        }
        int maxId = -1;
        for (int k = 0; k < rows.size(); k++) {
            double[] r = rows.get(k);
            int ln = lineNumbers.get(k);
            if (r.length != width) {
                throw new TopologyException(file + ":" + ln + ": expected " + width + " numbers like the first line, got " + r.length);
            }
            for (int c = 0; c < 2; c++) {
                if (r[c] != Math.rint(r[c]) || r[c] < 0 || r[c] > Integer.MAX_VALUE - 1) {
                    throw new TopologyException(file + ":" + ln + ": node id " + r[c] + " must be a whole number >= 0");
                }
                maxId = Math.max(maxId, (int) r[c]);
            }
        }
        int n = declaredNodes > 0 ? declaredNodes : maxId + 1;
        if (maxId >= n) {
            throw new TopologyException(file + ": node id " + maxId + " is outside the declared 'nodes " + n + "'");
        }
        if (n < 2) {
            throw new TopologyException(file + ": nodes: must be >= 2, got " + n);
        }
        if (width == 2) {
            List<int[]> edges = new ArrayList<>();
            for (int k = 0; k < rows.size(); k++) {
                int u = (int) rows.get(k)[0];
                int v = (int) rows.get(k)[1];
                if (u == v) {
                    throw new TopologyException(file + ":" + lineNumbers.get(k) + ": self loop " + u + " " + v
                            + " (an unweighted edge list lists edges only)");
                }
                edges.add(new int[] {u, v});
            }
            return new Loaded(directed ? Graph.directed(n, edges) : Graph.undirected(n, edges), null);
        }
        int[][] cols = new int[n][];
        double[][] vals = new double[n][];
        int[] count = new int[n];
        for (double[] r : rows) {
            count[(int) r[0]]++;
        }
        for (int i = 0; i < n; i++) {
            cols[i] = new int[count[i]];
            vals[i] = new double[count[i]];
        }
        int[] fill = new int[n];
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int k = 0; k < rows.size(); k++) {
            int i = (int) rows.get(k)[0];
            int j = (int) rows.get(k)[1];
            if (!seen.add(((long) i << 32) | j)) {
                throw new TopologyException(file + ":" + lineNumbers.get(k) + ": entry W[" + i + "][" + j + "] is given twice");
            }
            cols[i][fill[i]] = j;
            vals[i][fill[i]++] = rows.get(k)[2];
        }
        MixingMatrix m = MixingMatrix.fromRows(n, cols, vals);
        return new Loaded(m.supportGraph(), m);
    }

    private static int parseInt(String s, Path file, int line) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new TopologyException(file + ":" + line + ": '" + s + "' is not a whole number");
        }
    }

    /**
     * Writes W as a weighted edge list ({@code i j W[i][j]}, diagonal included; each weight as
     * the shortest decimal that reads back bit for bit) with a {@code # nodes N} header.
     */
    public static void writeWeightedEdgeList(MixingMatrix w, Path file, String comment) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("# dlsim mixing matrix: " + comment + "\n");
            out.write("# row column weight  (x_row <- sum over columns of weight * x_column)\n");
            out.write("# nodes " + w.n() + "\n");
            for (int i = 0; i < w.n(); i++) {
                int[] c = w.rowColumns(i);
                double[] v = w.rowWeights(i);
                for (int k = 0; k < c.length; k++) {
                    out.write(i + " " + c[k] + " " + v[k] + "\n");
                }
            }
        }
    }
}

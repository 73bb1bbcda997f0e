package io.dlsim.algorithms.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How a text loader turns the label field of each example into a {@link Dataset} label.
 * Four rules:
 * <ul>
 *   <li>{@link #inferClasses()} (the default): classification with the classes read off the
 *       file. Numeric labels must be whole numbers. If every label is in {-1, +1} or every label
 *       is in {0, 1}, the task is binary with -1 or 0 as class 0 and +1 as class 1 (so a file that
 *       happens to hold one class still maps correctly). Otherwise the distinct values, sorted
 *       ascending, become classes {@code 0..k-1} (e.g. {1, 2, 5} maps to 0, 1, 2). Non-numeric
 *       labels (CSV only) are sorted as strings the same way. At least two classes must occur.</li>
 *   <li>{@link #indexed(int)}: the labels already are class indices {@code 0..k-1}.</li>
 *   <li>{@link #classes(String...)}: the given label values, in order, are classes 0..k-1; a
 *       label equal to none of them is an error. Use this (or {@code indexed}) to load a test
 *       file with exactly the classes of its training file.</li>
 *   <li>{@link #regression()}: labels are real targets ({@code numClasses() == 0}).</li>
 * </ul>
 * Numeric label values compare as numbers ({@code +1}, {@code 1} and {@code 1.0} are the same
 * label). Instances are immutable.
 */
public final class LabelMapping {
    private enum Kind { INFER, INDEXED, NAMED, REGRESSION }

    private static final LabelMapping INFER = new LabelMapping(Kind.INFER, 0, List.of());
    private static final LabelMapping REGRESSION = new LabelMapping(Kind.REGRESSION, 0, List.of());

    private final Kind kind;
    private final int numClasses;
    private final List<String> names;

    private LabelMapping(Kind kind, int numClasses, List<String> names) {
        this.kind = kind;
        this.numClasses = numClasses;
        this.names = names;
    }

    /** Classification, classes inferred from the labels present (see the class comment). */
    public static LabelMapping inferClasses() {
        return INFER;
    }

    /** Classification, labels are class indices {@code 0..numClasses-1}. */
    public static LabelMapping indexed(int numClasses) {
        if (numClasses < 2) {
            throw new IllegalArgumentException("labels.classes: must be >= 2, got " + numClasses);
        }
        return new LabelMapping(Kind.INDEXED, numClasses, List.of());
    }

    /** Classification, {@code values[k]} is class k. */
    public static LabelMapping classes(String... values) {
        if (values.length < 2) {
            throw new IllegalArgumentException("labels.classes: need at least 2 class values, got " + values.length);
        }
        List<String> list = new ArrayList<>();
        for (String v : values) {
            String s = v.strip();
            for (String seen : list) {
                if (sameLabel(seen, s)) {
                    throw new IllegalArgumentException("labels.classes: '" + s + "' is given twice");
                }
            }
            list.add(s);
        }
        return new LabelMapping(Kind.NAMED, list.size(), List.copyOf(list));
    }

    /** Regression: labels are real targets. */
    public static LabelMapping regression() {
        return REGRESSION;
    }

    public boolean isRegression() {
        return kind == Kind.REGRESSION;
    }

    @Override
    public String toString() {
        switch (kind) {
            case INFER:
                return "classes inferred from the labels";
            case INDEXED:
                return "class indices 0.." + (numClasses - 1);
            case NAMED:
                return "classes " + names;
            default:
                return "regression";
        }
    }

    /** The labels of a file, mapped: {@code numClasses == 0} for regression. */
    record Mapped(double[] labels, int numClasses) {
    }

    /**
     * Maps the label fields {@code tokens[i]} read at {@code lines[i]} of {@code file}.
     *
     * @throws DataFormatException naming the first offending line
     */
    Mapped map(Path file, String[] tokens, int[] lines) {
        int n = tokens.length;
        double[] y = new double[n];
        switch (kind) {
            case REGRESSION:
                for (int i = 0; i < n; i++) {
                    y[i] = number(file, lines[i], tokens[i]);
                }
                return new Mapped(y, 0);
            case INDEXED:
                for (int i = 0; i < n; i++) {
                    double v = number(file, lines[i], tokens[i]);
                    if (v != Math.rint(v) || v < 0 || v >= numClasses) {
                        throw DataFiles.at(file, lines[i], "label " + tokens[i] + " is outside the classes 0.."
                                + (numClasses - 1));
                    }
                    y[i] = v;
                }
                return new Mapped(y, numClasses);
            case NAMED:
                for (int i = 0; i < n; i++) {
                    y[i] = named(file, lines[i], tokens[i]);
                }
                return new Mapped(y, numClasses);
            default:
                return infer(file, tokens, lines);
        }
    }

    private int named(Path file, int line, String token) {
        for (int k = 0; k < names.size(); k++) {
            if (sameLabel(names.get(k), token)) {
                return k;
            }
        }
        throw DataFiles.at(file, line, "label '" + token + "' is not one of the classes " + names);
    }

    private static Mapped infer(Path file, String[] tokens, int[] lines) {
        int n = tokens.length;
        double[] y = new double[n];
        if (n == 0) {
            return new Mapped(y, 2);
        }
        boolean numeric = !Double.isNaN(DataFiles.parseFinite(tokens[0]));
        if (!numeric) {
            return inferNamed(file, tokens, lines);
        }
        TreeSet<Double> distinct = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            double v = DataFiles.parseFinite(tokens[i]);
            if (Double.isNaN(v)) {
                throw DataFiles.at(file, lines[i], "label '" + tokens[i] + "' is not a number, unlike the label '"
                        + tokens[0] + "' on line " + lines[0]);
            }
            if (v != Math.rint(v)) {
                throw DataFiles.at(file, lines[i], "label " + tokens[i]
                        + " is not a whole number (load the file for regression, or give the classes)");
            }
            y[i] = v;
            distinct.add(v);
        }
        if (within(distinct, -1, 1) || within(distinct, 0, 1)) {
            for (int i = 0; i < n; i++) {
                y[i] = y[i] > 0 ? 1 : 0;
            }
            return new Mapped(y, 2);
        }
        if (distinct.size() < 2) {
            throw DataFiles.in(file, "every label is " + DataFiles.fmt(distinct.first())
                    + ", so there is only one class; give the classes explicitly");
        }
        Map<Double, Integer> index = new TreeMap<>();
        for (double v : distinct) {
            index.put(v, index.size());
        }
        for (int i = 0; i < n; i++) {
            y[i] = index.get(y[i]);
        }
        return new Mapped(y, index.size());
    }

    private static Mapped inferNamed(Path file, String[] tokens, int[] lines) {
        TreeSet<String> distinct = new TreeSet<>();
        for (int i = 0; i < tokens.length; i++) {
            if (!Double.isNaN(DataFiles.parseFinite(tokens[i]))) {
                throw DataFiles.at(file, lines[i], "label " + tokens[i] + " is a number, unlike the label '"
                        + tokens[0] + "' on line " + lines[0]);
            }
            if (tokens[i].isEmpty()) {
                throw DataFiles.at(file, lines[i], "empty label");
            }
            distinct.add(tokens[i]);
        }
        if (distinct.size() < 2) {
            throw DataFiles.in(file, "every label is '" + distinct.first()
                    + "', so there is only one class; give the classes explicitly");
        }
        Map<String, Integer> index = new TreeMap<>();
        for (String v : distinct) {
            index.put(v, index.size());
        }
        double[] y = new double[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            y[i] = index.get(tokens[i]);
        }
        return new Mapped(y, index.size());
    }

    private static double number(Path file, int line, String token) {
        double v = DataFiles.parseFinite(token);
        if (Double.isNaN(v)) {
            throw DataFiles.at(file, line, "label '" + token + "' is not a finite number");
        }
        return v;
    }

    private static boolean sameLabel(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        double x = DataFiles.parseFinite(a);
        double y = DataFiles.parseFinite(b);
        return !Double.isNaN(x) && x == y;
    }

    private static boolean within(TreeSet<Double> distinct, double a, double b) {
        for (double v : distinct) {
            if (v != a && v != b) {
                return false;
            }
        }
        return true;
    }
}

package io.dlsim.simulator.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The ticks of one chart axis and the text of their labels: the one rule for how the report's
 * charts (PNG, SVG and the interactive ones in {@code report.html}) number their axes.
 *
 * <p>Linear axes: major ticks at round numbers (1, 2 or 5 times a power of ten; at least 1 on
 * an axis of counts such as rounds, gradient evaluations or bytes, never 512-style steps), 4 to
 * 10 of them. Log axes: a major tick per decade and minor ticks at 2..9 times each decade; when
 * the data spans at most three decades, 2 and 5 times each decade are labelled too, and below
 * about one decade every minor tick is; over more than 12 decades only every k-th decade is
 * labelled (and the minor ticks are the other decades). Labels ({@link #label}) never use
 * Java's {@code 1E-4} notation.
 *
 * @param major the labelled ticks, ascending, inside [lo, hi]
 * @param minor the unlabelled ticks, ascending, inside [lo, hi]
 * @param lo the axis' lower end (data units)
 * @param hi the axis' upper end (data units)
 */
record Ticks(List<Tick> major, List<Double> minor, double lo, double hi) {

    /** A labelled tick. */
    record Tick(double value, String label) {
    }

    Ticks {
        major = List.copyOf(major);
        minor = List.copyOf(minor);
    }

    private static final String[] SI = {"", "k", "M", "G", "T", "P"};
    private static final String SUPERSCRIPTS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079";

    /**
     * The text of a value on an axis or in a tooltip, engineering style, at most 4 significant
     * digits: {@code 0}; plain decimals from 0.001 to below 10,000 ({@code 0.002}, {@code 37.5});
     * from 10,000 on an SI suffix with an exponent that is a multiple of three ({@code 20k},
     * {@code 1.5M}, {@code 140M}, {@code 2G}, up to {@code P}; not {@code E}, which reads as an
     * exponent); below 0.001 and from 10^18 on a power of ten in superscript ({@code 10⁻⁶}, {@code 2.5×10⁻⁴}, {@code 10²⁴}); {@code NaN},
     * {@code ∞}, {@code −∞} for the non-finite values. The minus sign is U+2212.
     */
    static String label(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "\u221e" : "\u2212\u221e";
        }
        if (v == 0) {
            return "0";
        }
        String sign = v < 0 ? "\u2212" : "";
        double a = Math.abs(v);
        BigDecimal rounded = new BigDecimal(a).round(new MathContext(4));
        a = rounded.doubleValue();
        if (a >= 1e-3 && a < 1e4) {
            return sign + rounded.stripTrailingZeros().toPlainString();
        }
        int exp = (int) Math.floor(Math.log10(a));
        // Guard against log10 rounding at exact powers of ten.
        if (a >= Math.pow(10, exp + 1)) {
            exp++;
        } else if (a < Math.pow(10, exp)) {
            exp--;
        }
        if (a >= 1e4 && exp < 18) {
            int group = exp / 3;
            BigDecimal m = rounded.movePointLeft(3 * group).round(new MathContext(4)).stripTrailingZeros();
            return sign + m.toPlainString() + SI[group];
        }
        BigDecimal m = rounded.movePointLeft(exp).round(new MathContext(4)).stripTrailingZeros();
        String power = "10" + superscript(exp);
        return sign + (m.compareTo(BigDecimal.ONE) == 0 ? power : m.toPlainString() + "\u00d7" + power);
    }

    private static String superscript(int exp) {
        StringBuilder b = new StringBuilder();
        if (exp < 0) {
            b.append('\u207b');
        }
        for (char c : Integer.toString(Math.abs(exp)).toCharArray()) {
            b.append(SUPERSCRIPTS.charAt(c - '0'));
        }
        return b.toString();
    }

    /**
     * Ticks of a linear axis over the data range [min, max] (finite, min &lt;= max): the range is
     * widened to the enclosing multiples of the step; a range that is a single value, or only
     * rounding noise around one (narrower than 1e-9 of its magnitude), is widened around it so
     * the line is drawn flat instead of magnifying the last bits of a double.
     *
     * @param counts whether the axis counts whole things (the step is then at least 1)
     */
    static Ticks linear(double min, double max, boolean counts) {
        double lo = min;
        double hi = max;
        double mag = Math.max(Math.abs(lo), Math.abs(hi));
        if (!(hi - lo > 1e-9 * mag)) {
            double mid = lo / 2 + hi / 2;
            double half = mag == 0 ? 1 : Math.abs(mid) * 0.05;
            if (counts) {
                half = Math.max(half, 1);
            }
            lo = mid - half;
            hi = mid + half;
            if (min >= 0 && lo < 0) {
                lo = 0;
            }
        }
        // Half each end first so that the span of [-1e308, 1e308] stays finite.
        double span = hi / 2 - lo / 2;
        double step = niceStep(span * 2 / 6);
        if (!Double.isFinite(step) || step <= 0) {
            step = niceStep(span / 3);
        }
        if (counts) {
            step = Math.max(step, 1);
        }
        double first = Math.floor(lo / step);
        double last = Math.ceil(hi / step);
        if (last - first > 12) {
            step = niceStep(step * 2.01);
            first = Math.floor(lo / step);
            last = Math.ceil(hi / step);
        }
        List<Tick> major = new ArrayList<>();
        for (double k = first; k <= last && major.size() < 40; k++) {
            double v = k * step;
            // Kill the -0 and the 1e-17 noise of k * step near zero.
            if (Math.abs(v) < step * 1e-9) {
                v = 0;
            }
            major.add(new Tick(v, label(v)));
        }
        return new Ticks(major, List.of(), first * step, last * step);
    }

    /** The smallest of 1, 2, 5 times a power of ten that is at least {@code raw}. */
    static double niceStep(double raw) {
        if (!(raw > 0) || !Double.isFinite(raw)) {
            return raw;
        }
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double f : new double[] {1, 2, 5, 10}) {
            if (f * p >= raw * (1 - 1e-12)) {
                return f * p;
            }
        }
        return 10 * p;
    }

    /**
     * Ticks of a log axis over the positive data range [min, max] (see the class comment). The
     * axis ends at the decades around the data when it spans more than one decade, else at the
     * data padded by 5% of its log range.
     */
    static Ticks log(double min, double max) {
        return log(min, max, false);
    }

    /**
     * Ticks of a log axis; a {@code tight} axis ends at {@code min} and {@code max} exactly (for
     * data already padded, such as dots that must keep clear of the edges).
     */
    static Ticks log(double min, double max, boolean tight) {
        double lmin = Math.log10(min);
        double lmax = Math.log10(max);
        double decades = lmax - lmin;
        double lo;
        double hi;
        if (tight) {
            lo = min;
            hi = max;
        } else if (decades > 1) {
            lo = Math.pow(10, Math.floor(lmin + 1e-9));
            hi = Math.pow(10, Math.ceil(lmax - 1e-9));
        } else {
            double pad = Math.max(decades, 0.02) * 0.05;
            lo = Math.pow(10, lmin - pad);
            hi = Math.pow(10, lmax + pad);
        }
        int d0 = (int) Math.floor(Math.log10(lo) + 1e-9);
        int d1 = (int) Math.ceil(Math.log10(hi) - 1e-9);
        int span = d1 - d0;
        List<Tick> major = new ArrayList<>();
        List<Double> minor = new ArrayList<>();
        if (span > 12) {
            int every = (int) Math.ceil(span / 8.0);
            for (int d = d0; d <= d1; d++) {
                double v = Math.pow(10, d);
                if (v < lo * (1 - 1e-9) || v > hi * (1 + 1e-9)) {
                    continue;
                }
                if (Math.floorMod(d, every) == 0) {
                    major.add(new Tick(v, label(v)));
                } else {
                    minor.add(v);
                }
            }
            return new Ticks(major, minor, lo, hi);
        }
        for (int d = d0; d <= d1; d++) {
            for (int f = 1; f <= 9; f++) {
                double v = f * Math.pow(10, d);
                if (v < lo * (1 - 1e-9) || v > hi * (1 + 1e-9)) {
                    continue;
                }
                boolean labelled = f == 1 || decades <= 3 && (f == 2 || f == 5) || decades <= 1.05;
                if (labelled) {
                    major.add(new Tick(v, label(v)));
                } else {
                    minor.add(v);
                }
            }
        }
        if (major.size() < 2) {
            // A narrow range between two minor ticks: number it like a linear axis.
            Ticks lin = linear(min, max, false);
            List<Tick> inside = lin.major().stream().filter(t -> t.value() >= lo && t.value() <= hi).toList();
            return new Ticks(inside, minor, lo, hi);
        }
        return new Ticks(major, minor, lo, hi);
    }
}

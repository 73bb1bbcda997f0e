package io.dlsim.simulator.report;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The low-cardinality labels of one run: they name the run in results folders, reports and
 * Prometheus tags. Never put a node id (or anything else that grows with n) here.
 *
 * <p>Every component is non-null and non-blank; surrounding whitespace is not stripped, so a
 * label is used exactly as given.
 *
 * @param scenario the scenario (experiment) name, e.g. {@code lian2017-ring}
 * @param run the run's name within the scenario, unique there, e.g. {@code seed-1} or
 *     {@code ring-16-eta0.1}
 * @param algorithm the algorithm, e.g. {@code dsgd}, {@code dspg}, {@code dpsvrg}
 * @param topology the topology, e.g. {@code ring-16}
 */
public record RunLabels(String scenario, String run, String algorithm, String topology) {

    /** The tag keys, in the order {@link #asMap()} uses. */
    public static final String[] KEYS = {"scenario", "run", "algorithm", "topology"};

    /** Validates that every label is non-null and non-blank. */
    public RunLabels {
        check("scenario", scenario);
        check("run", run);
        check("algorithm", algorithm);
        check("topology", topology);
    }

    private static void check(String key, String value) {
        Objects.requireNonNull(value, () -> "run label " + key + " must not be null");
        if (value.isBlank()) {
            throw new IllegalArgumentException("run label " + key + " must not be blank");
        }
    }

    /** The labels keyed by {@link #KEYS}, in that order. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("scenario", scenario);
        m.put("run", run);
        m.put("algorithm", algorithm);
        m.put("topology", topology);
        return m;
    }

    /** Labels from a map holding every key of {@link #KEYS}; throws naming the missing key. */
    public static RunLabels fromMap(Map<String, ?> m) {
        String[] v = new String[KEYS.length];
        for (int k = 0; k < KEYS.length; k++) {
            Object o = m.get(KEYS[k]);
            if (o == null) {
                throw new IllegalArgumentException("run labels: missing " + KEYS[k]);
            }
            v[k] = o.toString();
        }
        return new RunLabels(v[0], v[1], v[2], v[3]);
    }
}

package io.dlsim.topologies;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Typed access to the {@code key=value} parameters of a topology or schedule, as given on the
 * command line ({@code --param k=v}) or in a scenario file. Every error names the parameter
 * with its prefix ({@code topology.p: must be in [0, 1], got 1.5}); {@link #requireAllUsed}
 * refuses keys the type does not know, with a "did you mean".
 */
public final class Params {
    private final String prefix;
    private final Map<String, String> values;
    private final Set<String> known = new HashSet<>();

    public Params(String prefix, Map<String, String> values) {
        this.prefix = prefix.isEmpty() ? "" : prefix + ".";
        this.values = new LinkedHashMap<>(values);
    }

    public boolean has(String key) {
        known.add(key);
        return values.containsKey(key);
    }

    public String string(String key, String fallback) {
        known.add(key);
        return values.getOrDefault(key, fallback);
    }

    public String requiredString(String key) {
        known.add(key);
        String v = values.get(key);
        if (v == null || v.isBlank()) {
            throw new TopologyException(prefix + key + ": is required");
        }
        return v;
    }

    public int integer(String key, int fallback) {
        known.add(key);
        return values.containsKey(key) ? parseInt(key, values.get(key)) : fallback;
    }

    public int requiredInteger(String key) {
        return parseInt(key, requiredString(key));
    }

    public double real(String key, double fallback) {
        known.add(key);
        return values.containsKey(key) ? parseDouble(key, values.get(key)) : fallback;
    }

    public double requiredReal(String key) {
        return parseDouble(key, requiredString(key));
    }

    public boolean bool(String key, boolean fallback) {
        known.add(key);
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new TopologyException(prefix + key + ": must be true or false, got '" + v + "'");
    }

    /** Refuses any given key that no getter asked for. */
    public void requireAllUsed(String forWhat) {
        for (String k : values.keySet()) {
            if (!known.contains(k)) {
                String hint = known.isEmpty() ? " (" + forWhat + " takes no parameters)"
                        : Suggestions.didYouMean(k, known) + "; " + forWhat + " takes: " + String.join(", ", known.stream().sorted().toList());
                throw new TopologyException(prefix + k + ": unknown parameter for " + forWhat + hint);
            }
        }
    }

    private int parseInt(String key, String v) {
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new TopologyException(prefix + key + ": must be a whole number, got '" + v + "'");
        }
    }

    private double parseDouble(String key, String v) {
        try {
            double d = Double.parseDouble(v.strip());
            if (Double.isNaN(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new TopologyException(prefix + key + ": must be a number, got '" + v + "'");
        }
    }
}

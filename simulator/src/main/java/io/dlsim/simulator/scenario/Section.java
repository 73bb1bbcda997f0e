package io.dlsim.simulator.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dlsim.topologies.Suggestions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A mapping in a scenario tree with its path ({@code algorithm}, {@code topology.phases[1]}):
 * typed getters that validate and name the path in every message, and a record of the keys
 * read so that {@link #rejectUnknown()} can refuse the rest with a "did you mean".
 */
final class Section {
    private final String path;
    private final ObjectNode node;
    private final Set<String> known = new LinkedHashSet<>();

    Section(String path, JsonNode node) {
        this.path = path;
        if (node == null || node.isNull() || node.isMissingNode()) {
            this.node = JsonNodeFactory.instance.objectNode();
        } else if (node instanceof ObjectNode o) {
            this.node = o;
        } else {
            throw error(path.isEmpty() ? "the file" : path, "must be a mapping (key: value), got " + describe(node));
        }
    }

    String path() {
        return path;
    }

    String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    boolean has(String key) {
        known.add(key);
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    /** Marks keys as handled elsewhere (e.g. passed on as parameters). */
    void accept(String key) {
        known.add(key);
    }

    Section section(String key) {
        known.add(key);
        return new Section(child(key), node.get(key));
    }

    List<Section> sections(String key) {
        known.add(key);
        JsonNode v = node.get(key);
        List<Section> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            throw error(child(key), "must be a list, got " + describe(v));
        }
        for (int i = 0; i < v.size(); i++) {
            out.add(new Section(child(key) + "[" + i + "]", v.get(i)));
        }
        return out;
    }

    String string(String key, String fallback) {
        known.add(key);
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isValueNode()) {
            throw error(child(key), "must be a single value, got " + describe(v));
        }
        return v.asText();
    }

    String requiredString(String key) {
        String s = string(key, null);
        if (s == null || s.isBlank()) {
            throw missing(key);
        }
        return s;
    }

    /**
     * The error for a missing required key; names a present key that looks like a misspelling
     * of it, since that is the usual cause.
     */
    ScenarioException missing(String key) {
        Iterator<String> it = node.fieldNames();
        while (it.hasNext()) {
            String present = it.next();
            if (!known.contains(present) && !Suggestions.didYouMean(present, List.of(key)).isEmpty()) {
                return error(child(key), "is required (is '" + present + "' a misspelling?)");
            }
        }
        return error(child(key), "is required");
    }

    double number(String key, double fallback) {
        String s = string(key, null);
        if (s == null) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(s.strip());
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw error(child(key), "must be a number, got '" + s + "'");
        }
    }

    double requiredNumber(String key) {
        requiredString(key);
        return number(key, Double.NaN);
    }

    long whole(String key, long fallback) {
        String s = string(key, null);
        if (s == null) {
            return fallback;
        }
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            double d;
            try {
                d = Double.parseDouble(s.strip());
            } catch (NumberFormatException e2) {
                throw error(child(key), "must be a whole number, got '" + s + "'");
            }
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return (long) d;
            }
            throw error(child(key), "must be a whole number, got '" + s + "'");
        }
    }

    int integer(String key, int fallback) {
        long v = whole(key, fallback);
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            throw error(child(key), "is too large, got " + v);
        }
        return (int) v;
    }

    boolean bool(String key, boolean fallback) {
        String s = string(key, null);
        if (s == null) {
            return fallback;
        }
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(s);
        }
        throw error(child(key), "must be true or false, got '" + s + "'");
    }

    /** One of {@code allowed}, or the fallback. */
    String choice(String key, String fallback, List<String> allowed) {
        String s = string(key, fallback);
        if (s != null && !allowed.contains(s)) {
            throw error(child(key), "unknown value '" + s + "'" + Suggestions.didYouMean(s, allowed) + "; one of " + String.join(", ", allowed));
        }
        return s;
    }

    List<Integer> integers(String key) {
        known.add(key);
        JsonNode v = node.get(key);
        List<Integer> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            throw error(child(key), "must be a list of whole numbers like [128, 64], got " + describe(v));
        }
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            if (!e.isValueNode() || !e.asText().strip().matches("-?\\d+")) {
                throw error(child(key) + "[" + i + "]", "must be a whole number, got " + describe(e));
            }
            out.add(Integer.parseInt(e.asText().strip()));
        }
        return out;
    }

    List<String> strings(String key) {
        known.add(key);
        JsonNode v = node.get(key);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (v.isValueNode()) {
            out.add(v.asText());
            return out;
        }
        if (!v.isArray()) {
            throw error(child(key), "must be a list, got " + describe(v));
        }
        v.forEach(e -> out.add(e.asText()));
        return out;
    }

    /** The scalar entries not read yet, as text (e.g. topology parameters). */
    Map<String, String> remainingScalars() {
        Map<String, String> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!known.contains(e.getKey()) && e.getValue().isValueNode() && !e.getValue().isNull()) {
                out.put(e.getKey(), e.getValue().asText());
                known.add(e.getKey());
            }
        }
        return out;
    }

    /** Refuses every key no getter asked for. */
    void rejectUnknown() {
        Iterator<String> it = node.fieldNames();
        while (it.hasNext()) {
            String k = it.next();
            if (!known.contains(k)) {
                throw error(child(k), "unknown key" + Suggestions.didYouMean(k, known) + (known.isEmpty() ? ""
                        : "; " + (path.isEmpty() ? "the top level" : path) + " takes: " + String.join(", ", known)));
            }
        }
    }

    static ScenarioException error(String where, String reason) {
        return new ScenarioException(where + ": " + reason);
    }

    static String describe(JsonNode v) {
        if (v.isObject()) {
            return "a mapping";
        }
        if (v.isArray()) {
            return "a list";
        }
        return "'" + v.asText() + "'";
    }
}

package io.dlsim.simulator.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** How a command prints its result: an aligned table for people, one JSON object for scripts. */
public enum OutputFormat {
    table, json;

    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    /**
     * Renders ordered key/value pairs; non-finite numbers become JSON null or "n/a". Either format
     * ends with a line end, so the text can be printed as it is (a script's {@code jq} and a shell
     * prompt after it both expect one).
     */
    public String render(Map<String, Object> values) {
        if (this == json) {
            Map<String, Object> clean = new LinkedHashMap<>();
            values.forEach((k, v) -> clean.put(k, sanitize(v)));
            try {
                return JSON.writeValueAsString(clean) + System.lineSeparator();
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        int width = values.keySet().stream().mapToInt(String::length).max().orElse(0);
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "%-" + width + "s  %s%n", k, display(v))));
        return sb.toString();
    }

    static Object sanitize(Object v) {
        if (v instanceof Double d && !Double.isFinite(d)) {
            return null;
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> c = new LinkedHashMap<>();
            m.forEach((k, x) -> c.put(k, sanitize(x)));
            return c;
        }
        if (v instanceof java.util.List<?> l) {
            return l.stream().map(OutputFormat::sanitize).toList();
        }
        return v;
    }

    static String display(Object v) {
        if (v instanceof Double d) {
            if (!Double.isFinite(d)) {
                return "n/a";
            }
            String text = String.format(Locale.ROOT, "%.10f", d);
            return text.equals("-0.0000000000") ? "0.0000000000" : text;
        }
        return String.valueOf(v);
    }
}

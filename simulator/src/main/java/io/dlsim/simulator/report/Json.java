package io.dlsim.simulator.report;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dlsim.metrics.MetricsRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON helpers of this package: strict JSON (non-finite numbers become null), atomic writes. */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    /** A copy with every non-finite double or float replaced by null (JSON has no NaN). */
    static Object sanitize(Object v) {
        if (v instanceof Double d) {
            return Double.isFinite(d) ? d : null;
        }
        if (v instanceof Float f) {
            return Float.isFinite(f) ? f : null;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), sanitize(x)));
            return out;
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            c.forEach(x -> out.add(sanitize(x)));
            return out;
        }
        if (v instanceof double[] a) {
            List<Object> out = new ArrayList<>(a.length);
            for (double x : a) {
                out.add(sanitize(x));
            }
            return out;
        }
        return v;
    }

    /** The row's values keyed by column, NaN as null. */
    static Map<String, Object> row(MetricsRow r) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) sanitize(r.asMap());
        return m;
    }

    static String write(Object value) throws IOException {
        return MAPPER.writeValueAsString(sanitize(value)) + "\n";
    }

    static Map<String, Object> readMap(Path file) throws IOException {
        return MAPPER.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Object>>() { });
    }

    /** Writes the file through a temporary sibling and a rename, so readers never see half a file. */
    static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}

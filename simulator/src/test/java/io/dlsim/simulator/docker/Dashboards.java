package io.dlsim.simulator.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Grafana dashboards of {@code docker/grafana/dashboards} and the PromQL they hold: every
 * panel target's {@code expr} and every query variable's {@code label_values(...)}, with the
 * small amount of PromQL reading the tests need (metric names, the labels each selector and
 * each grouping clause uses, variables substituted).
 */
final class Dashboards {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A dashboard file, parsed. */
    record Dashboard(Path file, JsonNode json) {
        String name() {
            return file.getFileName().toString();
        }
    }

    /**
     * One query of a dashboard.
     *
     * @param dashboard the file name
     * @param where the panel title and refId, or {@code variable <name>}
     * @param expr the query as written (PromQL, or Grafana's {@code label_values(...)} for a variable)
     * @param variable whether it is a template variable's query
     */
    record Query(String dashboard, String where, String expr, boolean variable) {
        @Override
        public String toString() {
            return dashboard + " / " + where + ": " + expr;
        }
    }

    /** {@code label_values(selector, label)} or {@code label_values(label)}, split. */
    record LabelValues(String selector, String label) {
    }

    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((?:(.*),)?\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)\\s*$",
            Pattern.DOTALL);
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern BRACES = Pattern.compile("\\{[^}]*}");
    private static final Pattern BRACKETS = Pattern.compile("\\[[^\\]]*]");
    private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "bool", "offset", "inf", "nan", "Inf", "NaN");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([a-zA-Z0-9_]+)(?::[a-zA-Z]+)?}|\\$([a-zA-Z0-9_]+)|\\[\\[([a-zA-Z0-9_]+)]]");

    private Dashboards() {
    }

    /** Every {@code *.json} of the dashboards folder, parsed, in name order. */
    static List<Dashboard> load() {
        try (Stream<Path> files = Files.list(DockerFiles.dashboardsDir())) {
            List<Dashboard> out = new ArrayList<>();
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                out.add(new Dashboard(f, JSON.readTree(f.toFile())));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The panels of a dashboard, those nested in collapsed rows included. */
    static List<JsonNode> panels(Dashboard d) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : d.json().path("panels")) {
            out.add(p);
            for (JsonNode nested : p.path("panels")) {
                out.add(nested);
            }
        }
        return out;
    }

    /** The query variables of a dashboard's templating. */
    static List<JsonNode> queryVariables(Dashboard d) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode v : d.json().path("templating").path("list")) {
            if ("query".equals(v.path("type").asText())) {
                out.add(v);
            }
        }
        return out;
    }

    /** The query text of a query variable (newer Grafana: {@code query.query}; older: {@code query}). */
    static String variableQuery(JsonNode variable) {
        JsonNode q = variable.path("query");
        return q.isObject() ? q.path("query").asText() : q.asText();
    }

    /** Every panel target's PromQL of the dashboards. */
    static List<Query> panelQueries(List<Dashboard> dashboards) {
        List<Query> out = new ArrayList<>();
        for (Dashboard d : dashboards) {
            for (JsonNode p : panels(d)) {
                for (JsonNode t : p.path("targets")) {
                    out.add(new Query(d.name(), "panel '" + p.path("title").asText() + "' " + t.path("refId").asText(),
                            t.path("expr").asText(), false));
                }
            }
        }
        return out;
    }

    /** Every query variable's query of the dashboards. */
    static List<Query> variableQueries(List<Dashboard> dashboards) {
        List<Query> out = new ArrayList<>();
        for (Dashboard d : dashboards) {
            for (JsonNode v : queryVariables(d)) {
                out.add(new Query(d.name(), "variable " + v.path("name").asText(), variableQuery(v), true));
            }
        }
        return out;
    }

    /** Splits Grafana's {@code label_values(selector, label)}; throws if it is not one. */
    static LabelValues labelValues(String query) {
        Matcher m = LABEL_VALUES.matcher(query);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a label_values(...) query: " + query);
        }
        return new LabelValues(m.group(1) == null ? "" : m.group(1).trim(), m.group(2));
    }

    /**
     * The query with Grafana's variables replaced: template variables by {@code templateValue}
     * (e.g. {@code .+}, which an "All" selection with that allValue gives), built-in
     * intervals by the given durations.
     */
    static String substitute(String expr, String templateValue, String rateInterval) {
        Map<String, String> builtIns = Map.of("__rate_interval", rateInterval, "__interval", rateInterval,
                "__range", "1h", "__interval_ms", "10000");
        Matcher m = VARIABLE.matcher(expr);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            m.appendReplacement(sb, Matcher.quoteReplacement(builtIns.getOrDefault(name, templateValue)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** The template variables a query uses ({@code $x}, {@code ${x}}, {@code ${x:fmt}}, {@code [[x]]}). */
    static Set<String> variablesUsed(String expr) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = VARIABLE.matcher(expr);
        while (m.find()) {
            out.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
        }
        return out;
    }

    /**
     * The metric names a PromQL expression selects: identifiers that are not functions, keywords,
     * label names (inside braces or grouping clauses), durations or numbers.
     */
    static Set<String> metricNames(String promql) {
        String s = STRING.matcher(promql).replaceAll("\"\"");
        s = BRACES.matcher(s).replaceAll(" ");
        s = BRACKETS.matcher(s).replaceAll(" ");
        s = GROUPING.matcher(s).replaceAll(" ");
        Set<String> out = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            int before = m.start() - 1;
            if (before >= 0 && (Character.isDigit(s.charAt(before)) || s.charAt(before) == '.')) {
                continue; // a number's exponent or a duration unit
            }
            int after = m.end();
            while (after < s.length() && Character.isWhitespace(s.charAt(after))) {
                after++;
            }
            if (after < s.length() && s.charAt(after) == '(') {
                continue; // a function or aggregation
            }
            if (!KEYWORDS.contains(m.group())) {
                out.add(m.group());
            }
        }
        return out;
    }

    /** For each {@code metric{...}} selector of an expression: the metric and the label names its matchers use. */
    static List<Map.Entry<String, Set<String>>> selectorLabels(String promql) {
        List<Map.Entry<String, Set<String>>> out = new ArrayList<>();
        Matcher m = SELECTOR.matcher(promql);
        while (m.find()) {
            Set<String> labels = new LinkedHashSet<>();
            Matcher lm = MATCHER.matcher(m.group(2));
            while (lm.find()) {
                labels.add(lm.group(1));
            }
            out.add(Map.entry(m.group(1), labels));
        }
        return out;
    }

    /** The label names of an expression's {@code by}, {@code without}, {@code on}, ... clauses. */
    static Set<String> groupingLabels(String promql) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = GROUPING.matcher(STRING.matcher(promql).replaceAll("\"\""));
        while (m.find()) {
            for (String l : m.group(2).split(",")) {
                if (!l.isBlank()) {
                    out.add(l.trim());
                }
            }
        }
        return out;
    }

    /**
     * Every data source reference of a dashboard: each object under a {@code datasource} key,
     * wherever it is (panels, targets, nested panels, variables, annotations), with a path saying
     * where.
     */
    static Map<String, JsonNode> datasourceRefs(Dashboard d) {
        Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
        collectDatasourceRefs(d.json(), d.name(), out);
        return out;
    }

    private static void collectDatasourceRefs(JsonNode node, String path, Map<String, JsonNode> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                String where = path + "/" + e.getKey();
                if (e.getKey().equals("datasource") && !e.getValue().isNull()) {
                    out.put(where, e.getValue());
                } else {
                    collectDatasourceRefs(e.getValue(), where, out);
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectDatasourceRefs(node.get(i), path + "[" + i + "]", out);
            }
        }
    }
}

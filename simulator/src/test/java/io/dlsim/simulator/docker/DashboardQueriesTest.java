package io.dlsim.simulator.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dlsim.metrics.Metric;
import io.dlsim.metrics.MetricsRow;
import io.dlsim.simulator.docker.Dashboards.Dashboard;
import io.dlsim.simulator.docker.Dashboards.Query;
import io.dlsim.simulator.live.LiveMetrics;
import io.dlsim.topologies.TopologyFacts;
import java.io.Reader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Grafana dashboards against what the simulator really exports (a scrape of
 * {@code LiveRegistry} + {@code LiveMetrics}): every metric and label their PromQL names must
 * exist, every panel must follow the scenario / run / algorithm / topology selection, and every
 * exported {@code dlsim_*} metric must be on some dashboard. The dashboards are importable into
 * any Grafana (an {@code __inputs} data source and a data source variable that every query
 * uses) and work as provisioned by {@code docker/}; constants are shown as values, not lines.
 * Grafana itself cannot be run here; {@code DockerComposeClusterIT} runs the same queries
 * against a real Prometheus.
 */
class DashboardQueriesTest {

    /** The run selection every panel must follow. */
    static final List<String> RUN_VARIABLES = List.of("scenario", "run", "algorithm", "topology");
    /** The data source variable every query uses. */
    static final String DATASOURCE_VARIABLE = "datasource";
    /** How a query names its data source: the variable. */
    static final String DATASOURCE_UID = "${" + DATASOURCE_VARIABLE + "}";
    /** The dashboards' import input for the Prometheus data source. */
    static final String DATASOURCE_INPUT = "DS_PROMETHEUS";

    private static List<Dashboard> dashboards;
    private static Map<String, Set<String>> exported;
    private static Map<String, Object> provisionedDatasource;

    @BeforeAll
    static void load() throws Exception {
        dashboards = Dashboards.load();
        exported = ExportedMetrics.scrape();
        try (Reader r = Files.newBufferedReader(DockerFiles.dockerDir().resolve("grafana/provisioning/datasources/prometheus.yml"))) {
            Map<String, Object> provisioning = new Yaml().load(r);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> sources = (List<Map<String, Object>>) provisioning.get("datasources");
            assertThat(sources).hasSize(1);
            provisionedDatasource = sources.get(0);
        }
    }

    /**
     * Importable elsewhere: an {@code __inputs} Prometheus data source, and a data source variable
     * (Prometheus, one value) whose default is that input; every Prometheus reference of the
     * dashboard is the variable, never a data source uid of this setup. Provisioning does not
     * substitute inputs, so there the variable's default names no data source and Grafana takes
     * the first Prometheus data source: the provisioned one, which must be the only one.
     */
    @Test
    void everyDashboardIsImportableWithADatasourceInputAndVariableAndWorksAsProvisioned() {
        assertThat(provisionedDatasource).containsEntry("type", "prometheus").containsEntry("isDefault", true);
        for (Dashboard d : dashboards) {
            JsonNode inputs = d.json().path("__inputs");
            assertThat(inputs.isArray() && inputs.size() == 1).as("%s: one input", d.name()).isTrue();
            JsonNode input = inputs.get(0);
            assertThat(input.path("name").asText()).as("%s input", d.name()).isEqualTo(DATASOURCE_INPUT);
            assertThat(input.path("type").asText()).as("%s input type", d.name()).isEqualTo("datasource");
            assertThat(input.path("pluginId").asText()).as("%s input plugin", d.name()).isEqualTo("prometheus");
            assertThat(d.json().path("__requires").findValuesAsText("id")).as("%s __requires", d.name()).contains("grafana", "prometheus");

            List<JsonNode> variables = new ArrayList<>();
            d.json().path("templating").path("list").forEach(variables::add);
            assertThat(variables).as("%s variables", d.name()).isNotEmpty();
            JsonNode ds = variables.get(0);
            assertThat(ds.path("name").asText()).as("%s: the data source variable comes first (the others depend on it)", d.name())
                    .isEqualTo(DATASOURCE_VARIABLE);
            assertThat(ds.path("type").asText()).isEqualTo("datasource");
            assertThat(ds.path("query").asText()).isEqualTo("prometheus");
            assertThat(ds.path("multi").asBoolean() || ds.path("includeAll").asBoolean()).as("%s: one data source", d.name()).isFalse();
            assertThat(ds.path("current").path("value").asText()).as("%s: the import input is the default", d.name())
                    .isEqualTo("${" + DATASOURCE_INPUT + "}");

            Map<String, JsonNode> refs = Dashboards.datasourceRefs(d);
            assertThat(refs).as("%s data source references", d.name()).isNotEmpty();
            refs.forEach((where, ref) -> {
                if (!"grafana".equals(ref.path("type").asText())) { // Grafana's built-in annotations
                    assertThat(ref.path("type").asText()).as(where).isEqualTo("prometheus");
                    assertThat(ref.path("uid").asText()).as(where).isEqualTo(DATASOURCE_UID);
                }
            });
            assertThat(d.json().toString()).as("%s names no data source of this setup", d.name())
                    .doesNotContain(String.valueOf(provisionedDatasource.get("uid")));
        }
    }

    /**
     * A run's constants (planned rounds, the facts of its W: spectral gap, degrees, ...) are
     * values (stat, bar gauge, table panels), not flat lines; every time series panel has a table
     * legend with each series' last and largest value.
     */
    @Test
    void constantsAreValuesAndTimeSeriesHaveTableLegendsWithLastAndMax() {
        List<String> problems = new ArrayList<>();
        for (Dashboard d : dashboards) {
            for (JsonNode p : Dashboards.panels(d)) {
                if (!"timeseries".equals(p.path("type").asText())) {
                    continue;
                }
                String panel = d.name() + " panel '" + p.path("title").asText() + "'";
                for (JsonNode t : p.path("targets")) {
                    for (String m : Dashboards.metricNames(Dashboards.substitute(t.path("expr").asText(), ".+", "1m"))) {
                        if (m.equals(LiveMetrics.ROUNDS_PLANNED) || m.startsWith(LiveMetrics.TOPOLOGY_PREFIX)) {
                            problems.add(panel + ": draws the constant " + m + " as a time series");
                        }
                    }
                }
                JsonNode legend = p.path("options").path("legend");
                if (!"table".equals(legend.path("displayMode").asText())) {
                    problems.add(panel + ": legend is not a table");
                }
                if (!containsAll(legend.path("calcs"), "lastNotNull", "max")) {
                    problems.add(panel + ": legend does not show the last and max values: " + legend.path("calcs"));
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    private static boolean containsAll(JsonNode array, String... values) {
        Set<String> present = new HashSet<>();
        array.forEach(v -> present.add(v.asText()));
        return present.containsAll(List.of(values));
    }

    @Test
    void theThreeDashboardsAreThereWithUniqueUids() {
        assertThat(dashboards).extracting(Dashboard::name)
                .contains("dlsim-convergence.json", "dlsim-topology.json", "dlsim-system.json");
        Set<String> uids = new HashSet<>();
        for (Dashboard d : dashboards) {
            assertThat(d.json().path("uid").asText()).as("%s uid", d.name()).isNotBlank();
            assertThat(uids.add(d.json().path("uid").asText())).as("%s uid is unique", d.name()).isTrue();
            assertThat(d.json().path("title").asText()).as("%s title", d.name()).isNotBlank();
            assertThat(d.json().path("schemaVersion").asInt()).as("%s schemaVersion", d.name()).isBetween(36, 41);
            assertThat(Dashboards.panels(d)).as("%s panels", d.name()).isNotEmpty();
        }
    }

    @Test
    void everyDashboardSelectsRunsByLabelValuesVariablesOfTheDatasourceVariable() {
        for (Dashboard d : dashboards) {
            Map<String, JsonNode> vars = Dashboards.queryVariables(d).stream()
                    .collect(Collectors.toMap(v -> v.path("name").asText(), v -> v));
            assertThat(vars.keySet()).as("%s variables", d.name()).containsAll(RUN_VARIABLES);
            for (JsonNode v : vars.values()) {
                String name = d.name() + " variable " + v.path("name").asText();
                assertThat(v.path("datasource").path("uid").asText()).as("%s datasource", name).isEqualTo(DATASOURCE_UID);
                assertThat(Dashboards.variableQuery(v)).as("%s query", name).startsWith("label_values(");
                assertThat(Dashboards.labelValues(Dashboards.variableQuery(v)).label()).as("%s label", name)
                        .isEqualTo(v.path("name").asText());
                // "All" must be a regex the panels' =~ matchers accept for any value.
                assertThat(v.path("includeAll").asBoolean()).as("%s includeAll", name).isTrue();
                assertThat(v.path("allValue").asText()).as("%s allValue", name).isEqualTo(".+");
            }
        }
    }

    @Test
    void everyPanelQueryUsesTheDatasourceVariableAndTheRunSelection() {
        List<String> problems = new ArrayList<>();
        for (Dashboard d : dashboards) {
            Set<String> defined = new HashSet<>();
            d.json().path("templating").path("list").forEach(v -> defined.add(v.path("name").asText()));
            for (JsonNode p : Dashboards.panels(d)) {
                if ("row".equals(p.path("type").asText())) {
                    continue;
                }
                String panel = d.name() + " panel '" + p.path("title").asText() + "'";
                if (!DATASOURCE_UID.equals(p.path("datasource").path("uid").asText())) {
                    problems.add(panel + ": datasource is not " + DATASOURCE_UID);
                }
                if (p.path("targets").isEmpty()) {
                    problems.add(panel + ": no query");
                }
                for (JsonNode t : p.path("targets")) {
                    String where = panel + " " + t.path("refId").asText();
                    String expr = t.path("expr").asText();
                    if (!DATASOURCE_UID.equals(t.path("datasource").path("uid").asText())) {
                        problems.add(where + ": datasource is not " + DATASOURCE_UID);
                    }
                    Set<String> used = Dashboards.variablesUsed(expr);
                    for (String v : RUN_VARIABLES) {
                        if (!used.contains(v)) {
                            problems.add(where + ": does not use $" + v + ": " + expr);
                        }
                    }
                    for (String v : used) {
                        if (!v.startsWith("__") && !defined.contains(v)) {
                            problems.add(where + ": uses undefined variable $" + v);
                        }
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyMetricTheDashboardsQueryIsOneTheSimulatorExports() {
        List<String> problems = new ArrayList<>();
        for (Query q : allQueries()) {
            String promql = q.variable() ? Dashboards.labelValues(q.expr()).selector() : q.expr();
            Set<String> metrics = Dashboards.metricNames(Dashboards.substitute(promql, ".+", "1m"));
            if (metrics.isEmpty() && !q.variable()) {
                problems.add(q + ": selects no metric");
            }
            for (String m : metrics) {
                if (!exported.containsKey(m)) {
                    problems.add(q + ": " + m + " is not exported by the simulator");
                }
            }
        }
        assertThat(problems).as("exported: %s", exported.keySet()).isEmpty();
    }

    @Test
    void everyLabelTheDashboardsMatchOrGroupByIsOnTheSeries() {
        List<String> problems = new ArrayList<>();
        for (Query q : allQueries()) {
            String promql = Dashboards.substitute(q.variable() ? Dashboards.labelValues(q.expr()).selector() : q.expr(), ".+", "1m");
            Set<String> available = new TreeSet<>(ExportedMetrics.TARGET_LABELS);
            for (String m : Dashboards.metricNames(promql)) {
                available.addAll(exported.getOrDefault(m, Set.of()));
            }
            for (var selector : Dashboards.selectorLabels(promql)) {
                Set<String> labels = exported.get(selector.getKey());
                if (labels == null) {
                    continue; // an unknown metric: everyMetricTheDashboardsQueryIsOneTheSimulatorExports says so
                }
                for (String l : selector.getValue()) {
                    if (!labels.contains(l) && !ExportedMetrics.TARGET_LABELS.contains(l)) {
                        problems.add(q + ": " + selector.getKey() + " has no label " + l + " (it has " + labels + ")");
                    }
                }
            }
            for (String l : Dashboards.groupingLabels(promql)) {
                if (!available.contains(l)) {
                    problems.add(q + ": groups by " + l + ", which none of its series has");
                }
            }
            if (q.variable()) {
                String label = Dashboards.labelValues(q.expr()).label();
                if (!available.contains(label)) {
                    problems.add(q + ": the series have no label " + label);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyExportedDlsimMetricIsOnSomeDashboard() {
        Set<String> queried = new TreeSet<>();
        for (Query q : Dashboards.panelQueries(dashboards)) {
            queried.addAll(Dashboards.metricNames(Dashboards.substitute(q.expr(), ".+", "1m")));
        }
        Set<String> dlsim = exported.keySet().stream().filter(n -> n.startsWith("dlsim_")).collect(Collectors.toCollection(TreeSet::new));
        assertThat(dlsim).as("the simulator's own metrics").isNotEmpty();
        assertThat(queried).as("metrics on the dashboards").containsAll(dlsim);
    }

    @Test
    void everyLiveMetricOfTheRegistriesIsExportedAndOnSomeDashboard() {
        // From the registries, not from the scrape: a registry entry that LiveMetrics failed to
        // export, or that no dashboard shows yet, is named here.
        Set<String> registered = new TreeSet<>();
        MetricsRow.METRICS.stream().filter(Metric::isLive).forEach(m -> registered.add(m.prometheusName()));
        TopologyFacts.FACTS.stream().filter(TopologyFacts.Fact::isNumber)
                .forEach(f -> registered.add(LiveMetrics.prometheusName(f)));
        Set<String> queried = new TreeSet<>();
        for (Query q : Dashboards.panelQueries(dashboards)) {
            queried.addAll(Dashboards.metricNames(Dashboards.substitute(q.expr(), ".+", "1m")));
        }
        assertThat(exported.keySet()).as("exported by the simulator").containsAll(registered);
        assertThat(queried).as("metrics on the dashboards").containsAll(registered);
    }

    @Test
    void promqlReadingFindsMetricsLabelsAndVariables() {
        String expr = "sum by (member, action) (rate(jvm_gc_pause_seconds_count{member=~\"$member\"}[$__rate_interval]))"
                + " and on() count(dlsim_round{scenario=~\"$scenario\", run=~\"${run}\"} offset 5m) * 1e3";
        assertThat(Dashboards.metricNames(expr)).containsExactly("jvm_gc_pause_seconds_count", "dlsim_round");
        assertThat(Dashboards.groupingLabels(expr)).containsExactly("member", "action");
        assertThat(Dashboards.selectorLabels(expr)).extracting(Map.Entry::getValue)
                .containsExactly(Set.of("member"), Set.of("scenario", "run"));
        assertThat(Dashboards.variablesUsed(expr)).containsExactly("member", "__rate_interval", "scenario", "run");
        assertThat(Dashboards.substitute(expr, ".+", "20s")).contains("[20s]").contains("run=~\".+\"")
                .doesNotContain("$");
        assertThat(Dashboards.labelValues("label_values(dlsim_round{scenario=~\"$scenario\"}, run)"))
                .isEqualTo(new Dashboards.LabelValues("dlsim_round{scenario=~\"$scenario\"}", "run"));
        assertThat(ExportedMetrics.parse("# HELP x y\nup{job=\"a\",instance=\"b\"} 1\nplain 2\n"))
                .isEqualTo(Map.of("up", Set.of("job", "instance"), "plain", Set.of()));
    }

    private static List<Query> allQueries() {
        List<Query> all = new ArrayList<>(Dashboards.panelQueries(dashboards));
        all.addAll(Dashboards.variableQueries(dashboards));
        return all;
    }
}

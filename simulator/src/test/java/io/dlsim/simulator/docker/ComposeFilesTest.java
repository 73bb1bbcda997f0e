package io.dlsim.simulator.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The files of {@code docker/} agree with each other without running anything: Prometheus
 * scrapes every dlsim member of the compose file under its service name, members name
 * themselves after their service, Grafana's provisioning points at the compose file's
 * Prometheus and at the folder the dashboards are mounted in.
 */
class ComposeFilesTest {

    static final List<String> MEMBERS = List.of("coordinator", "worker1", "worker2", "worker3");
    static final int METRICS_PORT = 9464;

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(String path) throws IOException {
        try (Reader r = Files.newBufferedReader(DockerFiles.dockerDir().resolve(path))) {
            return new Yaml().load(r); // SnakeYAML: anchors and << merge keys, as compose reads them
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    static Map<String, Object> services(String file) throws IOException {
        return map(yaml(file).get("services"));
    }

    @Test
    void theComposeFileHasTheClusterPrometheusAndGrafanaBehindAProfile() throws IOException {
        Map<String, Object> compose = yaml("docker-compose.yml");
        assertThat(compose.get("version")).as("a file format docker-compose 1.29 and compose v2 both read").isEqualTo("2.4");
        Map<String, Object> services = map(compose.get("services"));
        assertThat(services.keySet()).containsExactlyInAnyOrder("coordinator", "worker1", "worker2", "worker3", "prometheus", "grafana");
        assertThat(list(map(services.get("grafana")).get("profiles"))).as("Grafana cannot be pulled here: not started by default")
                .containsExactly("grafana");
        for (String s : services.keySet()) {
            if (!s.equals("grafana")) {
                assertThat(map(services.get(s))).as("%s runs without a profile", s).doesNotContainKey("profiles");
            }
        }
        assertThat(list(map(services.get("prometheus")).get("ports"))).singleElement().asString()
                .isEqualTo("${DLSIM_BIND:-127.0.0.1}:${PROMETHEUS_PORT:-9090}:9090");
    }

    @Test
    void everyMemberIsNamedAfterItsServiceAndServesMetricsForPrometheus() throws IOException {
        Map<String, Object> base = services("docker-compose.yml");
        for (String m : MEMBERS) {
            Map<String, Object> s = map(base.get(m));
            assertThat(s.get("image")).isEqualTo("${DLSIM_IMAGE:-dlsim/dlsim:local}");
            assertThat(s.get("hostname")).isEqualTo(m);
            Map<String, Object> env = map(s.get("environment"));
            assertThat(env).containsEntry("DLSIM_HOST", m).containsEntry("DLSIM_MEMBER", m)
                    .containsEntry("DLSIM_PORT", "25520").containsEntry("DLSIM_SEED_NODES", "coordinator:25520")
                    .containsEntry("DLSIM_EXPECTED_WORKERS", String.valueOf(MEMBERS.size() - 1));
            assertThat(list(s.get("volumes"))).contains("${DLSIM_SCENARIOS:-../scenarios}:/scenarios:ro",
                    "${DLSIM_RESULTS:-../results}:/results");
            List<Object> node = list(s.get("command"));
            assertThat(node.get(0)).isEqualTo("node");
            assertThat(node).contains("--role=" + (m.equals("coordinator") ? "coordinator" : "worker"),
                    "--scenario=/scenarios/${DLSIM_SCENARIO:-quickstart.yaml}", "--metrics-port=" + METRICS_PORT,
                    "--metrics-host=0.0.0.0");
        }
        assertThat(list(map(base.get("coordinator")).get("command"))).contains("--output=/results/${DLSIM_RUN:-compose}");
    }

    @Test
    void prometheusScrapesEveryMemberByServiceNameWithItsMemberLabel() throws IOException {
        Map<String, Object> config = yaml("prometheus/prometheus.yml");
        Map<String, Object> global = map(config.get("global"));
        assertThat(seconds(global.get("scrape_timeout"))).isLessThanOrEqualTo(seconds(global.get("scrape_interval")));
        Map<String, Object> job = list(config.get("scrape_configs")).stream().map(ComposeFilesTest::map)
                .filter(j -> "dlsim".equals(j.get("job_name"))).findFirst().orElseThrow();
        assertThat(job.getOrDefault("metrics_path", "/metrics")).isEqualTo("/metrics");
        Map<String, String> memberByTarget = new LinkedHashMap<>();
        for (Object sc : list(job.get("static_configs"))) {
            String member = (String) map(map(sc).get("labels")).get("member");
            for (Object t : list(map(sc).get("targets"))) {
                memberByTarget.put((String) t, member);
            }
        }
        Map<String, String> expected = new LinkedHashMap<>();
        MEMBERS.forEach(m -> expected.put(m + ":" + METRICS_PORT, m));
        assertThat(memberByTarget).isEqualTo(expected);
        // The JVM's own member label (e.g. "embedded" for `run`) would become exported_member.
        assertThat(list(job.get("metric_relabel_configs"))).anySatisfy(r -> assertThat(map(r))
                .containsEntry("action", "labeldrop").containsEntry("regex", "exported_member"));

        List<Object> volumes = list(map(services("docker-compose.yml").get("prometheus")).get("volumes"));
        assertThat(volumes).contains("./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
    }

    @Test
    void grafanaProvisioningPointsAtTheComposePrometheusAndTheMountedDashboards() throws IOException {
        Map<String, Object> ds = map(list(yaml("grafana/provisioning/datasources/prometheus.yml").get("datasources")).get(0));
        assertThat(ds).containsEntry("type", "prometheus").containsEntry("url", "http://prometheus:9090")
                .containsEntry("uid", "dlsim-prometheus");
        Map<String, Object> provider = map(list(yaml("grafana/provisioning/dashboards/dlsim.yml").get("providers")).get(0));
        String path = (String) map(provider.get("options")).get("path");

        Map<String, Object> grafana = map(services("docker-compose.yml").get("grafana"));
        Map<String, String> mounts = new LinkedHashMap<>();
        for (Object v : list(grafana.get("volumes"))) {
            String[] parts = ((String) v).split(":");
            mounts.put(parts[0], parts[1]);
        }
        assertThat(mounts).containsEntry("./grafana/provisioning", "/etc/grafana/provisioning")
                .containsEntry("./grafana/dashboards", path);
        String home = (String) map(grafana.get("environment")).get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
        assertThat(home).startsWith(path + "/");
        assertThat(DockerFiles.dashboardsDir().resolve(home.substring(path.length() + 1))).isRegularFile();
    }

    @Test
    void theDockerfileTakesABaseImageAndRunsTheShadedJar() throws IOException {
        List<String> lines = Files.readAllLines(DockerFiles.dockerDir().resolve("Dockerfile")).stream()
                .filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
        assertThat(lines.get(0)).isEqualTo("ARG BASE_IMAGE=eclipse-temurin:17-jre");
        assertThat(lines).contains("FROM ${BASE_IMAGE}", "COPY simulator/target/dlsim.jar /opt/dlsim/dlsim.jar",
                "COPY simulator/jvm.options /opt/dlsim/jvm.options", "WORKDIR /");
        // The launcher's JVM options first, so JAVA_OPTS overrides them (as DLSIM_JAVA_OPTS does).
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("ENTRYPOINT")
                .contains("exec java @/opt/dlsim/jvm.options $JAVA_OPTS -jar /opt/dlsim/dlsim.jar"));
        Path ignore = DockerFiles.repositoryRoot().resolve(".dockerignore");
        assertThat(Files.readAllLines(ignore)).contains("*", "!simulator/target/dlsim.jar", "!simulator/jvm.options");
        assertThat(DockerFiles.repositoryRoot().resolve("simulator/jvm.options")).isRegularFile();
    }

    private static double seconds(Object duration) {
        String s = String.valueOf(duration);
        assertThat(s).matches("\\d+s");
        return Double.parseDouble(s.substring(0, s.length() - 1));
    }
}

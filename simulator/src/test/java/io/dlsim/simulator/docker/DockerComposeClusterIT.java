package io.dlsim.simulator.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dlsim.metrics.MetricsRow;
import io.dlsim.simulator.docker.Dashboards.Query;
import io.dlsim.simulator.engine.EngineType;
import io.dlsim.simulator.report.MetricsCsv;
import io.dlsim.simulator.report.RunResultsWriter;
import io.dlsim.simulator.run.ExperimentRunner;
import io.dlsim.simulator.scenario.ScenarioParser;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.ContainerState;
import org.testcontainers.containers.DockerComposeContainer;
import org.testcontainers.containers.output.ToStringConsumer;

/**
 * The Docker Compose cluster of {@code docker/} for real: rebuilds the dlsim and Prometheus
 * images from the jar under test (on the base images of {@code docker/build-images.sh}), brings
 * the stack up with the local docker-compose (Grafana, behind its profile, stays down), runs a
 * small scenario to completion, and checks the results folder on the mounted volume, that
 * Prometheus scraped every member, and that every PromQL expression of the Grafana dashboards
 * returns data from that real Prometheus.
 *
 * <p>The members run the cluster's {@code node} command: the coordinator places the 16 nodes on
 * the three workers, and the metrics it writes must equal an embedded run of the same scenario
 * bit for bit. Skipped with the reason outside CI when Docker, docker-compose or the base
 * images are missing; failed on CI.
 */
class DockerComposeClusterIT {

    static final List<String> MEMBERS = ComposeFilesTest.MEMBERS;
    static final String SCENARIO_NAME = "compose-it";
    static final long ROUNDS = 20_000;
    static final long EVAL_EVERY = 100;
    static final String RUN = "it";
    /**
     * {@code $__rate_interval} as substituted in the dashboards' PromQL: Grafana uses at least
     * 4 scrape intervals (8 s here); a little more tolerates late scrapes on a busy machine.
     */
    static final String RATE_INTERVAL = "12s";
    static final Duration STACK_TIMEOUT = Duration.ofMinutes(8);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void theComposeStackRunsAScenarioAndPrometheusScrapesEveryMember(@TempDir Path tmp) throws Exception {
        DockerPreconditions.require(); // here rather than in @BeforeAll, so that a skip is counted as one
        buildAppImages(tmp);
        Path scenarios = Files.createDirectories(tmp.resolve("scenarios"));
        Path results = Files.createDirectories(tmp.resolve("results"));
        // A convex problem with a regularizer and a system model, so that F* and every metric are
        // defined (the dashboards' simulated-time panels included) and the containers' clocks
        // are checked against the embedded run; long enough (about 10 to 40 s of rounds on 2
        // cores) for Prometheus to scrape it many times.
        Files.writeString(scenarios.resolve(SCENARIO_NAME + ".yaml"), """
                name: %s
                seed: 7
                nodes: 16
                rounds: %d
                eval-every: %d
                data: { type: synthetic-logistic, samples-per-node: 100, dimension: 20 }
                model: { type: logistic }
                algorithm: { type: dspg, step-size: 0.5, batch-size: 8, regularizer: { type: l2, l2: 0.001 } }
                topology: { type: ring, mixing: metropolis-hastings }
                system:
                  compute: { seconds-per-step: 0.01, jitter: { type: lognormal, sigma: 0.3 } }
                  network: { latency: { type: lognormal, median: 0.005, sigma: 0.5 }, bandwidth: { bytes-per-second: 1.25e7 } }
                """.formatted(SCENARIO_NAME, ROUNDS, EVAL_EVERY));
        int prometheusPort = freePort();
        int metricsPort = freePort();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DLSIM_SCENARIOS", scenarios.toString());
        env.put("DLSIM_SCENARIO", SCENARIO_NAME + ".yaml");
        env.put("DLSIM_RESULTS", results.toString());
        env.put("DLSIM_RUN", RUN);
        env.put("DLSIM_USER", Files.getAttribute(results, "unix:uid") + ":" + Files.getAttribute(results, "unix:gid"));
        env.put("DLSIM_JAVA_OPTS", "-Xmx512m");
        env.put("PROMETHEUS_IMAGE", "dlsim/prometheus:local");
        env.put("DLSIM_BIND", "127.0.0.1");
        env.put("PROMETHEUS_PORT", Integer.toString(prometheusPort));
        env.put("DLSIM_METRICS_PORT", Integer.toString(metricsPort));

        List<File> files = new ArrayList<>(List.of(DockerFiles.dockerDir().resolve("docker-compose.yml").toFile()));
        System.out.printf("compose IT: files %s, Prometheus on port %d%n", files.stream().map(File::getName).toList(), prometheusPort);
        Map<String, ToStringConsumer> logs = new LinkedHashMap<>();
        double started = System.currentTimeMillis() / 1000.0;
        try (DockerComposeContainer<?> stack = new DockerComposeContainer<>("dlsimit", files)) {
            stack.withEnv(env).withPull(false).withBuild(false);
            for (String s : List.of("coordinator", "worker1", "worker2", "worker3", "prometheus")) {
                ToStringConsumer log = new ToStringConsumer();
                logs.put(s, log);
                stack.withLogConsumer(s, log);
            }
            try {
                stack.start();
                check(stack, results, new PrometheusApi("localhost", prometheusPort), metricsPort, started);
            } catch (Throwable t) {
                logs.forEach((s, log) -> System.err.printf("---- %s (last lines)%n%s%n", s, tail(log.toUtf8String(), 40)));
                throw t;
            }
        }
    }

    private static void check(DockerComposeContainer<?> stack, Path results, PrometheusApi prometheus,
            int metricsPort, double started) throws Exception {
        long deadline = System.nanoTime() + STACK_TIMEOUT.toNanos();
        while (!prometheus.ready()) {
            assertThat(System.nanoTime()).as("Prometheus ready within %s", STACK_TIMEOUT).isLessThan(deadline);
            Thread.sleep(500);
        }
        // The coordinator ends when the run is done (and tells the workers to leave).
        List<String> finishing = List.of("coordinator");
        Set<String> seenUp = new TreeSet<>();
        boolean scrapedDirectly = false;
        while (!allExited(stack, finishing)) {
            assertThat(System.nanoTime()).as("the run ends within %s", STACK_TIMEOUT).isLessThan(deadline);
            for (JsonNode t : prometheus.targets().path("activeTargets")) {
                if ("dlsim".equals(t.path("labels").path("job").asText()) && "up".equals(t.path("health").asText())) {
                    seenUp.add(t.path("labels").path("member").asText());
                }
            }
            scrapedDirectly |= scrape("localhost", metricsPort).contains("dlsim_round{");
            Thread.sleep(1000);
        }
        double finished = System.currentTimeMillis() / 1000.0;
        System.out.printf("compose IT: the run took %.0f s from compose up%n", finished - started);
        for (String m : finishing) {
            ContainerState c = stack.getContainerByServiceName(m).orElseThrow();
            assertThat(c.getCurrentContainerInfo().getState().getExitCodeLong()).as("%s exit code", m).isZero();
        }

        // The results folder on the mounted volume, and the same rows as an embedded run.
        checkResults(results.resolve(RUN).resolve(SCENARIO_NAME));
        checkEqualsEmbedded(results.resolve(RUN).resolve(SCENARIO_NAME), results.getParent().resolve("scenarios")
                .resolve(SCENARIO_NAME + ".yaml"), results.getParent().resolve("embedded"));

        // Prometheus: every member is a target, was seen up, and its JVM metrics were stored.
        assertThat(seenUp).as("members Prometheus's /api/v1/targets showed up during the run").containsAll(MEMBERS);
        assertThat(scrapedDirectly).as("the coordinator's /metrics on its published port").isTrue();
        Set<String> targets = new TreeSet<>();
        prometheus.targets().path("activeTargets").forEach(t -> {
            if ("dlsim".equals(t.path("labels").path("job").asText())) {
                targets.add(t.path("labels").path("member").asText());
            }
        });
        assertThat(targets).containsExactlyInAnyOrderElementsOf(MEMBERS);
        Map<String, Double> up = byMember(prometheus.query("max by (member) (max_over_time(up{job=\"dlsim\"}[15m]))"));
        assertThat(up).as("max up per member").containsOnlyKeys(MEMBERS).allSatisfy((m, v) -> assertThat(v).isEqualTo(1.0));
        Map<String, Double> jvm = byMember(prometheus.query("count by (member) (count_over_time(jvm_threads_live_threads[15m]))"));
        assertThat(jvm).as("samples of jvm_threads_live_threads per member").containsOnlyKeys(MEMBERS);
        Map<String, Double> rounds = byMember(prometheus.query("max by (member) (max_over_time(dlsim_round{scenario=\"" + SCENARIO_NAME
                + "\"}[15m]))"));
        assertThat(rounds).as("highest dlsim_round scraped per member").containsKey("coordinator")
                .allSatisfy((m, v) -> assertThat(v).isGreaterThan(0.0));
        System.out.printf("compose IT: highest round scraped per member: %s%n", rounds);

        // Every dashboard query, at the moment Prometheus first had the coordinator's last
        // evaluation: every gauge is set and the rate windows still see the counters grow. (Once
        // a member's endpoint is gone Prometheus marks its series stale, so "now" would be empty.)
        double at = lastEvaluationMoment(prometheus, started, finished);
        List<String> problems = new ArrayList<>();
        List<Dashboards.Dashboard> dashboards = Dashboards.load();
        List<Query> queries = new ArrayList<>(Dashboards.panelQueries(dashboards));
        queries.addAll(Dashboards.variableQueries(dashboards));
        for (Query q : queries) {
            String promql = Dashboards.substitute(q.expr(), ".+", RATE_INTERVAL);
            try {
                String outcome = q.variable() ? checkVariable(prometheus, promql, at) : checkPanel(prometheus, promql, at);
                // Gauges must hold numbers; a rate may be 0 or, as a ratio of rates, NaN.
                if (outcome.startsWith("EMPTY") || outcome.endsWith(" 0 finite") && !promql.contains("rate(")) {
                    problems.add(q + " -> " + outcome);
                }
                System.out.printf("compose IT: %-44s %s%n", outcome, q.dashboard() + " / " + q.where());
            } catch (IOException e) {
                problems.add(q + " -> " + e.getMessage());
            }
        }
        assertThat(problems).as("dashboard queries without data at %.0f", at).isEmpty();
    }

    private static String checkPanel(PrometheusApi prometheus, String promql, double at) throws IOException, InterruptedException {
        JsonNode result = prometheus.query(promql, at).path("result");
        if (result.isEmpty()) {
            return "EMPTY result";
        }
        int finite = 0;
        for (JsonNode r : result) {
            double v = parse(r.path("value").path(1).asText());
            if (Double.isFinite(v)) {
                finite++;
            }
        }
        return "ok " + result.size() + " series, " + finite + " finite";
    }

    private static String checkVariable(PrometheusApi prometheus, String query, double at) throws IOException, InterruptedException {
        Dashboards.LabelValues lv = Dashboards.labelValues(query);
        Set<String> values = new TreeSet<>();
        if (lv.selector().isEmpty()) {
            prometheus.labelValues(lv.label(), at - 300, at).forEach(v -> values.add(v.asText()));
        } else {
            for (JsonNode s : prometheus.series(lv.selector(), at - 300, at)) {
                if (s.has(lv.label())) {
                    values.add(s.path(lv.label()).asText());
                }
            }
        }
        return values.isEmpty() ? "EMPTY: no " + lv.label() + " values" : "ok values " + values;
    }

    /** The first time Prometheus had the coordinator's highest dlsim_round, from a range query over the run. */
    private static double lastEvaluationMoment(PrometheusApi prometheus, double from, double to) throws IOException, InterruptedException {
        JsonNode matrix = prometheus.queryRange("dlsim_round{member=\"coordinator\", scenario=\"" + SCENARIO_NAME + "\"}",
                Math.floor(from) - 5, Math.ceil(to) + 5, 1).path("result");
        double max = Double.NEGATIVE_INFINITY;
        double at = Double.NaN;
        for (JsonNode series : matrix) {
            for (JsonNode point : series.path("values")) {
                double v = parse(point.path(1).asText());
                if (Double.isFinite(v) && v > max) {
                    max = v;
                    at = point.path(0).asDouble();
                }
            }
        }
        if (Double.isNaN(at)) {
            fail("Prometheus never stored a number for the coordinator's dlsim_round: " + matrix);
        }
        System.out.printf("compose IT: the coordinator's round %.0f was first scraped at %.0f, %.0f s after compose up%n", max, at,
                at - from);
        return at;
    }

    private static void checkResults(Path runDir) throws IOException {
        assertThat(runDir.resolve(RunResultsWriter.SUMMARY_JSON)).isRegularFile();
        JsonNode summary = JSON.readTree(runDir.resolve(RunResultsWriter.SUMMARY_JSON).toFile());
        assertThat(summary.path("status").asText()).as("%s status", runDir).isEqualTo("complete");
        long rows = ROUNDS / EVAL_EVERY + 1;
        assertThat(summary.path("rows").asLong()).as("%s rows", runDir).isEqualTo(rows);
        assertThat(summary.path("final").path("round").asLong()).isEqualTo(ROUNDS);
        assertThat(summary.path("final").path("optimality_gap").isNumber()).as("F* was computed").isTrue();
        assertThat(summary.path("final").path("sim_seconds").asDouble()).as("simulated time").isPositive();
        List<String> csv = Files.readAllLines(runDir.resolve(RunResultsWriter.METRICS_CSV));
        assertThat(csv).as("%s metrics.csv: header and one line per evaluation", runDir).hasSize((int) rows + 1);
        assertThat(csv.get(0)).startsWith("round,");
    }

    private static void checkEqualsEmbedded(Path clusterRun, Path scenario, Path embeddedDir) throws Exception {
        var runs = ScenarioParser.parse(scenario);
        var embedded = ExperimentRunner.run(runs, new ExperimentRunner.Options(embeddedDir, EngineType.ACTORS.create(), true, null, "it")).runs();
        List<MetricsRow> expected = embedded.get(0).rows();
        List<MetricsRow> actual = MetricsCsv.read(clusterRun.resolve(RunResultsWriter.METRICS_CSV));
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.size(); i++) {
            assertThat(actual.get(i).withWallSeconds(0)).as("row %d of the compose cluster run", i)
                    .isEqualTo(expected.get(i).withWallSeconds(0));
        }
    }

    private static boolean allExited(DockerComposeContainer<?> stack, List<String> services) {
        for (String s : services) {
            ContainerState c = stack.getContainerByServiceName(s)
                    .orElseThrow(() -> new AssertionError("no container for service " + s));
            if (Boolean.TRUE.equals(c.getCurrentContainerInfo().getState().getRunning())) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Double> byMember(JsonNode data) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (JsonNode r : data.path("result")) {
            out.put(r.path("metric").path("member").asText(), parse(r.path("value").path(1).asText()));
        }
        return out;
    }

    private static double parse(String v) {
        return switch (v) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(v);
        };
    }

    /** GET /metrics; empty when nothing answers (yet, or any more). */
    private static String scrape(String host, int port) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Rebuilds the dlsim and Prometheus images from the jar this build made (the base images must exist). */
    private static void buildAppImages(Path tmp) throws IOException, InterruptedException {
        Path root = DockerFiles.repositoryRoot();
        assertThat(root.resolve("simulator/target/dlsim.jar")).as("the shaded jar (mvn package makes it)").isRegularFile();
        Path log = tmp.resolve("build-images.log");
        Process p = new ProcessBuilder("bash", root.resolve("docker/build-images.sh").toString(), "--app-only", "--no-jar-build")
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("docker/build-images.sh --app-only did not end within 10 minutes: " + Files.readString(log));
        }
        assertThat(p.exitValue()).as("docker/build-images.sh --app-only --no-jar-build:%n%s", Files.readString(log)).isZero();
        System.out.print(Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String tail(String text, int lines) {
        String[] all = text.split("\n");
        return String.join("\n", java.util.Arrays.asList(all).subList(Math.max(0, all.length - lines), all.length));
    }
}

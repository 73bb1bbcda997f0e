package io.dlsim.simulator.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dlsim.metrics.MetricsRow;
import io.dlsim.topologies.TopologyFacts;
import io.dlsim.simulator.report.RunLabels;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrometheusEndpointTest {

    private static final RunLabels LABELS = new RunLabels("lian2017", "ring-16-seed1", "dsgd", "ring-16");

    private static HttpResponse<String> get(int port, String path, String accept) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET();
        if (accept != null) {
            req.header("Accept", accept);
        }
        return client.send(req.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesRunTopologyAndJvmMetricsOverHttpOnAFreePort() throws Exception {
        try (LiveRegistry live = LiveRegistry.create("embedded");
                LiveMetrics run = new LiveMetrics(live.registry(), LABELS);
                PrometheusEndpoint endpoint = new PrometheusEndpoint(live.registry()).start(0)) {
            run.update(new MetricsRow(40, 1.5, 1280, 640, 81920, 1e-3, 0.4, 0.45, 0.9, 0.875, 0.05, Double.NaN, 0.41,
                    2.0));
            run.setTopology(new TopologyFacts(16, 16, true, true, true, 0.9487, -0.333, 0.9487, 0.0513, 0.1, false, 2, 2, "dense-eigen",
                    true));
            assertThat(endpoint.port()).isPositive();

            HttpResponse<String> r = get(endpoint.port(), "/metrics", null);

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue(PrometheusEndpoint.TEXT_FORMAT);
            String body = r.body();
            String testLoss = line(body, "dlsim_test_loss{");
            assertThat(testLoss).contains("scenario=\"lian2017\"", "run=\"ring-16-seed1\"", "algorithm=\"dsgd\"",
                    "topology=\"ring-16\"", "member=\"embedded\"").endsWith(" 0.45");
            assertThat(line(body, "dlsim_messages_total{")).endsWith(" 640.0");
            assertThat(line(body, "dlsim_gradient_evaluations_total{")).endsWith(" 1280.0");
            assertThat(line(body, "dlsim_bytes_total{")).endsWith(" 81920.0");
            assertThat(line(body, "dlsim_optimality_gap{")).endsWith(" NaN");
            assertThat(line(body, "dlsim_rounds_per_second{")).endsWith(" 20.0");
            assertThat(line(body, "dlsim_topology_lambda_min{")).endsWith(" -0.333");
            assertThat(line(body, "dlsim_topology_nodes{")).endsWith(" 16.0");
            assertThat(body).contains("# TYPE dlsim_messages_total counter", "# TYPE dlsim_test_loss gauge");
            assertThat(body.lines().filter(l -> l.startsWith("jvm_memory_used_bytes{")))
                    .isNotEmpty().allSatisfy(l -> assertThat(l).contains("member=\"embedded\"", "area=\""));
            assertThat(body).contains("jvm_threads_live_threads{", "process_uptime_seconds{", "system_cpu_count{");
            assertThat(body).doesNotContain("node=").doesNotContain("node_id");
        }
    }

    @Test
    void answersOpenMetricsWhenAskedAnd404ElsewhereAndFreesThePortOnClose() throws Exception {
        int port;
        try (LiveRegistry live = LiveRegistry.create("member-1");
                PrometheusEndpoint endpoint = new PrometheusEndpoint(live.registry()).start("127.0.0.1", 0)) {
            port = endpoint.port();
            HttpResponse<String> om = get(port, "/metrics", "application/openmetrics-text; version=1.0.0");
            assertThat(om.statusCode()).isEqualTo(200);
            assertThat(om.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/openmetrics-text");
            assertThat(om.body()).contains("jvm_memory_used_bytes{").endsWith("# EOF\n");

            assertThat(get(port, "/other", null).statusCode()).isEqualTo(404);
            assertThat(get(port, "/", null).body()).contains("/metrics");
            assertThatThrownBy(() -> endpoint.start(0)).isInstanceOf(IllegalStateException.class);
        }
        assertThatThrownBy(() -> get(port, "/metrics", null)).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void portBeforeStartIsAnError() {
        try (LiveRegistry live = LiveRegistry.create("m")) {
            PrometheusEndpoint endpoint = new PrometheusEndpoint(live.registry());
            assertThatThrownBy(endpoint::port).isInstanceOf(IllegalStateException.class);
            endpoint.close();
        }
    }

    /** The one sample line starting with the prefix. */
    static String line(String body, String prefix) {
        List<String> lines = body.lines().filter(l -> l.startsWith(prefix)).toList();
        assertThat(lines).as("lines starting with " + prefix).hasSize(1);
        return lines.get(0);
    }
}

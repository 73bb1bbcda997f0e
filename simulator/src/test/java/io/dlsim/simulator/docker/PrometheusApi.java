package io.dlsim.simulator.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** The few calls of Prometheus's HTTP API the container tests make. */
final class PrometheusApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Prometheus at {@code http://host:port}. */
    PrometheusApi(String host, int port) {
        this.base = "http://" + host + ":" + port;
    }

    /** Whether {@code /-/ready} answers 200 (false on any error). */
    boolean ready() {
        try {
            return http.send(request("/-/ready"), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code /api/v1/targets}: the {@code data} object (activeTargets, droppedTargets). */
    JsonNode targets() throws IOException, InterruptedException {
        return get("/api/v1/targets", Map.of());
    }

    /** An instant query at {@code time} (Unix seconds): the {@code data} object (resultType, result). */
    JsonNode query(String promql, double time) throws IOException, InterruptedException {
        return get("/api/v1/query", Map.of("query", promql, "time", Double.toString(time)));
    }

    /** An instant query now. */
    JsonNode query(String promql) throws IOException, InterruptedException {
        return get("/api/v1/query", Map.of("query", promql));
    }

    /** A range query: the {@code data} object (a matrix). */
    JsonNode queryRange(String promql, double start, double end, double step) throws IOException, InterruptedException {
        return get("/api/v1/query_range", Map.of("query", promql, "start", Double.toString(start), "end",
                Double.toString(end), "step", Double.toString(step)));
    }

    /** {@code /api/v1/series}: the series matching a selector in [start, end]. */
    JsonNode series(String selector, double start, double end) throws IOException, InterruptedException {
        return get("/api/v1/series", Map.of("match[]", selector, "start", Double.toString(start), "end", Double.toString(end)));
    }

    /** {@code /api/v1/label/<label>/values} in [start, end]. */
    JsonNode labelValues(String label, double start, double end) throws IOException, InterruptedException {
        return get("/api/v1/label/" + label + "/values", Map.of("start", Double.toString(start), "end", Double.toString(end)));
    }

    /**
     * GET an API path; returns the response's {@code data}.
     *
     * @throws IOException if the call fails or Prometheus answers with an error (its message included)
     */
    JsonNode get(String path, Map<String, String> params) throws IOException, InterruptedException {
        String query = params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> r = http.send(request(path + (query.isEmpty() ? "" : "?" + query)), HttpResponse.BodyHandlers.ofString());
        JsonNode body;
        try {
            body = JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IOException("GET " + path + " " + params + ": HTTP " + r.statusCode() + ", not JSON: " + r.body(), e);
        }
        if (r.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new IOException("GET " + path + " " + params + ": HTTP " + r.statusCode() + " " + body.path("errorType").asText()
                    + ": " + body.path("error").asText());
        }
        return body.path("data");
    }

    private HttpRequest request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(20)).GET().build();
    }
}

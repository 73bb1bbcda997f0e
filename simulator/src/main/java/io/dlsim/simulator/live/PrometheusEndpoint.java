package io.dlsim.simulator.live;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves a {@link PrometheusMeterRegistry} at {@code GET /metrics} with the JDK's
 * {@link HttpServer}: the Prometheus text format 0.0.4 by default, OpenMetrics 1.0 when the
 * request's {@code Accept} header asks for {@code application/openmetrics-text}. {@code HEAD}
 * is answered too; other methods get 405, other paths 404 ({@code /} gets a one-line pointer to
 * {@code /metrics}).
 *
 * <p>Life cycle: construct, {@link #start(int)} once, {@link #close()} (idempotent). Requests
 * are handled one at a time on a daemon thread; the server's own dispatcher thread is not a
 * daemon, so an endpoint that is never closed keeps the JVM alive.
 */
public final class PrometheusEndpoint implements AutoCloseable {

    /** The scrape path. */
    public static final String PATH = "/metrics";

    static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPENMETRICS_FORMAT = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private HttpServer server;
    private ExecutorService executor;

    /** An endpoint for the registry; nothing listens until {@link #start(int)}. */
    public PrometheusEndpoint(PrometheusMeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Listens on all interfaces (what a container needs so that Prometheus can scrape it).
     *
     * @param port the TCP port; 0 picks a free one, see {@link #port()}
     * @return this endpoint
     * @throws IOException if the port cannot be bound
     * @throws IllegalStateException if already started
     */
    public PrometheusEndpoint start(int port) throws IOException {
        return start(new InetSocketAddress(port));
    }

    /** As {@link #start(int)}, on one address only, e.g. {@code "127.0.0.1"}. */
    public PrometheusEndpoint start(String host, int port) throws IOException {
        return start(new InetSocketAddress(host, port));
    }

    private synchronized PrometheusEndpoint start(InetSocketAddress address) throws IOException {
        if (server != null) {
            throw new IllegalStateException("endpoint already started on port " + port());
        }
        HttpServer s = HttpServer.create(address, 16);
        s.createContext("/", this::handle);
        ExecutorService ex = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "dlsim-prometheus-endpoint");
            t.setDaemon(true);
            return t;
        });
        s.setExecutor(ex);
        s.start();
        server = s;
        executor = ex;
        return this;
    }

    /**
     * The bound port (the chosen one when started with port 0).
     *
     * @throws IllegalStateException if not started or closed
     */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("endpoint not started");
        }
        return server.getAddress().getPort();
    }

    /** Stops listening at once and ends the handler thread. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
            executor = null;
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            boolean head = "HEAD".equals(method);
            if (!head && !"GET".equals(method)) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                send(ex, 405, "text/plain; charset=utf-8", "method not allowed\n".getBytes(StandardCharsets.UTF_8),
                        false);
                return;
            }
            if (path.equals("/")) {
                send(ex, 200, "text/plain; charset=utf-8",
                        "dlsim: Prometheus metrics at /metrics\n".getBytes(StandardCharsets.UTF_8), head);
                return;
            }
            if (!path.equals(PATH) && !path.equals(PATH + "/")) {
                send(ex, 404, "text/plain; charset=utf-8", "not found; try /metrics\n".getBytes(StandardCharsets.UTF_8),
                        head);
                return;
            }
            String accept = ex.getRequestHeaders().getFirst("Accept");
            String type = accept != null && accept.contains("application/openmetrics-text")
                    ? OPENMETRICS_FORMAT : TEXT_FORMAT;
            ByteArrayOutputStream body = new ByteArrayOutputStream(32 * 1024);
            try {
                registry.scrape(body, type);
            } catch (RuntimeException e) {
                send(ex, 500, "text/plain; charset=utf-8", ("scrape failed: " + e + "\n").getBytes(StandardCharsets.UTF_8),
                        head);
                return;
            }
            send(ex, 200, type, body.toByteArray(), head);
        }
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body, boolean head) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        if (head) {
            ex.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(body);
        }
    }
}

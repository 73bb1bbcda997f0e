package io.dlsim.simulator.live;

import java.io.IOException;

/**
 * A member's live metrics, when asked for: the registry ({@link LiveRegistry}) and its
 * {@link PrometheusEndpoint}, started and closed together. {@link #off()} stands for "no
 * metrics": its registry is null and closing it does nothing.
 */
public final class LiveServer implements AutoCloseable {
    private final LiveRegistry registry;
    private final PrometheusEndpoint endpoint;

    private LiveServer(LiveRegistry registry, PrometheusEndpoint endpoint) {
        this.registry = registry;
        this.endpoint = endpoint;
    }

    /** No live metrics. */
    public static LiveServer off() {
        return new LiveServer(null, null);
    }

    /** Serves the metrics of {@code member} on {@code host:port} (port 0: any free port). */
    public static LiveServer start(String member, String host, int port) throws IOException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--metrics-port: must be in 0..65535, got " + port);
        }
        LiveRegistry registry = LiveRegistry.create(member);
        try {
            return new LiveServer(registry, new PrometheusEndpoint(registry.registry()).start(host, port));
        } catch (IOException | RuntimeException e) {
            registry.close();
            throw e;
        }
    }

    /** The registry runs report to, or null when off. */
    public LiveRegistry registry() {
        return registry;
    }

    /** Where the metrics are served, for the user; empty when off. */
    public String url(String host) {
        return endpoint == null ? "" : "http://" + host + ":" + endpoint.port() + PrometheusEndpoint.PATH;
    }

    @Override
    public void close() {
        if (endpoint != null) {
            endpoint.close();
        }
        if (registry != null) {
            registry.close();
        }
    }
}

package io.dlsim.simulator.live;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Objects;

/**
 * The Prometheus meter registry of one JVM (one embedded simulator, or one cluster member),
 * with the common tag {@code member} on every meter and the JVM metrics bound:
 * {@code JvmMemoryMetrics} ({@code jvm_memory_used_bytes}, {@code jvm_memory_max_bytes}, ...),
 * {@code JvmGcMetrics} ({@code jvm_gc_pause_seconds}, ...), {@code JvmThreadMetrics}
 * ({@code jvm_threads_live_threads}, ...), {@code ProcessorMetrics}
 * ({@code process_cpu_usage}, {@code system_cpu_count}, ...) and {@code UptimeMetrics}
 * ({@code process_uptime_seconds}).
 *
 * <p>Create one per JVM, hand {@link #registry()} to {@link LiveMetrics} and
 * {@link PrometheusEndpoint}, and {@link #close()} it at exit (it unbinds the GC listeners).
 * Thread-safe (Micrometer registries are).
 */
public final class LiveRegistry implements AutoCloseable {

    /** The tag naming the JVM that exports a series. */
    public static final String MEMBER_TAG = "member";

    private final String member;
    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gc;

    private LiveRegistry(String member) {
        this.member = member;
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // Common tags must be configured before the first meter is registered.
        registry.config().commonTags(Tags.of(MEMBER_TAG, member));
        new JvmMemoryMetrics().bindTo(registry);
        this.gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /**
     * A new registry whose meters all carry {@code member=<member>}.
     *
     * @param member the JVM's name, e.g. {@code embedded} or a cluster member's name; non-blank
     */
    public static LiveRegistry create(String member) {
        Objects.requireNonNull(member, "member");
        if (member.isBlank()) {
            throw new IllegalArgumentException("member must not be blank");
        }
        return new LiveRegistry(member);
    }

    /** The member name given at creation. */
    public String member() {
        return member;
    }

    /** The registry, to register meters in and to scrape. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The current exposition in the Prometheus text format 0.0.4. */
    public String scrape() {
        return registry.scrape();
    }

    /** Unbinds the GC notification listeners and closes the registry. Idempotent. */
    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}

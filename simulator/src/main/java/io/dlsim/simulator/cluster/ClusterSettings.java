package io.dlsim.simulator.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.dlsim.topologies.UserInputException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code dlsim.cluster} settings of this member, read once from HOCON
 * ({@code reference.conf}, overridable by {@code DLSIM_*} environment variables).
 *
 * @param host the host name other members reach this one at
 * @param bindHost the address to bind to (empty: the host)
 * @param port the remoting port (0: any free port)
 * @param seedNodes host:port of the seed members
 * @param expectedWorkers worker members the coordinator waits for
 * @param joinTimeout how long it waits
 * @param member this member's name (empty: host:port once bound)
 * @param maxMessageBytes the largest message remoting carries
 */
public record ClusterSettings(String host, String bindHost, int port, List<String> seedNodes, int expectedWorkers,
        Duration joinTimeout, String member, long maxMessageBytes) {

    /**
     * Validates the settings; each message names the HOCON key, the option and the environment
     * variable it can come from.
     *
     * @throws UserInputException for a value that cannot be used
     */
    public ClusterSettings {
        seedNodes = List.copyOf(seedNodes);
        if (port < 0 || port > 65535) {
            throw new UserInputException("dlsim.cluster.port (--port, DLSIM_PORT): must be in 0..65535, got " + port);
        }
        if (expectedWorkers < 1) {
            throw new UserInputException("dlsim.cluster.expected-workers (--expected-workers, DLSIM_EXPECTED_WORKERS): must be >= 1, got "
                    + expectedWorkers);
        }
        if (joinTimeout.isNegative() || joinTimeout.isZero()) {
            throw new UserInputException("dlsim.cluster.join-timeout (--join-timeout, DLSIM_JOIN_TIMEOUT): must be > 0, got "
                    + joinTimeout.toSeconds() + " s");
        }
        if (maxMessageBytes < 1 || maxMessageBytes > Integer.MAX_VALUE) {
            throw new UserInputException("dlsim.cluster.max-message-size (DLSIM_MAX_MESSAGE_SIZE): must be in 1 byte..2 GiB, got "
                    + maxMessageBytes + " bytes");
        }
        for (String s : seedNodes) {
            if (!s.matches("[^:\\s]+:\\d+")) {
                throw new UserInputException("dlsim.cluster.seed-nodes (--seed-nodes, DLSIM_SEED_NODES): expected host:port, got '" + s + "'");
            }
        }
    }

    /** Reads the settings from the application's config (reference.conf plus environment). */
    public static ClusterSettings load() {
        return from(ConfigFactory.load());
    }

    /**
     * Reads the {@code dlsim.cluster} settings of {@code root}.
     *
     * @throws UserInputException for a missing or mistyped value (e.g. {@code DLSIM_PORT=abc})
     */
    public static ClusterSettings from(Config root) {
        try {
            Config c = root.getConfig("dlsim.cluster");
            return new ClusterSettings(c.getString("host"), c.getString("bind-host"), c.getInt("port"),
                    parseSeedNodes(c.getString("seed-nodes")), c.getInt("expected-workers"), c.getDuration("join-timeout"),
                    c.getString("member"), c.getBytes("max-message-size"));
        } catch (ConfigException e) {
            throw new UserInputException("cluster settings: " + e.getMessage(), e);
        }
    }

    /** {@code host:port[,host:port...]} as a list, blanks dropped (validated by the constructor). */
    public static List<String> parseSeedNodes(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
    }

    public ClusterSettings withHost(String newHost) {
        return new ClusterSettings(newHost, bindHost, port, seedNodes, expectedWorkers, joinTimeout, member, maxMessageBytes);
    }

    public ClusterSettings withPort(int newPort) {
        return new ClusterSettings(host, bindHost, newPort, seedNodes, expectedWorkers, joinTimeout, member, maxMessageBytes);
    }

    public ClusterSettings withSeedNodes(List<String> seeds) {
        return new ClusterSettings(host, bindHost, port, seeds, expectedWorkers, joinTimeout, member, maxMessageBytes);
    }

    public ClusterSettings withMember(String name) {
        return new ClusterSettings(host, bindHost, port, seedNodes, expectedWorkers, joinTimeout, name, maxMessageBytes);
    }

    public ClusterSettings withExpectedWorkers(int workers) {
        return new ClusterSettings(host, bindHost, port, seedNodes, workers, joinTimeout, member, maxMessageBytes);
    }

    public ClusterSettings withJoinTimeout(Duration timeout) {
        return new ClusterSettings(host, bindHost, port, seedNodes, expectedWorkers, timeout, member, maxMessageBytes);
    }

    /**
     * The Pekko configuration of a member with {@code role}: cluster provider, Artery, serializers,
     * SBR. The member's values go in as values ({@link ConfigFactory#parseMap}), never as HOCON
     * text, so a host name or seed with a quote or a newline in it cannot change other settings.
     */
    public Config pekkoConfig(String role) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("pekko.actor.provider", "cluster");
        values.put("pekko.remote.artery.canonical.hostname", host);
        values.put("pekko.remote.artery.canonical.port", port);
        if (!bindHost.isBlank()) {
            values.put("pekko.remote.artery.bind.hostname", bindHost);
        }
        values.put("pekko.remote.artery.advanced.maximum-frame-size", maxMessageBytes);
        values.put("pekko.cluster.seed-nodes", seedNodes.stream().map(s -> "pekko://dlsim@" + s).toList());
        values.put("pekko.cluster.roles", List.of(role));
        // As in the embedded engine: one dispatcher thread per core for a member's few, busy blocks.
        values.putAll(io.dlsim.simulator.engine.BlockDispatcher.settings(Math.max(1, Runtime.getRuntime().availableProcessors())));
        return ConfigFactory.parseMap(values, "dlsim cluster settings")
                .withFallback(ConfigFactory.parseResources("dlsim-cluster.conf"))
                .withFallback(ConfigFactory.load())
                .resolve();
    }
}

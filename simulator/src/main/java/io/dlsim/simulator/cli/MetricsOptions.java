package io.dlsim.simulator.cli;

import io.dlsim.simulator.live.LiveServer;
import io.dlsim.topologies.UserInputException;
import java.io.IOException;
import picocli.CommandLine.Option;

/** The live-metrics options of {@code run} and {@code node}, and the endpoint they ask for. */
final class MetricsOptions {
    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve live Prometheus metrics on this port (0: any free port; default: off).")
    Integer port;

    @Option(names = "--metrics-host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Address the metrics endpoint binds to (default: ${DEFAULT-VALUE}; 0.0.0.0 in containers).")
    String host;

    /**
     * The endpoint asked for (serving {@code member}'s metrics), or {@link LiveServer#off()}.
     *
     * @throws UserInputException for a port out of range, or an address and port that cannot be served on
     */
    LiveServer start(String member) {
        if (port == null) {
            return LiveServer.off();
        }
        if (port < 0 || port > 65535) {
            throw new UserInputException("--metrics-port: must be in 0..65535, got " + port);
        }
        try {
            return LiveServer.start(member, host, port);
        } catch (IOException | IllegalArgumentException e) {
            // Only the user's host and port go in: the JDK refuses an unresolvable host with an IAE.
            throw new UserInputException("--metrics-host/--metrics-port: cannot serve metrics on " + host + ":" + port + " ("
                    + e.getMessage() + ")", e);
        }
    }

    /** Where {@code live} serves, for the user. */
    String url(LiveServer live) {
        return live.url(host);
    }

    boolean on() {
        return port != null;
    }
}

package io.dlsim.simulator.cluster;

/**
 * The cluster could not form, or lost the member this one depends on (the coordinator, seen
 * from a worker): an operational failure, neither a bug nor bad input. The message says what
 * happened and what to check; {@code dlsim node} prints it as one line and exits with 1.
 */
public final class ClusterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ClusterException(String message) {
        super(message);
    }

    public ClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.dlsim.topologies;

/**
 * A user error in a topology description: a bad parameter, an unreadable or invalid graph or
 * matrix file, a mixing matrix that breaks an invariant, or an unreachable target. The message
 * names what is wrong and where (parameter, file line, matrix row) and is meant to be shown to
 * the user as it is, without a stack trace.
 */
public class TopologyException extends UserInputException {
    private static final long serialVersionUID = 1L;

    public TopologyException(String message) {
        super(message);
    }

    public TopologyException(String message, Throwable cause) {
        super(message, cause);
    }
}

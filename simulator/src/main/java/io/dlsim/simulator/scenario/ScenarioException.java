package io.dlsim.simulator.scenario;

import io.dlsim.topologies.UserInputException;
import java.util.List;

/**
 * A scenario file that cannot be used: every error found in it, one line each, each naming
 * the file, the path in the file and the reason (and, in a sweep, the run when only some runs
 * have it). The message is the lines joined by {@code \n}.
 */
public final class ScenarioException extends UserInputException {
    private static final long serialVersionUID = 1L;
    private final transient List<String> errors;

    public ScenarioException(String message) {
        this(List.of(message));
    }

    public ScenarioException(List<String> errors) {
        super(String.join("\n", errors));
        this.errors = List.copyOf(errors);
    }

    /** Every error, one line each. */
    public List<String> errors() {
        return errors;
    }

    /** The same errors, each line prefixed (e.g. with the file name). */
    public ScenarioException prefixed(String prefix) {
        return new ScenarioException(errors.stream().map(e -> prefix + e).toList());
    }
}

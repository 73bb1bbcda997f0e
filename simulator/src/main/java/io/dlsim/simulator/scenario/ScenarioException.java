package io.dlsim.simulator.scenario;

import io.dlsim.topologies.UserInputException;

/** A scenario file that cannot be used; the message names the file, the path and the reason. */
public final class ScenarioException extends UserInputException {
    private static final long serialVersionUID = 1L;

    public ScenarioException(String message) {
        super(message);
    }
}

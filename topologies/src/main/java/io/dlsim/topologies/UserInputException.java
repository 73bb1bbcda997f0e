package io.dlsim.topologies;

/**
 * Bad input from the user, and only that: a scenario file, a data file, a topology or matrix
 * file, a command-line argument or a cluster message that cannot be used. The message names what
 * is wrong and where ({@code algorithm.step-size: must be > 0, got -1},
 * {@code a9a.txt:17: feature index 0 is not >= 1}) and is shown to the user as it is: one line,
 * exit code 2, no stack trace.
 *
 * <p>Every other exception, {@link IllegalArgumentException} included, is a bug in dlsim: the
 * command line prints "internal error (please report)" with the stack trace and exits with 1.
 * Code that checks user input throws this type (or a subtype: {@link TopologyException}, the
 * data loaders' {@code DataFormatException}, the scenario parser's {@code ScenarioException});
 * a boundary that feeds user input to a library check that throws
 * {@link IllegalArgumentException} converts it (see {@link #wrap}).
 *
 * <p>It lives in the lowest module so that every module can throw it; it extends
 * {@link IllegalArgumentException} because bad input is an illegal argument to the method that
 * received it.
 */
public class UserInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UserInputException(String message) {
        super(message);
    }

    public UserInputException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * {@code e} as a user error with an optional prefix ({@code "topology: "}): for the
     * boundaries where the argument that a library refused came straight from the user.
     */
    public static UserInputException wrap(String prefix, IllegalArgumentException e) {
        if (e instanceof UserInputException u && prefix.isEmpty()) {
            return u;
        }
        return new UserInputException(prefix + e.getMessage(), e);
    }
}

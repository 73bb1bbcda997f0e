package io.dlsim.simulator.cli;

import java.io.UncheckedIOException;

/**
 * Tells user errors (shown as one line, exit code 2) from bugs (stack trace, exit code 1).
 * Every module reports bad input as an {@link IllegalArgumentException} subtype with a message
 * that names what is wrong and where; I/O failures on user-named files count too.
 */
final class UserErrors {
    private UserErrors() {
    }

    static boolean isUserError(Throwable ex) {
        return ex instanceof IllegalArgumentException || ex instanceof UncheckedIOException
                || ex instanceof java.io.IOException;
    }
}

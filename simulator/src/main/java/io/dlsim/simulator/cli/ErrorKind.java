package io.dlsim.simulator.cli;

import io.dlsim.topologies.UserInputException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Sorts what a command threw into the three ways the command line ends: bad input from the user
 * ({@link UserInputException} and nothing else: one line, exit code 2); an I/O failure that is
 * not the user's input, such as a full disk while results are written (one line, exit code 1);
 * and everything else, a bug (internal error with the stack trace, exit code 1). Commands turn
 * I/O failures on files the user named into {@link UserInputException}s where they read them.
 */
enum ErrorKind {
    /** Bad input: one line, exit code 2. */
    USER_ERROR,
    /** The machine's I/O failed: one line, exit code 1. */
    IO_FAILURE,
    /** A bug: "internal error (please report)", the stack trace, exit code 1. */
    INTERNAL_ERROR;

    static ErrorKind classify(Throwable ex) {
        if (ex instanceof UserInputException) {
            return USER_ERROR;
        }
        if (ex instanceof UncheckedIOException || ex instanceof IOException) {
            return IO_FAILURE;
        }
        return INTERNAL_ERROR;
    }
}

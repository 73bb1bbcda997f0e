package io.dlsim.algorithms.data;

import io.dlsim.topologies.UserInputException;

/**
 * A data file that cannot be read as the format it was loaded as: a malformed line, a bad
 * feature index, a label outside the declared classes, a truncated file, a wrong magic number.
 * The message is meant for the user as it is, without a stack trace: it starts with the file,
 * then the line (text formats) or the record (binary formats, counted from 1), then the reason,
 * e.g. {@code a9a.txt:17: feature index 0 is not >= 1}.
 */
public class DataFormatException extends UserInputException {
    private static final long serialVersionUID = 1L;

    public DataFormatException(String message) {
        super(message);
    }

    public DataFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}

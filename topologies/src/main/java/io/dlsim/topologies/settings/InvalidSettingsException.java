package io.dlsim.topologies.settings;

import io.dlsim.topologies.UserInputException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A settings record refused its values. Each {@link Problem} names a field relative to the
 * record ({@code step-size}, {@code hidden[1]}, or {@code ""} for the record as a whole), so
 * that whoever knows where the record sits in a file (the scenario binder) can add the path.
 * The message lists every problem, one per line, as {@code field: reason}.
 */
public final class InvalidSettingsException extends UserInputException {
    private static final long serialVersionUID = 1L;

    /** One refused value: the field relative to the record and why. */
    public record Problem(String field, String reason) {
        /** {@code field: reason}, or the reason alone for the whole record. */
        @Override
        public String toString() {
            return field.isEmpty() ? reason : field + ": " + reason;
        }
    }

    private final transient List<Problem> problems;

    public InvalidSettingsException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an InvalidSettingsException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** Every problem, in the order the record found them. */
    public List<Problem> problems() {
        return problems;
    }
}

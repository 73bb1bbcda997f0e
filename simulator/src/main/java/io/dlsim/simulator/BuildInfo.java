package io.dlsim.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Properties;

/**
 * What the build recorded about the code it built, read from the class path resource
 * {@value #RESOURCE} that {@code simulator/pom.xml} writes at build time (never by running git
 * now: the jar may run where there is no repository).
 */
public final class BuildInfo {
    /** The resource the build writes: {@code commit=<sha>}, {@code <sha>-dirty}, or empty. */
    public static final String RESOURCE = "/io/dlsim/simulator/build-info.properties";

    private static final Optional<String> COMMIT = commit(BuildInfo.class.getResourceAsStream(RESOURCE));

    private BuildInfo() {
    }

    /**
     * The git commit the jar was built from (40 hex digits, with {@code -dirty} when the working
     * tree had changes to tracked files), or empty when the build did not know it (no git, no
     * repository, or a build without the resource).
     */
    public static Optional<String> commit() {
        return COMMIT;
    }

    /** The commit in a {@value #RESOURCE} stream (closed here); empty for null, an empty value or no key. */
    static Optional<String> commit(InputStream in) {
        if (in == null) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (in) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
        String c = p.getProperty("commit", "").strip();
        return c.matches("[0-9a-f]{7,64}(-dirty)?") ? Optional.of(c) : Optional.empty();
    }
}

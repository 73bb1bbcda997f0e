package io.dlsim.simulator.docker;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository's {@code docker/} folder is, seen from a test's working directory. */
final class DockerFiles {

    private DockerFiles() {
    }

    /** The repository root: the nearest folder upwards that holds {@code docker/docker-compose.yml}. */
    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("docker").resolve("docker-compose.yml"))) {
                return d;
            }
        }
        throw new IllegalStateException("no docker/docker-compose.yml in " + dir + " or a folder above it");
    }

    /** The {@code docker/} folder. */
    static Path dockerDir() {
        return repositoryRoot().resolve("docker");
    }

    /** The folder of the Grafana dashboards. */
    static Path dashboardsDir() {
        return dockerDir().resolve("grafana").resolve("dashboards");
    }
}

package io.dlsim.simulator.docker;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

/**
 * What the container tests need: a reachable Docker engine, docker-compose, and the images
 * {@code docker/build-images.sh} makes. Outside CI a missing piece skips the test with a message
 * saying why; on CI ({@code CI=true}) it fails the test, since CI installs all of it
 * ({@code .ci/run} calls {@code docker/install-docker.sh} and {@code docker/build-images.sh}).
 */
final class DockerPreconditions {

    /** The base images the tests rebuild the app images on (build-images.sh makes them). */
    static final List<String> BASE_IMAGES = List.of("dlsim/jre17-base:bookworm", "dlsim/prometheus-base:bookworm");

    private DockerPreconditions() {
    }

    static boolean onCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Skips (outside CI) or fails (on CI) unless the engine, docker-compose and the base images are there. */
    static void require() {
        List<String> missing = new ArrayList<>();
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            missing.add("no Docker engine is reachable (docker/install-docker.sh installs and starts one)");
        } else {
            for (String image : BASE_IMAGES) {
                try {
                    DockerClientFactory.instance().client().inspectImageCmd(image).exec();
                } catch (RuntimeException e) {
                    missing.add("image " + image + " is missing (docker/build-images.sh builds it)");
                }
            }
        }
        if (!onPath("docker-compose")) {
            missing.add("docker-compose is not on the PATH (docker/install-docker.sh installs it)");
        }
        if (missing.isEmpty()) {
            return;
        }
        String why = String.join("; ", missing);
        if (onCi()) {
            throw new IllegalStateException("CI=true and the Docker compose test cannot run: " + why);
        }
        Assumptions.abort("skipped, not on CI: " + why);
    }

    static boolean onPath(String executable) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (new File(dir, executable).canExecute()) {
                return true;
            }
        }
        return false;
    }
}

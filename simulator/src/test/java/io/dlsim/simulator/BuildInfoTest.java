package io.dlsim.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BuildInfoTest {
    private static Optional<String> commit(String properties) {
        return BuildInfo.commit(new ByteArrayInputStream(properties.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theCommitIsWhatTheBuildWroteWhenItIsACommit() {
        String sha = "7757e2909c6dcbe3f8876a19a845303e092fb02c";
        assertThat(commit("commit=" + sha + "\n")).contains(sha);
        assertThat(commit("commit=" + sha + "-dirty\n")).contains(sha + "-dirty");
    }

    @Test
    void noCommitWhenTheBuildDidNotKnowIt() {
        assertThat(BuildInfo.commit(null)).isEmpty();
        assertThat(commit("commit=\n")).isEmpty();
        assertThat(commit("")).isEmpty();
        // An unexpanded placeholder or an error message is not a commit.
        assertThat(commit("commit=${dlsim.commit}\n")).isEmpty();
        assertThat(commit("commit=fatal: not a git repository\n")).isEmpty();
    }

    @Test
    void theBuildOfThisCheckoutRecordsItsCommit() {
        // The build writes the resource (simulator/pom.xml, antrun); from a git checkout with git installed it names a commit.
        assertThat(BuildInfo.class.getResource(BuildInfo.RESOURCE)).isNotNull();
        BuildInfo.commit().ifPresent(c -> assertThat(c).matches("[0-9a-f]{40}(-dirty)?"));
    }
}

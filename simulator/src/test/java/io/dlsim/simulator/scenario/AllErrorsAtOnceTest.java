package io.dlsim.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file with several mistakes reports every one of them, one line each, with its path. */
public class AllErrorsAtOnceTest {
    public static final String FIVE_MISTAKES = """
            name: five-mistakes
            nodes: 16
            rouns: 400
            data: { type: synthetic-teacher, label-noise: 1.5 }
            model: { type: mlp, hidden: [16, 0] }
            algorithm: { type: dsgd, step-size: -1, batch-sise: 8 }
            topology: { type: ring }
            """;

    @Test
    void aFileWithFiveDistinctMistakesReportsAllFive(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, FIVE_MISTAKES);
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioParser.parse(file));
        assertThat(e.errors()).containsExactlyInAnyOrder(
                file + ": rounds: is required (is 'rouns' a misspelling?)",
                file + ": data.label-noise: must be in [0, 1), got 1.5",
                file + ": model.hidden[1]: must be >= 1, got 0",
                file + ": algorithm.batch-sise: unknown key (did you mean 'batch-size'?); type dsgd takes: type, step-size, "
                        + "step-schedule, batch-size, variant, gossip-rounds, acceleration, chebyshev-lambda",
                file + ": algorithm.step-size: must be > 0, got -1");
        assertThat(e.getMessage().lines()).hasSize(5);
    }

    @Test
    void inASweepAnErrorOfSomeRunsNamesTheRunAndOneOfEveryRunIsGivenOnce() {
        String yaml = FIVE_MISTAKES.replace("rouns: 400", "rounds: 400")
                .replace("data: { type: synthetic-teacher, label-noise: 1.5 }", "data: { type: synthetic-teacher }")
                .replace("model: { type: mlp, hidden: [16, 0] }", "model: { type: mlp, hidden: [16] }")
                .replace("algorithm: { type: dsgd, step-size: -1, batch-sise: 8 }", "algorithm: { type: dsgd, step-size: 0.1, bach: 1 }")
                + "sweep:\n  topology.type: [ring, rnig, regular]\n";
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioParser.parse(yaml, Path.of(".")));
        assertThat(e.errors()).hasSize(3);
        assertThat(e.errors().get(0)).startsWith("algorithm.bach: unknown key");
        assertThat(e.errors().get(1)).startsWith("run type=rnig: topology.type: unknown type 'rnig' (did you mean 'ring'?)");
        assertThat(e.errors().get(2)).startsWith("run type=regular: topology.d: is required");
    }
}

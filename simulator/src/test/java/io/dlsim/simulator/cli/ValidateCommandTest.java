package io.dlsim.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
    @Test
    void everyShippedScenarioIsValid() throws Exception {
        Path dir = Path.of("..", "scenarios");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                TopologyCommandTest.Result r = TopologyCommandTest.run("validate", f.toString());
                assertThat(r.exitCode()).as(f + ": " + r.err()).isZero();
                assertThat(r.out()).contains("valid");
            }
        }
    }

    @Test
    void anInvalidScenarioGivesOneLineWithFileKeyAndReasonAndExitCode2(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "name: bad\nnodes: 4\nrounds: 10\ndata: { type: synthetic-logistic }\nmodel: { type: logistic }\n"
                + "algorithm: { type: dsgd, step-size: -1 }\ntopology: { type: ring }\n");
        TopologyCommandTest.Result r = TopologyCommandTest.run("validate", f.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("dlsim validate: error: " + f + ": algorithm.step-size: must be > 0, got -1");
        r = TopologyCommandTest.run("run", f.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("algorithm.step-size: must be > 0, got -1").doesNotContain("\tat ");
    }

    @Test
    void validateAndRunPrintEveryMistakeOfAFileOnItsOwnLineAndExitWith2(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("five.yaml");
        Files.writeString(f, io.dlsim.simulator.scenario.AllErrorsAtOnceTest.FIVE_MISTAKES);
        for (String command : new String[] {"validate", "run"}) {
            TopologyCommandTest.Result r = command.equals("run")
                    ? TopologyCommandTest.run(command, f.toString(), "-o", dir.resolve("out").toString())
                    : TopologyCommandTest.run(command, f.toString());
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err().strip().lines()).hasSize(5).allSatisfy(line -> assertThat(line)
                    .startsWith("dlsim " + command + ": error: " + f + ": "));
            assertThat(r.err()).contains("rounds: is required (is 'rouns' a misspelling?)", "data.label-noise: must be in [0, 1)",
                    "model.hidden[1]: must be >= 1, got 0", "algorithm.batch-sise: unknown key (did you mean 'batch-size'?)",
                    "algorithm.step-size: must be > 0, got -1").doesNotContain("\tat ");
            assertThat(dir.resolve("out")).doesNotExist();
        }
    }
}

package io.dlsim.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dlsim.algorithms.compression.Compression;
import io.dlsim.algorithms.optim.ChocoSgd;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** choco-sgd's {@code algorithm.compression} section and its cross-section check against the topology. */
class CompressionSettingsTest {
    private static final String BASE = """
            name: choco
            nodes: 8
            rounds: 10
            data: { type: synthetic-logistic, samples-per-node: 20, test-samples: 20, dimension: 5, support: 2 }
            model: { type: logistic }
            algorithm: ALGORITHM
            topology: { type: ring }
            """;

    private static List<String> errors(String algorithm) {
        return errors(algorithm, "{ type: ring }");
    }

    private static List<String> errors(String algorithm, String topology) {
        String yaml = BASE.replace("ALGORITHM", algorithm).replace("{ type: ring }", topology);
        return assertThrows(ScenarioException.class, () -> ScenarioParser.parse(yaml, Path.of("."))).errors();
    }

    @Test
    void everyOperatorBindsWithItsKeys() {
        String yaml = BASE.replace("ALGORITHM", "{ type: choco-sgd, step-size: 0.1, consensus-step: 0.3, compression: { type: qsgd, levels: 4, scaled: false } }");
        var algorithm = (ChocoSgd.Settings) ScenarioParser.parse(yaml, Path.of(".")).get(0).algorithm();
        assertThat(algorithm.compression()).isEqualTo(new Compression.Qsgd(4, false));
        assertThat(algorithm.consensusStep()).isEqualTo(0.3);
        for (String q : List.of("{ type: none }", "{ type: top-k, k: 3 }", "{ type: top-k, fraction: 0.01 }", "{ type: random-k, k: 2 }",
                "{ type: sign }", "{ type: qsgd, levels: 1 }")) {
            assertThat(ScenarioParser.parse(BASE.replace("ALGORITHM", "{ type: choco-sgd, step-size: 0.1, compression: " + q + " }"),
                    Path.of("."))).hasSize(1);
        }
    }

    @Test
    void badCompressionSettingsNameTheirPath() {
        assertThat(errors("{ type: choco-sgd, step-size: 0.1, compression: { type: top-q } }")).containsExactly(
                "algorithm.compression.type: unknown type 'top-q' (did you mean 'top-k'?); one of none, top-k, random-k, qsgd, sign");
        assertThat(errors("{ type: choco-sgd, step-size: 0.1, compression: { type: top-k, k: 0 } }"))
                .containsExactly("algorithm.compression.k: must be >= 1, got 0");
        assertThat(errors("{ type: choco-sgd, step-size: 0.1, compression: { type: random-k, fraction: 1.5 } }"))
                .containsExactly("algorithm.compression.fraction: must be in (0, 1], got 1.5");
        assertThat(errors("{ type: choco-sgd, step-size: 0.1, compression: { type: top-k, fraction: 0 } }"))
                .containsExactly("algorithm.compression.fraction: must be in (0, 1], got 0");
        assertThat(errors("{ type: choco-sgd, step-size: 0.1, compression: { type: qsgd, levels: 0 } }"))
                .containsExactly("algorithm.compression.levels: must be >= 1, got 0");
        assertThat(errors("{ type: choco-sgd, step-size: 0.1, compression: { type: qsgd } }"))
                .containsExactly("algorithm.compression.levels: is required");
        assertThat(errors("{ type: choco-sgd, step-size: 0.1, consensus-step: 0, compression: { type: sign } }"))
                .containsExactly("algorithm.consensus-step: must be in (0, 1], got 0");
        assertThat(errors("{ type: choco-sgd, step-size: 0.1, consensus-step: 1.5, compression: { type: sign } }"))
                .containsExactly("algorithm.consensus-step: must be in (0, 1], got 1.5");
        assertThat(errors("{ type: choco-sgd, step-size: 0.1 }")).singleElement().asString()
                .startsWith("algorithm.compression: is required").contains("none, top-k, random-k, qsgd, sign");
        assertThat(errors("{ type: choco-sgd, step-size: 0.1, compression: { type: sign, k: 3 } }")).singleElement().asString()
                .startsWith("algorithm.compression.k: unknown key for type sign; only for top-k, random-k");
    }

    @Test
    void allMistakesOfTheSectionAreReportedTogether() {
        assertThat(errors("{ type: choco-sgd, step-size: -1, consensus-step: 2, batch-size: 0, compression: { type: sign } }"))
                .containsExactlyInAnyOrder("algorithm.step-size: must be > 0, got -1", "algorithm.consensus-step: must be in (0, 1], got 2",
                        "algorithm.batch-size: must be >= 1, got 0");
        assertThat(errors("{ type: choco-sgd, step-size: 0.1, compression: { type: top-k, k: 0, fraction: 2 } }"))
                .containsExactly("algorithm.compression.fraction: give k or fraction, not both");
    }

    @Test
    void chocoIsRefusedWithATimeVaryingTopology() {
        String choco = "{ type: choco-sgd, step-size: 0.1, compression: { type: sign } }";
        assertThat(errors(choco, "{ schedule: random-matching }")).singleElement().asString()
                .startsWith("topology: choco-sgd needs a fixed mixing matrix W").contains("use a static topology");
        assertThat(errors(choco, "{ phases: [ { type: complete, rounds: 5 }, { type: ring } ] }")).singleElement().asString()
                .startsWith("topology: choco-sgd needs a fixed mixing matrix W");
        // Another algorithm takes the same schedule.
        assertThat(ScenarioParser.parse(BASE.replace("ALGORITHM", "{ type: dsgd, step-size: 0.1 }")
                .replace("{ type: ring }", "{ schedule: random-matching }"), Path.of("."))).hasSize(1);
    }
}

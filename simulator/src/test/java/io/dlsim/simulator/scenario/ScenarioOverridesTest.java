package io.dlsim.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dlsim.algorithms.optim.Dsgd;
import io.dlsim.topologies.UserInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code --set} and {@code --sweep}: the file's tree edited before it is checked. */
class ScenarioOverridesTest {
    private static final String BASE = ScenarioParserTest.BASE + """
            sweep:
              topology.type: [ring, grid]
            """;

    private static Path write(Path dir, String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static List<Scenario> read(Path file, List<String> sets, List<String> sweeps) {
        return ScenarioParser.read(file, ScenarioParser.DEFAULT_MAX_RUNS, new ScenarioOverrides(sets, sweeps)).runs();
    }

    @Test
    void theRunsAreThoseOfTheFileEditedByHand(@TempDir Path dir) throws IOException {
        Path file = write(dir, "s.yaml", BASE);
        List<Scenario> overridden = read(file, List.of("algorithm.step-size=0.05", "data.test-samples=100", "topology.lazy=0.5"),
                List.of("seed=[3, 4]", "topology.type=[torus, ring]"));
        Path edited = write(dir, "edited.yaml", BASE.replace("step-size: 0.2", "step-size: 0.05")
                .replace("test-samples: 500", "test-samples: 100")
                .replace("topology: { type: ring, mixing: metropolis-hastings }", "topology: { type: ring, mixing: metropolis-hastings, lazy: 0.5 }")
                .replace("topology.type: [ring, grid]", "topology.type: [torus, ring]\n  seed: [3, 4]"));
        List<Scenario> byHand = ScenarioParser.parse(edited);
        // A swept key the file has keeps its place (varies slowest here); a new one comes after it.
        assertThat(overridden).extracting(Scenario::runName)
                .containsExactly("type=torus,seed=3", "type=torus,seed=4", "type=ring,seed=3", "type=ring,seed=4");
        assertThat(overridden).extracting(Scenario::runName).isEqualTo(byHand.stream().map(Scenario::runName).toList());
        assertThat(overridden).extracting(Scenario::resolvedYaml).isEqualTo(byHand.stream().map(Scenario::resolvedYaml).toList());
        assertThat(overridden.get(0).resolvedYaml()).contains("step-size: 0.05").contains("lazy: 0.5");
        assertThat(((Dsgd.Settings) overridden.get(0).algorithm()).stepSize()).isEqualTo(0.05);
        assertThat(overridden.get(3).params()).containsEntry("topology.type", "ring").containsEntry("seed", 4L);
    }

    @Test
    void valuesAreYamlAndTheLastSetOfAKeyWins(@TempDir Path dir) throws IOException {
        Path file = write(dir, "s.yaml", ScenarioParserTest.BASE);
        Scenario s = read(file, List.of("topology={type: torus}", "model.hidden=[8, 4]", "nodes=12", "nodes=9"), List.of()).get(0);
        assertThat(s.topologyLabel()).startsWith("torus");
        assertThat(s.nodes()).isEqualTo(9);
        assertThat(s.resolvedYaml()).contains("- 8").contains("- 4");
    }

    @Test
    void relativePathsStayRelativeToTheScenarioFile(@TempDir Path dir) throws IOException {
        Path graphs = Files.createDirectories(dir.resolve("graphs"));
        StringBuilder ring = new StringBuilder();
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            ring.append(i).append(' ').append((i + 1) % 16).append('\n');
            if (i < 15) {
                path.append(i).append(' ').append(i + 1).append('\n');
            }
        }
        write(graphs, "ring.txt", ring.toString());
        write(graphs, "path.txt", path.toString());
        Path file = write(dir, "s.yaml", ScenarioParserTest.BASE.replace("topology: { type: ring, mixing: metropolis-hastings }",
                "topology: { type: file, path: graphs/ring.txt }"));
        Scenario s = read(file, List.of("topology.path=graphs/path.txt"), List.of()).get(0);
        assertThat(s.schedule().topology().params().get("path")).isEqualTo(graphs.resolve("path.txt").toString());
        // The recorded scenario says what the user wrote, as the edited file would.
        assertThat(s.resolvedYaml()).contains("path: graphs/path.txt");
    }

    @Test
    void aBadKeyGetsTheErrorTheEditedFileGets(@TempDir Path dir) throws IOException {
        Path file = write(dir, "s.yaml", ScenarioParserTest.BASE);
        Path edited = write(dir, "edited.yaml", ScenarioParserTest.BASE.replace("step-size: 0.2", "step-size: 0.2, step-sise: 0.1"));
        ScenarioException byHand = assertThrows(ScenarioException.class, () -> ScenarioParser.parse(edited));
        ScenarioException bySet = assertThrows(ScenarioException.class, () -> read(file, List.of("algorithm.step-sise=0.1"), List.of()));
        assertThat(bySet.errors()).hasSize(1);
        assertThat(bySet.errors().get(0)).startsWith(file + ": algorithm.step-sise: unknown key (did you mean 'step-size'?)")
                .isEqualTo(byHand.errors().get(0).replace(edited.toString(), file.toString()));
        assertThat(assertThrows(ScenarioException.class, () -> read(file, List.of("algorithm.step-size=-1"), List.of())).getMessage())
                .isEqualTo(file + ": algorithm.step-size: must be > 0, got -1");
        assertThat(assertThrows(ScenarioException.class, () -> read(file, List.of("nodes.count=3"), List.of())).getMessage())
                .isEqualTo(file + ": --set nodes.count: nodes is not a mapping, so it has no key 'count'");
    }

    @Test
    void aSetOfAKeyTheSweepSetsIsRefusedRatherThanSilentlyReplaced(@TempDir Path dir) throws IOException {
        Path file = write(dir, "s.yaml", BASE);
        assertThat(assertThrows(ScenarioException.class, () -> read(file, List.of("topology.type=torus"), List.of())).getMessage())
                .isEqualTo(file + ": --set topology.type: the sweep sets it in every run (sweep.topology.type), which would replace "
                        + "this value; change the swept values with --sweep 'topology.type=[...]'");
        Path paired = write(dir, "paired.yaml", ScenarioParserTest.BASE + "sweep:\n  algorithm + topology.mixing: [[{type: dsgd, step-size: 0.1, "
                + "batch-size: 8}, uniform]]\n");
        assertThat(assertThrows(ScenarioException.class, () -> read(paired, List.of("algorithm.step-size=0.3"), List.of())).getMessage())
                .isEqualTo(paired + ": --set algorithm.step-size: the sweep sets algorithm in every run (sweep.algorithm + topology.mixing), "
                        + "which would replace this value; change the swept values with --sweep 'algorithm + topology.mixing=[...]'");
        assertThat(assertThrows(ScenarioException.class, () -> read(file, List.of("seed=5"), List.of("seed=[1, 2]"))).getMessage())
                .contains("--set seed: the sweep sets it");
        assertThat(assertThrows(ScenarioException.class, () -> read(file, List.of(), List.of("topology=[{type: ring}]"))).getMessage())
                .contains("--sweep topology: the sweep already sets it as 'sweep.topology.type'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--set   | nodes                | --set nodes: expected KEY=VALUE",
        "--set   | =3                   | --set =3: the key must be a dotted path such as algorithm.step-size, got ''",
        "--set   | algorithm..type=dsgd | --set algorithm..type=dsgd: the key must be a dotted path",
        "--set   | sweep.seed=[1]       | --set sweep.seed: the sweep is changed with --sweep KEY=[a,b], not --set",
        "--set   | a + b=[1, 2]         | --set a + b: one dotted key per --set",
        "--set   | nodes=[1            | --set nodes: line 1, column 3: not valid YAML",
        "--sweep | seed=3               | --sweep seed: the value must be a non-empty list, e.g. seed=[1,2,3], got '3'",
        "--sweep | seed=[]              | --sweep seed: the value must be a non-empty list",
        "--sweep | sweep=[1]            | --sweep sweep: a sweep cannot sweep itself",
    })
    void aMalformedOptionIsOneUserErrorNamingIt(String option, String text, String expected) {
        List<String> one = List.of(text);
        UserInputException e = assertThrows(UserInputException.class, () -> {
            if (option.equals("--set")) {
                new ScenarioOverrides(one, List.of());
            } else {
                new ScenarioOverrides(List.of(), one);
            }
        });
        assertThat(e.getMessage()).startsWith(expected).doesNotContain("\n");
    }
}

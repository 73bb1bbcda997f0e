package io.dlsim.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlsim.simulator.engine.EngineType;
import io.dlsim.simulator.report.RunResultsWriter;
import io.dlsim.simulator.scenario.Scenario;
import io.dlsim.simulator.scenario.ScenarioParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shipped scenario, at reduced rounds, writes the same {@code metrics.csv} (every column
 * but {@code wall_seconds}) as the committed golden files, bit for bit: the guard that a
 * refactoring of the scenario layer, the engines or the writers changes no result.
 *
 * <p>Rounds are reduced by one factor per file so that the top-level {@code rounds} becomes
 * {@value #TARGET_ROUNDS}; every {@code rounds}, {@code eval-every} and {@code decay-every} in
 * the file is divided by the same factor, so phases and step decays still happen inside the run.
 * To regenerate the golden files after an intended change of results, run with
 * {@code -Ddlsim.golden.update=true} and say why in the commit.
 */
public class ShippedScenariosGoldenTest {
    static final int TARGET_ROUNDS = 60;
    static final Path SCENARIOS = Path.of("..", "scenarios").toAbsolutePath().normalize();
    static final Path GOLDEN = Path.of("src", "test", "resources", "golden").toAbsolutePath();
    private static final Pattern TOP_ROUNDS = Pattern.compile("(?m)^rounds:\\s*(\\d+)");
    private static final Pattern COUNTS = Pattern.compile("\\b(rounds|eval-every|decay-every):\\s*(\\d+)");

    static Stream<String> shippedScenarios() throws IOException {
        try (Stream<Path> files = Files.list(SCENARIOS)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList().stream();
        }
    }

    /** The scenario text with its round counts divided so that it runs {@value #TARGET_ROUNDS} rounds. */
    static String reduced(String yaml) {
        Matcher top = TOP_ROUNDS.matcher(yaml);
        assertThat(top.find()).as("a top-level rounds: key").isTrue();
        double factor = Math.max(1.0, Long.parseLong(top.group(1)) / (double) TARGET_ROUNDS);
        Matcher m = COUNTS.matcher(yaml);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            long scaled = Math.max(1, Math.round(Long.parseLong(m.group(2)) / factor));
            m.appendReplacement(out, m.group(1) + ": " + scaled);
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A metrics.csv without its wall_seconds column (the only column that is not reproducible). */
    public static List<String> withoutWallSeconds(List<String> lines) {
        String[] head = lines.get(0).split(",", -1);
        int wall = List.of(head).indexOf("wall_seconds");
        assertThat(wall).as("wall_seconds column").isGreaterThanOrEqualTo(0);
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            List<String> cells = new ArrayList<>(List.of(line.split(",", -1)));
            cells.remove(wall);
            out.add(String.join(",", cells));
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("shippedScenarios")
    void metricsEqualTheGoldenFiles(String file, @TempDir Path dir) throws Exception {
        String yaml = reduced(Files.readString(SCENARIOS.resolve(file)));
        List<Scenario> runs = ScenarioParser.parse(yaml, SCENARIOS);
        Path out = dir.resolve("out");
        ExperimentRunner.run(runs, new ExperimentRunner.Options(out, EngineType.SEQUENTIAL.create(), true, null, "golden"));
        Path golden = GOLDEN.resolve(file.replace(".yaml", ""));
        boolean update = Boolean.getBoolean("dlsim.golden.update");
        for (Scenario run : runs) {
            List<String> actual = withoutWallSeconds(Files.readAllLines(out.resolve(run.runName()).resolve(RunResultsWriter.METRICS_CSV)));
            Path expected = golden.resolve(run.runName() + ".csv");
            if (update) {
                Files.createDirectories(golden);
                Files.write(expected, actual);
            }
            assertThat(expected).as("golden file of run " + run.runName()).exists();
            assertThat(actual).as(file + " run " + run.runName()).containsExactlyElementsOf(Files.readAllLines(expected));
        }
        if (!update) {
            try (Stream<Path> files = Files.list(golden)) {
                assertThat(files.count()).as("golden files of " + file + " (one per run)").isEqualTo(runs.size());
            }
        }
    }
}

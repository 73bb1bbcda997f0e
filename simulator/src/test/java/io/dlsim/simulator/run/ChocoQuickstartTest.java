package io.dlsim.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlsim.algorithms.engine.SequentialEngine;
import io.dlsim.metrics.EvaluationRounds;
import io.dlsim.metrics.MetricsRow;
import io.dlsim.metrics.SequentialRunner;
import io.dlsim.simulator.scenario.Scenario;
import io.dlsim.simulator.scenario.ScenarioParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Issue 9's acceptance for CHOCO-SGD: on the quickstart task (scenarios/quickstart.yaml: digits,
 * softmax, 16 nodes on a ring, step 0.5, batch 16, evaluated every 10 rounds), D-SGD's 400
 * rounds give the uncompressed accuracy A and bytes B; CHOCO-SGD with top-1% and with 4-level
 * QSGD (same step and batch, the default consensus step gamma = delta of the operator), allowed
 * up to 2400 rounds, reach a test accuracy >= A at an evaluation where they have sent at most
 * B / 10 bytes. Prints method x rounds x accuracy x bytes x ratio.
 */
class ChocoQuickstartTest {
    static final Path SCENARIOS = Path.of("..", "scenarios").toAbsolutePath().normalize();
    private static final String STEP = "step-size: 0.5, batch-size: 16";

    /** The quickstart scenario with another algorithm section and round count, run by the sequential engine. */
    static List<MetricsRow> run(String algorithm, long rounds) throws Exception {
        String yaml = Files.readString(SCENARIOS.resolve("quickstart.yaml"))
                .replaceFirst("(?m)^algorithm:.*$", "algorithm: " + algorithm)
                .replaceFirst("(?m)^rounds:.*$", "rounds: " + rounds);
        Scenario scenario = ScenarioParser.parse(yaml, SCENARIOS).get(0);
        PreparedRun run = PreparedRun.of(scenario);
        SequentialEngine engine = new SequentialEngine(run.schedule(), run.nodes());
        return SequentialRunner.run(engine, run.evaluator(), new EvaluationRounds(rounds, scenario.evalEvery()), null);
    }

    private static void print(String method, MetricsRow row, long uncompressedBytes) {
        System.out.printf("| %-22s | %6d | %.4f | %10d | %6.1f |%n", method, row.round(), row.testAccuracy(), row.bytes(),
                (double) uncompressedBytes / row.bytes());
    }

    @Test
    void chocoWithTopOnePercentAndFourLevelQsgdReachesTheUncompressedAccuracyWithTenTimesFewerBytes() throws Exception {
        List<MetricsRow> dsgd = run("{ type: dsgd, " + STEP + " }", 400);
        MetricsRow reference = dsgd.get(dsgd.size() - 1);
        double accuracy = reference.testAccuracy();
        long bytes = reference.bytes();
        assertThat(accuracy).as("quickstart's D-SGD accuracy").isGreaterThan(0.9);
        System.out.println("| method                 | rounds | test acc | bytes      | B/bytes |");
        print("dsgd (uncompressed)", reference, bytes);
        for (String compression : List.of("{ type: top-k, fraction: 0.01 }", "{ type: qsgd, levels: 4 }")) {
            List<MetricsRow> rows = run("{ type: choco-sgd, " + STEP + ", compression: " + compression + " }", 2400);
            Optional<MetricsRow> reached = rows.stream().filter(r -> r.testAccuracy() >= accuracy).findFirst();
            assertThat(reached).as(compression + " reaches accuracy " + accuracy).isPresent();
            print("choco " + compression.replaceAll("[{} ]|type:", ""), reached.get(), bytes);
            assertThat(reached.get().bytes()).as(compression + " bytes when it first reaches A").isLessThanOrEqualTo(bytes / 10);
        }
    }
}

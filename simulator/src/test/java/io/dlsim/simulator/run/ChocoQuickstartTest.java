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
import org.junit.jupiter.api.Test;

/** Tuning harness (temporary). */
class ChocoQuickstartTest {
    static final Path SCENARIOS = Path.of("..", "scenarios").toAbsolutePath().normalize();

    static List<MetricsRow> run(String algorithm, long rounds) throws Exception {
        String yaml = Files.readString(SCENARIOS.resolve("quickstart.yaml"))
                .replaceFirst("(?m)^algorithm:.*$", "algorithm: " + algorithm)
                .replaceFirst("(?m)^rounds:.*$", "rounds: " + rounds);
        Scenario scenario = ScenarioParser.parse(yaml, SCENARIOS).get(0);
        PreparedRun run = PreparedRun.of(scenario);
        SequentialEngine engine = new SequentialEngine(run.schedule(), run.nodes());
        return SequentialRunner.run(engine, run.evaluator(), new EvaluationRounds(rounds, scenario.evalEvery()), null);
    }

    @Test
    void tune() throws Exception {
        String[] algs = System.getProperty("choco.algs", "{ type: dsgd, step-size: 0.5, batch-size: 16 }").split(";");
        long rounds = Long.getLong("choco.rounds", 400);
        for (String a : algs) {
            long t0 = System.nanoTime();
            List<MetricsRow> rows = run(a, rounds);
            StringBuilder sb = new StringBuilder(a + String.format(" (%.1fs)%n", (System.nanoTime() - t0) / 1e9));
            for (MetricsRow r : rows) {
                if (r.round() % 100 == 0 || r.round() == rounds) {
                    sb.append(String.format("  %5d acc %.4f bytes %d cons %.3e%n", r.round(), r.testAccuracy(), r.bytes(), r.consensusDistance()));
                }
            }
            double best = 0;
            for (MetricsRow r : rows) {
                best = Math.max(best, r.testAccuracy());
            }
            sb.append("  max acc ").append(best);
            System.out.println(sb);
        }
        assertThat(algs).isNotEmpty();
    }
}

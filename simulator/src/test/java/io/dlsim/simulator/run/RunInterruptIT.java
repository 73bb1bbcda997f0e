package io.dlsim.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlsim.simulator.cli.DlsimCommand;
import io.dlsim.simulator.report.MetricsCsv;
import io.dlsim.simulator.report.RunResultsWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real `dlsim run` in its own JVM, stopped with SIGTERM (what Ctrl-C and kill send). */
class RunInterruptIT {
    @Test
    void anInterruptedRunKeepsItsRowsAndIsMarkedIncomplete(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("long.yaml");
        Files.writeString(scenario, """
                name: long
                nodes: 8
                rounds: 10000000
                eval-every: 20
                data: { type: synthetic-logistic, samples-per-node: 100, dimension: 20 }
                model: { type: logistic }
                algorithm: { type: dsgd, step-size: 0.1 }
                topology: { type: ring }
                """);
        Path out = dir.resolve("out");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DlsimCommand.class.getName(),
                "run", scenario.toString(), "-o", out.toString(), "--quiet")
                .redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile()).start();
        Path csv = out.resolve("long").resolve(RunResultsWriter.METRICS_CSV);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && (!Files.exists(csv) || Files.readAllLines(csv).size() < 4)) {
            assertThat(p.isAlive()).as("dlsim run ended early: %s", Files.exists(dir.resolve("log.txt"))
                    ? Files.readString(dir.resolve("log.txt")) : "").isTrue();
            Thread.sleep(100);
        }
        assertThat(Files.readAllLines(csv).size()).isGreaterThanOrEqualTo(4);
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        Path runDir = out.resolve("long");
        assertThat(runDir.resolve(RunResultsWriter.INCOMPLETE)).exists();
        String summary = Files.readString(runDir.resolve(RunResultsWriter.SUMMARY_JSON));
        assertThat(summary).contains("\"status\" : \"incomplete\"").contains("interrupted");
        List<io.dlsim.metrics.MetricsRow> rows = MetricsCsv.read(csv);
        assertThat(rows.size()).isGreaterThanOrEqualTo(3);
        assertThat(summary).contains("\"rows\" : " + rows.size());
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i).round()).isEqualTo(20L * i);
        }
    }
}

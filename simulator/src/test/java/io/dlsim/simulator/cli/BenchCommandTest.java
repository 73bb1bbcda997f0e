package io.dlsim.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dlsim bench --scenario}: what it reports for each run (figures are not timed here, only present and positive). */
class BenchCommandTest {
    @Test
    void benchTimesEveryRunOfAScenario(@TempDir Path dir) throws Exception {
        Path scenario = Files.writeString(dir.resolve("b.yaml"), """
                name: b
                nodes: 6
                rounds: 5
                data: { type: synthetic-logistic, samples-per-node: 20, test-samples: 50, dimension: 8, support: 3 }
                model: { type: logistic }
                algorithm: { type: dsgd, step-size: 0.1, batch-size: 4 }
                topology: { type: ring }
                sweep:
                  topology.type: [ring, complete]
                """);
        TopologyCommandTest.Result r = TopologyCommandTest.run("bench", "--scenario", scenario.toString(), "--rounds", "20", "--warmup", "5",
                "--repeats", "2");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("run type=ring: 6 nodes, 9 parameters, 20 measured rounds, 2 alternated pairs")
                .contains("run type=complete: 6 nodes").contains("setup").contains("KB per node").contains("s per evaluated round");
        // Warm-up passes of 5 rounds per engine: a multiple of 5, settled or marked as not.
        assertThat(r.out()).containsPattern("warm-up +\\d*[05]\\+? rounds per engine \\((until the JIT settled|the JIT not seen to settle)");
        assertThat(r.out()).containsPattern("x sequential, pairs \\d+\\.\\d\\d-\\d+\\.\\d\\d, \\d+ blocks?\\)");
        Matcher m = Pattern.compile("(sequential|actors)\\s+(\\d+) node-steps/s").matcher(r.out());
        int found = 0;
        while (m.find()) {
            assertThat(Long.parseLong(m.group(2))).isPositive();
            found++;
        }
        assertThat(found).isEqualTo(4);
    }

    @Test
    void onlyIsForTheFixedWorkloads(@TempDir Path dir) throws Exception {
        Path scenario = Files.writeString(dir.resolve("b.yaml"), "name: b\n");
        TopologyCommandTest.Result r = TopologyCommandTest.run("bench", "--scenario", scenario.toString(), "--only", "ring");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--only: selects fixed workloads; not with --scenario");
    }
}

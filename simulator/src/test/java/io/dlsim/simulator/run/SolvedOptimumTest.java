package io.dlsim.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlsim.simulator.scenario.Scenario;
import io.dlsim.simulator.scenario.ScenarioParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** F* is solved once per problem of a sweep, and what a later run takes is what it would solve. */
class SolvedOptimumTest {
    private static final String SWEEP = """
            name: optimum-sweep
            seed: 3
            nodes: 6
            rounds: 2
            data: { type: synthetic-logistic, samples-per-node: 20, test-samples: 30, dimension: 5, support: 3 }
            partition: { type: iid }
            model: { type: logistic }
            algorithm: { type: dspg, step-size: 0.2, regularizer: { type: l1, l1: 0.01 } }
            topology: { type: ring }
            optimum: fista
            sweep:
              algorithm:
                - { type: dspg, step-size: 0.2, regularizer: { type: l1, l1: 0.01 } }
                - { type: pg-extra, step-size: 0.1, regularizer: { type: l1, l1: 0.01 } }
                - { type: pg-extra, step-size: 0.1, regularizer: { type: l1, l1: 0.02 } }
              topology.type: [ring, complete]
              partition:
                - { type: iid }
                - { type: label-shards, classes-per-node: 1 }
            """;

    @BeforeEach
    void startFresh() {
        PreparedRun.SolvedOptimum.forgetAll();
    }

    @Test
    void runsThatShareTheProblemSolveItOnceAndGetTheSameBits() {
        List<Scenario> runs = ScenarioParser.parse(SWEEP, Path.of("."));
        assertThat(runs).hasSize(12);
        AtomicInteger solved = new AtomicInteger();
        for (Scenario s : runs) {
            PreparedRun.SolvedOptimum.of(s, () -> {
                solved.incrementAndGet();
                return new PreparedRun.SolvedOptimum(1.0, 1);
            });
        }
        // Two problems: l1 = 0.01 (8 runs: algorithms, topologies and partitions differ) and l1 = 0.02 (4 runs).
        assertThat(solved).hasValue(2);

        // What a run takes from the one before is what it solves alone, bit for bit, whatever
        // its partition (its training set is grouped by its shards, in another storage order).
        PreparedRun.SolvedOptimum.forgetAll();
        double first = PreparedRun.of(runs.get(0)).optimum();
        double kept = PreparedRun.of(runs.get(runs.size() - 1)).optimum();
        PreparedRun.SolvedOptimum.forgetAll();
        for (Scenario s : runs) {
            if (s.algorithm().regularizer().equals(runs.get(0).algorithm().regularizer())) {
                PreparedRun.SolvedOptimum.forgetAll();
                assertThat(PreparedRun.of(s).optimum()).as(s.runName()).isEqualTo(first);
            }
        }
        assertThat(kept).isNotEqualTo(first);
    }

    @Test
    void aWorkerSolvesNothingUntilAsked() {
        Scenario s = ScenarioParser.parse(SWEEP, Path.of(".")).get(0);
        PreparedRun worker = PreparedRun.ofWorker(s);
        AtomicInteger solved = new AtomicInteger();
        PreparedRun.SolvedOptimum.of(s, () -> {
            solved.incrementAndGet();
            return new PreparedRun.SolvedOptimum(1.0, 1);
        });
        assertThat(solved).as("the worker's preparation kept no F*").hasValue(1);
        assertThat(worker.optimum()).isEqualTo(1.0);
    }

    @Test
    void aDataFileIsSolvedForEveryRun(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("d.csv");
        StringBuilder rows = new StringBuilder("x,y,label\n");
        for (int k = 0; k < 40; k++) {
            rows.append(k % 7).append(',').append(k % 5).append(',').append(k % 2).append('\n');
        }
        Files.writeString(csv, rows);
        String yaml = SWEEP.replace("{ type: synthetic-logistic, samples-per-node: 20, test-samples: 30, dimension: 5, support: 3 }",
                "{ type: csv, path: d.csv, test-fraction: 0.25 }");
        List<Scenario> runs = ScenarioParser.parse(yaml, dir);
        AtomicInteger solved = new AtomicInteger();
        for (Scenario s : runs.subList(0, 3)) {
            PreparedRun.SolvedOptimum.of(s, () -> {
                solved.incrementAndGet();
                return new PreparedRun.SolvedOptimum(1.0, 1);
            });
        }
        assertThat(solved).hasValue(3);
    }
}

package io.dlsim.simulator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dlsim.algorithms.optim.CentralizedSgd;
import io.dlsim.metrics.EvaluationRounds;
import io.dlsim.metrics.MetricsRow;
import io.dlsim.metrics.SequentialRunner;
import io.dlsim.simulator.run.PreparedRun;
import io.dlsim.simulator.scenario.Scenario;
import io.dlsim.simulator.scenario.ScenarioParser;
import io.dlsim.topologies.UserInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The engine seam: every engine this JVM can create runs a prepared run to the oracle's rows. */
class EngineTest {
    static final String SCENARIO = """
            name: seam
            seed: 5
            nodes: 6
            rounds: 24
            eval-every: 5
            data: { type: synthetic-logistic, samples-per-node: 30, test-samples: 60, dimension: 8, support: 3 }
            model: { type: logistic, init: per-node }
            algorithm: { type: %s, step-size: 0.2, batch-size: 5 }
            topology: { type: exponential }
            """;

    static PreparedRun prepared(String algorithm) {
        Scenario s = ScenarioParser.parse(SCENARIO.formatted(algorithm), Path.of(".")).get(0);
        return PreparedRun.of(s);
    }

    static List<MetricsRow> withoutWallSeconds(List<MetricsRow> rows) {
        return rows.stream().map(r -> r.withWallSeconds(0)).toList();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dsgd", "centralized"})
    void everyLocalEngineGivesTheSequentialRowsBitForBitAndCanRunAPreparedRunAgain(String algorithm) throws Exception {
        PreparedRun run = prepared(algorithm);
        EvaluationRounds plan = new EvaluationRounds(24, 5);
        List<MetricsRow> oracle = withoutWallSeconds(EngineType.SEQUENTIAL.create().run(run, plan, null));
        assertThat(oracle).extracting(MetricsRow::round).containsExactly(0L, 5L, 10L, 15L, 20L, 24L);
        for (EngineType type : List.of(EngineType.SEQUENTIAL, EngineType.ACTORS)) {
            Engine engine = type.create();
            assertThat(engine.type()).isEqualTo(type);
            List<MetricsRow> observed = new ArrayList<>();
            List<MetricsRow> rows = engine.run(run, plan, observed::add);
            assertThat(observed).as(type + ": every row observed, in order").isEqualTo(rows);
            // Records compare doubles bit for bit; wall time is the one allowed difference.
            assertThat(withoutWallSeconds(rows)).as(type.userName()).isEqualTo(oracle);
        }
    }

    /**
     * {@code data.precision: float32} (the features stored as float, grouped by shard, x̄'s train
     * pass in the blocks): every engine and layout gives the sequential rows bit for bit, and the
     * rows are not those of float64 (the precision took effect) though the run trains as well.
     */
    @Test
    void aFloat32RunGivesTheSameRowsOnEveryEngineAndLayoutAndDiffersFromFloat64() throws Exception {
        String yaml = SCENARIO.formatted("dsgd").replace("support: 3 }", "support: 3, precision: float32 }");
        PreparedRun run = PreparedRun.of(ScenarioParser.parse(yaml, Path.of(".")).get(0));
        EvaluationRounds plan = new EvaluationRounds(24, 5);
        List<MetricsRow> oracle = withoutWallSeconds(EngineType.SEQUENTIAL.create().run(run, plan, null));
        assertThat(run.evaluator().spreadsTrainPass(6)).isTrue();
        for (int blocks : new int[] {1, 3, 6}) {
            List<MetricsRow> rows = ActorEngine.run(run.schedule(), run.nodes(), run.evaluator(), plan, null,
                    BlockLayout.split(6, blocks), null);
            assertThat(withoutWallSeconds(rows)).as(blocks + " blocks").isEqualTo(oracle);
        }
        List<MetricsRow> float64 = withoutWallSeconds(EngineType.SEQUENTIAL.create().run(prepared("dsgd"), plan, null));
        assertThat(oracle.get(oracle.size() - 1).trainLoss()).isNotEqualTo(float64.get(float64.size() - 1).trainLoss())
                .isCloseTo(float64.get(float64.size() - 1).trainLoss(), org.assertj.core.data.Percentage.withPercentage(1));
    }

    @Test
    void theCentralizedBaselineRunsItsOneModelOnTheSequentialLoopWhateverTheEngine() throws Exception {
        PreparedRun run = prepared("centralized");
        EvaluationRounds plan = new EvaluationRounds(24, 5);
        List<MetricsRow> direct = SequentialRunner.runCentralized(
                ((CentralizedSgd.Settings) run.scenario().algorithm()).createCentralized(run.contexts(), run.scenario().rounds()), run.evaluator(), plan, null);
        List<MetricsRow> viaActors = EngineType.ACTORS.create().run(run, plan, null);
        assertThat(withoutWallSeconds(viaActors)).isEqualTo(withoutWallSeconds(direct));
        assertThat(viaActors).allSatisfy(r -> {
            assertThat(r.messages()).isZero();
            assertThat(r.consensusDistance()).isZero();
        });
        assertThat(viaActors.get(viaActors.size() - 1).trainLoss()).isLessThan(viaActors.get(0).trainLoss());
    }

    @Test
    void engineTypesParseTheirUserNamesAndRefuseOthersWithAHint() {
        for (EngineType t : EngineType.values()) {
            assertThat(EngineType.parse(t.userName())).isEqualTo(t);
        }
        assertThat(EngineType.userNames()).containsExactly("sequential", "actors", "cluster");
        UserInputException e = assertThrows(UserInputException.class, () -> EngineType.parse("actor"));
        assertThat(e.getMessage()).isEqualTo("unknown engine 'actor' (did you mean 'actors'?); expected one of sequential, actors, cluster");
        assertThat(assertThrows(UserInputException.class, () -> EngineType.parse("Sequential")).getMessage())
                .contains("did you mean 'sequential'?");
        assertThat(assertThrows(UserInputException.class, () -> EngineType.CLUSTER.create()).getMessage())
                .contains("dlsim node --role coordinator");
    }
}

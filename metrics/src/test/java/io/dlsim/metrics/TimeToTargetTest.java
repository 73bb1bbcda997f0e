package io.dlsim.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimeToTargetTest {
    private static MetricsRow row(long round, double testAccuracy, double trainLoss, double simSeconds) {
        return new MetricsRow(round, round / 10.0, round * 32, round * 4, round * 800, 0.1, trainLoss, trainLoss, testAccuracy,
                testAccuracy, 0, MetricsRow.UNDEFINED, trainLoss, simSeconds, 0.5, 1);
    }

    @Test
    void theFirstEvaluatedRowThatReachesEachTargetInEveryUnit() {
        List<MetricsRow> rows = List.of(row(0, 0.5, 0.69, 0), row(10, 0.85, 0.4, 1.5), row(20, 0.91, 0.3, 3.25),
                row(30, 0.89, 0.2, 5), row(40, 0.95, 0.1, 7));
        Map<String, Double> targets = new LinkedHashMap<>();
        targets.put("test_accuracy", 0.9);
        targets.put("train_loss", 0.2);
        targets.put("optimality_gap", 1e-3);
        Map<String, Object> out = TimeToTarget.of(rows, targets);
        assertThat(out.keySet()).containsExactly("test_accuracy", "train_loss", "optimality_gap");
        @SuppressWarnings("unchecked")
        Map<String, Object> acc = (Map<String, Object>) out.get("test_accuracy");
        assertThat(acc).containsEntry("reached", true).containsEntry("round", 20L).containsEntry("sim_seconds", 3.25)
                .containsEntry("grad_evals", 640L).containsEntry("bytes", 16000L).containsEntry("epoch", 2.0);
        @SuppressWarnings("unchecked")
        Map<String, Object> loss = (Map<String, Object>) out.get("train_loss");
        assertThat(loss).containsEntry("round", 30L).containsEntry("sim_seconds", 5.0);
        @SuppressWarnings("unchecked")
        Map<String, Object> gap = (Map<String, Object>) out.get("optimality_gap");
        assertThat(gap).as("undefined never reaches").containsEntry("reached", false).containsEntry("round", null);
    }

    @Test
    void withoutSimulatedTimeTheSecondsAreNullAndUnknownNamesAreRefused() {
        MetricsRow plain = new MetricsRow(5, 1, 2, 3, 4, 0.1, 0.2, 0.3, 0.9, 0.95, 0.1, MetricsRow.UNDEFINED, 0.2, 1);
        @SuppressWarnings("unchecked")
        Map<String, Object> acc = (Map<String, Object>) TimeToTarget.of(List.of(plain), Map.of("test_accuracy", 0.9))
                .get("test_accuracy");
        assertThat(acc).containsEntry("round", 5L).containsEntry("sim_seconds", null);
        assertThrows(IllegalArgumentException.class, () -> TimeToTarget.of(List.of(plain), Map.of("wall_seconds", 1.0)));
        assertThat(TimeToTarget.metric("round")).isEmpty();
        assertThat(TimeToTarget.rises(MetricsRow.TRAIN_ACCURACY)).isTrue();
        assertThat(TimeToTarget.rises(MetricsRow.CONSENSUS_DISTANCE)).isFalse();
    }
}

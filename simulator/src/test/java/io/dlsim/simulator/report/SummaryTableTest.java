package io.dlsim.simulator.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTableTest {

    @Test
    void oneAlignedLinePerRunWithFinalValuesAndDashesForUndefined() {
        List<RunData> runs = List.of(
                new RunData(new RunLabels("exp", "ring-16", "dsgd", "ring-16"), Rows.trajectory(4, 1.0, true)),
                new RunData(new RunLabels("exp", "a-much-longer-run-name", "dpsvrg", "torus-4x4"),
                        Rows.trajectory(3, 2.0, false)),
                new RunData(new RunLabels("exp", "never-evaluated", "dspg", "ring-16"), List.of()));

        List<String> lines = SummaryTable.format(runs).lines().toList();

        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("scenario").contains("train_loss", "test_loss", "test_acc", "gen_gap",
                "consensus", "opt_gap");
        // Columns line up: every line has the run column at the same offset and the same length up to opt_gap.
        int runCol = lines.get(0).indexOf("run");
        assertThat(lines.get(2).indexOf("a-much-longer-run-name")).isEqualTo(runCol);
        assertThat(lines.get(1).length()).isEqualTo(lines.get(0).length());
        assertThat(lines.get(1)).contains("ring-16", "dsgd", " 30 ", "0.4750", "0.5250", "0.3430").endsWith("0.3430");
        assertThat(lines.get(2)).endsWith(" -");
        assertThat(lines.get(3)).contains("never-evaluated").doesNotContainPattern("\\d\\.\\d");
    }
}

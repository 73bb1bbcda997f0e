package io.dlsim.algorithms.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LabelMappingTest {
    private static final Path FILE = Path.of("f.txt");

    private static LabelMapping.Mapped map(LabelMapping m, String... tokens) {
        int[] lines = new int[tokens.length];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = i + 1;
        }
        return m.map(FILE, tokens, lines);
    }

    @Test
    void inferredClassesFollowTheDocumentedRules() {
        assertThat(map(LabelMapping.inferClasses(), "-1", "+1", "-1").labels()).containsExactly(0, 1, 0);
        assertThat(map(LabelMapping.inferClasses(), "0", "1").numClasses()).isEqualTo(2);
        assertThat(map(LabelMapping.inferClasses(), "-1", "-1").labels()).containsExactly(0, 0);
        LabelMapping.Mapped multi = map(LabelMapping.inferClasses(), "10", "-1", "3", "10");
        assertThat(multi.numClasses()).isEqualTo(3);
        assertThat(multi.labels()).containsExactly(2, 0, 1, 2);
        LabelMapping.Mapped three = map(LabelMapping.inferClasses(), "1", "0", "-1");
        assertThat(three.labels()).containsExactly(2, 1, 0);
        LabelMapping.Mapped text = map(LabelMapping.inferClasses(), "M", "B", "M");
        assertThat(text.labels()).containsExactly(1, 0, 1);
    }

    @Test
    void explicitIndexedAndRegressionMappings() {
        assertThat(map(LabelMapping.classes("B", "M"), "M", "B").labels()).containsExactly(1, 0);
        assertThat(map(LabelMapping.indexed(3), "2", "0").numClasses()).isEqualTo(3);
        LabelMapping.Mapped r = map(LabelMapping.regression(), "1.5", "-2e3");
        assertThat(r.numClasses()).isZero();
        assertThat(r.labels()).containsExactly(1.5, -2000);
        assertThat(LabelMapping.regression().isRegression()).isTrue();
        assertThat(LabelMapping.inferClasses().isRegression()).isFalse();
        assertThat(assertThrows(DataFormatException.class, () -> map(LabelMapping.regression(), "1", "inf")))
                .hasMessage("f.txt:2: label 'inf' is not a finite number");
        assertThat(assertThrows(DataFormatException.class, () -> map(LabelMapping.indexed(3), "1", "1.5")))
                .hasMessage("f.txt:2: label 1.5 is outside the classes 0..2");
        assertThat(assertThrows(DataFormatException.class, () -> map(LabelMapping.inferClasses(), "a", "a")))
                .hasMessage("f.txt: every label is 'a', so there is only one class; give the classes explicitly");
    }

    @Test
    void factoriesRefuseDegenerateClassLists() {
        assertThat(assertThrows(IllegalArgumentException.class, () -> LabelMapping.indexed(1)))
                .hasMessage("labels.classes: must be >= 2, got 1");
        assertThat(assertThrows(IllegalArgumentException.class, () -> LabelMapping.classes("a")))
                .hasMessage("labels.classes: need at least 2 class values, got 1");
        assertThat(assertThrows(IllegalArgumentException.class, () -> LabelMapping.classes("1", "+1")))
                .hasMessage("labels.classes: '+1' is given twice");
        assertThat(LabelMapping.classes("x", "y")).hasToString("classes [x, y]");
        assertThat(LabelMapping.indexed(4)).hasToString("class indices 0..3");
    }
}

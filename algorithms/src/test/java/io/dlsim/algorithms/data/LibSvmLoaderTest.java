package io.dlsim.algorithms.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibSvmLoaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    private static double[] row(Dataset d, int i) {
        double[] out = new double[d.dimension()];
        d.copyRow(i, out, 0);
        return out;
    }

    @Test
    void readsSparseBinaryDataWithCommentsAndBlankLines() throws IOException {
        Path f = write("a9a.txt", "# a header comment\n"
                + "+1 1:0.5 3:2\n"
                + "\n"
                + "-1 2:-1.5   # trailing comment\n"
                + "+1\n");
        Dataset d = LibSvmLoader.load(f);
        assertThat(d.name()).isEqualTo("a9a.txt");
        assertThat(d.isSparse()).isTrue();
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.dimension()).isEqualTo(3);
        assertThat(d.numClasses()).isEqualTo(2);
        assertThat(new int[] {d.label(0), d.label(1), d.label(2)}).containsExactly(1, 0, 1);
        assertThat(row(d, 0)).containsExactly(0.5, 0, 2);
        assertThat(row(d, 1)).containsExactly(0, -1.5, 0);
        assertThat(row(d, 2)).containsExactly(0, 0, 0);
    }

    @Test
    void zeroOneLabelsAreBinaryAndASingleClassFileStillMapsCorrectly() throws IOException {
        Dataset d = LibSvmLoader.load(write("z.txt", "0 1:1\n1 1:2\n"));
        assertThat(d.numClasses()).isEqualTo(2);
        assertThat(d.label(0)).isZero();
        assertThat(d.label(1)).isEqualTo(1);
        Dataset onlyPositive = LibSvmLoader.load(write("p.txt", "+1 1:1\n1 2:1\n"));
        assertThat(onlyPositive.numClasses()).isEqualTo(2);
        assertThat(onlyPositive.classCounts()).containsExactly(0, 2);
    }

    @Test
    void multiclassLabelsMapBySortedDistinctValue() throws IOException {
        Dataset d = LibSvmLoader.load(write("m.txt", "5 1:1\n1 1:1\n2 2:1\n5 2:1\n"));
        assertThat(d.numClasses()).isEqualTo(3);
        assertThat(new int[] {d.label(0), d.label(1), d.label(2), d.label(3)}).containsExactly(2, 0, 1, 2);
    }

    @Test
    void regressionKeepsRealTargets() throws IOException {
        Dataset d = LibSvmLoader.load(write("r.txt", "0.25 1:1\n-3.5 2:1\n"),
                LibSvmLoader.Options.defaults().withLabels(LabelMapping.regression()));
        assertThat(d.numClasses()).isZero();
        assertThat(d.target(0)).isEqualTo(0.25);
        assertThat(d.target(1)).isEqualTo(-3.5);
    }

    @Test
    void givenDimensionIsKeptAndEnforced() throws IOException {
        Path f = write("d.txt", "1 1:1 4:1\n0 2:1\n");
        assertThat(LibSvmLoader.load(f, LibSvmLoader.Options.defaults().withDimension(10)).dimension()).isEqualTo(10);
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> LibSvmLoader.load(f, LibSvmLoader.Options.defaults().withDimension(3)));
        assertThat(e).hasMessage(f + ":1: feature index 4 is > the dimension 3");
    }

    @Test
    void explicitClassesRefuseOtherLabels() throws IOException {
        Path f = write("c.txt", "1 1:1\n2 1:1\n7 1:1\n");
        LibSvmLoader.Options named = LibSvmLoader.Options.defaults().withLabels(LabelMapping.classes("1", "2", "3"));
        DataFormatException e = assertThrows(DataFormatException.class, () -> LibSvmLoader.load(f, named));
        assertThat(e).hasMessage(f + ":3: label '7' is not one of the classes [1, 2, 3]");
        LibSvmLoader.Options indexed = LibSvmLoader.Options.defaults().withLabels(LabelMapping.indexed(5));
        e = assertThrows(DataFormatException.class, () -> LibSvmLoader.load(f, indexed));
        assertThat(e).hasMessage(f + ":3: label 7 is outside the classes 0..4");
    }

    @Test
    void explicitClassesMapInTheGivenOrderAndCompareNumerically() throws IOException {
        Path f = write("c.txt", "+1 1:1\n-1 1:1\n1.0 1:1\n");
        Dataset d = LibSvmLoader.load(f, LibSvmLoader.Options.defaults().withLabels(LabelMapping.classes("1", "-1")));
        assertThat(new int[] {d.label(0), d.label(1), d.label(2)}).containsExactly(0, 1, 0);
    }

    @Test
    void readsGzipByMagicNumber() throws IOException {
        Path f = dir.resolve("a.svm.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
            out.write("1 2:3\n-1 1:4\n".getBytes(StandardCharsets.UTF_8));
        }
        Dataset d = LibSvmLoader.load(f);
        assertThat(d.size()).isEqualTo(2);
        assertThat(row(d, 0)).containsExactly(0, 3);
    }

    @Test
    void reportsTheFileAndLineOfEveryMalformedLine() throws IOException {
        String[][] cases = {
            {"+1 1:1\n-1 0:1\n", ":2: feature index 0 is not >= 1"},
            {"+1 3:1 2:1\n", ":1: feature index 2 follows index 3; indices must be strictly ascending"},
            {"+1 2:1 2:5\n", ":1: feature index 2 follows index 2; indices must be strictly ascending"},
            {"+1 1:x\n", ":1: value 'x' of feature 1 is not a finite number"},
            {"+1 1:NaN\n", ":1: value 'NaN' of feature 1 is not a finite number"},
            {"+1 a:1\n", ":1: feature index 'a' in 'a:1' is not a whole number"},
            {"+1 1:1\n+1 7\n", ":2: '7' is not index:value"},
            {"1:1 2:1\n", ":1: line starts with '1:1', not with a label"},
            {"yes 1:1\n", ":1: label 'yes' is not a finite number"},
            {"1 qid:3 1:1\n", ":1: 'qid:3': query ids (ranking data) are not supported"},
            {"1 1:1\n0.5 1:1\n", ":2: label 0.5 is not a whole number (load the file for regression, or give the classes)"},
        };
        for (String[] c : cases) {
            Path f = write("bad.txt", c[0]);
            DataFormatException e = assertThrows(DataFormatException.class, () -> LibSvmLoader.load(f), c[0]);
            assertThat(e).as(c[0]).hasMessage(f + c[1]);
        }
    }

    @Test
    void refusesFilesWithoutExamplesFeaturesOrASecondClass() throws IOException {
        Path empty = write("empty.txt", "# nothing\n\n");
        assertThat(assertThrows(DataFormatException.class, () -> LibSvmLoader.load(empty)))
                .hasMessage(empty + ": no examples");
        Path noFeatures = write("nf.txt", "1\n-1\n");
        assertThat(assertThrows(DataFormatException.class, () -> LibSvmLoader.load(noFeatures)))
                .hasMessage(noFeatures + ": no example has any feature; give the dimension");
        Path oneClass = write("one.txt", "3 1:1\n3 1:2\n");
        assertThat(assertThrows(DataFormatException.class, () -> LibSvmLoader.load(oneClass)))
                .hasMessage(oneClass + ": every label is 3, so there is only one class; give the classes explicitly");
    }

    @Test
    void reportsMissingAndDamagedFiles() throws IOException {
        Path missing = dir.resolve("missing.txt");
        assertThat(assertThrows(DataFormatException.class, () -> LibSvmLoader.load(missing)))
                .hasMessage(missing + ": no such file");
        Path whole = dir.resolve("whole.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(whole))) {
            for (int i = 0; i < 2000; i++) {
                out.write(("1 " + i % 7 + 1 + ":" + i + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = dir.resolve("cut.gz");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        assertThat(assertThrows(DataFormatException.class, () -> LibSvmLoader.load(cut)).getMessage())
                .startsWith(cut + ": damaged or truncated gzip data");
    }

    @Test
    void optionsRefuseANegativeDimension() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LibSvmLoader.Options.defaults().withDimension(-1));
        assertThat(e).hasMessage("libsvm.dimension: must be >= 1, or 0 to infer it, got -1");
    }
}

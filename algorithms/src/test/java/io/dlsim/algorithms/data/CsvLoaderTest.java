package io.dlsim.algorithms.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvLoaderTest {
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

    private static int[] labels(Dataset d) {
        int[] y = new int[d.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = d.label(i);
        }
        return y;
    }

    @Test
    void detectsTheHeaderAndReadsTheLabelByName() throws IOException {
        Path f = write("iris.csv", "\"sepal length\",species,petal\n"
                + "5.1, setosa ,0.2\n"
                + "\n"
                + "7.0,\"versicolor\",1.4\n"
                + "6.3,virginica,2.5\n"
                + "4.9,setosa,0.1\n");
        Dataset d = CsvLoader.load(f, CsvLoader.Options.defaults().withLabelColumn("species"));
        assertThat(d.name()).isEqualTo("iris.csv");
        assertThat(d.isSparse()).isFalse();
        assertThat(d.size()).isEqualTo(4);
        assertThat(d.dimension()).isEqualTo(2);
        assertThat(d.numClasses()).isEqualTo(3);
        assertThat(labels(d)).containsExactly(0, 1, 2, 0);
        assertThat(row(d, 1)).containsExactly(7.0, 1.4);
    }

    @Test
    void withoutHeaderTheLastColumnIsTheLabelByDefault() throws IOException {
        Path f = write("plain.csv", "1,2,-1\n3,4,1\n5,6,1\n");
        Dataset d = CsvLoader.load(f);
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.dimension()).isEqualTo(2);
        assertThat(labels(d)).containsExactly(0, 1, 1);
        assertThat(row(d, 2)).containsExactly(5, 6);
    }

    @Test
    void autoDetectionIgnoresATextLabelInTheFirstRow() throws IOException {
        Path f = write("t.csv", "b,1,2\na,3,4\n");
        Dataset d = CsvLoader.load(f, CsvLoader.Options.defaults().withLabelColumn(0));
        assertThat(d.size()).isEqualTo(2);
        assertThat(labels(d)).containsExactly(1, 0);
        assertThat(row(d, 0)).containsExactly(1, 2);
    }

    @Test
    void negativeIndicesCountFromTheEnd() throws IOException {
        Path f = write("n.csv", "1,0,9\n2,1,8\n");
        Dataset d = CsvLoader.load(f, CsvLoader.Options.defaults().withLabelColumn(-2));
        assertThat(labels(d)).containsExactly(0, 1);
        assertThat(row(d, 0)).containsExactly(1, 9);
    }

    @Test
    void skipsLinesScalesFeaturesIgnoresColumnsAndTakesOtherDelimiters() throws IOException {
        Path f = write("s.csv", "569;2;whatever\nid;x;y;class\n17;16;8;1\n18;0;4;2\n");
        Dataset d = CsvLoader.load(f, CsvLoader.Options.defaults().withSkipLines(1).withDelimiter(';')
                .withIgnoredColumns("id").withLabelColumn("class").withFeatureScale(1 / 16.0));
        assertThat(d.dimension()).isEqualTo(2);
        assertThat(row(d, 0)).containsExactly(1.0, 0.5);
        assertThat(row(d, 1)).containsExactly(0.0, 0.25);
        assertThat(labels(d)).containsExactly(0, 1);
    }

    @Test
    void regressionAndExplicitHeaderModes() throws IOException {
        Path f = write("r.csv", "1,2.5\n2,-0.5\n");
        Dataset d = CsvLoader.load(f, CsvLoader.Options.defaults().withLabels(LabelMapping.regression()));
        assertThat(d.numClasses()).isZero();
        assertThat(d.target(1)).isEqualTo(-0.5);
        Dataset headed = CsvLoader.load(f, CsvLoader.Options.defaults().withHeader(CsvLoader.Header.PRESENT)
                .withLabels(LabelMapping.regression()));
        assertThat(headed.size()).isEqualTo(1);
        Path g = write("g.csv", "x,y\n1,0\n2,1\n");
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> CsvLoader.load(g, CsvLoader.Options.defaults().withHeader(CsvLoader.Header.ABSENT)));
        assertThat(e).hasMessage(g + ":1: column 0: 'x' is not a finite number");
    }

    @Test
    void readsGzip() throws IOException {
        Path f = dir.resolve("d.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
            out.write("0,1,0\n1,0,1\n".getBytes(StandardCharsets.UTF_8));
        }
        Dataset d = CsvLoader.load(f);
        assertThat(d.size()).isEqualTo(2);
        assertThat(labels(d)).containsExactly(0, 1);
    }

    @Test
    void reportsTheFileAndLineOfEveryMalformedRow() throws IOException {
        String[][] cases = {
            {"a,b,c\n1,2,0\n1,2\n", ":3: 2 fields, expected 3 as in the first row"},
            {"a,b,c\n1,oops,0\n", ":2: column 'b': 'oops' is not a finite number"},
            {"1,2,0\n1,,1\n", ":2: column 1 is empty"},
            {"1,2,0\n1,2,\n", ":2: the label (column 2) is empty"},
            {"1,2,0\n1,\"2,1\n", ":2: unterminated quote (a quoted field cannot span lines)"},
            {"1,\"2\"x,0\n", ":1: text after the closing quote of field 1"},
            {"1,2,0\n3,4,1.5\n", ":2: label 1.5 is not a whole number (load the file for regression, or give the classes)"},
            {"1,2,0\n3,4,one\n", ":2: label 'one' is not a number, unlike the label '0' on line 1"},
            {"1,2,a\n3,4,2\n", ":2: label 2 is a number, unlike the label 'a' on line 1"},
        };
        for (String[] c : cases) {
            Path f = write("bad.csv", c[0]);
            DataFormatException e = assertThrows(DataFormatException.class, () -> CsvLoader.load(f), c[0]);
            assertThat(e).as(c[0]).hasMessage(f + c[1]);
        }
    }

    @Test
    void reportsBadColumnChoices() throws IOException {
        Path f = write("h.csv", "x,y,label\n1,2,0\n3,4,1\n");
        assertThat(assertThrows(DataFormatException.class,
                () -> CsvLoader.load(f, CsvLoader.Options.defaults().withLabelColumn("target"))))
                .hasMessage(f + ":1: no column named 'target' (columns: x, y, label)");
        assertThat(assertThrows(DataFormatException.class,
                () -> CsvLoader.load(f, CsvLoader.Options.defaults().withLabelColumn(3))))
                .hasMessage(f + ":1: label column index 3 is outside the 3 columns (0..2, or -1..-3 from the end)");
        assertThat(assertThrows(DataFormatException.class,
                () -> CsvLoader.load(f, CsvLoader.Options.defaults().withIgnoredColumns("id"))))
                .hasMessage(f + ":1: no column named 'id' to ignore (columns: x, y, label)");
        assertThat(assertThrows(DataFormatException.class, () -> CsvLoader.load(f, CsvLoader.Options.defaults()
                .withHeader(CsvLoader.Header.ABSENT).withLabelColumn("label"))))
                .hasMessage(f + ":1: the label column is chosen by name ('label') but the file is read without a header");
        Path one = write("one.csv", "label\n1\n");
        assertThat(assertThrows(DataFormatException.class,
                () -> CsvLoader.load(one, CsvLoader.Options.defaults().withLabelColumn("label"))))
                .hasMessage(one + ":1: no feature columns: the only column is the label and ignored columns");
    }

    @Test
    void reportsLabelsOutsideTheDeclaredClassesAndEmptyFiles() throws IOException {
        Path f = write("c.csv", "1,0\n2,1\n3,2\n");
        assertThat(assertThrows(DataFormatException.class,
                () -> CsvLoader.load(f, CsvLoader.Options.defaults().withLabels(LabelMapping.indexed(2)))))
                .hasMessage(f + ":3: label 2 is outside the classes 0..1");
        Path headerOnly = write("e.csv", "x,y\n");
        assertThat(assertThrows(DataFormatException.class, () -> CsvLoader.load(headerOnly)))
                .hasMessage(headerOnly + ": no examples");
    }

    @Test
    void splitHandlesQuotesBlanksAndTrailingDelimiters() {
        Path f = Path.of("x.csv");
        assertThat(CsvLoader.split(" a , \"b, c\" ,\"d\"\"e\",", ',', f, 1)).containsExactly("a", "b, c", "d\"e", "");
        assertThat(CsvLoader.split("1\t2", '\t', f, 1)).containsExactly("1", "2");
    }
}

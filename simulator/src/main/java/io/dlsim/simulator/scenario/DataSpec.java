package io.dlsim.simulator.scenario;

import io.dlsim.algorithms.RandomStreams;
import io.dlsim.algorithms.data.Cifar10Loader;
import io.dlsim.algorithms.data.CsvLoader;
import io.dlsim.algorithms.data.Dataset;
import io.dlsim.algorithms.data.Datasets;
import io.dlsim.algorithms.data.IdxLoader;
import io.dlsim.algorithms.data.LabelMapping;
import io.dlsim.algorithms.data.LibSvmLoader;
import io.dlsim.algorithms.data.Standardizer;
import io.dlsim.algorithms.data.Synthetic;
import io.dlsim.algorithms.data.TrainTestSplit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The {@code data:} section: where the training and test sets come from. Types (and keys, with
 * defaults):
 * <ul>
 *   <li>{@code synthetic-teacher}: samples-per-node 128, test-samples 2000, label-noise 0.1,
 *       input-dim 20, teacher-hidden 32, classes 4 (a noisy teacher network; an MLP overfits it);</li>
 *   <li>{@code synthetic-logistic}: samples-per-node 500, test-samples 1000, dimension 50,
 *       support 10, feature-density 1.0 (sparse ground truth);</li>
 *   <li>{@code synthetic-linear}: samples-per-node 100, test-samples 1000, dimension 20, noise 0.1;</li>
 *   <li>{@code breast-cancer}, {@code digits}, {@code mnist-10k}: data-dir {@code data} (relative
 *       to the scenario file), test-fraction 0.2 (mnist-10k has its own split), standardize
 *       (true for breast-cancer);</li>
 *   <li>{@code libsvm}: path, test-path, test-fraction 0.2, dimension (0: inferred);
 *       {@code csv}: path, label-column (last), test-path, test-fraction 0.2, standardize false;
 *       {@code idx}: images, labels, test-images, test-labels, test-fraction 0.2;
 *       {@code cifar10}: paths (list), test-paths (list). Relative paths are relative to the
 *       scenario file.</li>
 * </ul>
 * Train and test sets are a pure function of the section, the node count and the seed.
 */
public record DataSpec(String type, Map<String, Object> settings) {
    /** The type names. */
    public static final List<String> TYPES = List.of("synthetic-teacher", "synthetic-logistic", "synthetic-linear", "breast-cancer",
            "digits", "mnist-10k", "libsvm", "csv", "idx", "cifar10");

    /** A loaded data set: the training set (to be partitioned) and the test set. */
    public record Loaded(Dataset train, Dataset test) {
    }

    public DataSpec {
        settings = Map.copyOf(settings);
    }

    static DataSpec parse(Section s, Path baseDir) {
        String type = s.choice("type", null, TYPES);
        if (type == null) {
            throw Section.error(s.child("type"), "is required; one of " + String.join(", ", TYPES));
        }
        java.util.LinkedHashMap<String, Object> m = new java.util.LinkedHashMap<>();
        switch (type) {
            case "synthetic-teacher" -> {
                m.put("samples-per-node", atLeast(s, "samples-per-node", 128, 1));
                m.put("test-samples", atLeast(s, "test-samples", 2000, 1));
                m.put("label-noise", fraction(s, "label-noise", 0.1));
                m.put("input-dim", atLeast(s, "input-dim", 20, 1));
                m.put("teacher-hidden", atLeast(s, "teacher-hidden", 32, 1));
                m.put("classes", atLeast(s, "classes", 4, 2));
            }
            case "synthetic-logistic" -> {
                m.put("samples-per-node", atLeast(s, "samples-per-node", 500, 1));
                m.put("test-samples", atLeast(s, "test-samples", 1000, 1));
                int d = atLeast(s, "dimension", 50, 1);
                m.put("dimension", d);
                int support = atLeast(s, "support", Math.min(10, d), 1);
                if (support > d) {
                    throw Section.error(s.child("support"), "must be <= dimension = " + d + ", got " + support);
                }
                m.put("support", support);
                double density = s.number("feature-density", 1.0);
                if (!(density > 0 && density <= 1)) {
                    throw Section.error(s.child("feature-density"), "must be in (0, 1], got " + density);
                }
                m.put("feature-density", density);
            }
            case "synthetic-linear" -> {
                m.put("samples-per-node", atLeast(s, "samples-per-node", 100, 1));
                m.put("test-samples", atLeast(s, "test-samples", 1000, 1));
                m.put("dimension", atLeast(s, "dimension", 20, 1));
                double noise = s.number("noise", 0.1);
                if (noise < 0) {
                    throw Section.error(s.child("noise"), "must be >= 0, got " + noise);
                }
                m.put("noise", noise);
            }
            case "breast-cancer", "digits", "mnist-10k" -> {
                m.put("data-dir", baseDir.resolve(s.string("data-dir", "data")).normalize().toString());
                if (!type.equals("mnist-10k")) {
                    m.put("test-fraction", testFraction(s));
                }
                m.put("standardize", s.bool("standardize", type.equals("breast-cancer")));
            }
            case "libsvm", "csv" -> {
                m.put("path", file(s, "path", baseDir, true));
                String test = file(s, "test-path", baseDir, false);
                if (test != null) {
                    m.put("test-path", test);
                } else {
                    m.put("test-fraction", testFraction(s));
                }
                if (type.equals("libsvm")) {
                    m.put("dimension", atLeast(s, "dimension", 0, 0));
                } else {
                    String label = s.string("label-column", null);
                    if (label != null) {
                        m.put("label-column", label);
                    }
                    m.put("standardize", s.bool("standardize", false));
                }
            }
            case "idx" -> {
                m.put("images", file(s, "images", baseDir, true));
                m.put("labels", file(s, "labels", baseDir, true));
                String ti = file(s, "test-images", baseDir, false);
                String tl = file(s, "test-labels", baseDir, false);
                if ((ti == null) != (tl == null)) {
                    throw Section.error(s.child(ti == null ? "test-images" : "test-labels"), "is required when the other test file is given");
                }
                if (ti != null) {
                    m.put("test-images", ti);
                    m.put("test-labels", tl);
                } else {
                    m.put("test-fraction", testFraction(s));
                }
            }
            case "cifar10" -> {
                List<String> paths = s.strings("paths");
                if (paths.isEmpty()) {
                    throw Section.error(s.child("paths"), "is required: the data_batch_*.bin files");
                }
                m.put("paths", paths.stream().map(p -> baseDir.resolve(p).normalize().toString()).toList());
                List<String> tests = s.strings("test-paths");
                if (tests.isEmpty()) {
                    m.put("test-fraction", testFraction(s));
                } else {
                    m.put("test-paths", tests.stream().map(p -> baseDir.resolve(p).normalize().toString()).toList());
                }
            }
            default -> throw new AssertionError(type);
        }
        s.rejectUnknown();
        return new DataSpec(type, m);
    }

    /** Loads (or generates) the train and test sets for {@code nodes} nodes and this seed. */
    public Loaded load(int nodes, long seed) {
        SplittableRandom rng = RandomStreams.of(seed, RandomStreams.Purpose.DATA, RandomStreams.SHARED);
        return switch (type) {
            case "synthetic-teacher" -> {
                Synthetic.Teacher teacher = Synthetic.Teacher.random(i("input-dim"), i("teacher-hidden"), i("classes"), rng.split());
                Dataset train = teacher.sample(nodes * i("samples-per-node"), d("label-noise"), rng.split()).data();
                Dataset test = teacher.sample(i("test-samples"), d("label-noise"), rng.split()).data();
                yield new Loaded(train, test);
            }
            case "synthetic-logistic" -> {
                double[] w = Synthetic.sparseWeights(i("dimension"), i("support"), rng.split());
                Dataset train = Synthetic.logistic("synthetic-logistic", nodes * i("samples-per-node"), w, d("feature-density"), rng.split());
                Dataset test = Synthetic.logistic("synthetic-logistic-test", i("test-samples"), w, d("feature-density"), rng.split());
                yield new Loaded(train, test);
            }
            case "synthetic-linear" -> {
                Synthetic.Planted p = Synthetic.linearRegression(nodes * i("samples-per-node"), i("dimension"), d("noise"), rng.split());
                Dataset test = Synthetic.linear("synthetic-linear-test", i("test-samples"), p.trueWeights(), d("noise"), rng.split());
                yield new Loaded(p.data(), test);
            }
            case "breast-cancer", "digits" -> standardize(split(Datasets.byName(type, Path.of(str("data-dir"))), rng));
            case "mnist-10k" -> standardize(new Loaded(Datasets.mnist10kTrain(Path.of(str("data-dir"))), Datasets.mnist10kTest(Path.of(str("data-dir")))));
            case "libsvm" -> {
                LibSvmLoader.Options o = LibSvmLoader.Options.defaults().withDimension(i("dimension"));
                Dataset train = LibSvmLoader.load(Path.of(str("path")), o);
                if (settings.containsKey("test-path")) {
                    // The test file must use the train file's classes and dimension.
                    LibSvmLoader.Options to = o.withDimension(train.dimension()).withLabels(LabelMapping.indexed(Math.max(train.numClasses(), 2)));
                    yield new Loaded(train, LibSvmLoader.load(Path.of(str("test-path")), train.numClasses() == 0 ? o.withDimension(train.dimension()) : to));
                }
                yield split(train, rng);
            }
            case "csv" -> {
                CsvLoader.Options o = CsvLoader.Options.defaults();
                if (settings.containsKey("label-column")) {
                    String col = str("label-column");
                    o = col.strip().matches("-?\\d+") ? o.withLabelColumn(Integer.parseInt(col.strip())) : o.withLabelColumn(col);
                }
                Dataset train = CsvLoader.load(Path.of(str("path")), o);
                Loaded loaded = settings.containsKey("test-path")
                        ? new Loaded(train, CsvLoader.load(Path.of(str("test-path")), o))
                        : split(train, rng);
                yield standardize(loaded);
            }
            case "idx" -> {
                Dataset train = IdxLoader.load(Path.of(str("images")), Path.of(str("labels")));
                yield settings.containsKey("test-images")
                        ? new Loaded(train, IdxLoader.load(Path.of(str("test-images")), Path.of(str("test-labels")), train.numClasses()))
                        : split(train, rng);
            }
            case "cifar10" -> {
                @SuppressWarnings("unchecked")
                List<String> paths = (List<String>) settings.get("paths");
                Dataset train = Cifar10Loader.load(paths.stream().map(Path::of).toList());
                @SuppressWarnings("unchecked")
                List<String> tests = (List<String>) settings.get("test-paths");
                yield tests != null ? new Loaded(train, Cifar10Loader.load(tests.stream().map(Path::of).toList())) : split(train, rng);
            }
            default -> throw new AssertionError(type);
        };
    }

    private Loaded split(Dataset all, SplittableRandom rng) {
        TrainTestSplit.Split s = TrainTestSplit.split(all, d("test-fraction"), all.numClasses() >= 2, rng.split());
        return new Loaded(s.train(), s.test());
    }

    private Loaded standardize(Loaded l) {
        if (!Boolean.TRUE.equals(settings.get("standardize"))) {
            return l;
        }
        // Fitted on the training set only, so nothing about the test set leaks into training.
        Standardizer st = Standardizer.fit(l.train());
        return new Loaded(st.apply(l.train()), st.apply(l.test()));
    }

    private int i(String key) {
        return ((Number) settings.get(key)).intValue();
    }

    private double d(String key) {
        return ((Number) settings.get(key)).doubleValue();
    }

    private String str(String key) {
        return (String) settings.get(key);
    }

    private static int atLeast(Section s, String key, int fallback, int min) {
        int v = s.integer(key, fallback);
        if (v < min) {
            throw Section.error(s.child(key), "must be >= " + min + ", got " + v);
        }
        return v;
    }

    private static double fraction(Section s, String key, double fallback) {
        double v = s.number(key, fallback);
        if (!(v >= 0 && v < 1)) {
            throw Section.error(s.child(key), "must be in [0, 1), got " + v);
        }
        return v;
    }

    private static double testFraction(Section s) {
        double v = s.number("test-fraction", 0.2);
        if (!(v > 0 && v < 1)) {
            throw Section.error(s.child("test-fraction"), "must be in (0, 1), got " + v);
        }
        return v;
    }

    private static String file(Section s, String key, Path baseDir, boolean required) {
        String v = required ? s.requiredString(key) : s.string(key, null);
        if (v == null) {
            return null;
        }
        Path p = baseDir.resolve(v).normalize();
        if (!Files.isRegularFile(p)) {
            throw Section.error(s.child(key), "no such file: " + p);
        }
        return p.toString();
    }
}

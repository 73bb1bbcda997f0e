package io.dlsim.simulator.run;

import io.dlsim.algorithms.RandomStreams;
import io.dlsim.algorithms.data.DataSource;
import io.dlsim.algorithms.data.Dataset;
import io.dlsim.algorithms.data.Partition;
import io.dlsim.algorithms.model.Model;
import io.dlsim.algorithms.model.ModelSettings;
import io.dlsim.algorithms.optim.AlgorithmSettings;
import io.dlsim.algorithms.optim.NodeContexts;
import io.dlsim.simulator.scenario.MemoryBudget;
import io.dlsim.simulator.scenario.Scenario;
import io.dlsim.simulator.scenario.ScenarioException;
import io.dlsim.simulator.scenario.ScenarioParser;
import io.dlsim.topologies.UserInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks that need the data, for every run of a sweep, before any run starts (what
 * {@code validate} and {@code run} do after the file is read): the memory the data, the nodes'
 * models and their minibatches would take (estimated before anything is allocated), then the
 * data itself (loaded, or generated), the partition (nodes vs examples, label-based
 * partitioners need labels, ...), the model (dimension and classes of the data) and one node's
 * algorithm state. Each error names its run ({@code run seed=2: partition.nodes: ...}) unless
 * every run has it; all are reported at once. Loaded data is shared by the runs with the same
 * data section, node count and seed (the last few are kept), so a topology sweep loads it once.
 *
 * <p>With {@code jobs} runs at once ({@code dlsim run --jobs}), the estimates of the
 * {@code jobs} largest runs together must fit the JVM's budget too ({@link Checked#requireJobsFit});
 * without {@code --jobs}, {@link AutoJobs} picks a number that fits with a margin.
 *
 * <p>A minibatch larger than a node's shard is a warning, not an error: the sampler then draws
 * the shard more than once per step (several epochs per round), a legitimate choice with skewed
 * partitions whose small shards a fixed batch size cannot avoid; but rarely meant.
 */
public final class Preflight {
    /** Loaded data sets kept for the next runs. */
    private static final int CACHED = 4;

    private final Map<DataKey, Object> cache = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<DataKey, Object> eldest) {
            return size() > CACHED;
        }
    };

    /** What a data set is loaded for: its settings, the node count and the seed. */
    record DataKey(DataSource data, int nodes, long seed) {
    }

    private Preflight() {
    }

    /**
     * What {@link #check} found: the warnings (one line each, prefixed) and each run's memory
     * estimate in bytes (data, nodes' vectors, minibatches), in run order.
     */
    public record Checked(List<String> warnings, List<Long> estimates) {
        /** Copies both lists. */
        public Checked {
            warnings = List.copyOf(warnings);
            estimates = List.copyOf(estimates);
        }

        /**
         * The most runs, at most {@code wanted} and at least 1, whose largest estimates, each
         * times {@code margin}, fit this JVM's memory budget together ({@link #jobsExceeded}).
         */
        public int jobsThatFit(int wanted, int margin) {
            return Preflight.jobsThatFit(estimates.stream().map(e -> MemoryBudget.times(e, margin)).toList(), wanted,
                    MemoryBudget.budget());
        }

        /**
         * Checks that {@code jobs} runs at once fit this JVM's memory budget together.
         *
         * @throws io.dlsim.topologies.UserInputException naming {@code --jobs} when they do not
         */
        public void requireJobsFit(int jobs) {
            String together = jobsExceeded(estimates, jobs, MemoryBudget.budget());
            if (together != null) {
                throw new io.dlsim.topologies.UserInputException(together);
            }
        }
    }

    /** As {@link Checked#jobsThatFit} for a given budget. */
    static int jobsThatFit(List<Long> estimates, int wanted, long budget) {
        int jobs = Math.max(1, Math.min(wanted, estimates.size()));
        while (jobs > 1 && jobsExceeded(estimates, jobs, budget) != null) {
            jobs--;
        }
        return jobs;
    }

    /**
     * Checks every run; returns the warnings and each run's memory estimate, from which
     * {@code dlsim run} checks {@code --jobs N} ({@link Checked#requireJobsFit}) or picks it
     * ({@link AutoJobs}); throws a {@link ScenarioException} with every error, each line prefixed
     * with {@code prefix} (the file name and ": ").
     */
    public static Checked check(List<Scenario> runs, String prefix) {
        SyntheticData.forgetAll();
        Preflight p = new Preflight();
        Map<String, List<String>> errors = new LinkedHashMap<>();
        Map<String, List<String>> warnings = new LinkedHashMap<>();
        List<Long> estimates = new ArrayList<>();
        for (Scenario s : runs) {
            List<String> e = new ArrayList<>();
            List<String> w = new ArrayList<>();
            estimates.add(p.check(s, e, w));
            String name = runs.size() == 1 ? "" : s.runName();
            if (!e.isEmpty()) {
                errors.put(name, e);
            }
            warnings.put(name, w);
        }
        if (!errors.isEmpty()) {
            throw new ScenarioException(ScenarioParser.errorLines(errors, runs.size()).stream().map(l -> prefix + l).toList());
        }
        return new Checked(ScenarioParser.errorLines(warnings, runs.size()).stream().map(l -> prefix + l).toList(), estimates);
    }

    /**
     * Null when the {@code jobs} largest of the runs' memory {@code estimates} fit {@code budget}
     * together (always for one job: each run was checked alone), else the error line.
     */
    static String jobsExceeded(List<Long> estimates, int jobs, long budget) {
        int n = Math.min(jobs, estimates.size());
        if (n <= 1) {
            return null;
        }
        List<Long> sorted = new ArrayList<>(estimates);
        sorted.sort(java.util.Comparator.reverseOrder());
        long total = 0;
        for (int k = 0; k < n; k++) {
            total = MemoryBudget.plus(total, sorted.get(k));
        }
        if (total <= budget) {
            return null;
        }
        return "--jobs " + jobs + ": " + n + " runs at once need about " + MemoryBudget.size(total) + " for their data, models and "
                + "minibatches (the largest runs of the sweep), more than the " + MemoryBudget.size(budget)
                + " this JVM may use; lower --jobs, or raise the heap (DLSIM_JAVA_OPTS=-Xmx...)";
    }

    /** Checks one run; returns its memory estimate (data, nodes' vectors, minibatches; 0 when it has errors). */
    private long check(Scenario s, List<String> errors, List<String> warnings) {
        long dataBytes = dataBytes(s);
        String data = MemoryBudget.exceeded(dataBytes, "the data set", "the data (data.samples-per-node, nodes or the files)");
        if (data != null) {
            errors.add("data: " + data);
            return 0;
        }
        DataSource.Loaded loaded;
        try {
            loaded = load(s);
        } catch (IllegalArgumentException e) {
            errors.add(e instanceof UserInputException ? e.getMessage() : "data: " + e.getMessage());
            return 0;
        }
        Dataset train = loaded.train();
        long parameters = parameters(s.model(), train);
        if (parameters > Integer.MAX_VALUE - 8) {
            errors.add("model: would have " + parameters + " parameters (data dimension " + train.dimension()
                    + "), more than one Java array holds; reduce the data's dimension (its largest feature index) or model.hidden");
            return 0;
        }
        long bytesPerNode = MemoryBudget.times(parameters, 8 * MemoryBudget.VECTORS_PER_NODE);
        String nodes = MemoryBudget.exceeded(MemoryBudget.times(s.nodes(), bytesPerNode),
                s.nodes() + " nodes x " + parameters + " parameters", "nodes or the model (the data's dimension, model.hidden)");
        if (nodes != null) {
            errors.add("nodes: " + nodes);
            return 0;
        }
        int batch = s.algorithm().batchSize();
        long bytesPerExample = 4 + 8 * activations(s.model(), train);
        String batches = MemoryBudget.exceeded(MemoryBudget.times(MemoryBudget.times(s.nodes(), batch), bytesPerExample),
                "minibatches of " + batch + " examples on " + s.nodes() + " nodes", "algorithm.batch-size");
        if (batches != null) {
            errors.add("algorithm.batch-size: " + batches);
            return 0;
        }
        Partition partition;
        try {
            partition = s.partition().partition(train, s.nodes(),
                    RandomStreams.of(s.seed(), RandomStreams.Purpose.PARTITION, RandomStreams.SHARED));
        } catch (IllegalArgumentException e) {
            errors.add(UserInputException.wrap("partition.", e).getMessage());
            return 0;
        }
        SyntheticData.offerPartition(new DataKey(s.data(), s.nodes(), s.seed()), s.partition(), partition);
        Model model;
        try {
            model = s.model().create(train);
        } catch (IllegalArgumentException e) {
            errors.add(UserInputException.wrap("model.", e).getMessage());
            return 0;
        }
        int smallest = 0;
        for (int i = 1; i < s.nodes(); i++) {
            if (partition.size(i) < partition.size(smallest)) {
                smallest = i;
            }
        }
        AlgorithmSettings algorithm = s.algorithm();
        try {
            algorithm.create(NodeContexts.of(smallest, train, partition, model, s.init(), s.seed(), batch), s.rounds());
        } catch (IllegalArgumentException e) {
            errors.add(UserInputException.wrap("algorithm: ", e).getMessage());
            return 0;
        }
        long estimate = MemoryBudget.plus(dataBytes, MemoryBudget.plus(MemoryBudget.times(s.nodes(), bytesPerNode),
                MemoryBudget.times(MemoryBudget.times(s.nodes(), batch), bytesPerExample)));
        if (drawsMinibatches(algorithm) && batch > partition.size(smallest)) {
            warnings.add("algorithm.batch-size: " + batch + " is larger than the shard of node " + smallest + " ("
                    + partition.size(smallest) + " examples), so its minibatches repeat examples (about "
                    + Math.max(1, batch / Math.max(1, partition.size(smallest))) + " epochs per step)");
        }
        return estimate;
    }

    private DataSource.Loaded load(Scenario s) {
        DataKey key = new DataKey(s.data(), s.nodes(), s.seed());
        Object cached = cache.get(key);
        if (cached == null) {
            try {
                DataSource.Loaded loaded = s.data().load(s.nodes(), s.seed());
                SyntheticData.offer(key, loaded);
                cached = loaded;
            } catch (IllegalArgumentException e) {
                cached = e;
            }
            cache.put(key, cached);
        }
        if (cached instanceof IllegalArgumentException e) {
            throw e;
        }
        return (DataSource.Loaded) cached;
    }

    /**
     * The bytes of the data set as loaded, estimated from its settings or files before anything is
     * loaded; 0 for the text formats, whose size shows only once they are read.
     */
    public static long dataBytes(Scenario s) {
        long n = s.nodes();
        DataSource d = s.data();
        if (d instanceof DataSource.SyntheticTeacher t) {
            return dense(MemoryBudget.plus(MemoryBudget.times(n, t.samplesPerNode()), t.testSamples()), t.inputDim());
        }
        if (d instanceof DataSource.SyntheticLogistic t) {
            return dense(MemoryBudget.plus(MemoryBudget.times(n, t.samplesPerNode()), t.testSamples()), t.dimension());
        }
        if (d instanceof DataSource.SyntheticLinear t) {
            return dense(MemoryBudget.plus(MemoryBudget.times(n, t.samplesPerNode()), t.testSamples()), t.dimension());
        }
        if (d instanceof DataSource.Idx i) {
            // One byte per pixel in the file, a double per pixel loaded.
            return MemoryBudget.times(8, sizes(i.images(), i.testImages()));
        }
        if (d instanceof DataSource.Cifar10 c) {
            List<String> all = new ArrayList<>(c.paths());
            if (c.testPaths() != null) {
                all.addAll(c.testPaths());
            }
            return MemoryBudget.times(8, sizes(all.toArray(new String[0])));
        }
        return 0; // text formats: loaded as written, about their size; the loaders check their indices
    }

    private static long dense(long examples, long dimension) {
        return MemoryBudget.times(examples, MemoryBudget.times(dimension + 1, 8));
    }

    private static long sizes(String... files) {
        long total = 0;
        for (String f : files) {
            try {
                total = f == null ? total : MemoryBudget.plus(total, Files.size(Path.of(f)));
            } catch (IOException | RuntimeException e) {
                // the loader reports it
            }
        }
        return total;
    }

    /** The parameters of the model on this data (long: a bad dimension must not overflow). */
    static long parameters(ModelSettings model, Dataset train) {
        long d = train.dimension();
        long k = Math.max(2, train.numClasses());
        if (model instanceof ModelSettings.Softmax) {
            return MemoryBudget.times(d + 1, k);
        }
        if (model instanceof ModelSettings.MultilayerPerceptron m) {
            long total = 0;
            long in = d;
            for (int h : m.hidden()) {
                total = MemoryBudget.plus(total, MemoryBudget.times(in + 1, h));
                in = h;
            }
            return MemoryBudget.plus(total, MemoryBudget.times(in + 1, k));
        }
        return d + 1;
    }

    /** Doubles a minibatch example needs besides its index: outputs and hidden activations. */
    private static long activations(ModelSettings model, Dataset train) {
        long k = Math.max(2, train.numClasses());
        if (model instanceof ModelSettings.MultilayerPerceptron m) {
            long sum = k;
            for (int h : m.hidden()) {
                sum += 2L * h;
            }
            return sum;
        }
        return k;
    }

    private static boolean drawsMinibatches(AlgorithmSettings a) {
        return a.getClass().isRecord() && Arrays.stream(a.getClass().getRecordComponents()).anyMatch(c -> c.getName().equals("batchSize"));
    }
}

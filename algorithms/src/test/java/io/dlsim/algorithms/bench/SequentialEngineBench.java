package io.dlsim.algorithms.bench;

import io.dlsim.algorithms.data.Dataset;
import io.dlsim.algorithms.data.Partition;
import io.dlsim.algorithms.data.Partitioner;
import io.dlsim.algorithms.data.Synthetic;
import io.dlsim.algorithms.engine.SequentialEngine;
import io.dlsim.algorithms.model.InitMode;
import io.dlsim.algorithms.model.Model;
import io.dlsim.algorithms.model.ModelSettings;
import io.dlsim.algorithms.optim.AlgorithmSettings;
import io.dlsim.algorithms.optim.Dsgd;
import io.dlsim.algorithms.optim.NodeAlgorithm;
import io.dlsim.algorithms.optim.NodeContexts;
import io.dlsim.topologies.TopologyFactory;
import io.dlsim.topologies.TopologySpec;
import io.dlsim.topologies.schedule.StaticSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Node-steps per second of the sequential engine (the speed baseline of every other engine):
 * one benchmark operation is one gossip round of all nodes on a ring running D-SGD, so
 * node-steps/s = ops/s x nodes (16, or 1,024 for {@code numpy-comparison}). Workloads: logistic
 * regression d = 100 and the MLP 784-128-10, both at batch 32. Run: {@code mvn -B -pl algorithms -am test-compile -Pjmh
 * -Djmh.args="SequentialEngineBench"}. Figures in {@code algorithms/BENCHMARKS.md}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dorg.bytedeco.javacpp.maxPhysicalBytes=0"})
@State(Scope.Thread)
public class SequentialEngineBench {
    /** Nodes per round of the first two workloads; multiply ops/s by the workload's nodes for node-steps/s. */
    public static final int NODES = 16;

    /**
     * {@code logistic-d100} and {@code mlp-784-128-10}: 16 nodes of 256 and 128 examples (in
     * cache); {@code numpy-comparison}: logistic d = 100 on 1,024 nodes of 500 examples (410 MB,
     * out of cache), the workload of simulator/bench/numpy_dsgd_reference.py.
     */
    @Param({"logistic-d100", "mlp-784-128-10", "numpy-comparison"})
    public String workload;

    private SequentialEngine engine;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom rng = new SplittableRandom(1);
        Dataset train;
        Model model;
        boolean outOfCache = workload.equals("numpy-comparison");
        int n = outOfCache ? 1024 : NODES;
        if (workload.startsWith("logistic")) {
            train = Synthetic.sparseLogistic(n * 256, 100, 10, 1.0, rng).data();
            model = ModelSettings.logistic().create(train);
        } else if (outOfCache) {
            train = Synthetic.sparseLogistic(n * 500, 100, 100, 1.0, rng).data();
            model = ModelSettings.logistic().create(train);
        } else {
            train = Synthetic.teacherTask(NODES * 128, 784, 32, 10, 0.1, rng).data();
            model = ModelSettings.mlp(128).create(train);
        }
        Partition partition = Partitioner.iid().partition(train, n, new SplittableRandom(2));
        if (outOfCache) {
            // As a run stores it (PreparedRun): each shard's rows consecutive in storage.
            train = train.grouped(partition.shards());
        }
        AlgorithmSettings spec = new Dsgd.Settings(0.01, null, 32, null);
        List<NodeAlgorithm> nodes = new ArrayList<>();
        NodeContexts.all(train, partition, model, InitMode.SHARED, 3, 32).forEach(c -> nodes.add(spec.create(c, Long.MAX_VALUE)));
        engine = new SequentialEngine(new StaticSchedule(TopologyFactory.build(TopologySpec.of("ring", n)).matrix(), "ring"), nodes);
    }

    @Benchmark
    public long round() {
        engine.runRound();
        return engine.round();
    }
}

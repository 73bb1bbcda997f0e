package io.dlsim.simulator.run;

import io.dlsim.algorithms.data.DataSource;
import io.dlsim.algorithms.data.Partition;
import io.dlsim.algorithms.data.Partitioner;
import java.lang.ref.SoftReference;

/**
 * The synthetic data set the preflight check generated first, handed to the run that needs it
 * instead of generated again. The check {@linkplain #offer offers} each set it generates and the
 * first one is kept (softly: the collector drops it before the heap runs out); the first run is
 * prepared first and {@linkplain #take takes} it, which forgets it. So a run that keeps only a
 * grouped copy of its set ({@link PreparedRun}) holds the features once, as before, and a sweep of
 * large sets holds at most one set more than before, and only until its first run starts. A
 * synthetic set is a pure function of its settings, the node count and the seed, and
 * {@link io.dlsim.algorithms.data.Dataset} is immutable, so the kept set is the one a new load
 * would give, bit for bit. Sets read from files are never kept (a file can change between two
 * runs of one JVM).
 *
 * <p>Why (issue 11): every run's set was generated twice, in the preflight and for the run;
 * preparing the 100,000-node ring took 11.9 s, 6.3 s with the preflight's set. Keeping sets for
 * the later runs of a sweep too was measured and not kept: that run then held its loaded set beside
 * the grouped copy (peak RSS 18.0 GB against 14.3 GB, 59 s of page faults against 20 s).
 */
final class SyntheticData {
    /** What the kept set was loaded for, and the set; both null when none is kept. */
    private static Preflight.DataKey keptFor;
    private static SoftReference<DataSource.Loaded> kept;
    /** The partition the check made of the kept set, and by what (null: none kept). */
    private static Partitioner partitionedBy;
    private static Partition partition;

    private SyntheticData() {
    }

    /** A new preflight check starts: forget a set an earlier check kept and no run took. */
    static synchronized void forgetAll() {
        keptFor = null;
        kept = null;
        partitionedBy = null;
        partition = null;
    }

    /** Keeps {@code loaded}, what {@code key} loaded, for a run when it is synthetic and no set is kept yet. */
    static synchronized void offer(Preflight.DataKey key, DataSource.Loaded loaded) {
        if (isSynthetic(key.data()) && (kept == null || kept.get() == null)) {
            keptFor = key;
            kept = new SoftReference<>(loaded);
        }
    }

    /**
     * Keeps {@code made}, the partition {@code by} made of the set {@code key} loaded, when that
     * set is the kept one and no partition of it is kept yet (a partition is a pure function of
     * the set's labels, the node count and the seed's partition stream, and is immutable).
     */
    static synchronized void offerPartition(Preflight.DataKey key, Partitioner by, Partition made) {
        if (key.equals(keptFor) && partition == null) {
            partitionedBy = by;
            partition = made;
        }
    }

    /** What a run takes: its data set, and the check's partition of it by the run's partitioner (null when none was kept). */
    record Taken(DataSource.Loaded loaded, Partition partition) {
    }

    /**
     * {@code data.load(nodes, seed)} for a run: the kept set when it was loaded for these, which is
     * then forgotten (the next run of the same data generates it again), else a new load; with
     * the kept partition when {@code partitioner} made it (the 100,000-node Dirichlet partition
     * took ~33 s, made once instead of twice).
     */
    static Taken take(DataSource data, int nodes, long seed, Partitioner partitioner) {
        Preflight.DataKey key = new Preflight.DataKey(data, nodes, seed);
        synchronized (SyntheticData.class) {
            if (key.equals(keptFor)) {
                DataSource.Loaded loaded = kept.get();
                Partition made = partitioner != null && partitioner.equals(partitionedBy) ? partition : null;
                forgetAll();
                if (loaded != null) {
                    return new Taken(loaded, made);
                }
            }
        }
        return new Taken(data.load(nodes, seed), null);
    }

    /** Whether {@code data} is generated from its settings, the node count and the seed alone. */
    static boolean isSynthetic(DataSource data) {
        return data instanceof DataSource.SyntheticLogistic || data instanceof DataSource.SyntheticLinear
                || data instanceof DataSource.SyntheticTeacher;
    }
}

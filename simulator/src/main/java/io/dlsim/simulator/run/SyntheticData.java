package io.dlsim.simulator.run;

import io.dlsim.algorithms.data.DataSource;
import java.lang.ref.SoftReference;
import java.util.HashMap;
import java.util.Map;

/**
 * The synthetic data set the preflight check generated first, handed to the run that needs it
 * instead of generated again. {@link #load} keeps the first set a check generates (softly: the
 * collector drops it before the heap runs out), and the first run is prepared first;
 * {@link #take} gives the set to that run and forgets it. So a run that keeps only a grouped copy
 * of its set ({@code PreparedRun}) holds the features once, as before, and a sweep of large sets
 * holds at most one set more than before, and only until its first run starts. A synthetic set is
 * a pure function of its settings, the node count and the seed, and
 * {@link io.dlsim.algorithms.data.Dataset} is immutable, so a kept set is the one a new load would
 * give, bit for bit. Sets read from files are read again each time (a file can change between two
 * runs of one JVM).
 *
 * <p>Why (issue 11): every run's set was generated twice, in the preflight and for the run;
 * preparing the 100,000-node ring took 11.9 s, 6.3 s with the preflight's set. Keeping sets for
 * the later runs of a sweep too was measured and not kept: that run then held its loaded set beside
 * the grouped copy (peak RSS 18.0 GB against 14.3 GB, 59 s of page faults against 20 s).
 */
final class SyntheticData {
    private record Key(DataSource data, int nodes, long seed) {
    }

    /** The kept set (at most one), by its settings, node count and seed. */
    private static final Map<Key, SoftReference<DataSource.Loaded>> KEPT_SETS = new HashMap<>();

    private SyntheticData() {
    }

    /**
     * {@code data.load(nodes, seed)} for the preflight check: the kept set when it is this one,
     * else a new load, kept for the run ({@link #take}) when no other set is.
     */
    static DataSource.Loaded load(DataSource data, int nodes, long seed) {
        if (!isSynthetic(data)) {
            return data.load(nodes, seed);
        }
        Key key = new Key(data, nodes, seed);
        synchronized (KEPT_SETS) {
            SoftReference<DataSource.Loaded> kept = KEPT_SETS.get(key);
            DataSource.Loaded loaded = kept == null ? null : kept.get();
            if (loaded != null) {
                return loaded;
            }
        }
        // Generated outside the lock: runs at once (--jobs) prepare their sets side by side.
        DataSource.Loaded loaded = data.load(nodes, seed);
        synchronized (KEPT_SETS) {
            KEPT_SETS.values().removeIf(kept -> kept.get() == null);
            if (KEPT_SETS.isEmpty()) {
                KEPT_SETS.put(key, new SoftReference<>(loaded));
            }
        }
        return loaded;
    }

    /** Forgets the kept set: a new preflight check starts (a set an earlier one kept went unused). */
    static void forgetAll() {
        synchronized (KEPT_SETS) {
            KEPT_SETS.clear();
        }
    }

    /**
     * {@code data.load(nodes, seed)} for a run: the kept set when there is one, which is then
     * forgotten (the next run of the same data generates it again), else a new load.
     */
    static DataSource.Loaded take(DataSource data, int nodes, long seed) {
        if (isSynthetic(data)) {
            synchronized (KEPT_SETS) {
                SoftReference<DataSource.Loaded> kept = KEPT_SETS.remove(new Key(data, nodes, seed));
                DataSource.Loaded loaded = kept == null ? null : kept.get();
                if (loaded != null) {
                    return loaded;
                }
            }
        }
        return data.load(nodes, seed);
    }

    /** Whether {@code data} is generated from its settings, the node count and the seed alone. */
    static boolean isSynthetic(DataSource data) {
        return data instanceof DataSource.SyntheticLogistic || data instanceof DataSource.SyntheticLinear
                || data instanceof DataSource.SyntheticTeacher;
    }
}

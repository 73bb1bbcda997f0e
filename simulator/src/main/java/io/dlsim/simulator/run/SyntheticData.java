package io.dlsim.simulator.run;

import io.dlsim.algorithms.data.DataSource;
import java.lang.ref.SoftReference;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The synthetic data sets the preflight check generated, handed to the run that needs them next
 * instead of generated again: {@link #load} keeps a set (softly: the collector drops it before the
 * heap runs out), {@link #take} gives it to a run and forgets it, so that a run that keeps only a
 * grouped copy of its set ({@code PreparedRun}) holds the features once, as before. A synthetic
 * set is a pure function of its settings, the node count and the seed, and {@link
 * io.dlsim.algorithms.data.Dataset} is immutable, so a kept set is the one a new load would give,
 * bit for bit. Sets read from files are read again each time (a file can change between two runs
 * of one JVM).
 *
 * <p>Why (issue 11): every run generated its set twice, once in the preflight and once to run;
 * the 100,000-node ring's 5 GB set took ~7 s each time. Keeping sets for the next runs of a sweep
 * too was measured and not kept: with the loaded set held beside the grouped copy, that run's
 * peak RSS went from 14.3 to 18.0 GB and its page faults from 20 to 59 s of system time.
 */
final class SyntheticData {
    /** Sets kept at most (the last used). */
    private static final int KEPT = 4;

    private record Key(DataSource data, int nodes, long seed) {
    }

    private static final Map<Key, SoftReference<DataSource.Loaded>> KEPT_SETS = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, SoftReference<DataSource.Loaded>> eldest) {
            return size() > KEPT;
        }
    };

    private SyntheticData() {
    }

    /**
     * {@code data.load(nodes, seed)} for the preflight check: from the kept sets when {@code data}
     * is synthetic and was generated before, and kept for the run ({@link #take}).
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
        // Generated outside the lock: runs at once (--jobs) generate their own sets side by side.
        DataSource.Loaded loaded = data.load(nodes, seed);
        synchronized (KEPT_SETS) {
            KEPT_SETS.put(key, new SoftReference<>(loaded));
        }
        return loaded;
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

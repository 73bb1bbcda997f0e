package io.dlsim.algorithms.engine;

import io.dlsim.topologies.mixing.MixingMatrix;
import io.dlsim.topologies.schedule.MixingSchedule;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@link MixingRows} of every round of a schedule, built once per distinct W and shared by
 * all the nodes of an engine (thread-safe), so n nodes do not each rebuild an n-row matrix every
 * round. Keeps a bounded window of recent rounds: nodes of a neighbour-synchronised engine are
 * never far apart.
 */
public final class RoundRows {
    private static final int MAX_ROUNDS = 512;
    private static final int MAX_MATRICES = 64;
    private final MixingSchedule schedule;
    private final TreeMap<Long, MixingRows> byRound = new TreeMap<>();
    private final Map<MixingMatrix, MixingRows> byMatrix = new IdentityHashMap<>();

    public RoundRows(MixingSchedule schedule) {
        this.schedule = schedule;
    }

    public int n() {
        return schedule.n();
    }

    /** The rows of W(round). */
    public synchronized MixingRows at(long round) {
        MixingRows rows = byRound.get(round);
        if (rows != null) {
            return rows;
        }
        MixingMatrix w = schedule.at(round);
        rows = byMatrix.get(w);
        if (rows == null) {
            rows = MixingRows.of(w, null);
            if (byMatrix.size() >= MAX_MATRICES) {
                byMatrix.clear();
            }
            byMatrix.put(w, rows);
        }
        byRound.put(round, rows);
        if (byRound.size() > MAX_ROUNDS) {
            byRound.pollFirstEntry();
        }
        return rows;
    }
}

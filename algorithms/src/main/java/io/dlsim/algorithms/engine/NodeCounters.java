package io.dlsim.algorithms.engine;

/**
 * Work and communication of one node: component gradient evaluations (a minibatch gradient of
 * b examples counts b; a full local gradient counts the shard size, so DPSVRG's snapshots show),
 * messages sent and the bytes of their payloads (8 per double, or the size of a compressed
 * encoding, see {@code NodeAlgorithm#messageBytes}), and, in a run with a system model, the
 * node's simulated clock ({@link RoundClock}: when its last round ended, how long it waited).
 * Mutable, owned by one node; all of it is checkpointed with the node ({@link NodeState}).
 */
public final class NodeCounters implements NodeState.Stateful, io.dlsim.algorithms.system.ChurnModel.Cursor {
    private long gradientEvaluations;
    private long messagesSent;
    private long bytesSent;
    /** Simulated seconds at which the node's last completed round ended. */
    private double clock;
    /** Simulated seconds at which the current round's local computation ended. */
    private double computedAt;
    /** Simulated seconds spent waiting for in-neighbours' messages, over all rounds. */
    private double idleSeconds;
    /** Gradient evaluations already charged compute time. */
    private long timedEvaluations;
    /** Local steps completed on simulated time (rounds it took part in, or asynchronous steps). */
    private long steps;
    /** Churn ({@link ChurnRound}): whether the node sits out the current round (it took no part in the last one when between rounds). */
    private boolean offline;
    /** Churn: whether it sits out the next round, decided at the start of the current one. */
    private boolean offlineNext;
    /** Churn: which of its row's columns (W's row, itself included) are offline in the current round; null before the first round. */
    private boolean[] columnOffline;
    /** Churn: the on-off period its clock is in, and when that period began ({@link io.dlsim.algorithms.system.ChurnModel.Cursor}). */
    private long churnPeriod;
    private double churnPeriodStart;

    public void addGradients(long components) {
        gradientEvaluations += components;
    }

    /** Counts one message of {@code doubles} parameters to each of {@code recipients} nodes. */
    public void addSent(int recipients, int doubles) {
        messagesSent += recipients;
        bytesSent += (long) recipients * doubles * Double.BYTES;
    }

    /** Counts one message of {@code bytes} bytes to each of {@code recipients} nodes. */
    public void addSentBytes(int recipients, long bytes) {
        messagesSent += recipients;
        bytesSent += recipients * bytes;
    }

    public long gradientEvaluations() {
        return gradientEvaluations;
    }

    public long messagesSent() {
        return messagesSent;
    }

    public long bytesSent() {
        return bytesSent;
    }

    /** Simulated seconds at which the node's last completed round ended (0 without a system model). */
    public double clock() {
        return clock;
    }

    /** Simulated seconds the node spent waiting for messages so far (0 without a system model). */
    public double idleSeconds() {
        return idleSeconds;
    }

    /** Whether the node takes part in the current round (between rounds: the next one); always true without churn. */
    public boolean online() {
        return !offline;
    }

    @Override
    public long churnPeriod() {
        return churnPeriod;
    }

    @Override
    public double churnPeriodStart() {
        return churnPeriodStart;
    }

    @Override
    public void moveChurnPeriod(long index, double start) {
        churnPeriod = index;
        churnPeriodStart = start;
    }

    boolean offlineNext() {
        return offlineNext;
    }

    void offlineNext(boolean next) {
        offlineNext = next;
    }

    boolean[] columnOffline() {
        return columnOffline;
    }

    /** Sets the churn view of the current round: whether it is offline and which of its columns are. */
    void churnView(boolean offline, boolean[] columnOffline) {
        this.offline = offline;
        this.columnOffline = columnOffline;
    }

    /** An offline round ended at {@code end}: the node was neither computing nor waiting. */
    void endOfflineRound(double end) {
        computedAt = end;
        clock = end;
    }

    /** Gradient evaluations not yet charged compute time; charges them. */
    long takeUntimedEvaluations() {
        long untimed = gradientEvaluations - timedEvaluations;
        timedEvaluations = gradientEvaluations;
        return untimed;
    }

    double computedAt() {
        return computedAt;
    }

    void computed(double at) {
        computedAt = at;
    }

    /**
     * The round (or asynchronous step) ended at {@code end} (>= {@link #computedAt}); the time
     * since the computation ended was spent waiting.
     */
    void endRound(double end) {
        idleSeconds += end - computedAt;
        clock = end;
        steps++;
    }

    /** Local steps completed on simulated time (0 without a system model). */
    public long steps() {
        return steps;
    }
}

package io.dlsim.algorithms.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * The discrete-event engine's pending events, taken out in one total order: a calendar of time
 * buckets instead of one binary heap. Contract: {@link #poll} returns the smallest event by
 * {@code order} among those held, exactly as a {@link java.util.PriorityQueue} with the same comparator
 * would, so an engine gives the same bits on either; {@code order} must sort by time first
 * ({@code timeOf}) and be total (the engine breaks ties by a sequence number).
 *
 * <p>How: the events are kept in buckets of simulated time of a width w, keyed by
 * {@code floor(time / w)} (monotone in time, so a bucket's events all come before a later
 * bucket's): the next {@value #RING} keys in a ring of slots, later ones in a sorted map. Only
 * the earliest bucket is in a binary heap, with the events added since at or before its key (an
 * engine never adds one before the time it is at, but a bucket is opened when the next event is
 * only looked at, and another part's messages come after). So an event costs an append to a list
 * and a heap of about a thousand, instead of a heap of every event in flight, whose levels miss
 * the cache when it holds millions (a 100,000-node run on the exponential graph holds ~1.4
 * million: simulator/BENCHMARKS.md, "A calendar of events").
 *
 * <p>The width adapts: a bucket of more than {@value #SPLIT_ABOVE} events when opened makes the
 * width smaller so that it would hold about {@value #TARGET}, and every event is re-bucketed
 * (this happens a few times a run at most, each O(events)); buckets that stay tiny make it larger.
 * The width changes only how the events are held, never their order. Not thread-safe.
 *
 * @param <E> the event type
 */
final class EventQueue<E> {
    /** A bucket opened with more events than this is split by a smaller width. */
    static final int SPLIT_ABOVE = 8192;
    /** The bucket size a new width aims at. */
    static final int TARGET = 1024;
    /** Buckets opened in a row with fewer events than this make the width larger. */
    private static final int TINY = 8;
    private static final int TINY_RUN = 64;
    /** The width never goes below this fraction of the latest time held (keys stay far inside a long). */
    private static final double MIN_WIDTH = 1e-15;

    /** Slots of the ring of buckets (a power of two). */
    static final int RING = 4096;

    private final Comparator<? super E> order;
    private final ToDoubleFunction<? super E> timeOf;
    private double width;
    /**
     * Buckets of keys {@code base .. base + RING - 1}, at {@code key & (RING - 1)}; null when empty.
     * Every key here is smaller than every key in {@link #far}.
     */
    @SuppressWarnings("unchecked")
    private final ArrayList<E>[] ring = new ArrayList[RING];
    private long base;
    private int ringBuckets;
    /** Buckets of later keys, and the first of them (Long.MAX_VALUE when none). */
    private final TreeMap<Long, ArrayList<E>> far = new TreeMap<>();
    private long farFirst = Long.MAX_VALUE;
    /**
     * A binary heap by {@code order} of the open bucket (key {@code base - 1}) and of events
     * added since with a key below {@link #base}: every event here comes before every bucket's.
     */
    private Object[] heap = new Object[64];
    /** {@code heap[k]}'s time: most comparisons are decided here, without reading the event. */
    private double[] heapTimes = new double[64];
    private int heapSize;
    private int size;
    private int tinyInARow;

    /**
     * @param order the total order events leave in; time first
     * @param timeOf an event's simulated time (finite, >= 0)
     * @param width the first bucket width (> 0), e.g. the smallest latency; it adapts
     */
    EventQueue(Comparator<? super E> order, ToDoubleFunction<? super E> timeOf, double width) {
        if (!(width > 0) || Double.isInfinite(width)) {
            throw new IllegalArgumentException("bucket width must be positive and finite, got " + width);
        }
        this.order = order;
        this.timeOf = timeOf;
        this.width = width;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The bucket width now (for tests and figures). */
    double width() {
        return width;
    }

    void add(E e) {
        size++;
        place(e, timeOf.applyAsDouble(e));
    }

    private void place(E e, double time) {
        long key = key(time);
        if (key < base) {
            heapAdd(e, time);
        } else if (key - base >= 0 && key - base < RING && key < farFirst) {
            int slot = (int) (key & (RING - 1));
            ArrayList<E> bucket = ring[slot];
            if (bucket == null) {
                bucket = new ArrayList<>();
                ring[slot] = bucket;
                ringBuckets++;
            }
            bucket.add(e);
        } else {
            far.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
            farFirst = Math.min(farFirst, key);
        }
    }

    /** The next event, or null when none is held. */
    @SuppressWarnings("unchecked")
    E peek() {
        return ready() ? (E) heap[0] : null;
    }

    /** Removes and returns the next event, or null when none is held. */
    @SuppressWarnings("unchecked")
    E poll() {
        if (!ready()) {
            return null;
        }
        E head = (E) heap[0];
        size--;
        E last = (E) heap[--heapSize];
        double lastTime = heapTimes[heapSize];
        heap[heapSize] = null;
        if (heapSize > 0) {
            siftDown(0, last, lastTime);
        }
        return head;
    }

    /** Every event held, in no particular order. */
    @SuppressWarnings("unchecked")
    void forEach(Consumer<? super E> action) {
        for (int k = 0; k < heapSize; k++) {
            action.accept((E) heap[k]);
        }
        for (ArrayList<E> bucket : ring) {
            if (bucket != null) {
                bucket.forEach(action);
            }
        }
        for (ArrayList<E> bucket : far.values()) {
            bucket.forEach(action);
        }
    }

    /** Whether an event is at hand in the heap, opening the next bucket into it when not. */
    private boolean ready() {
        while (heapSize == 0) {
            if (size == 0) {
                return false;
            }
            long key;
            ArrayList<E> bucket;
            if (ringBuckets > 0) {
                key = base;
                while (ring[(int) (key & (RING - 1))] == null) {
                    key++;
                }
                int slot = (int) (key & (RING - 1));
                bucket = ring[slot];
                ring[slot] = null;
                ringBuckets--;
            } else {
                Map.Entry<Long, ArrayList<E>> first = far.pollFirstEntry();
                farFirst = far.isEmpty() ? Long.MAX_VALUE : far.firstKey();
                key = first.getKey();
                bucket = first.getValue();
            }
            if (bucket.size() > SPLIT_ABOVE) {
                // Cut by its own span: events at one instant (every node starting alike) stay together.
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                for (E e : bucket) {
                    double t = timeOf.applyAsDouble(e);
                    lo = Math.min(lo, t);
                    hi = Math.max(hi, t);
                }
                double narrower = (hi - lo) * TARGET / bucket.size();
                if (narrower < width / 2 && rebucket(bucket, narrower)) {
                    continue;
                }
            }
            tinyInARow = bucket.size() < TINY ? tinyInARow + 1 : 0;
            if (tinyInARow >= TINY_RUN) {
                tinyInARow = 0;
                if (rebucket(bucket, width * 16)) {
                    continue;
                }
            }
            open(bucket, key);
        }
        return true;
    }

    /** Makes {@code bucket} (key {@code key}, the earliest) the heap. */
    @SuppressWarnings("unchecked")
    private void open(ArrayList<E> bucket, long key) {
        int k = bucket.size();
        if (heap.length < k) {
            heap = new Object[Math.max(k, 2 * heap.length)];
            heapTimes = new double[heap.length];
        }
        for (int i = 0; i < k; i++) {
            E e = bucket.get(i);
            heap[i] = e;
            heapTimes[i] = timeOf.applyAsDouble(e);
        }
        heapSize = k;
        for (int i = (k >>> 1) - 1; i >= 0; i--) {
            siftDown(i, (E) heap[i], heapTimes[i]);
        }
        base = key + 1;
    }

    /*
     * The heap's own sift loops rather than java.util.PriorityQueue's or Arrays.sort's: their
     * comparator call sites are shared by every comparator of the JVM, so the engine's order was
     * called, not inlined (1,024 nodes, async-gossip on the exponential graph: 10 % slower with a
     * sorted bucket than with one PriorityQueue).
     */

    private void heapAdd(E e, double time) {
        if (heapSize == heap.length) {
            heap = Arrays.copyOf(heap, 2 * heap.length);
            heapTimes = Arrays.copyOf(heapTimes, heap.length);
        }
        int k = heapSize++;
        while (k > 0) {
            int parent = (k - 1) >>> 1;
            if (compare(e, time, parent) >= 0) {
                break;
            }
            heap[k] = heap[parent];
            heapTimes[k] = heapTimes[parent];
            k = parent;
        }
        heap[k] = e;
        heapTimes[k] = time;
    }

    private void siftDown(int k, E e, double time) {
        int half = heapSize >>> 1;
        while (k < half) {
            int child = 2 * k + 1;
            int right = child + 1;
            if (right < heapSize && compareAt(child, right) > 0) {
                child = right;
            }
            if (compare(e, time, child) <= 0) {
                break;
            }
            heap[k] = heap[child];
            heapTimes[k] = heapTimes[child];
            k = child;
        }
        heap[k] = e;
        heapTimes[k] = time;
    }

    /** {@code order.compare(e, heap[k])}, decided by the times when they differ ({@code order} sorts by time first). */
    @SuppressWarnings("unchecked")
    private int compare(E e, double time, int k) {
        double other = heapTimes[k];
        if (time < other) {
            return -1;
        }
        if (time > other) {
            return 1;
        }
        return order.compare(e, (E) heap[k]);
    }

    @SuppressWarnings("unchecked")
    private int compareAt(int a, int b) {
        return compare((E) heap[a], heapTimes[a], b);
    }

    /**
     * Re-buckets {@code taken} (the bucket just taken out, whose events are the earliest held) and
     * every later event by {@code newWidth}; false when keys of that width would not fit a long
     * for these times ({@link #MIN_WIDTH} of the latest finite time): then nothing changed and
     * the caller opens {@code taken} as it is.
     */
    private boolean rebucket(ArrayList<E> taken, double newWidth) {
        if (!(newWidth > 0) || newWidth == width || Double.isInfinite(newWidth)) {
            return false;
        }
        List<E> all = new ArrayList<>(size);
        forEach(all::add);
        all.addAll(taken);
        double latest = 0;
        double earliest = Double.POSITIVE_INFINITY;
        for (E e : all) {
            double t = timeOf.applyAsDouble(e);
            earliest = Math.min(earliest, t);
            if (t != Double.POSITIVE_INFINITY) {
                latest = Math.max(latest, Math.abs(t));
            }
        }
        if (latest * MIN_WIDTH > newWidth) {
            return false;
        }
        Arrays.fill(ring, null);
        ringBuckets = 0;
        far.clear();
        farFirst = Long.MAX_VALUE;
        width = newWidth;
        base = key(earliest);
        for (E e : all) {
            place(e, timeOf.applyAsDouble(e));
        }
        return true;
    }

    private long key(double time) {
        // (long) saturates: an event at +infinity (none is made today) goes to the last bucket.
        return (long) Math.floor(time / width);
    }
}

package io.dlsim.algorithms.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EventQueueTest {
    /** An event as the engine's: a time, ties broken by a node and then by the order made. */
    record Ev(double time, int node, long seq) {
    }

    private static final Comparator<Ev> ORDER = Comparator.comparingDouble(Ev::time).thenComparingInt(Ev::node)
            .thenComparingLong(Ev::seq);

    /**
     * Runs an engine-like workload on both queues: take the next event, add 0..fanout events at
     * or after its time (some at the same instant, some in the open bucket, some far ahead), and
     * every so often peek without taking; both must give the same events in the same order.
     */
    private static EventQueue<Ev> sameOrderAsAHeap(long seed, double width, int start, int steps, int fanout,
            java.util.function.DoubleUnaryOperator delay) {
        SplittableRandom rng = new SplittableRandom(seed);
        EventQueue<Ev> calendar = new EventQueue<>(ORDER, Ev::time, width);
        PriorityQueue<Ev> heap = new PriorityQueue<>(ORDER);
        long seq = 0;
        for (int k = 0; k < start; k++) {
            Ev e = new Ev(delay.applyAsDouble(rng.nextDouble()), rng.nextInt(50), seq++);
            calendar.add(e);
            heap.add(e);
        }
        for (int s = 0; s < steps && !heap.isEmpty(); s++) {
            if (rng.nextInt(5) == 0) {
                assertThat(calendar.peek()).isEqualTo(heap.peek());
            }
            Ev taken = calendar.poll();
            assertThat(taken).isEqualTo(heap.poll());
            assertThat(calendar.size()).isEqualTo(heap.size());
            int made = rng.nextInt(fanout + 1);
            for (int k = 0; k < made; k++) {
                double at = rng.nextInt(4) == 0 ? taken.time() : taken.time() + delay.applyAsDouble(rng.nextDouble());
                Ev e = new Ev(at, rng.nextInt(50), seq++);
                calendar.add(e);
                heap.add(e);
            }
        }
        while (!heap.isEmpty()) {
            assertThat(calendar.poll()).isEqualTo(heap.poll());
        }
        assertThat(calendar.isEmpty()).isTrue();
        assertThat(calendar.poll()).isNull();
        assertThat(calendar.peek()).isNull();
        return calendar;
    }

    @Test
    void givesTheEventsInTheOrderOfAHeap() {
        for (long seed = 1; seed <= 20; seed++) {
            sameOrderAsAHeap(seed, 0.01, 200, 20_000, 2, u -> 0.001 + 0.02 * u);
        }
    }

    @Test
    void eventsBeyondTheRingComeInOrderToo() {
        // Delays from one bucket to ~3 rings ahead: keys past the ring go to the far buckets.
        for (long seed = 1; seed <= 10; seed++) {
            double ring = EventQueue.RING * 1e-4;
            sameOrderAsAHeap(seed, 1e-4, 3_000, 30_000, 2, u -> u < 0.7 ? 1e-4 * u * 5 : 3 * ring * u);
        }
    }

    @Test
    void aCrowdedBucketIsCutFinerAndTheOrderStays() {
        // 50,000 events within one first bucket: the width must shrink, the order must not change.
        EventQueue<Ev> q = sameOrderAsAHeap(7, 10.0, 50_000, 200_000, 2, u -> 1e-3 * u);
        assertThat(q.width()).isLessThan(10.0 / 2);
    }

    @Test
    void sparseEventsMakeTheWidthLargerAndTheOrderStays() {
        // Events ~1 s apart in buckets of 1 microsecond: one per bucket, so the width grows.
        EventQueue<Ev> q = sameOrderAsAHeap(3, 1e-6, 100, 5_000, 1, u -> 0.5 + u);
        assertThat(q.width()).isGreaterThan(1e-6);
    }

    @Test
    void eventsAtOneInstantAreNotCut() {
        // Every node's step ending at the same time: a bucket that a finer width cannot split.
        EventQueue<Ev> q = new EventQueue<>(ORDER, Ev::time, 1.0);
        List<Ev> all = new ArrayList<>();
        for (int k = 0; k < 3 * EventQueue.SPLIT_ABOVE; k++) {
            Ev e = new Ev(0.01, (k * 7919) % 1000, k);
            all.add(e);
            q.add(e);
        }
        all.sort(ORDER);
        for (Ev e : all) {
            assertThat(q.poll()).isEqualTo(e);
        }
        assertThat(q.width()).isEqualTo(1.0);
    }

    @Test
    void anEventAddedBeforeTheOpenBucketStillComesFirst() {
        // The engine looks at its next event (opening its bucket), then another part delivers an
        // earlier one: it must come out first.
        EventQueue<Ev> q = new EventQueue<>(ORDER, Ev::time, 1.0);
        q.add(new Ev(5.5, 0, 0));
        assertThat(q.peek().time()).isEqualTo(5.5);
        q.add(new Ev(2.25, 1, 1));
        q.add(new Ev(5.5, 0, 2));
        q.add(new Ev(9.0, 0, 3));
        assertThat(q.poll()).isEqualTo(new Ev(2.25, 1, 1));
        assertThat(q.poll()).isEqualTo(new Ev(5.5, 0, 0));
        assertThat(q.poll()).isEqualTo(new Ev(5.5, 0, 2));
        assertThat(q.poll()).isEqualTo(new Ev(9.0, 0, 3));
    }

    @Test
    void forEachVisitsEveryEventHeld() {
        EventQueue<Ev> q = new EventQueue<>(ORDER, Ev::time, 0.1);
        for (int k = 0; k < 100; k++) {
            q.add(new Ev(k * 0.037, k, k));
        }
        q.poll();
        q.add(new Ev(0.04, 500, 100));
        List<Ev> seen = new ArrayList<>();
        q.forEach(seen::add);
        assertThat(seen).hasSize(100).contains(new Ev(0.04, 500, 100)).doesNotContain(new Ev(0, 0, 0));
    }

    @Test
    void refusesAWidthThatIsNotPositive() {
        assertThatThrownBy(() -> new EventQueue<>(ORDER, Ev::time, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EventQueue<>(ORDER, Ev::time, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.dlsim.simulator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dlsim.metrics.NodeSnapshot;
import io.dlsim.simulator.engine.Coordinator;
import io.dlsim.simulator.engine.NodeBlock;
import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The binary wire format round-trips values bit for bit and refuses malformed bytes from the network, saying why. */
class ParameterSerializerTest {
    private final ParameterSerializer serializer = new ParameterSerializer(null);

    private Object roundTrip(Object o) throws NotSerializableException {
        return serializer.fromBinary(serializer.toBinary(o), serializer.manifest(o));
    }

    @Test
    void batchesForwardsAndReportsArriveBitForBit() throws Exception {
        double[] a = {1.5, -0.0, Double.NaN, Double.MIN_VALUE};
        double[] b = {};
        NodeBlock.Batch batch = new NodeBlock.Batch(7, 3, new int[] {10, 12}, new double[][] {a, b});
        NodeBlock.Batch back = (NodeBlock.Batch) roundTrip(batch);
        assertThat(back.round()).isEqualTo(7);
        assertThat(back.fromBlock()).isEqualTo(3);
        assertThat(back.nodes()).containsExactly(10, 12);
        assertThat(Arrays.stream(back.payloads()[0]).mapToLong(Double::doubleToRawLongBits).toArray())
                .containsExactly(Arrays.stream(a).mapToLong(Double::doubleToRawLongBits).toArray());
        assertThat(back.payloads()[1]).isEmpty();
        assertThat(back.departures()).isNull();
        NodeBlock.Batch timed = (NodeBlock.Batch) roundTrip(new NodeBlock.Batch(7, 3, new int[] {10, 12}, new double[][] {a, b},
                new double[] {0.1 + 0.2, 1e300}));
        assertThat(timed.departures()).containsExactly(0.1 + 0.2, 1e300);
        assertThat(timed.payloads()[1]).isEmpty();

        WorkerHost.Forward f = (WorkerHost.Forward) roundTrip(new WorkerHost.Forward(5, 2, batch));
        assertThat(f.to()).isEqualTo(5);
        assertThat(f.run()).isEqualTo(2);
        assertThat(f.batch().nodes()).containsExactly(10, 12);

        NodeSnapshot with = new NodeSnapshot(4, 20, a, 1, 2, 3, 0.5, new byte[] {9}, 0.25);
        NodeSnapshot without = new NodeSnapshot(4, 20, a, 1, 2, 3, 0.5, null, null);
        assertThat(((Coordinator.Report) roundTrip(new Coordinator.Report(with))).snapshot().localLoss()).isEqualTo(0.25);
        NodeSnapshot plain = ((Coordinator.Report) roundTrip(new Coordinator.Report(without))).snapshot();
        assertThat(plain.localLoss()).isNull();
        assertThat(plain.state()).isNull();
        NodeSnapshot clocked = ((Coordinator.Report) roundTrip(new Coordinator.Report(new NodeSnapshot(4, 20, a, 1, 2, 3, 0.5, null,
                null, 12.5 + 1e-9, 0.1 + 0.2)))).snapshot();
        assertThat(clocked.clock()).isEqualTo(12.5 + 1e-9);
        assertThat(clocked.idleSeconds()).isEqualTo(0.1 + 0.2);
        assertThat(clocked.online()).isTrue();
        NodeSnapshot offline = ((Coordinator.Report) roundTrip(new Coordinator.Report(new NodeSnapshot(4, 20, a, 1, 2, 3, 0.5, null,
                null, 2, 1, false, 17)))).snapshot();
        assertThat(offline.online()).isFalse();
        assertThat(offline.steps()).isEqualTo(17);

        // Under churn an offline node's entry has its announcement and no model.
        NodeBlock.Batch churned = (NodeBlock.Batch) roundTrip(new NodeBlock.Batch(7, 3, new int[] {10, 12, 13},
                new double[][] {a, null, b}, new double[] {0.5, 0.25, 2}, new int[] {1 | 2 | 4 << 2, 2, 3}));
        assertThat(churned.announcements()).containsExactly(1 | 2 | 4 << 2, 2, 3);
        assertThat(churned.payloads()[1]).isNull();
        assertThat(churned.payloads()[2]).isEmpty();
        assertThat(churned.departures()).containsExactly(0.5, 0.25, 2);
    }

    @Test
    void asynchronousWindowsTheirAnswersAndSnapshotsArriveBitForBit() throws Exception {
        double[] a = {1.5, -0.0, Double.NaN, Double.MIN_VALUE};
        var t1 = new io.dlsim.algorithms.engine.EventEngine.Transfer(0.1 + 0.2, 7, 0, 3, 12, a);
        var t2 = new io.dlsim.algorithms.engine.EventEngine.Transfer(1e-300, 0, 2, 9, 0, new double[0]);
        WorkerHost.AdvanceEvents w = (WorkerHost.AdvanceEvents) roundTrip(new WorkerHost.AdvanceEvents(3, 41, 0.125 + 1e-12,
                java.util.List.of(t1, t2)));
        assertThat(w.run()).isEqualTo(3);
        assertThat(w.window()).isEqualTo(41);
        assertThat(w.until()).isEqualTo(0.125 + 1e-12);
        assertThat(w.incoming()).hasSize(2);
        assertThat(w.incoming().get(0).time()).isEqualTo(0.1 + 0.2);
        assertThat(Arrays.stream(w.incoming().get(0).payload()).mapToLong(Double::doubleToRawLongBits).toArray())
                .containsExactly(Arrays.stream(a).mapToLong(Double::doubleToRawLongBits).toArray());
        assertThat(w.incoming().get(1)).usingRecursiveComparison().isEqualTo(t2);
        assertThat(((WorkerHost.AdvanceEvents) roundTrip(new WorkerHost.AdvanceEvents(0, 0, 0, java.util.List.of()))).incoming()).isEmpty();

        var done = new io.dlsim.simulator.engine.EventBlocks.Advanced(java.util.List.of(t2), 99, new long[] {5, 0, 2}, 3.25,
                Double.POSITIVE_INFINITY);
        EventsDriver.Advanced d = (EventsDriver.Advanced) roundTrip(new EventsDriver.Advanced(3, 41, 17, done));
        assertThat(d.from()).isEqualTo(17);
        assertThat(d.advanced().totalSteps()).isEqualTo(99);
        assertThat(d.advanced().staleness()).containsExactly(5, 0, 2);
        assertThat(d.advanced().now()).isEqualTo(3.25);
        assertThat(d.advanced().nextEventTime()).isInfinite();
        assertThat(d.advanced().outgoing().get(0)).usingRecursiveComparison().isEqualTo(t2);

        NodeSnapshot snap = new NodeSnapshot(4, 20, a, 1, 2, 3, 0.5, null, 0.25, 2, 1, true, 17);
        EventsDriver.Snapshot back = (EventsDriver.Snapshot) roundTrip(new EventsDriver.Snapshot(3, snap));
        assertThat(back.run()).isEqualTo(3);
        assertThat(back.snapshot().steps()).isEqualTo(17);
        assertThat(back.snapshot().localLoss()).isEqualTo(0.25);

        var at = new io.dlsim.metrics.AsynchronousCheckpoint.Position(0.1 + 0.2, 7, 3, 2);
        WorkerHost.SaveEvents save = (WorkerHost.SaveEvents) roundTrip(new WorkerHost.SaveEvents(3, at, java.util.List.of(t1)));
        assertThat(save.at()).isEqualTo(at);
        assertThat(save.incoming().get(0).time()).isEqualTo(0.1 + 0.2);
        EventsDriver.Checkpoint part = (EventsDriver.Checkpoint) roundTrip(new EventsDriver.Checkpoint(3, 5, new byte[] {1, -2, 3}));
        assertThat(part.node()).isEqualTo(5);
        assertThat(part.state()).containsExactly(1, -2, 3);
        byte[] lying = serializer.toBinary(new EventsDriver.Checkpoint(3, 5, new byte[] {1, 2}));
        ByteBuffer.wrap(lying).putInt(8, 99);
        assertThat(assertThrows(NotSerializableException.class, () -> serializer.fromBinary(lying, "K")).getMessage())
                .contains("99 bytes claimed, 2 left");

        // From the network: a negative node, an unknown kind, a time that is not finite, a count that lies.
        byte[] good = serializer.toBinary(new WorkerHost.AdvanceEvents(3, 41, 0.5, java.util.List.of(t1)));
        ByteBuffer bad = ByteBuffer.wrap(good.clone());
        bad.putInt(20 + 4 + 8, -1);
        assertThat(assertThrows(NotSerializableException.class, () -> serializer.fromBinary(bad.array(), "A")).getMessage())
                .contains("asynchronous event 0 (for node -1");
        ByteBuffer kind = ByteBuffer.wrap(good.clone());
        kind.putInt(20 + 4 + 12, 7);
        assertThat(assertThrows(NotSerializableException.class, () -> serializer.fromBinary(kind.array(), "A")).getMessage())
                .contains("kind 7");
        ByteBuffer count = ByteBuffer.wrap(good.clone());
        count.putInt(20, 1_000_000);
        assertThat(assertThrows(NotSerializableException.class, () -> serializer.fromBinary(count.array(), "A")).getMessage())
                .contains("1000000 claimed");
        assertThat(assertThrows(NotSerializableException.class, () -> serializer.fromBinary(Arrays.copyOf(good, good.length + 1), "A"))
                .getMessage()).contains("1 trailing bytes");
    }

    @Test
    void malformedBatchesAreRefusedWithTheReason() {
        ByteBuffer lying = ByteBuffer.allocate(17).putLong(1).putInt(0).putInt(1_000_000).put((byte) 0);
        assertThat(assertThrows(NotSerializableException.class, () -> serializer.fromBinary(lying.array(), "B")).getMessage())
                .isEqualTo("gossip batch of round 1 from block 0 claims 1000000 messages in 0 bytes");
        ByteBuffer unordered = ByteBuffer.allocate(33).putLong(1).putInt(0).putInt(2).put((byte) 0).putInt(5).putInt(0).putInt(3)
                .putInt(0);
        assertThat(assertThrows(NotSerializableException.class, () -> serializer.fromBinary(unordered.array(), "B")).getMessage())
                .contains("node id 3 is negative or not ascending");
        byte[] truncated = Arrays.copyOf(serializer.toBinary(new NodeBlock.Batch(1, 0, new int[] {1}, new double[][] {{1, 2}})), 30);
        assertThat(assertThrows(NotSerializableException.class, () -> serializer.fromBinary(truncated, "B")).getMessage())
                .contains("does not fit");
        ByteBuffer badFlag = ByteBuffer.allocate(17).putLong(1).putInt(0).putInt(0).put((byte) 3);
        assertThat(assertThrows(NotSerializableException.class, () -> serializer.fromBinary(badFlag.array(), "B")).getMessage())
                .contains("timed flag 3, expected 0, 1 or 2");
        byte[] badAnnouncement = serializer.toBinary(new NodeBlock.Batch(1, 0, new int[] {1}, new double[][] {null},
                new double[] {1}, new int[] {-5}));
        assertThat(assertThrows(NotSerializableException.class, () -> serializer.fromBinary(badAnnouncement, "B")).getMessage())
                .contains("node 1's churn announcement -5 is negative");
        byte[] badOnline = serializer.toBinary(new Coordinator.Report(new NodeSnapshot(0, 0, new double[] {1}, 0, 0, 0, 0, null,
                null, 1.0, 0.5)));
        badOnline[4 + 8 * 4 + 8 * 3] = 5;
        assertThat(assertThrows(NotSerializableException.class, () -> serializer.fromBinary(badOnline, "R")).getMessage())
                .contains("online flag 5, expected 0 or 1");
        byte[] negative = serializer.toBinary(new NodeBlock.Batch(1, 0, new int[] {1}, new double[][] {{1}}, new double[] {-1}));
        assertThat(assertThrows(NotSerializableException.class, () -> serializer.fromBinary(negative, "B")).getMessage())
                .contains("node 1's message departs at -1.0 s");
        byte[] badClock = serializer.toBinary(new Coordinator.Report(new NodeSnapshot(0, 0, new double[] {1}, 0, 0, 0, 0, null,
                null, 1.0, 2.0)));
        assertThat(assertThrows(NotSerializableException.class, () -> serializer.fromBinary(badClock, "R")).getMessage())
                .contains("clock 1.0 s and idle 2.0 s");
        byte[] report = serializer.toBinary(new Coordinator.Report(new NodeSnapshot(0, 0, new double[] {1}, 0, 0, 0, 0)));
        report[report.length - 1] = 7;
        assertThat(assertThrows(NotSerializableException.class, () -> serializer.fromBinary(report, "R")).getMessage())
                .contains("local-loss flag 7, expected 0 or 1");
    }
}

package io.dlsim.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlsim.algorithms.data.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The preflight's first synthetic set goes to the run that needs it; a file is read each time. */
class SyntheticDataTest {
    private static final DataSource LOGISTIC = new DataSource.SyntheticLogistic(20, 30, 7, 3, null);

    @BeforeEach
    void startAsAPreflightCheckDoes() {
        SyntheticData.forgetAll();
    }

    /** What a run that partitions by nothing kept takes: its set. */
    private static DataSource.Loaded take(DataSource data, int nodes, long seed) {
        return SyntheticData.take(data, nodes, seed, null).loaded();
    }

    /** What a preflight check does for one run's data. */
    private static DataSource.Loaded checked(DataSource data, int nodes, long seed) {
        DataSource.Loaded loaded = data.load(nodes, seed);
        SyntheticData.offer(new Preflight.DataKey(data, nodes, seed), loaded);
        return loaded;
    }

    @Test
    void theRunTakesTheCheckedSetOnceAndTheNextGeneratesItAgain() {
        DataSource.Loaded checked = checked(LOGISTIC, 6, 21);
        // An equal setting (another record), the same nodes and seed: the same set.
        DataSource.Loaded run = take(new DataSource.SyntheticLogistic(20, 30, 7, 3, null), 6, 21);
        assertThat(run).isSameAs(checked);
        DataSource.Loaded next = take(LOGISTIC, 6, 21);
        assertThat(next).isNotSameAs(run);
        // What a new generation gives, bit for bit.
        assertThat(next.train().fingerprint()).isEqualTo(run.train().fingerprint());
        assertThat(next.test().fingerprint()).isEqualTo(run.test().fingerprint());
    }

    @Test
    void onlyTheFirstCheckedSetIsKept() {
        DataSource.Loaded first = checked(LOGISTIC, 4, 1);
        DataSource.Loaded second = checked(LOGISTIC, 4, 2);
        assertThat(take(LOGISTIC, 4, 2)).isNotSameAs(second);
        assertThat(take(LOGISTIC, 4, 1)).isSameAs(first);
    }

    @Test
    void anotherSeedNodeCountOrSettingIsGeneratedAnew() {
        DataSource.Loaded kept = checked(LOGISTIC, 4, 11);
        DataSource.Loaded otherSeed = take(LOGISTIC, 4, 12);
        DataSource.Loaded otherNodes = take(LOGISTIC, 5, 11);
        DataSource.Loaded otherSetting = take(new DataSource.SyntheticLogistic(20, 30, 7, 2, null), 4, 11);
        assertThat(otherSeed.train().fingerprint()).isNotEqualTo(kept.train().fingerprint());
        assertThat(otherNodes.train().size()).isEqualTo(100);
        assertThat(otherSetting.train().fingerprint()).isNotEqualTo(kept.train().fingerprint());
        // None of them took the kept set.
        assertThat(take(LOGISTIC, 4, 11)).isSameAs(kept);
    }

    @Test
    void aNewCheckForgetsASetNoRunTook() {
        DataSource.Loaded stale = checked(LOGISTIC, 4, 3);
        SyntheticData.forgetAll();
        DataSource.Loaded next = checked(LOGISTIC, 4, 5);
        assertThat(take(LOGISTIC, 4, 3)).isNotSameAs(stale);
        assertThat(take(LOGISTIC, 4, 5)).isSameAs(next);
    }

    @Test
    void theCheckedPartitionGoesWithTheSetToARunThatPartitionsAlike() {
        DataSource.Loaded checked = checked(LOGISTIC, 6, 21);
        io.dlsim.algorithms.data.Partitioner dirichlet = io.dlsim.algorithms.data.Partitioner.dirichlet(0.5);
        io.dlsim.algorithms.data.Partition made = dirichlet.partition(checked.train(), 6,
                io.dlsim.algorithms.RandomStreams.of(21, io.dlsim.algorithms.RandomStreams.Purpose.PARTITION,
                        io.dlsim.algorithms.RandomStreams.SHARED));
        SyntheticData.offerPartition(new Preflight.DataKey(LOGISTIC, 6, 21), dirichlet, made);
        // Another set's partition is not attached to the kept one.
        SyntheticData.offerPartition(new Preflight.DataKey(LOGISTIC, 6, 22), dirichlet, null);
        SyntheticData.Taken taken = SyntheticData.take(LOGISTIC, 6, 21, dirichlet);
        assertThat(taken.loaded()).isSameAs(checked);
        assertThat(taken.partition()).isSameAs(made);
        // What the run would make itself, by content.
        assertThat(taken.partition()).isEqualTo(dirichlet.partition(taken.loaded().train(), 6,
                io.dlsim.algorithms.RandomStreams.of(21, io.dlsim.algorithms.RandomStreams.Purpose.PARTITION,
                        io.dlsim.algorithms.RandomStreams.SHARED)));
    }

    @Test
    void aRunThatPartitionsOtherwiseMakesItsOwn() {
        DataSource.Loaded checked = checked(LOGISTIC, 6, 21);
        io.dlsim.algorithms.data.Partitioner iid = io.dlsim.algorithms.data.Partitioner.iid();
        io.dlsim.algorithms.data.Partitioner shards = io.dlsim.algorithms.data.Partitioner.labelShards(1);
        SyntheticData.offerPartition(new Preflight.DataKey(LOGISTIC, 6, 21), iid,
                iid.partition(checked.train(), 6, new java.util.SplittableRandom(1)));
        SyntheticData.Taken taken = SyntheticData.take(LOGISTIC, 6, 21, shards);
        assertThat(taken.loaded()).isSameAs(checked);
        assertThat(taken.partition()).isNull();
    }

    @Test
    void aFileIsNeverKeptAndIsReadAgain(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("d.csv");
        Files.writeString(csv, "x,y,label\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n");
        DataSource file = new DataSource.Csv(csv.toString(), "label", csv.toString(), null, false);
        DataSource.Loaded before = checked(file, 2, 1);
        Files.writeString(csv, "x,y,label\n1,2,0\n3,4,1\n5,6,0\n7,9,1\n");
        DataSource.Loaded after = take(file, 2, 1);
        assertThat(after.train().fingerprint()).isNotEqualTo(before.train().fingerprint());
    }
}

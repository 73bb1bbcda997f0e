package io.dlsim.simulator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dlsim.topologies.UserInputException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterSettingsTest {
    static ClusterSettings base() {
        return ClusterSettings.from(ConfigFactory.parseResources("reference.conf").resolve());
    }

    @Test
    void valuesWithQuotesAndNewlinesReachPekkoAsTheyAreAndChangeNoOtherSetting() {
        String host = "evil\"host\npekko.actor.provider = local";
        String bind = "bind\"host";
        String seed = "seed\"node:25520";
        ClusterSettings s = new ClusterSettings(host, bind, 0, List.of(seed), 1, Duration.ofSeconds(5), "m", 1024);
        Config c = s.pekkoConfig("worker");
        assertThat(c.getString("pekko.remote.artery.canonical.hostname")).isEqualTo(host);
        assertThat(c.getString("pekko.remote.artery.bind.hostname")).isEqualTo(bind);
        assertThat(c.getStringList("pekko.cluster.seed-nodes")).containsExactly("pekko://dlsim@" + seed);
        assertThat(c.getString("pekko.actor.provider")).isEqualTo("cluster");
        assertThat(c.getStringList("pekko.cluster.roles")).containsExactly("worker");
        assertThat(c.getInt("pekko.remote.artery.canonical.port")).isZero();
        assertThat(c.getBytes("pekko.remote.artery.advanced.maximum-frame-size")).isEqualTo(1024);
        // The member's values sit on top of dlsim-cluster.conf, which still applies.
        assertThat(c.getString("pekko.actor.serializers.dlsim-parameters")).isEqualTo(ParameterSerializer.class.getName());
    }

    @Test
    void aMemberRunsItsBlocksOnTheEmbeddedEnginesDispatcher() {
        // One thread per core on a thread-pool executor, as in one JVM (BlockDispatcher: Pekko's
        // fork-join pool on JDK 17 can leave a worker parked for hundreds of rounds).
        Config c = base().pekkoConfig("worker");
        int cores = Runtime.getRuntime().availableProcessors();
        assertThat(c.getString("pekko.actor.default-dispatcher.executor")).isEqualTo("thread-pool-executor");
        assertThat(c.getInt("pekko.actor.default-dispatcher.thread-pool-executor.fixed-pool-size")).isEqualTo(cores);
        assertThat(c.getInt("pekko.actor.default-dispatcher.throughput")).isEqualTo(io.dlsim.simulator.engine.BlockDispatcher.THROUGHPUT);
        io.dlsim.simulator.engine.BlockDispatcher.settings(cores)
                .forEach((key, value) -> assertThat(c.getAnyRef(key)).as(key).isEqualTo(value));
        assertThrows(IllegalArgumentException.class, () -> io.dlsim.simulator.engine.BlockDispatcher.settings(0));
    }

    @Test
    void anEmptyBindHostLeavesPekkosDefaultAndNoSeedsIsAnEmptyList() {
        Config c = base().withSeedNodes(List.of()).pekkoConfig("coordinator");
        assertThat(c.getString("pekko.remote.artery.bind.hostname")).isEmpty();
        assertThat(c.getStringList("pekko.cluster.seed-nodes")).isEmpty();
        assertThat(c.getString("pekko.remote.artery.canonical.hostname")).isEqualTo("127.0.0.1");
    }

    @Test
    void badSettingsAreUserErrorsNamingTheKeyTheOptionAndTheVariable() {
        Config reference = ConfigFactory.parseResources("reference.conf");
        UserInputException e = assertThrows(UserInputException.class,
                () -> ClusterSettings.from(ConfigFactory.parseString("dlsim.cluster.port = abc").withFallback(reference).resolve()));
        assertThat(e.getMessage()).startsWith("cluster settings: ").contains("port");
        assertThat(assertThrows(UserInputException.class, () -> base().withExpectedWorkers(0)).getMessage())
                .isEqualTo("dlsim.cluster.expected-workers (--expected-workers, DLSIM_EXPECTED_WORKERS): must be >= 1, got 0");
        assertThat(assertThrows(UserInputException.class, () -> base().withPort(65536)).getMessage()).contains("DLSIM_PORT");
        assertThat(assertThrows(UserInputException.class, () -> base().withSeedNodes(List.of("a:b"))).getMessage())
                .contains("expected host:port, got 'a:b'");
        assertThat(assertThrows(UserInputException.class, () -> base().withJoinTimeout(Duration.ZERO)).getMessage())
                .contains("DLSIM_JOIN_TIMEOUT");
        // Issue 10, finding 11: a negative --join-timeout is refused too.
        assertThat(assertThrows(UserInputException.class, () -> base().withJoinTimeout(Duration.ofSeconds(-5))).getMessage())
                .isEqualTo("dlsim.cluster.join-timeout (--join-timeout, DLSIM_JOIN_TIMEOUT): must be > 0, got -5 s");
    }

    @Test
    void seedNodesAreCommaSeparatedWithBlanksDropped() {
        assertThat(ClusterSettings.parseSeedNodes(" a:1, ,b:2,")).containsExactly("a:1", "b:2");
        assertThat(ClusterSettings.parseSeedNodes("")).isEmpty();
    }
}

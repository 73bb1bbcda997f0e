package io.dlsim.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dlsim.algorithms.system.SystemSettings;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code system:} section (issue 12): its keys, defaults and errors, each named by its path. */
class SystemSettingsParsingTest {
    static final String BASE = ScenarioParserTest.BASE + """
            system:
              compute: { seconds-per-step: 0.02, jitter: { type: lognormal, sigma: 0.3 }, stragglers: { fraction: 0.1, slowdown: 5 } }
              network:
                latency: { type: constant, seconds: 0.01 }
                bandwidth: { bytes-per-second: 1.25e8 }
            """;

    static List<Scenario> parse(String yaml) {
        return ScenarioParser.parse(yaml, Path.of("."));
    }

    @Test
    void bindsTheSectionWithItsDefaults() {
        SystemSettings s = parse(BASE).get(0).system();
        assertThat(s.compute().secondsPerStep()).isEqualTo(0.02);
        assertThat(s.compute().flopsPerSecond()).isNull();
        assertThat(s.compute().jitter()).isEqualTo(new SystemSettings.Jitter.Lognormal(0.3));
        assertThat(s.compute().stragglers()).isEqualTo(new SystemSettings.Stragglers(0.1, 5.0));
        assertThat(s.network().latency()).isEqualTo(new SystemSettings.Latency.Constant(0.01));
        assertThat(s.network().bandwidth().sharedUplink()).isTrue();
        assertThat(parse(ScenarioParserTest.BASE).get(0).system()).as("no section: no system model").isNull();
        SystemSettings empty = parse(ScenarioParserTest.BASE + "system: { network: { latency: { type: uniform, min: 0.001, max: 0.002 } } }\n")
                .get(0).system();
        assertThat(empty.compute().secondsPerStep()).isNull();
        assertThat(empty.network().bandwidth()).isNull();
        assertThat(parse(BASE + "sweep:\n  system.compute.stragglers.slowdown: [2, 10]\n"))
                .extracting(r -> r.system().compute().stragglers().slowdown()).containsExactly(2.0, 10.0);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "seconds-per-step: 0.02|seconds-per-step: -1|system.compute.seconds-per-step: must be >= 0, got -1",
        "seconds-per-step: 0.02|seconds-per-step: 0.02, flops-per-second: 1e9|system.compute.seconds-per-step: give seconds-per-step or flops-per-second, not both",
        "seconds-per-step: 0.02|flops-per-second: 0|system.compute.flops-per-second: must be > 0, got 0",
        "seconds-per-step: 0.02|seconds-per-stp: 0.02|system.compute.seconds-per-stp: unknown key (did you mean 'seconds-per-step'?)",
        "sigma: 0.3|sigma: -0.3|system.compute.jitter.sigma: must be in [0, 10], got -0.3",
        "type: lognormal, sigma|type: gamma, sigma|system.compute.jitter.type: unknown type 'gamma'",
        "fraction: 0.1|fraction: 1.5|system.compute.stragglers.fraction: must be in [0, 1], got 1.5",
        "slowdown: 5|slowdown: 0.5|system.compute.stragglers.slowdown: must be a finite number >= 1 (times slower), got 0.5",
        "fraction: 0.1, slowdown: 5|slowdown: 5|system.compute.stragglers.fraction: is required",
        "seconds: 0.01|seconds: -0.01|system.network.latency.seconds: must be >= 0, got -0.01",
        "type: constant, seconds: 0.01|type: uniform, min: 0.02, max: 0.01|system.network.latency.max: must be >= min (0.02), got 0.01",
        "type: constant, seconds: 0.01|type: lognormal, sigma: 1|system.network.latency.median: is required",
        "bytes-per-second: 1.25e8|bytes-per-second: 0|system.network.bandwidth.bytes-per-second: must be > 0, got 0",
        "bytes-per-second: 1.25e8|bytes-per-second: 1e8, shared-uplink: maybe|system.network.bandwidth.shared-uplink: must be true or false",
        "network:|netwrk:|system.netwrk: unknown key (did you mean 'network'?)",
    })
    void everyMistakeNamesItsPath(String from, String to, String expected) {
        String yaml = BASE.replace(from, to);
        assertThat(yaml).isNotEqualTo(BASE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(yaml));
        assertThat(e.getMessage()).contains(expected);
    }

    @Test
    void targetsNameMetricsAndFiniteValues() {
        assertThat(parse(ScenarioParserTest.BASE + "targets: { test_accuracy: 0.9, train_loss: 0.1 }\n").get(0).targets())
                .containsExactly(java.util.Map.entry("test_accuracy", 0.9), java.util.Map.entry("train_loss", 0.1));
        assertThat(parse(ScenarioParserTest.BASE).get(0).targets()).isEmpty();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse(ScenarioParserTest.BASE + "targets: { test_acc: 0.9, wall_seconds: 3 }\n"));
        assertThat(e.getMessage()).contains("targets.test_acc: not a metric a target can name; one of consensus_distance, train_loss")
                .contains("targets.wall_seconds: not a metric");
        e = assertThrows(IllegalArgumentException.class, () -> parse(ScenarioParserTest.BASE + "targets: { test_accuracy: high }\n"));
        assertThat(e.getMessage()).contains("targets.test_accuracy: must be a number");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "loss: 0.1|system.network.retransmit-timeout: is required with loss > 0",
        "loss: 1, on-loss: skip|system.network.loss: must be in [0, 1), got 1",
        "loss: 0.1, on-loss: drop|system.network.on-loss: unknown value 'drop'",
        "loss: 0.1, on-loss: skip, retransmit-timeout: 1|system.network.retransmit-timeout: is only for on-loss: retransmit",
        "loss: 0.1, retransmit-timeout: -1|system.network.retransmit-timeout: must be > 0, got -1",
    })
    void lossMistakesNameTheirPath(String keys, String expected) {
        String yaml = BASE.replace("    bandwidth: { bytes-per-second: 1.25e8 }\n",
                "    bandwidth: { bytes-per-second: 1.25e8 }\n" + String.join("\n", java.util.Arrays.stream(keys.split(", "))
                        .map(k -> "    " + k).toList()) + "\n");
        assertThat(yaml).isNotEqualTo(BASE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(yaml));
        assertThat(e.getMessage()).contains(expected);
    }

    @Test
    void skippingLostMessagesIsForMethodsWhoseMessageIsTheModel() {
        String lossy = BASE.replace("bandwidth: { bytes-per-second: 1.25e8 }",
                "bandwidth: { bytes-per-second: 1.25e8 }\n    loss: 0.1\n    on-loss: skip");
        assertThat(parse(lossy).get(0).system().network().onLoss()).isEqualTo(SystemSettings.OnLoss.SKIP);
        String tracking = lossy.replace("{ type: dsgd, step-size: 0.2, batch-size: 8 }",
                "{ type: gradient-tracking, step-size: 0.2, batch-size: 8 }");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(tracking));
        assertThat(e.getMessage()).contains("system.network.on-loss: skip re-weights").contains("gradient-tracking would lose");
    }

    @Test
    void aSpeedsFileIsResolvedAgainstTheScenarioAndCheckedWhenTheScenarioIsRead(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        String yaml = BASE.replace("stragglers: { fraction: 0.1, slowdown: 5 }", "speeds: { path: lab/speeds.txt }");
        java.nio.file.Files.createDirectories(dir.resolve("lab"));
        java.nio.file.Files.writeString(dir.resolve("lab/speeds.txt"), "1\n".repeat(15) + "0.2\n");
        SystemSettings s = ScenarioParser.parse(yaml, dir).get(0).system();
        assertThat(s.compute().speeds().path()).isEqualTo(dir.resolve("lab/speeds.txt").toString());
        java.nio.file.Files.writeString(dir.resolve("lab/speeds.txt"), "1\n".repeat(15));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScenarioParser.parse(yaml, dir));
        assertThat(e.getMessage()).contains("system.compute.speeds.path: ").contains("holds 15 speeds, the run has 16 nodes");
        e = assertThrows(IllegalArgumentException.class, () -> ScenarioParser.parse(yaml.replace("lab/speeds.txt", "nope.txt"), dir));
        assertThat(e.getMessage()).contains("system.compute.speeds.path: no such file: " + dir.resolve("nope.txt"));
        e = assertThrows(IllegalArgumentException.class, () -> ScenarioParser.parse(BASE.replace("slowdown: 5 }",
                "slowdown: 5 }, speeds: { path: lab/speeds.txt }"), dir));
        assertThat(e.getMessage()).contains("system.compute.speeds: give stragglers or speeds, not both");
    }

    @Test
    void aLatencyFileIsResolvedAndCheckedWhenTheScenarioIsRead(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String yaml = BASE.replace("latency: { type: constant, seconds: 0.01 }", "latency: { type: file, path: lat.txt }");
        String row = "0" + " 0.01".repeat(15) + "\n";
        java.nio.file.Files.writeString(dir.resolve("lat.txt"), row.repeat(16));
        SystemSettings s = ScenarioParser.parse(yaml, dir).get(0).system();
        assertThat(s.network().latency()).isEqualTo(new SystemSettings.Latency.File(dir.resolve("lat.txt").toString()));
        java.nio.file.Files.writeString(dir.resolve("lat.txt"), row.repeat(15));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScenarioParser.parse(yaml, dir));
        assertThat(e.getMessage()).contains("system.network.latency.path: ").contains("holds 15 rows, the run has 16 nodes");
        e = assertThrows(IllegalArgumentException.class, () -> ScenarioParser.parse(yaml.replace("lat.txt", "none.txt"), dir));
        assertThat(e.getMessage()).contains("system.network.latency.path: no such file: " + dir.resolve("none.txt"));
    }

    @Test
    void theCentralizedBaselineHasNoNetworkToSimulate() {
        String yaml = BASE.replace("{ type: dsgd, step-size: 0.2, batch-size: 8 }", "{ type: centralized, step-size: 0.2, batch-size: 8 }");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(yaml));
        assertThat(e.getMessage()).contains("system: the centralized baseline has no network to simulate");
    }

    static final String CHURN = BASE.replace("    bandwidth: { bytes-per-second: 1.25e8 }\n",
            "    bandwidth: { bytes-per-second: 1.25e8 }\n  churn: { type: on-off, mean-online-seconds: 60, mean-offline-seconds: 6 }\n");

    @Test
    void churnBindsAndItsMistakesNameTheirPath() {
        assertThat(CHURN).isNotEqualTo(BASE);
        assertThat(parse(CHURN).get(0).system().churn()).isEqualTo(new SystemSettings.Churn.OnOff(60.0, 6.0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse(CHURN.replace("mean-offline-seconds: 6", "mean-offline-seconds: 0")));
        assertThat(e.getMessage()).contains("system.churn.mean-offline-seconds: must be > 0, got 0");
        e = assertThrows(IllegalArgumentException.class, () -> parse(CHURN.replace("type: on-off", "type: flaky")));
        assertThat(e.getMessage()).contains("system.churn.type: unknown type 'flaky'");
        e = assertThrows(IllegalArgumentException.class, () -> parse(CHURN.replace("mean-online-seconds: 60, ", "")));
        assertThat(e.getMessage()).contains("system.churn.mean-online-seconds: is required");
    }

    @Test
    void churnIsRefusedWhereTheRuleCannotBeReappliedOrTheMethodNeedsEveryMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(CHURN.replace(
                "{ type: dsgd, step-size: 0.2, batch-size: 8 }", "{ type: gradient-tracking, step-size: 0.2, batch-size: 8 }")));
        assertThat(e.getMessage()).contains("system.churn: an offline node's neighbours re-weight").contains("gradient-tracking");
        e = assertThrows(IllegalArgumentException.class, () -> parse(CHURN.replace("{ type: dsgd, step-size: 0.2, batch-size: 8 }",
                "{ type: dsgd, step-size: 0.2, batch-size: 8, gossip-rounds: 2, acceleration: chebyshev }")));
        assertThat(e.getMessage()).contains("system.churn: an offline node's neighbours re-weight");
        e = assertThrows(IllegalArgumentException.class, () -> parse(CHURN.replace("topology: { type: ring, mixing: metropolis-hastings }", "topology: { type: exponential-directed, mixing: uniform }")));
        assertThat(e.getMessage()).contains("system.churn: churn re-applies the mixing rule to the online nodes").contains("directed");
        e = assertThrows(IllegalArgumentException.class, () -> parse(CHURN + "sweep: { topology.schedule: [random-matching] }\n"));
        assertThat(e.getMessage()).contains("system.churn: churn re-applies the mixing rule to the online nodes of a fixed graph");
        String timeless = CHURN.replace("seconds-per-step: 0.02", "seconds-per-step: 0").replace("seconds: 0.01 }", "seconds: 0 }");
        e = assertThrows(IllegalArgumentException.class, () -> parse(timeless));
        assertThat(e.getMessage()).contains("system.churn: nodes come back online when simulated time passes");
    }

    @Test
    void aChurnTraceIsResolvedAndCheckedWhenTheScenarioIsRead(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String yaml = CHURN.replace("{ type: on-off, mean-online-seconds: 60, mean-offline-seconds: 6 }", "{ type: trace, path: t.txt }");
        java.nio.file.Files.writeString(dir.resolve("t.txt"), "3 0.5 2\n");
        SystemSettings s = ScenarioParser.parse(yaml, dir).get(0).system();
        assertThat(s.churn()).isEqualTo(new SystemSettings.Churn.Trace(dir.resolve("t.txt").toString()));
        java.nio.file.Files.writeString(dir.resolve("t.txt"), "3 0.5 2\n16 1 2\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScenarioParser.parse(yaml, dir));
        assertThat(e.getMessage()).contains("system.churn.path: " + dir.resolve("t.txt") + ": line 2: node 16 is not one of the run's nodes 0..15");
        e = assertThrows(IllegalArgumentException.class, () -> ScenarioParser.parse(yaml.replace("t.txt", "none.txt"), dir));
        assertThat(e.getMessage()).contains("system.churn.path: no such file: " + dir.resolve("none.txt"));
    }

    @Test
    void aSectionThatIsNotAMappingIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(ScenarioParserTest.BASE + "system: fast\n"));
        assertThat(e.getMessage()).contains("system: must be a mapping");
    }
}

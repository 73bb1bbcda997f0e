package io.dlsim.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dlsim.simulator.cli.HugePages.Setting;
import io.dlsim.topologies.UserInputException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** When a command hands over to a JVM with transparent huge pages, and with which command line. */
class HugePagesTest {
    static final long LARGE = HugePages.THRESHOLD_BYTES;
    static final long SMALL = HugePages.THRESHOLD_BYTES - 1;

    @Test
    void theSettingIsAutoUnlessTheVariableSaysOnOrOffAndAnythingElseIsAUserError() {
        assertThat(Setting.of(null)).isEqualTo(Setting.AUTO);
        assertThat(Setting.of(" ")).isEqualTo(Setting.AUTO);
        assertThat(Setting.of("On")).isEqualTo(Setting.ON);
        assertThat(Setting.of(" off ")).isEqualTo(Setting.OFF);
        assertThat(Setting.of("auto")).isEqualTo(Setting.AUTO);
        assertThatThrownBy(() -> Setting.of("yes")).isInstanceOf(UserInputException.class)
                .hasMessage("DLSIM_HUGE_PAGES: must be auto, on or off, got 'yes'");
    }

    @Test
    void theKernelsModeIsTheBracketedWord() {
        assertThat(HugePages.kernelMode("always [madvise] never")).isEqualTo("madvise");
        assertThat(HugePages.kernelMode("[always] madvise never")).isEqualTo("always");
        assertThat(HugePages.kernelMode("always madvise [never]")).isEqualTo("never");
        assertThat(HugePages.kernelMode("always madvise never")).isNull();
        assertThat(HugePages.kernelMode("")).isNull();
        assertThat(HugePages.kernelMode(null)).isNull();
    }

    @Test
    void anyHugePageOptionEitherWayIsTheUsersDecision() {
        assertThat(HugePages.decidedByOptions(List.of("-Xmx8g", "-XX:+UseTransparentHugePages"))).isTrue();
        assertThat(HugePages.decidedByOptions(List.of("-XX:-UseTransparentHugePages"))).isTrue();
        assertThat(HugePages.decidedByOptions(List.of("-XX:+UseLargePages"))).isTrue();
        assertThat(HugePages.decidedByOptions(List.of("-Xmx8g", "-XX:Tier4InvocationThreshold=20000"))).isFalse();
        assertThat(HugePages.decidedByOptions(List.of("-Dnote=UseTransparentHugePages"))).isFalse();
    }

    @Test
    void onlyAHotSpotJvmIsStartedWithTheOption() {
        assertThat(HugePages.knowsTheOption("OpenJDK 64-Bit Server VM")).isTrue();
        assertThat(HugePages.knowsTheOption("Java HotSpot(TM) 64-Bit Server VM")).isTrue();
        assertThat(HugePages.knowsTheOption(System.getProperty("java.vm.name"))).as("this JVM").isTrue();
        assertThat(HugePages.knowsTheOption("Eclipse OpenJ9 VM")).isFalse();
    }

    @Test
    void autoHandsOverALargeDataSetWhereTheKernelGivesHugePagesOnlyOnRequest() {
        assertThat(HugePages.worthIt(Setting.AUTO, "madvise", false, LARGE)).isTrue();
        assertThat(HugePages.worthIt(Setting.AUTO, "madvise", false, SMALL)).isFalse();
        // "always": the heap has them already; "never" or unknown: there are none to have.
        assertThat(HugePages.worthIt(Setting.AUTO, "always", false, LARGE)).isFalse();
        assertThat(HugePages.worthIt(Setting.AUTO, "never", false, LARGE)).isFalse();
        assertThat(HugePages.worthIt(Setting.AUTO, null, false, LARGE)).isFalse();
        assertThat(HugePages.worthIt(Setting.AUTO, "madvise", true, LARGE)).isFalse();
    }

    @Test
    void onHandsOverAnyDataSetWhereTheKernelHasHugePagesAndOffNever() {
        assertThat(HugePages.worthIt(Setting.ON, "madvise", false, 0)).isTrue();
        assertThat(HugePages.worthIt(Setting.ON, "always", false, 0)).isTrue();
        assertThat(HugePages.worthIt(Setting.ON, "never", false, LARGE)).isFalse();
        assertThat(HugePages.worthIt(Setting.ON, "madvise", true, LARGE)).isFalse();
        assertThat(HugePages.worthIt(Setting.OFF, "madvise", false, Long.MAX_VALUE)).isFalse();
    }

    @Test
    void theSecondJvmGetsTheOptionsTheEnvironmentDoesNotGiveItAgainThenHugePagesThenTheSameArguments() {
        Set<String> inherited = HugePages.inheritedOptions(" -javaagent:a.jar  -Xss2m", null);
        assertThat(inherited).containsExactlyInAnyOrder("-javaagent:a.jar", "-Xss2m");
        assertThat(HugePages.inheritedOptions(null, "")).isEmpty();
        List<String> command = HugePages.command("/jdk/bin/java", List.of("-XX:SharedArchiveFile=x.jsa", "-javaagent:a.jar", "-Xmx8g", "-Xss2m"),
                inherited, "dlsim.jar", "io.dlsim.simulator.cli.DlsimCommand", new String[] {"run", "-q", "x.yaml"});
        assertThat(command).containsExactly("/jdk/bin/java", "-XX:SharedArchiveFile=x.jsa", "-Xmx8g", "-XX:+UseTransparentHugePages",
                "-cp", "dlsim.jar", "io.dlsim.simulator.cli.DlsimCommand", "run", "-q", "x.yaml");
    }

    @Test
    void aCommandRunInProcessNeverHandsOver() throws Exception {
        // No main arguments in a test JVM: the command goes on here whatever the setting.
        assertThat(HugePages.handOverIfWorthIt(List.of(), new java.io.PrintWriter(java.io.Writer.nullWriter()), true, "run")).isEmpty();
    }
}

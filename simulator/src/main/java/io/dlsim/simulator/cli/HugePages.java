package io.dlsim.simulator.cli;

import io.dlsim.simulator.run.Preflight;
import io.dlsim.simulator.scenario.MemoryBudget;
import io.dlsim.simulator.scenario.Scenario;
import io.dlsim.topologies.UserInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command whose runs hold a large data set in a JVM whose heap is backed by transparent
 * huge pages ({@value #JVM_OPTION}): {@code dlsim run}, {@code dlsim resume}, {@code dlsim bench
 * --scenario} and every cluster member ({@code dlsim node}, each holds the data set) read their
 * scenario, and when the largest run's data set ({@link Preflight#dataBytes}, estimated before
 * it is made or read) is at least {@link #THRESHOLD_BYTES} and Linux gives huge pages only to
 * memory that asks for them (the kernel's mode {@code madvise}), they start the same command
 * again in a HotSpot JVM with the option, wait for it and exit with its status. Nothing is
 * printed or written before that but one line saying so, so the command's output is the second
 * JVM's, and the data is made or read once, there.
 *
 * <p>Why: a minibatch step reads 32 random rows of the data set. With 4 KB pages the 410 MB set
 * of the numpy comparison is 100,000 pages, far more than the second-level TLB holds (a few
 * thousand entries); with 2 MB pages it is 205, which it holds all of, and the heap's
 * first touches take 512 times fewer page faults. numpy asks for huge pages for every large
 * array itself. Measured on the numpy comparison's 410 MB workload (1,000 rounds, evaluated every
 * 20; 2-vCPU Zen 5; simulator/BENCHMARKS.md, "Huge pages for large data sets"), with and without,
 * alternated: 5-16 % less CPU time and 0.1-2.4 s less of 10-14 s end to end, the second start
 * included. Why not for every command: on a 2-vCPU Xeon VM every JVM start with the option cost
 * 0.4-0.8 s more system time, which a small run or {@code --version} does not repay, and the
 * second start costs 0.4-0.55 s, which only a large data set does.
 *
 * <p>{@value #ENV}: {@code auto} (the default) as above; {@code on} starts the second JVM for
 * any data set whenever the kernel offers huge pages ({@code madvise} or {@code always});
 * {@code off} never. A JVM already given {@code UseTransparentHugePages} or
 * {@code UseLargePages} either way (e.g. in {@code DLSIM_JAVA_OPTS}) is never started again,
 * nor is one whose kernel backs all memory with huge pages already ({@code always}), nor a
 * command run in-process ({@link DlsimCommand#execute}, tests): only {@link DlsimCommand#main}
 * hands over.
 *
 * <p>The second JVM gets this one's options (those not inherited from {@code JAVA_TOOL_OPTIONS}
 * or {@code JDK_JAVA_OPTIONS}, which it reads from the same environment), class path and
 * arguments, and the same standard streams. A signal that stops this JVM (SIGTERM; Ctrl-C
 * reaches both) is passed on and this JVM waits for the second to save its rows.
 */
final class HugePages {
    /** The variable that chooses: {@code auto}, {@code on} or {@code off}. */
    static final String ENV = "DLSIM_HUGE_PAGES";
    /** The option the second JVM gets. */
    static final String JVM_OPTION = "-XX:+UseTransparentHugePages";
    /** The largest run's data set ({@link Preflight#dataBytes}) from which {@code auto} starts a second JVM. */
    static final long THRESHOLD_BYTES = 256_000_000L;
    /** Where Linux says which memory gets transparent huge pages. */
    static final Path KERNEL_MODE = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
    /** How long a stopped first JVM waits for the second to save its rows. */
    static final long STOP_WAIT_SECONDS = 120;

    /** What {@value #ENV} asks for. */
    enum Setting {
        AUTO, ON, OFF;

        /** The setting of the variable's value (unset or blank: {@code auto}). */
        static Setting of(String value) {
            if (value == null || value.isBlank()) {
                return AUTO;
            }
            try {
                return valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new UserInputException(ENV + ": must be auto, on or off, got '" + value + "'");
            }
        }
    }

    // The arguments of this process's main, when a command may hand over to a second JVM; null
    // in-process (tests), where it never does.
    private static volatile String[] mainArguments;

    private HugePages() {
    }

    /** Called by {@link DlsimCommand#main}: this JVM is the process, so a command may hand over. */
    static void mainArguments(String[] args) {
        mainArguments = args.clone();
    }

    /**
     * The kernel's mode from the line of {@link #KERNEL_MODE} ({@code always [madvise] never}):
     * the bracketed word, or null when there is none.
     */
    static String kernelMode(String line) {
        if (line == null) {
            return null;
        }
        int open = line.indexOf('[');
        int close = line.indexOf(']', open + 1);
        return open < 0 || close < 0 ? null : line.substring(open + 1, close).strip();
    }

    /** Whether the JVM's options already decide about huge pages, either way. */
    static boolean decidedByOptions(Collection<String> jvmOptions) {
        for (String o : jvmOptions) {
            if (o.startsWith("-XX:") && (o.contains("UseTransparentHugePages") || o.contains("UseLargePages"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a JVM of this name ({@code java.vm.name}) takes {@value #JVM_OPTION}: HotSpot's
     * ({@code OpenJDK 64-Bit Server VM}, {@code Java HotSpot(TM) ...}). Another (Eclipse OpenJ9)
     * would refuse to start with it, so the command runs where it is.
     */
    static boolean knowsTheOption(String vmName) {
        return vmName.contains("HotSpot") || vmName.startsWith("OpenJDK");
    }

    /**
     * Whether to run the command again in a JVM with {@value #JVM_OPTION}: never when
     * {@code off}, when the options decide already, or when the kernel gives no huge pages
     * ({@code never}, unknown) or gives them to all memory ({@code always}, unless {@code on});
     * with {@code on} otherwise always; with {@code auto} when the kernel's mode is
     * {@code madvise} and the largest run's data set is at least {@link #THRESHOLD_BYTES}.
     */
    static boolean worthIt(Setting setting, String kernelMode, boolean decidedByOptions, long largestRunBytes) {
        if (setting == Setting.OFF || decidedByOptions || kernelMode == null) {
            return false;
        }
        if (setting == Setting.ON) {
            return kernelMode.equals("madvise") || kernelMode.equals("always");
        }
        return kernelMode.equals("madvise") && largestRunBytes >= THRESHOLD_BYTES;
    }

    /**
     * The second JVM's command: {@code java}, this JVM's options less those the environment
     * gives it again ({@code inherited}), {@value #JVM_OPTION}, the class path, the main class
     * and the arguments.
     */
    static List<String> command(String java, List<String> jvmOptions, Set<String> inherited, String classPath,
            String mainClass, String[] args) {
        List<String> command = new ArrayList<>();
        command.add(java);
        for (String o : jvmOptions) {
            if (!inherited.contains(o)) {
                command.add(o);
            }
        }
        command.add(JVM_OPTION);
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(Arrays.asList(args));
        return command;
    }

    /** The options {@code JAVA_TOOL_OPTIONS} and {@code JDK_JAVA_OPTIONS} give every JVM of this environment. */
    static Set<String> inheritedOptions(String javaToolOptions, String jdkJavaOptions) {
        Set<String> inherited = new HashSet<>();
        for (String value : new String[] {javaToolOptions, jdkJavaOptions}) {
            if (value != null && !value.isBlank()) {
                inherited.addAll(Arrays.asList(value.strip().split("\\s+")));
            }
        }
        return inherited;
    }

    /**
     * Runs this process's command again in a JVM with huge pages when {@link #worthIt} (the
     * largest data set of {@code runs}, {@link Preflight#dataBytes}) and returns its exit status;
     * empty when this JVM goes on itself. Says so in one line on {@code err} unless
     * {@code quiet}. If the second JVM cannot be started, says why and goes on here.
     */
    static OptionalInt handOverIfWorthIt(List<Scenario> runs, PrintWriter err, boolean quiet, String command)
            throws InterruptedException {
        Setting setting = Setting.of(System.getenv(ENV));
        String[] args = mainArguments;
        if (args == null || setting == Setting.OFF || !knowsTheOption(System.getProperty("java.vm.name", ""))) {
            return OptionalInt.empty();
        }
        List<String> options = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
        long largest = runs.stream().mapToLong(Preflight::dataBytes).max().orElse(0);
        if (!worthIt(setting, kernelMode(readKernelMode()), decidedByOptions(options), largest)) {
            return OptionalInt.empty();
        }
        List<String> second = command(Path.of(System.getProperty("java.home"), "bin", "java").toString(), options,
                inheritedOptions(System.getenv("JAVA_TOOL_OPTIONS"), System.getenv("JDK_JAVA_OPTIONS")),
                System.getProperty("java.class.path"), DlsimCommand.class.getName(), args);
        if (!quiet) {
            err.println("dlsim " + command + ": the data set takes about " + MemoryBudget.size(largest)
                    + ": running in a JVM with transparent huge pages (" + ENV + "=off: without)");
            err.flush();
        }
        Process child;
        try {
            child = new ProcessBuilder(second).inheritIO().start();
        } catch (IOException e) {
            err.println("dlsim " + command + ": warning: could not start a JVM with transparent huge pages (" + e.getMessage()
                    + "); running without them");
            err.flush();
            return OptionalInt.empty();
        }
        Thread passOn = new Thread(() -> {
            if (child.isAlive()) {
                child.destroy();
                try {
                    child.waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "dlsim-huge-pages-stop");
        Runtime.getRuntime().addShutdownHook(passOn);
        return OptionalInt.of(child.waitFor());
    }

    /** The first line of {@link #KERNEL_MODE}, or null where there is none (not Linux, no THP). */
    private static String readKernelMode() {
        try {
            List<String> lines = Files.readAllLines(KERNEL_MODE);
            return lines.isEmpty() ? null : lines.get(0);
        } catch (IOException | SecurityException e) {
            return null;
        }
    }
}

package io.dlsim.simulator.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each thread of the blocks' dispatcher on a processor of its own ({@link BlockDispatcher}),
 * on Linux, by {@code taskset} on the thread's id; anywhere else, or when {@code taskset} is not
 * there, or with {@code DLSIM_PIN=off}, threads run unpinned as before.
 *
 * <p>Why: the blocks wait on each other every round, so their threads park and wake each other
 * thousands of times a second, and Linux places a woken thread on the CPU of the thread that woke
 * it when its own is busy. With one other busy process on a 2-core machine that puts both block
 * threads on one CPU and leaves the other to the competitor, which the load balancer then never
 * changes (two tasks against one is as even as three tasks get): measured with
 * {@code /proc/<tid>/schedstat} over 8 s of the bench's exponential workload beside a spinning
 * process, the two block threads ran 4.6 s each and waited 3.5 s each in the run queue while the
 * competitor ran 7.0 s, i.e. the engine got 1.15 cores of the 4/3 a fair share would give. Pinned
 * to CPUs 0 and 1 (by hand, with {@code taskset}, mid-run) they ran 5.5 s each (1.38 cores) and
 * the competitor 4.4 s (simulator/BENCHMARKS.md, goal 2).
 *
 * <p>Only when the dispatcher has one thread per allowed CPU (its default, one per core): each
 * thread then takes the allowed CPU with the fewest pinned threads, so they spread evenly, also
 * when a thread of the pool is replaced. On a quiet machine it changes nothing measurable
 * ({@code dlsim bench} and the numpy workload level with and without it).
 */
public final class ThreadPinning {
    /** Set to {@code off} (or {@code 0}, {@code false}) to leave the blocks' threads unpinned. */
    public static final String PIN_ENV = "DLSIM_PIN";

    private static final Logger LOG = LoggerFactory.getLogger(ThreadPinning.class);
    private static final Path THREAD_SELF = Path.of("/proc/thread-self");
    private static final Path STATUS = Path.of("/proc/self/status");

    // Guarded by the class: the allowed CPUs in order (null when pinning is off), and how many
    // live threads are pinned to each of them.
    private static int[] cpus;
    private static int[] pinned;
    private static boolean decided;

    private ThreadPinning() {
    }

    /** What a pool's threads do when they start. */
    public enum Mode {
        /** Take a CPU each (the blocks' threads). */
        ONE_CPU_EACH,
        /**
         * Run on every allowed CPU: a thread inherits its creator's CPU, and a pool that starts its
         * threads on demand (the coordinator's) may be started by a pinned block thread.
         */
        ALL_CPUS
    }

    /**
     * Wraps a thread's body so that the thread first places itself as {@code mode} says and, if
     * it took a CPU, frees it when it ends; {@code threads} is the pool's size (a CPU each only
     * when it equals the number of allowed CPUs).
     */
    static Runnable pinning(Runnable body, Mode mode, int threads) {
        return () -> {
            int slot = mode == Mode.ONE_CPU_EACH ? pinCurrentThread(threads) : unpinCurrentThread();
            try {
                body.run();
            } finally {
                release(slot);
            }
        };
    }

    /** Lets the calling thread run on every allowed CPU (when pinning is on); returns -1. */
    static int unpinCurrentThread() {
        int[] allowed = allowedCpus(-1);
        if (allowed != null) {
            String tid = threadId();
            if (tid != null) {
                StringBuilder list = new StringBuilder();
                for (int c : allowed) {
                    list.append(list.length() == 0 ? "" : ",").append(c);
                }
                taskset(list.toString(), tid);
            }
        }
        return -1;
    }

    private static String threadId() {
        try {
            return Files.readSymbolicLink(THREAD_SELF).getFileName().toString();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /**
     * Pins the calling thread to the allowed CPU with the fewest pinned threads; returns that CPU's
     * index among the allowed ones, or -1 when the thread was left unpinned.
     */
    static int pinCurrentThread(int threads) {
        int[] allowed = allowedCpus(threads);
        if (allowed == null) {
            return -1;
        }
        int slot;
        synchronized (ThreadPinning.class) {
            slot = 0;
            for (int k = 1; k < allowed.length; k++) {
                if (pinned[k] < pinned[slot]) {
                    slot = k;
                }
            }
            pinned[slot]++;
        }
        String tid = threadId();
        if (tid == null || !taskset(Integer.toString(allowed[slot]), tid)) {
            release(slot);
            return -1;
        }
        return slot;
    }

    private static void release(int slot) {
        if (slot >= 0) {
            synchronized (ThreadPinning.class) {
                pinned[slot]--;
            }
        }
    }

    /**
     * The allowed CPUs when pinning is on (for a pool of {@code threads}, unless -1: any pool),
     * else null; decided once per JVM.
     */
    private static synchronized int[] allowedCpus(int threads) {
        if (!decided) {
            decided = true;
            cpus = decide();
            pinned = cpus == null ? null : new int[cpus.length];
        }
        return cpus != null && (threads < 0 || cpus.length == threads) ? cpus : null;
    }

    private static int[] decide() {
        String env = System.getenv(PIN_ENV);
        if (env != null && List.of("off", "0", "false", "no").contains(env.trim().toLowerCase(java.util.Locale.ROOT))) {
            return null;
        }
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")
                || !Files.exists(THREAD_SELF)) {
            return null;
        }
        int[] allowed;
        try {
            allowed = parseCpuList(Files.readAllLines(STATUS).stream()
                    .filter(l -> l.startsWith("Cpus_allowed_list:"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse(""));
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
        if (allowed.length < 2) {
            return null;
        }
        return allowed;
    }

    /** {@code "0-3,8,10-11"} as {@code [0, 1, 2, 3, 8, 10, 11]}. */
    static int[] parseCpuList(String list) {
        List<Integer> out = new ArrayList<>();
        if (list.isBlank()) {
            return new int[0];
        }
        for (String part : list.split(",")) {
            String p = part.trim();
            int dash = p.indexOf('-');
            int from = Integer.parseInt(dash < 0 ? p : p.substring(0, dash));
            int to = dash < 0 ? from : Integer.parseInt(p.substring(dash + 1));
            if (from < 0 || to < from) {
                throw new IllegalArgumentException("bad CPU range " + p);
            }
            for (int c = from; c <= to; c++) {
                out.add(c);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static boolean taskset(String cpus, String tid) {
        try {
            Process p = new ProcessBuilder("taskset", "-pc", cpus, tid)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            if (p.exitValue() != 0) {
                LOG.debug("taskset -pc {} {} exited with {}; the thread stays where it was", cpus, tid, p.exitValue());
                return false;
            }
            return true;
        } catch (IOException e) {
            LOG.debug("no taskset ({}); the blocks' threads stay unpinned", e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

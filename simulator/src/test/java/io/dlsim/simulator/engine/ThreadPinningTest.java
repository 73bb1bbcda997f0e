package io.dlsim.simulator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ThreadPinningTest {
    @Test
    void cpuListsAreParsedAsLinuxWritesThem() {
        assertThat(ThreadPinning.parseCpuList("0-3,8,10-11")).containsExactly(0, 1, 2, 3, 8, 10, 11);
        assertThat(ThreadPinning.parseCpuList("0")).containsExactly(0);
        assertThat(ThreadPinning.parseCpuList(" ")).isEmpty();
        assertThatThrownBy(() -> ThreadPinning.parseCpuList("3-1")).isInstanceOf(IllegalArgumentException.class);
    }

    /** The calling thread's allowed CPUs, as the kernel reports them. */
    private static int[] ownCpus() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/thread-self/status"))) {
            if (line.startsWith("Cpus_allowed_list:")) {
                return ThreadPinning.parseCpuList(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        throw new AssertionError("no Cpus_allowed_list");
    }

    private static boolean tasksetRuns() {
        try {
            return new ProcessBuilder("taskset", "-p", "1").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * A pool of one thread per allowed CPU takes one CPU each, and a thread such a thread starts
     * with {@code ALL_CPUS} runs on all of them again (on Linux with taskset and 2+ CPUs).
     */
    @Test
    void aPoolOfOneThreadPerCpuSpreadsOverTheCpusAndItsChildrenAreFreed() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/thread-self/status")) && tasksetRuns() && System.getenv(ThreadPinning.PIN_ENV) == null);
        int[] all = ownCpus();
        assumeTrue(all.length >= 2 && all.length <= 64, "needs 2-64 allowed CPUs");
        List<int[]> seen = new CopyOnWriteArrayList<>();
        List<int[]> children = new CopyOnWriteArrayList<>();
        List<Thread> pool = new ArrayList<>();
        // Every thread holds its CPU until all have taken one, as a pool's threads do.
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(all.length);
        for (int k = 0; k < all.length; k++) {
            pool.add(new Thread(ThreadPinning.pinning(() -> {
                try {
                    seen.add(ownCpus());
                    together.await(30, java.util.concurrent.TimeUnit.SECONDS);
                    Thread child = new Thread(ThreadPinning.pinning(() -> {
                        try {
                            children.add(ownCpus());
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }, ThreadPinning.Mode.ALL_CPUS, 1));
                    child.start();
                    child.join();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, ThreadPinning.Mode.ONE_CPU_EACH, all.length)));
        }
        for (Thread t : pool) {
            t.start();
        }
        for (Thread t : pool) {
            t.join();
        }
        assertThat(seen).hasSize(all.length);
        assertThat(seen).allSatisfy(cpus -> assertThat(cpus).hasSize(1));
        assertThat(seen.stream().mapToInt(cpus -> cpus[0]).sorted().toArray()).containsExactly(all);
        assertThat(children).allSatisfy(cpus -> assertThat(cpus).containsExactly(all));
        // A pool of another size is left where it is.
        int[][] other = new int[1][];
        Thread lone = new Thread(ThreadPinning.pinning(() -> {
            try {
                other[0] = ownCpus();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, ThreadPinning.Mode.ONE_CPU_EACH, all.length + 1));
        lone.start();
        lone.join();
        assertThat(other[0]).containsExactly(all);
    }
}

package io.dlsim.simulator.report;

import java.nio.file.Path;

/** Child process of {@link RunResultsWriterTest}: appends rows until the JVM is told to stop. */
public final class AppendUntilKilled {

    static final int ROWS_BEFORE_READY = 5;

    private AppendUntilKilled() {
    }

    /** Appends {@code Rows.row(k, k * 0.5)} for k = 0, 1, ... into the folder {@code args[0]}. */
    public static void main(String[] args) throws Exception {
        RunResultsWriter w = RunResultsWriter.open(Path.of(args[0]), new RunLabels("s", "r", "a", "t"), "x: 1\n", 1, "v");
        w.abortOnShutdown("interrupted (JVM shutdown)");
        long k = 0;
        while (true) {
            if (!w.append(Rows.row(k, k * 0.5))) {
                return;
            }
            k++;
            if (k == ROWS_BEFORE_READY) {
                System.out.println("READY");
                System.out.flush();
            }
            Thread.sleep(1);
        }
    }
}

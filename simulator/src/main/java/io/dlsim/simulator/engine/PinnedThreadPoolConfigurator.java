package io.dlsim.simulator.engine;

import com.typesafe.config.Config;
import java.util.concurrent.ThreadFactory;
import org.apache.pekko.dispatch.DispatcherPrerequisites;
import org.apache.pekko.dispatch.ExecutorServiceFactory;
import org.apache.pekko.dispatch.MonitorableThreadFactory;
import org.apache.pekko.dispatch.ThreadPoolExecutorConfigurator;

/**
 * Pekko's {@code thread-pool-executor} (configured by the dispatcher's {@code thread-pool-executor}
 * section, as usual) whose threads place themselves when they start as the dispatcher's
 * {@value #MODE_KEY} says ({@link ThreadPinning.Mode}): the blocks' threads on a CPU each, the
 * coordinator's on every CPU ({@link BlockDispatcher#embeddedSettings}).
 */
public final class PinnedThreadPoolConfigurator extends ThreadPoolExecutorConfigurator {
    /** The dispatcher's key naming the {@link ThreadPinning.Mode} of its threads. */
    public static final String MODE_KEY = "dlsim-thread-placement";

    private final ThreadPinning.Mode mode;

    /** Called by Pekko with the dispatcher's configuration. */
    public PinnedThreadPoolConfigurator(Config config, DispatcherPrerequisites prerequisites) {
        super(config.getConfig("thread-pool-executor"), prerequisites);
        this.mode = ThreadPinning.Mode.valueOf(config.getString(MODE_KEY));
    }

    @Override
    public ExecutorServiceFactory createExecutorServiceFactory(String id, ThreadFactory threadFactory) {
        // As the plain configurator does: the dispatcher's id in the threads' names.
        ThreadFactory named = threadFactory instanceof MonitorableThreadFactory m ? m.withName(m.name() + "-" + id) : threadFactory;
        int threads = threadPoolConfig().maxPoolSize();
        ThreadFactory pinning = body -> named.newThread(ThreadPinning.pinning(body, mode, threads));
        return super.createExecutorServiceFactory(id, pinning);
    }
}

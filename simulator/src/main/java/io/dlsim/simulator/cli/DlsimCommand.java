package io.dlsim.simulator.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code dlsim} entry point. Exit codes: 0 on success; 2 for a user error, that is a
 * {@link io.dlsim.topologies.UserInputException} or a bad argument (one line on stderr, no stack
 * trace); 1 for a failed run or I/O (one line) and for an internal error, that is any other
 * exception ("internal error (please report)" and the stack trace); 1 for an
 * {@link OutOfMemoryError} (one line naming what to reduce). See {@link ErrorKind}.
 */
@Command(name = "dlsim", mixinStandardHelpOptions = true, versionProvider = DlsimCommand.Version.class,
        description = "dlsim: a simulator for decentralized learning over gossip topologies.",
        subcommands = {RunCommand.class, ResumeCommand.class, ReportCommand.class, ValidateCommand.class, NodeCommand.class, TopologyCommand.class, ScheduleCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class})
public final class DlsimCommand implements java.util.concurrent.Callable<Integer> {
    /** Exit code of a user error. */
    public static final int USER_ERROR = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * {@code dlsim} without a command is a usage mistake, as a missing argument of a command is:
     * the usage on stderr and {@link #USER_ERROR}, so that a script that forgot the command fails.
     */
    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        cl.getErr().println("dlsim: error: a command is required (run, validate, topology, ...)");
        cl.usage(cl.getErr());
        cl.getErr().flush();
        return USER_ERROR;
    }

    public static void main(String[] args) {
        HugePages.mainArguments(args);
        System.exit(execute(args));
    }

    /**
     * A command that sets the BLAS threads itself ({@link #configureNativeThreads}), later than
     * the others do (before they start): {@code run}, {@code resume}, {@code bench} and
     * {@code node} first decide whether to hand over to another JVM ({@link #handOverOrStartHere}),
     * and loading nd4j's native libraries takes 0.3 s that the first JVM would spend for nothing.
     */
    interface ConfiguresNativeThreadsItself {
    }

    /**
     * What a {@link ConfiguresNativeThreadsItself} command does once it knows its runs and before
     * it makes their data: hands over to a JVM with huge pages when {@link HugePages} says so
     * (its exit status), else sets the BLAS threads and returns empty, to go on here.
     */
    static java.util.OptionalInt handOverOrStartHere(List<io.dlsim.simulator.scenario.Scenario> runs, PrintWriter err,
            boolean quiet, String command) throws InterruptedException {
        java.util.OptionalInt handedOver = HugePages.handOverIfWorthIt(runs, err, quiet, command);
        if (handedOver.isEmpty()) {
            configureNativeThreads();
        }
        return handedOver;
    }

    private static boolean nativeThreadsConfigured;

    /**
     * The engines own the parallelism (one actor per node on every core), so BLAS runs on one
     * thread by default: OpenBLAS's own thread pool serialises calls coming from several threads
     * at once, which made the actor engine slower than the sequential one on the MLP.
     * {@code DLSIM_BLAS_THREADS} overrides it. Only the application sets this process-wide value;
     * the maths modules never do.
     */
    static synchronized void configureNativeThreads() {
        if (nativeThreadsConfigured) {
            return;
        }
        nativeThreadsConfigured = true;
        String env = System.getenv("DLSIM_BLAS_THREADS");
        int threads = 1;
        if (env != null && !env.isBlank()) {
            try {
                threads = Integer.parseInt(env.strip());
            } catch (NumberFormatException e) {
                System.err.println("dlsim: DLSIM_BLAS_THREADS must be a whole number, got '" + env + "'; using 1");
            }
        }
        if (threads >= 1) {
            org.nd4j.linalg.factory.Nd4j.factory().blas().setMaxThreads(threads);
        }
    }

    /** Runs the CLI and returns the exit code (used by tests without exiting the JVM). */
    public static int execute(String... args) {
        return newCommandLine().execute(args);
    }

    /**
     * The one line of a run out of memory, naming what to reduce; the heap is released by then
     * (whatever filled it is unreachable), so printing is safe.
     */
    static int outOfMemory(PrintWriter err, String command) {
        // topology and schedule build matrices only, so nodes (and the graph's density) is all there is to reduce.
        String reduce = switch (command) {
            case "topology" -> "reduce --nodes or the graph's degree";
            case "schedule" -> "reduce --nodes, the base graph's degree or --window";
            default -> "reduce nodes, the model (data dimension, model.hidden), algorithm.batch-size or the data";
        };
        err.println("dlsim " + command + ": error: out of memory (the JVM may use " + io.dlsim.simulator.scenario.MemoryBudget.size(Runtime.getRuntime().maxMemory())
                + "); " + reduce + ", or raise the heap (DLSIM_JAVA_OPTS=-Xmx...)");
        err.flush();
        return 1;
    }

    /** Whether the command line asks only for help or the version (no BLAS then: 0.3 s of native libraries saved). */
    private static boolean helpOnly(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.isUsageHelpRequested() || p.isVersionHelpRequested()) {
                return true;
            }
        }
        return false;
    }

    /**
     * A configured command line: user errors print one line and exit with {@link #USER_ERROR}, I/O
     * failures one line and 1, anything else "internal error (please report)", the stack trace
     * and 1.
     */
    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new DlsimCommand());
        cl.setExecutionStrategy(parseResult -> {
            try {
                List<CommandLine> commands = parseResult.asCommandLineList();
                if (!(commands.get(commands.size() - 1).getCommand() instanceof ConfiguresNativeThreadsItself) && !helpOnly(parseResult)) {
                    configureNativeThreads();
                }
                return new CommandLine.RunLast().execute(parseResult);
            } catch (OutOfMemoryError e) {
                // picocli's handlers see Exceptions only: an Error passes them, so it is caught here. One line, exit 1.
                CommandLine last = parseResult.asCommandLineList().get(parseResult.asCommandLineList().size() - 1);
                return outOfMemory(last.getErr(), last.getCommandName());
            }
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (ex.getCause() instanceof OutOfMemoryError) {
                return outOfMemory(err, commandLine.getCommandName());
            }
            ErrorKind kind = ErrorKind.classify(ex);
            if (kind == ErrorKind.INTERNAL_ERROR) {
                err.println("dlsim " + commandLine.getCommandName() + ": internal error (please report): " + ex);
                ex.printStackTrace(err);
            } else {
                // A scenario with several mistakes reports each on its own line, each with the prefix.
                String prefix = "dlsim " + commandLine.getCommandName() + ": error: ";
                String.valueOf(ex.getMessage()).lines().forEach(line -> err.println(prefix + line));
            }
            err.flush();
            return kind == ErrorKind.USER_ERROR ? USER_ERROR : 1;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("dlsim " + ex.getCommandLine().getCommandName() + ": error: " + ex.getMessage()
                    + " (try 'dlsim " + fullName(ex.getCommandLine()) + " --help')");
            err.flush();
            return USER_ERROR;
        });
        return cl;
    }

    private static String fullName(CommandLine cl) {
        String qualified = cl.getCommandSpec().qualifiedName();
        return qualified.startsWith("dlsim ") ? qualified.substring(6) : "";
    }

    /** The version from the jar manifest (set by the build). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = DlsimCommand.class.getPackage().getImplementationVersion();
            return new String[] {"dlsim " + (v == null ? "development build" : v)};
        }
    }
}

package io.dlsim.simulator.cluster;

import io.dlsim.metrics.EvaluationRounds;
import io.dlsim.metrics.MetricsRow;
import io.dlsim.metrics.RunObserver;
import io.dlsim.simulator.engine.BlockLayout;
import io.dlsim.simulator.engine.Coordinator;
import io.dlsim.simulator.engine.Engine;
import io.dlsim.simulator.engine.EngineType;
import io.dlsim.simulator.engine.RunFailedException;
import io.dlsim.simulator.run.PreparedRun;
import io.dlsim.simulator.scenario.Scenario;
import io.dlsim.topologies.UserInputException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * One member of a dlsim cluster: {@link #startCoordinator} or {@link #startWorker}. The
 * coordinator waits for the expected workers ({@link WorkerDiscovery}, a Receptionist
 * subscription), places the nodes on them, and runs the runs of the scenario as the
 * {@link EngineType#CLUSTER} {@link Engine} ({@link #engine()}): for each run it builds an
 * evaluating {@link Coordinator} locally, assigns node blocks to the workers, starts them, and
 * fails the run at once when a worker member is lost. Workers build and run their nodes until
 * told the experiment is over. Shutdown order: workers leave first, then the coordinator (the
 * seed).
 */
public final class ClusterMember implements AutoCloseable {
    private static final Duration ASK = Duration.ofMinutes(10);
    private final ActorSystem<Void> system;
    private final ClusterSettings settings;
    private final String member;
    private final AtomicReference<MemberWatch.Lost> lostWorker = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<List<MetricsRow>>> activeRun = new AtomicReference<>();
    private final CompletableFuture<WorkerHost.Finish> finished = new CompletableFuture<>();
    private volatile List<WorkerHost.HostInfo> workers = List.of();
    private NodePlacement placement;
    /** Runs started on the workers; numbers each run's messages. */
    private int runsStarted;

    private ClusterMember(ActorSystem<Void> system, ClusterSettings settings, String member) {
        this.system = system;
        this.settings = settings;
        this.member = member;
    }

    /** Starts a coordinator member (usually the seed). */
    public static ClusterMember startCoordinator(ClusterSettings settings) {
        ActorSystem<Void> system = startSystem(settings, "coordinator");
        ClusterMember m = new ClusterMember(system, settings, memberName(system, settings));
        if (settings.seedNodes().isEmpty()) {
            // No seeds given (e.g. port 0 in tests): this coordinator founds the cluster itself.
            Cluster cluster = Cluster.get(system);
            cluster.manager().tell(org.apache.pekko.cluster.typed.Join.create(cluster.selfMember().address()));
        }
        system.systemActorOf(MemberWatch.create(m::onLost), "member-watch", Props.empty());
        return m;
    }

    /** Starts a worker member that hosts nodes of the runs of {@code scenarios}. */
    public static ClusterMember startWorker(ClusterSettings settings, List<Scenario> scenarios) {
        ActorSystem<Void> system = startSystem(settings, "worker");
        ClusterMember m = new ClusterMember(system, settings, memberName(system, settings));
        system.systemActorOf(WorkerHost.create(m.member, scenarios, m.finished), "host", Props.empty());
        system.systemActorOf(MemberWatch.create(m::onLostAsWorker), "member-watch", Props.empty());
        return m;
    }

    /** The member's actor system; a failure to start it (e.g. the port is taken) is a {@link ClusterException}. */
    private static ActorSystem<Void> startSystem(ClusterSettings settings, String role) {
        try {
            return ActorSystem.create(Behaviors.empty(), "dlsim", settings.pekkoConfig(role));
        } catch (RuntimeException e) {
            String where = (settings.bindHost().isBlank() ? settings.host() : settings.bindHost()) + ":" + settings.port();
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof java.net.BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
                    throw new ClusterException("cannot start the " + role + " member: port " + settings.port() + " on "
                            + where.substring(0, where.lastIndexOf(':')) + " is already in use (another member or program); "
                            + "choose another --port (DLSIM_PORT) or stop what holds it", e);
                }
            }
            throw new ClusterException("cannot start the " + role + " member at " + where + ": " + e.getMessage(), e);
        }
    }

    private static String memberName(ActorSystem<Void> system, ClusterSettings settings) {
        if (!settings.member().isBlank()) {
            return settings.member();
        }
        var a = Cluster.get(system).selfMember().address();
        return a.host().getOrElse(() -> "?") + ":" + a.port().getOrElse(() -> 0);
    }

    /** This member's name. */
    public String member() {
        return member;
    }

    /** The port this member's remoting is bound to (useful with port 0). */
    public int port() {
        return (Integer) Cluster.get(system).selfMember().address().port().get();
    }

    /**
     * Waits until the expected worker members have registered and answered, or fails after the
     * join timeout.
     *
     * @throws ClusterException after the join timeout, naming who joined and how many are missing
     */
    public void awaitWorkers() throws InterruptedException {
        CompletableFuture<List<WorkerHost.HostInfo>> found = new CompletableFuture<>();
        system.systemActorOf(WorkerDiscovery.create(settings, found), "worker-discovery", Props.empty());
        workers = await(found);
    }

    /** The worker members, ordered by name (after {@link #awaitWorkers()}). */
    public List<String> workerNames() {
        return workers.stream().map(WorkerHost.HostInfo::member).toList();
    }

    /**
     * Coordinator: the engine that runs the runs of the scenario on the workers (after
     * {@link #awaitWorkers()}). Every member reads the same scenario file: a worker finds the run
     * by its name, checks its fingerprint and builds its block of nodes itself.
     */
    public Engine engine() {
        return new Engine() {
            @Override
            public EngineType type() {
                return EngineType.CLUSTER;
            }

            @Override
            public List<MetricsRow> runNodes(PreparedRun run, EvaluationRounds plan, RunObserver observer) throws InterruptedException {
                return runOnWorkers(run, plan, observer);
            }

            @Override
            public List<MetricsRow> runAsynchronous(PreparedRun run, RunObserver observer) throws InterruptedException {
                return runEventsOnWorkers(run, observer);
            }
        };
    }

    /**
     * Runs one run on the workers. When a worker member is lost and the run takes checkpoints,
     * the run goes on: its nodes are placed again on the surviving workers, restored to the last
     * checkpoint, and run from there (checkpoint plus replay, as Flink and Spark recover). The
     * replayed rows up to the last one already handed on are the same, bit for bit (every engine
     * gives the same rows), and are checked and not handed on twice. Without a checkpoint the run
     * fails, naming the member and the nodes it hosted.
     */
    private List<MetricsRow> runOnWorkers(PreparedRun run, EvaluationRounds plan, RunObserver observer) throws InterruptedException {
        long first = plan.firstRound();
        return withRollbacks(run, observer, plan.checkpointEvery() > 0, (round, states, replay) ->
                attempt(run, round == first ? plan : plan.resumedAt(round), states, replay));
    }

    /** One attempt of a run on the current workers, from {@code round} with the nodes restored to {@code states} (empty: afresh). */
    private interface Attempt {
        void run(long round, List<byte[]> states, Replay replay) throws InterruptedException;
    }

    /**
     * Runs attempts of a run until one ends: when a worker member is lost and the run has a
     * checkpoint, the next attempt places the nodes on the survivors, restored to it (the replay
     * checks the rows made again and passes them on once); otherwise the run fails, naming the
     * member (and saying that checkpoints would have saved it, when it takes none).
     */
    private List<MetricsRow> withRollbacks(PreparedRun run, RunObserver observer, boolean checkpointed, Attempt attempt)
            throws InterruptedException {
        Replay replay = new Replay(observer);
        long round = run.resumeRound();
        List<byte[]> states = run.resumeStates();
        if (!states.isEmpty()) {
            replay.onCheckpoint(round, states);
        }
        while (true) {
            try {
                attempt.run(round, states, replay);
                return replay.rows();
            } catch (io.dlsim.metrics.DivergedException e) {
                // With the rows of every attempt, not only the last one's.
                throw new io.dlsim.metrics.DivergedException(e.divergence(), replay.rows());
            } catch (RunFailedException e) {
                MemberWatch.Lost lost = lostWorker.get();
                List<WorkerHost.HostInfo> survivors = workers.stream().filter(w -> lost == null || !hosts(lost, w)).toList();
                if (lost == null || !replay.hasCheckpoint() || survivors.isEmpty() || survivors.size() == workers.size()) {
                    throw new RunFailedException(e.getMessage() + (lost != null && !checkpointed
                            ? " (with checkpoint-every the run would have gone on without it)" : ""), replay.rows());
                }
                System.err.println("dlsim node " + member + ": " + e.getMessage() + "; placing its nodes on " + survivors.stream()
                        .map(WorkerHost.HostInfo::member).toList() + " and going on from the checkpoint of round "
                        + replay.checkpointRound());
                workers = survivors;
                lostWorker.set(null);
                round = replay.checkpointRound();
                states = replay.checkpointStates();
                replay.restartAfterCheckpoint();
            }
        }
    }

    private static boolean hosts(MemberWatch.Lost lost, WorkerHost.HostInfo w) {
        return lost.address().contains(w.host().path().address().hostPort());
    }

    /**
     * Between a run's attempts (one coordinator or driver per attempt) and the run's observer:
     * keeps the last checkpoint for a rollback, and passes on each row and checkpoint once. Rows
     * are counted from the attempt's start: an attempt after a rollback starts again after the
     * checkpoint's row ({@link #restartAfterCheckpoint}), and a row it makes again must equal the
     * one passed on before (wall clock aside) and is not passed on twice; a checkpoint seen again
     * is not passed on either.
     */
    private static final class Replay implements RunObserver {
        private final RunObserver observer;
        private final List<MetricsRow> rows = new ArrayList<>();
        /** The index of the next row an attempt makes. */
        private int next;
        /** The index of the first row after the last checkpoint (-1: none). */
        private int checkpointIndex = -1;
        private long checkpointRound;
        private List<byte[]> checkpointStates = List.of();

        Replay(RunObserver observer) {
            this.observer = observer;
        }

        @Override
        public synchronized void onRow(MetricsRow row) {
            int index = next++;
            if (index < rows.size()) {
                if (!rows.get(index).withWallSeconds(0).equals(row.withWallSeconds(0))) {
                    throw new IllegalStateException("the replay after a lost member gave another row at round " + row.round()
                            + " than the first attempt");
                }
                return;
            }
            rows.add(row);
            if (observer != null) {
                observer.onRow(row);
            }
        }

        @Override
        public synchronized void onCheckpoint(long round, List<byte[]> nodeStates) {
            if (next <= checkpointIndex) {
                return;
            }
            checkpointIndex = next;
            checkpointRound = round;
            checkpointStates = List.copyOf(nodeStates);
            if (observer != null) {
                observer.onCheckpoint(round, nodeStates);
            }
        }

        /** The next attempt resumes from the last checkpoint: its rows start after the checkpoint's row. */
        synchronized void restartAfterCheckpoint() {
            next = checkpointIndex;
        }

        synchronized boolean hasCheckpoint() {
            return checkpointIndex >= 0;
        }

        synchronized List<MetricsRow> rows() {
            return List.copyOf(rows);
        }

        synchronized long checkpointRound() {
            return checkpointRound;
        }

        synchronized List<byte[]> checkpointStates() {
            return checkpointStates;
        }
    }

    /** Each member's share of the nodes, split into blocks as the embedded engine would (every member needs the same layout). */
    private List<WorkerHost.HostBlock> placeBlocks(PreparedRun run) {
        placement = NodePlacement.of(run.scenario().nodes(), workerNames());
        List<WorkerHost.HostBlock> blocks = new ArrayList<>();
        for (NodePlacement.Block b : placement.blocks()) {
            int count = BlockLayout.blockCountHere(b.to() - b.from(), run.parameterCount());
            blocks.add(new WorkerHost.HostBlock(b.member(), workers.get(b.index()).host(), b.from(), b.to(), count));
        }
        return blocks;
    }

    /**
     * Assigns run number {@code index} to every worker (their nodes restored to {@code states}
     * when not empty) and waits until each has built its nodes from the same inputs.
     */
    private void assign(PreparedRun run, int index, EvaluationRounds plan, List<byte[]> states, List<WorkerHost.HostBlock> blocks,
            ActorRef<Coordinator.Command> collector, ActorRef<EventsDriver.Reply> events) throws InterruptedException {
        Scenario s = run.scenario();
        String fingerprint = WorkerHost.fingerprint(s);
        List<CompletionStage<WorkerHost.Ready>> readies = new ArrayList<>();
        for (WorkerHost.HostInfo w : workers) {
            WorkerHost.HostBlock mine = blocks.stream().filter(b -> b.member().equals(w.member())).findFirst().orElse(null);
            List<byte[]> blockStates = states.isEmpty() || mine == null ? List.of() : states.subList(mine.from(), mine.to());
            readies.add(AskPattern.ask(w.host(), (ActorRef<WorkerHost.Ready> r) -> new WorkerHost.Assign(index, s.runName(),
                    fingerprint, plan.totalRounds(), plan.evalEvery(), plan.checkpointEvery(), plan.firstRound(), blockStates,
                    blocks, collector, events, r), ASK, system.scheduler()));
        }
        PreparedRun.InputFingerprint mine = run.inputFingerprint();
        for (int k = 0; k < readies.size(); k++) {
            WorkerHost.Ready ready = checkReady(workers.get(k).member(), readies.get(k));
            String difference = mine.differenceFrom(ready.inputs());
            if (difference != null) {
                throw new UserInputException("worker member " + ready.member() + " loaded other inputs than the coordinator for run "
                        + s.runName() + ": " + difference + "; every member must read the same data and topology files");
            }
        }
    }

    /**
     * An asynchronous run on the workers (issue 13): each member runs its share of the nodes as
     * parts of the discrete-event engine, in blocks as the embedded engine does, and this member's
     * run thread advances them window by window ({@link EventsDriver}); the rows are the
     * one-thread engine's, bit for bit. Checkpoints are taken as in one JVM (each worker sends its
     * nodes' parts) and a run resumes from one on the workers. A lost member costs a rollback when
     * the run has a checkpoint (its nodes placed on the survivors, restored to it, the rows made
     * again checked and not passed on twice), else it fails the run naming the member.
     */
    private List<MetricsRow> runEventsOnWorkers(PreparedRun run, RunObserver observer) throws InterruptedException {
        Scenario s = run.scenario();
        io.dlsim.algorithms.system.SystemModel model = run.systemModel();
        if (!(model.lookahead() > 0)) {
            throw new UserInputException("execution: asynchronous on a cluster needs latencies with a positive minimum (constant, "
                    + "uniform, or a file without zeros): the members advance in windows of simulated time shorter than the smallest "
                    + "latency, and system.network.latency of run " + s.runName() + " can be arbitrarily small; run it in one JVM "
                    + "(dlsim run), where it needs no windows");
        }
        return withRollbacks(run, observer, run.asynchronousCheckpointRows() > 0, (round, states, replay) -> {
            if (!states.isEmpty()) {
                run.resumeFrom(round, states);
            }
            attemptEvents(run, replay);
        });
    }

    /** One attempt of an asynchronous run on the current workers, from the start or from the checkpoint the run resumes from. */
    private void attemptEvents(PreparedRun run, Replay replay) throws InterruptedException {
        Scenario s = run.scenario();
        io.dlsim.algorithms.system.SystemModel model = run.systemModel();
        io.dlsim.metrics.AsynchronousCheckpoint.Position resumeAt = run.asynchronousResume();
        int index = runsStarted++;
        List<WorkerHost.HostBlock> blocks = placeBlocks(run);
        CompletableFuture<List<MetricsRow>> result = new CompletableFuture<>();
        activeRun.set(result);
        CompletableFuture<Void> failure = new CompletableFuture<>();
        result.whenComplete((ok, e) -> {
            if (e != null) {
                failure.completeExceptionally(e);
            }
        });
        failIfWorkerLost();
        EventsDriver driver = new EventsDriver(index, s.nodes(), failure);
        ActorRef<EventsDriver.Reply> events = system.systemActorOf(driver.create(), "events-" + index, Props.empty());
        try {
            // A resumed run: each worker restores its nodes and its blocks' events from the checkpoint.
            assign(run, index, new EvaluationRounds(s.rounds(), s.evalEvery()), run.resumeStates(), blocks, null, events);
            List<io.dlsim.simulator.engine.EventBlocks.Group> groups = new ArrayList<>();
            for (NodePlacement.Block b : placement.blocks()) {
                groups.add(driver.group(workers.get(b.index()).host(), groups.size(), b.from(), b.to()));
            }
            var simulation = new io.dlsim.simulator.engine.EventBlocks(groups, model.lookahead());
            if (resumeAt != null) {
                // The workers hold the next events; the checkpoint's time is a lower bound of them.
                simulation.resumedAt(resumeAt, resumeAt.time());
            }
            double everySeconds = s.execution().evalEverySeconds() == null ? 0 : s.execution().evalEverySeconds();
            io.dlsim.metrics.AsynchronousRunner.run(simulation, run.evaluator(), s.rounds(), s.evalEvery(), everySeconds,
                    run.asynchronousCheckpointRows(), resumeAt, replay);
        } catch (RuntimeException e) {
            if (result.isCompletedExceptionally()) {
                try {
                    result.join();
                } catch (java.util.concurrent.CompletionException c) {
                    if (c.getCause() instanceof RunFailedException lost) {
                        throw new RunFailedException(lost.getMessage(), replay.rows());
                    }
                }
            }
            if (e instanceof UserInputException || e instanceof io.dlsim.metrics.DivergedException) {
                throw e;
            }
            throw new RunFailedException(e.getMessage(), replay.rows());
        } finally {
            activeRun.set(null);
            events.tell(EventsDriver.Stop.INSTANCE);
            for (WorkerHost.HostInfo w : workers) {
                w.host().tell(new WorkerHost.EndRun(index));
            }
        }
    }

    /** One attempt: places the nodes on the current workers, restored to {@code states} when the plan starts later than 0. */
    private void attempt(PreparedRun run, EvaluationRounds plan, List<byte[]> states, RunObserver observer) throws InterruptedException {
        Scenario s = run.scenario();
        int index = runsStarted++;
        List<WorkerHost.HostBlock> blocks = placeBlocks(run);
        CompletableFuture<List<MetricsRow>> result = new CompletableFuture<>();
        activeRun.set(result);
        failIfWorkerLost();
        ActorRef<Coordinator.Command> collector = system.systemActorOf(
                Coordinator.create(s.nodes(), run.evaluator(), plan, observer, result), "collector-" + index,
                io.dlsim.simulator.engine.BlockDispatcher.coordinatorProps());
        try {
            assign(run, index, plan, states, blocks, collector, null);
            for (WorkerHost.HostInfo w : workers) {
                w.host().tell(new WorkerHost.Go(index));
            }
            await(result);
        } finally {
            activeRun.set(null);
            collector.tell(new Coordinator.Stop("run " + index + " ended"));
            for (WorkerHost.HostInfo w : workers) {
                w.host().tell(new WorkerHost.EndRun(index));
            }
        }
    }

    /** Waits for a worker's answer to its assignment and turns a refusal into the right exception. */
    private static WorkerHost.Ready checkReady(String worker, CompletionStage<WorkerHost.Ready> answer) throws InterruptedException {
        WorkerHost.Ready ready;
        try {
            ready = answer.toCompletableFuture().get();
        } catch (ExecutionException e) {
            throw new ClusterException("worker member " + worker + " did not answer its assignment within " + ASK.toMinutes()
                    + " min: " + e.getCause().getMessage(), e.getCause());
        }
        if (ready.error() == null) {
            return ready;
        }
        if (ready.badInput()) {
            // E.g. the worker read another scenario file, or cannot find a data file.
            throw new UserInputException("worker member " + ready.member() + ": " + ready.error());
        }
        throw new IllegalStateException("worker member " + ready.member() + " could not build its nodes (its log has the stack trace): "
                + ready.error());
    }

    private void onLost(MemberWatch.Lost lost) {
        // A member already dropped after an earlier loss (reported again as removed) is not news.
        List<WorkerHost.HostInfo> current = workers;
        boolean known = current.isEmpty() || current.stream().anyMatch(w -> hosts(lost, w));
        if (lost.roles().contains("worker") && known) {
            lostWorker.compareAndSet(null, lost);
            failIfWorkerLost();
        }
    }

    private void failIfWorkerLost() {
        MemberWatch.Lost lost = lostWorker.get();
        CompletableFuture<List<MetricsRow>> run = activeRun.get();
        if (lost != null && run != null) {
            String hosted = "";
            for (WorkerHost.HostInfo w : workers) {
                if (lost.address().contains(w.host().path().address().hostPort()) && placement != null) {
                    NodePlacement.Block b = placement.blocks().stream().filter(x -> x.member().equals(w.member())).findFirst().orElse(null);
                    hosted = b == null ? " (" + w.member() + ")" : " (" + w.member() + ", nodes " + b.from() + ".." + (b.to() - 1) + ")";
                }
            }
            run.completeExceptionally(new RunFailedException("worker member " + lost.address() + hosted + " " + lost.what()
                    + " in the middle of the run", List.of()));
        }
    }

    private void onLostAsWorker(MemberWatch.Lost lost) {
        if (lost.roles().contains("coordinator")) {
            finished.completeExceptionally(new ClusterException("the coordinator " + lost.address() + " " + lost.what()));
        }
    }

    /**
     * Worker: blocks until the coordinator says the experiment is over; returns its reason.
     *
     * @throws ClusterException when this member has not joined the cluster within the join
     *     timeout (e.g. wrong seed nodes), or when the coordinator is lost first
     */
    public String awaitFinish() throws InterruptedException {
        awaitJoined();
        return await(finished).reason();
    }

    /** Worker, after {@link #awaitFinish()}: whether the coordinator ended the experiment because a run failed. */
    public boolean experimentFailed() {
        return finished.isDone() && !finished.isCompletedExceptionally() && finished.join().failed();
    }

    /**
     * Waits until this member is Up, or fails after the join timeout naming the seed nodes:
     * without it a worker pointed at the wrong seeds retries joining forever.
     */
    private void awaitJoined() throws InterruptedException {
        Cluster cluster = Cluster.get(system);
        long deadline = System.nanoTime() + settings.joinTimeout().toNanos();
        while (cluster.selfMember().status() != org.apache.pekko.cluster.MemberStatus.up() && !finished.isDone()) {
            if (System.nanoTime() > deadline) {
                throw new ClusterException("member " + member + " could not join the cluster within " + settings.joinTimeout().toSeconds()
                        + " s (seed nodes " + (settings.seedNodes().isEmpty() ? "none" : String.join(", ", settings.seedNodes()))
                        + "): is the coordinator running there? (--seed-nodes, DLSIM_SEED_NODES; --join-timeout)");
            }
            Thread.sleep(50);
        }
    }

    /** Coordinator: tells every worker the experiment is over ({@code failed}: because a run failed). */
    public void finishWorkers(String reason, boolean failed) {
        for (WorkerHost.HostInfo w : workers) {
            w.host().tell(new WorkerHost.Finish(reason, failed));
        }
    }

    /** Coordinator: tells every worker the experiment is over, successfully. */
    public void finishWorkers(String reason) {
        finishWorkers(reason, false);
    }

    /**
     * Coordinator: waits (bounded) until no worker is a member any more, so that the seed leaves
     * last and the workers' leaving is not seen as a failure. A bounded poll of the membership
     * the cluster already keeps: a subscription would need its own book of worker members for
     * this one wait at shutdown, and would not be simpler.
     */
    public void awaitWorkersLeft(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Cluster cluster = Cluster.get(system);
        while (System.nanoTime() < deadline) {
            boolean anyWorker = false;
            for (var m : cluster.state().getMembers()) {
                anyWorker |= m.hasRole("worker");
            }
            if (!anyWorker) {
                return;
            }
            Thread.sleep(100);
        }
    }

    /**
     * Leaves the cluster and terminates the actor system through Pekko's coordinated shutdown
     * (leave, wait until removed, stop), bounded by its phase timeouts.
     */
    @Override
    public void close() {
        try {
            CoordinatedShutdown.get(system).runAll(CoordinatedShutdown.clusterLeavingReason())
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            system.terminate();
        }
    }

    /** The value of {@code stage}; its failure is rethrown as it is (all of them here are unchecked). */
    private static <T> T await(CompletionStage<T> stage) throws InterruptedException {
        try {
            return stage.toCompletableFuture().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}

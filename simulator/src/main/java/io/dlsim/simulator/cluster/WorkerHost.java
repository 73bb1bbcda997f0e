package io.dlsim.simulator.cluster;

import io.dlsim.algorithms.engine.RoundRows;
import io.dlsim.metrics.EvaluationRounds;
import io.dlsim.simulator.engine.BlockDirectory;
import io.dlsim.simulator.engine.BlockLayout;
import io.dlsim.simulator.engine.Coordinator;
import io.dlsim.simulator.engine.NodeBlock;
import io.dlsim.simulator.run.PreparedRun;
import io.dlsim.simulator.scenario.Scenario;
import io.dlsim.simulator.engine.CborSerializable;
import io.dlsim.simulator.engine.EventBlocks;
import io.dlsim.topologies.UserInputException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * The worker member's host actor: registered with the Receptionist under {@link #KEY}, it builds
 * and runs the simulated nodes the coordinator places on this member. It loads the data itself
 * from the same scenario file (no training data crosses the network), keeps only the nodes it
 * hosts, in {@link NodeBlock}s exactly as the embedded engine runs them, and routes the blocks'
 * batches: to local blocks directly, to other members' blocks through their host
 * ({@link Forward}): one message per block pair and round.
 */
public final class WorkerHost extends AbstractBehavior<WorkerHost.Command> {
    /** The Receptionist key worker hosts register under. */
    public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "dlsim-worker");

    /** Messages a host understands. */
    public sealed interface Command permits Hello, Assign, Go, EndRun, Finish, Forward, AdvanceEvents, SnapshotEvents, SaveEvents {
    }

    /** Asks the host for its member name. */
    public record Hello(ActorRef<HostInfo> replyTo) implements Command, CborSerializable {
    }

    /** The host's member name. */
    public record HostInfo(String member, ActorRef<Command> host) implements CborSerializable {
    }

    /** A worker's share of node ids, its host, and the number of {@link NodeBlock}s the share is split into. */
    public record HostBlock(String member, ActorRef<Command> host, int from, int to, int blocks) implements CborSerializable {
    }

    /**
     * Build this member's block of the nodes of the scenario's run named {@code runName}, to be
     * evaluated after the rounds of {@code EvaluationRounds(rounds, evalEvery)}, as the
     * coordinator's run number {@code run}; reply {@link Ready}. {@code fingerprint} guards
     * against members reading different scenario files.
     */
    public record Assign(int run, String runName, String fingerprint, long rounds, long evalEvery, long checkpointEvery,
            long firstRound, List<byte[]> states, List<HostBlock> blocks, ActorRef<Coordinator.Command> collector,
            ActorRef<EventsDriver.Reply> events, ActorRef<Ready> replyTo) implements Command, CborSerializable {
        /**
         * The plan's checkpoints and, when the run continues from a checkpoint taken after
         * {@code firstRound} rounds (a resumed run, or a rollback after a lost member), the states
         * of this member's nodes in id order ({@code states} empty when it starts afresh).
         */
        public Assign {
            states = states == null ? List.of() : List.copyOf(states);
        }
    }

    /**
     * The host built its nodes ({@code error} null) or could not: because of the user's input
     * ({@code badInput}: another scenario file, a missing data file, a message that does not fit
     * this member), or because of a bug (its stack trace is in this member's log).
     */
    public record Ready(int run, String member, String error, boolean badInput, PreparedRun.InputFingerprint inputs)
            implements CborSerializable {
    }

    /** Start the nodes of run {@code run}. */
    public record Go(int run) implements Command, CborSerializable {
    }

    /** Run {@code run} is over: stop its nodes. */
    public record EndRun(int run) implements Command, CborSerializable {
    }

    /** The experiment is over ({@code failed}: a run failed or the coordinator stopped): the member may leave. */
    public record Finish(String reason, boolean failed) implements Command, CborSerializable {
    }

    /**
     * An asynchronous run's window (issue 13): deliver {@code incoming} (events for nodes hosted
     * here, made elsewhere) to this member's blocks, advance them to simulated time {@code until},
     * and answer {@link EventsDriver.Advanced} (window {@code window}) to the run's driver.
     */
    public record AdvanceEvents(int run, long window, double until, List<io.dlsim.algorithms.engine.EventEngine.Transfer> incoming)
            implements Command {
    }

    /**
     * An asynchronous run's checkpoint at {@code at}: send every hosted node's checkpoint to the
     * run's driver ({@link EventsDriver.Checkpoint}), with {@code incoming} (events for its nodes
     * not yet delivered) among their pending events.
     */
    public record SaveEvents(int run, io.dlsim.metrics.AsynchronousCheckpoint.Position at,
            List<io.dlsim.algorithms.engine.EventEngine.Transfer> incoming) implements Command {
    }

    /** An asynchronous run's row: send every hosted node's snapshot to the run's driver ({@link EventsDriver.Snapshot}). */
    public record SnapshotEvents(int run, long round) implements Command, CborSerializable {
    }

    /**
     * A batch of gossip messages of the coordinator's run number {@code run} for block {@code to},
     * hosted here, from a block on another member. The run number drops a batch still in flight
     * from blocks of an attempt that was rolled back.
     */
    public record Forward(int to, int run, NodeBlock.Batch batch) implements Command {
    }

    private final String member;
    private final List<Scenario> scenarios;
    private final CompletableFuture<WorkerHost.Finish> finished;
    private int run = -1;
    /** The first block hosted here. */
    private int firstBlock;
    private ActorRef<NodeBlock.Command>[] local;
    private ActorRef<Coordinator.Command> collector;
    private BlockDirectory peers;
    /** An asynchronous run's blocks here (null otherwise), their node ranges, and its driver. */
    private List<EventBlocks.Group> eventBlocks;
    private ActorRef<EventsDriver.Reply> events;
    private int hostedFrom;

    public static Behavior<Command> create(String member, List<Scenario> scenarios, CompletableFuture<WorkerHost.Finish> finished) {
        return Behaviors.setup(ctx -> new WorkerHost(ctx, member, scenarios, finished));
    }

    private WorkerHost(ActorContext<Command> context, String member, List<Scenario> scenarios,
            CompletableFuture<WorkerHost.Finish> finished) {
        super(context);
        this.member = member;
        this.scenarios = scenarios;
        this.finished = finished;
        context.getSystem().receptionist().tell(Receptionist.register(KEY, context.getSelf()));
    }

    /** What every member computes from its own scenario file and compares. */
    public static String fingerprint(Scenario s) {
        return Integer.toHexString(s.resolvedYaml().hashCode()) + "/" + s.nodes() + "/" + s.seed();
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Hello.class, this::onHello)
                .onMessage(Assign.class, this::onAssign)
                .onMessage(Go.class, this::onGo)
                .onMessage(Forward.class, this::onForward)
                .onMessage(AdvanceEvents.class, this::onAdvanceEvents)
                .onMessage(SnapshotEvents.class, this::onSnapshotEvents)
                .onMessage(SaveEvents.class, this::onSaveEvents)
                .onMessage(EndRun.class, this::onEndRun)
                .onMessage(Finish.class, this::onFinish)
                .build();
    }

    private Behavior<Command> onHello(Hello hello) {
        hello.replyTo().tell(new HostInfo(member, getContext().getSelf()));
        return this;
    }

    private Behavior<Command> onAssign(Assign a) {
        try {
            Scenario s = scenarios.stream().filter(x -> x.runName().equals(a.runName())).findFirst()
                    .orElseThrow(() -> new UserInputException("run " + a.runName() + " is not in this member's scenario file ("
                            + scenarios.size() + " runs): the members were started with different scenario files"));
            if (!fingerprint(s).equals(a.fingerprint())) {
                throw new UserInputException("member " + member + " read a different scenario than the coordinator (run "
                        + s.runName() + "): start every member with the same scenario file");
            }
            HostBlock mine = a.blocks().stream().filter(b -> b.member().equals(member)).findFirst()
                    .orElseThrow(() -> new UserInputException("the placement has no block for member " + member));
            stopNodes();
            PreparedRun prepared = PreparedRun.ofWorker(s);
            RoundRows rows = new RoundRows(prepared.schedule());
            EvaluationRounds plan = new EvaluationRounds(a.rounds(), a.evalEvery(), a.checkpointEvery(), a.firstRound());
            int from = mine.from();
            if (!a.states().isEmpty() && a.states().size() != mine.to() - mine.from()) {
                throw new IllegalStateException("the assignment carries " + a.states().size() + " node states for "
                        + (mine.to() - mine.from()) + " nodes");
            }
            List<HostBlock> shares = List.copyOf(a.blocks());
            BlockLayout layout = BlockLayout.of(shares.stream().map(b -> new int[] {b.from(), b.to()}).toList(),
                    shares.stream().map(HostBlock::blocks).toList());
            // Which member hosts each block, by block number.
            @SuppressWarnings("unchecked")
            ActorRef<Command>[] hostOfBlock = new ActorRef[layout.blocks()];
            int first = -1;
            for (int b = 0; b < layout.blocks(); b++) {
                HostBlock share = shareOf(shares, layout.start(b));
                hostOfBlock[b] = share.host();
                if (share.member().equals(member) && first < 0) {
                    first = b;
                }
            }
            int mineCount = mine.blocks();
            if (s.execution().asynchronous()) {
                assignEvents(a, prepared, layout, first, mineCount, from);
                a.replyTo().tell(new Ready(a.run(), member, null, false, prepared.inputFingerprint()));
                return this;
            }
            // The nodes' local losses are computed here, in the blocks, as in the embedded engine.
            io.dlsim.metrics.Evaluator evaluator = prepared.evaluator();
            @SuppressWarnings("unchecked")
            ActorRef<NodeBlock.Command>[] refs = new ActorRef[mineCount];
            for (int k = 0; k < mineCount; k++) {
                int b = first + k;
                List<io.dlsim.algorithms.optim.NodeAlgorithm> nodes = new java.util.ArrayList<>(layout.end(b) - layout.start(b));
                for (int i = layout.start(b); i < layout.end(b); i++) {
                    var node = prepared.node(i);
                    if (!a.states().isEmpty()) {
                        io.dlsim.algorithms.engine.NodeState.restore(node, a.states().get(i - from));
                    }
                    nodes.add(node);
                }
                refs[k] = getContext().spawn(NodeBlock.create(nodes, b, layout, rows, plan, evaluator.localLoss(layout.n()),
                                prepared.systemModel()),
                        "block-" + b + "-run-" + a.run());
            }
            local = refs;
            firstBlock = first;
            run = a.run();
            collector = a.collector();
            int firstMine = first;
            peers = (block, message) -> {
                if (block >= firstMine && block < firstMine + mineCount) {
                    refs[block - firstMine].tell(message);
                } else {
                    hostOfBlock[block].tell(new Forward(block, a.run(), (NodeBlock.Batch) message));
                }
            };
            // What this member loaded, for the coordinator to compare with its own: the same
            // scenario text can name different files on different machines.
            a.replyTo().tell(new Ready(a.run(), member, null, false, prepared.inputFingerprint()));
        } catch (UserInputException e) {
            a.replyTo().tell(new Ready(a.run(), member, e.getMessage(), true, null));
        } catch (RuntimeException e) {
            getContext().getLog().error("member {} could not build its nodes of run {}", member, a.runName(), e);
            a.replyTo().tell(new Ready(a.run(), member, e.toString(), false, null));
        }
        return this;
    }

    /** Builds this member's blocks of an asynchronous run: parts of its discrete-event engine, one actor each. */
    private void assignEvents(Assign a, PreparedRun prepared, BlockLayout layout, int first, int count, int from) {
        if (a.events() == null) {
            throw new IllegalStateException("an asynchronous run's assignment names no driver");
        }
        var s = prepared.scenario();
        io.dlsim.algorithms.engine.MixingRows rows = io.dlsim.algorithms.engine.MixingRows.of(prepared.schedule().at(0), null);
        io.dlsim.metrics.Evaluator evaluator = prepared.evaluator();
        List<EventBlocks.Group> groups = new java.util.ArrayList<>();
        // A resumed run: each node's checkpoint (its state, what the engine held for it, the time).
        List<io.dlsim.metrics.AsynchronousCheckpoint> saved = new java.util.ArrayList<>();
        for (byte[] b : a.states()) {
            try {
                saved.add(io.dlsim.metrics.AsynchronousCheckpoint.read(b));
            } catch (IllegalArgumentException e) {
                throw new UserInputException("checkpoint: " + e.getMessage(), e);
            }
        }
        for (int k = 0; k < count; k++) {
            int b = first + k;
            List<io.dlsim.algorithms.optim.NodeAlgorithm> nodes = new java.util.ArrayList<>(layout.end(b) - layout.start(b));
            List<byte[]> engineStates = new java.util.ArrayList<>();
            for (int i = layout.start(b); i < layout.end(b); i++) {
                var node = prepared.node(i);
                if (!saved.isEmpty()) {
                    io.dlsim.algorithms.engine.NodeState.restore(node, saved.get(i - from).nodeState());
                    engineStates.add(saved.get(i - from).engine());
                }
                nodes.add(node);
            }
            io.dlsim.algorithms.engine.EventEngine part = io.dlsim.algorithms.engine.EventEngine.part(rows, nodes, layout.start(b),
                    prepared.systemModel(), s.execution().protocol(s.algorithm()), s.seed());
            if (!saved.isEmpty()) {
                PreparedRun.restoreEngine(part, engineStates, saved.get(0).position());
            }
            groups.add(EventBlocks.local(getContext().spawn(EventBlocks.block(part, evaluator.localLoss(layout.n())),
                    "events-" + b + "-run-" + a.run()), layout.start(b), layout.end(b)));
        }
        eventBlocks = groups;
        events = a.events();
        hostedFrom = from;
        run = a.run();
    }

    private Behavior<Command> onAdvanceEvents(AdvanceEvents e) {
        if (e.run() != run || eventBlocks == null) {
            return this;
        }
        List<java.util.concurrent.CompletableFuture<EventBlocks.Advanced>> replies = new java.util.ArrayList<>();
        try {
            List<List<io.dlsim.algorithms.engine.EventEngine.Transfer>> byBlock = new java.util.ArrayList<>();
            for (int k = 0; k < eventBlocks.size(); k++) {
                byBlock.add(new java.util.ArrayList<>());
            }
            for (var t : e.incoming()) {
                int k = 0;
                while (k < eventBlocks.size() && t.node() >= eventBlocks.get(k).to()) {
                    k++;
                }
                if (k == eventBlocks.size() || t.node() < eventBlocks.get(k).from()) {
                    throw new IllegalStateException("an event for node " + t.node() + ", which member " + member + " does not host");
                }
                byBlock.get(k).add(t);
            }
            for (int k = 0; k < eventBlocks.size(); k++) {
                replies.add(eventBlocks.get(k).advance(e.until(), byBlock.get(k)));
            }
        } catch (RuntimeException ex) {
            events.tell(new EventsDriver.Failed(e.run(), member, ex.toString()));
            return this;
        }
        ActorRef<EventsDriver.Reply> driver = events;
        int from = hostedFrom;
        java.util.concurrent.CompletableFuture.allOf(replies.toArray(new java.util.concurrent.CompletableFuture[0]))
                .whenComplete((ok, ex) -> {
                    if (ex != null) {
                        driver.tell(new EventsDriver.Failed(e.run(), member, String.valueOf(ex.getCause() == null ? ex : ex.getCause())));
                    } else {
                        driver.tell(new EventsDriver.Advanced(e.run(), e.window(), from,
                                EventBlocks.Advanced.merge(replies.stream().map(java.util.concurrent.CompletableFuture::join).toList())));
                    }
                });
        return this;
    }

    private Behavior<Command> onSaveEvents(SaveEvents e) {
        if (e.run() != run || eventBlocks == null) {
            return this;
        }
        ActorRef<EventsDriver.Reply> driver = events;
        for (EventBlocks.Group g : eventBlocks) {
            List<io.dlsim.algorithms.engine.EventEngine.Transfer> mine = e.incoming().stream()
                    .filter(t -> t.node() >= g.from() && t.node() < g.to()).toList();
            g.save(mine, e.at()).whenComplete((states, ex) -> {
                if (ex != null) {
                    driver.tell(new EventsDriver.Failed(e.run(), member, String.valueOf(ex.getCause() == null ? ex : ex.getCause())));
                } else {
                    for (int k = 0; k < states.size(); k++) {
                        driver.tell(new EventsDriver.Checkpoint(e.run(), g.from() + k, states.get(k)));
                    }
                }
            });
        }
        return this;
    }

    private Behavior<Command> onSnapshotEvents(SnapshotEvents e) {
        if (e.run() != run || eventBlocks == null) {
            return this;
        }
        ActorRef<EventsDriver.Reply> driver = events;
        for (EventBlocks.Group g : eventBlocks) {
            g.snapshots(e.round()).whenComplete((snaps, ex) -> {
                if (ex != null) {
                    driver.tell(new EventsDriver.Failed(e.run(), member, String.valueOf(ex.getCause() == null ? ex : ex.getCause())));
                } else {
                    for (io.dlsim.metrics.NodeSnapshot snap : snaps) {
                        driver.tell(new EventsDriver.Snapshot(e.run(), snap));
                    }
                }
            });
        }
        return this;
    }

    private static HostBlock shareOf(List<HostBlock> shares, int node) {
        for (HostBlock b : shares) {
            if (node >= b.from() && node < b.to()) {
                return b;
            }
        }
        throw new IllegalStateException("no member hosts node " + node);
    }

    private Behavior<Command> onGo(Go go) {
        if (go.run() == run && local != null) {
            for (ActorRef<NodeBlock.Command> b : local) {
                b.tell(new NodeBlock.Start(peers, collector));
            }
        }
        return this;
    }

    private Behavior<Command> onForward(Forward f) {
        if (f.run() != run) {
            // From nodes of an earlier attempt (rolled back after a lost member, or ended): stale.
            return this;
        }
        if (local == null || f.to() < firstBlock || f.to() >= firstBlock + local.length) {
            getContext().getLog().warn("member {} got a gossip batch for block {}, which it does not host; dropped", member, f.to());
            if (collector != null) {
                int sender = f.batch().nodes().length > 0 ? f.batch().nodes()[0] : -1;
                collector.tell(new Coordinator.NodeFailed(sender, f.batch().round(),
                        "its batch (block " + f.batch().fromBlock() + ") reached member " + member + ", which does not host block "
                                + f.to()));
            }
            return this;
        }
        local[f.to() - firstBlock].tell(f.batch());
        return this;
    }

    private Behavior<Command> onEndRun(EndRun end) {
        if (end.run() == run) {
            stopNodes();
        }
        return this;
    }

    private Behavior<Command> onFinish(Finish finish) {
        stopNodes();
        finished.complete(finish);
        return this;
    }

    private void stopNodes() {
        if (eventBlocks != null) {
            for (var child : getContext().getChildren()) {
                getContext().stop(child);
            }
        }
        eventBlocks = null;
        events = null;
        if (local != null) {
            for (ActorRef<NodeBlock.Command> b : local) {
                getContext().stop(b);
            }
        }
        local = null;
        run = -1;
    }
}

package io.dlsim.simulator.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * The coordinator's wait for its workers: subscribes to the Receptionist's listing of
 * {@link WorkerHost#KEY}, asks every newly listed host its member name ({@link WorkerHost.Hello}),
 * and completes {@code found} with the first {@code expected} hosts in member-name order as soon
 * as that many have answered. After {@code timeout} it fails {@code found} with a
 * {@link ClusterException} that names who joined and how many are missing. It stops either way
 * (which ends its subscription).
 */
final class WorkerDiscovery extends AbstractBehavior<WorkerDiscovery.Command> {
    /** Only its own subscription, replies and timer reach it. */
    sealed interface Command permits Listed, Answered, TimedOut {
    }

    private record Listed(Set<ActorRef<WorkerHost.Command>> hosts) implements Command {
    }

    /** A host's answer to Hello, or (info null) its failure to answer in time. */
    private record Answered(ActorRef<WorkerHost.Command> host, WorkerHost.HostInfo info) implements Command {
    }

    private enum TimedOut implements Command {
        INSTANCE
    }

    private static final Duration HELLO_TIMEOUT = Duration.ofSeconds(5);
    private final ClusterSettings settings;
    private final CompletableFuture<List<WorkerHost.HostInfo>> found;
    private Set<ActorRef<WorkerHost.Command>> listed = Set.of();
    private final Map<ActorRef<WorkerHost.Command>, WorkerHost.HostInfo> answered = new HashMap<>();

    static Behavior<Command> create(ClusterSettings settings, CompletableFuture<List<WorkerHost.HostInfo>> found) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new WorkerDiscovery(ctx, timers, settings, found)));
    }

    private WorkerDiscovery(ActorContext<Command> context, TimerScheduler<Command> timers, ClusterSettings settings,
            CompletableFuture<List<WorkerHost.HostInfo>> found) {
        super(context);
        this.settings = settings;
        this.found = found;
        ActorRef<Receptionist.Listing> listings = context.messageAdapter(Receptionist.Listing.class,
                listing -> new Listed(listing.getServiceInstances(WorkerHost.KEY)));
        context.getSystem().receptionist().tell(Receptionist.subscribe(WorkerHost.KEY, listings));
        timers.startSingleTimer(TimedOut.INSTANCE, settings.joinTimeout());
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Listed.class, this::onListed)
                .onMessage(Answered.class, this::onAnswered)
                .onMessage(TimedOut.class, timedOut -> onTimedOut())
                .build();
    }

    private Behavior<Command> onListed(Listed listing) {
        for (ActorRef<WorkerHost.Command> host : listing.hosts()) {
            if (!listed.contains(host)) {
                hello(host);
            }
        }
        listed = listing.hosts();
        // A host that left before the run starts is not counted.
        answered.keySet().retainAll(listed);
        return this;
    }

    private void hello(ActorRef<WorkerHost.Command> host) {
        getContext().ask(WorkerHost.HostInfo.class, host, HELLO_TIMEOUT, WorkerHost.Hello::new,
                (info, failure) -> new Answered(host, info));
    }

    private Behavior<Command> onAnswered(Answered a) {
        if (!listed.contains(a.host())) {
            return this;
        }
        if (a.info() == null) {
            // Not ready to answer yet (e.g. still joining): ask again while it is listed.
            hello(a.host());
            return this;
        }
        answered.put(a.host(), a.info());
        if (answered.size() < settings.expectedWorkers()) {
            return this;
        }
        found.complete(List.copyOf(byName().subList(0, settings.expectedWorkers())));
        return Behaviors.stopped();
    }

    private Behavior<Command> onTimedOut() {
        List<WorkerHost.HostInfo> seen = byName();
        found.completeExceptionally(new ClusterException("waited " + settings.joinTimeout().toSeconds() + " s for "
                + settings.expectedWorkers() + " worker members, but " + seen.size() + " joined ("
                + String.join(", ", seen.stream().map(WorkerHost.HostInfo::member).toList()) + "): "
                + (settings.expectedWorkers() - seen.size()) + " missing. Check that every worker runs with "
                + "DLSIM_SEED_NODES=" + String.join(",", settings.seedNodes()) + " and can reach it"));
        return Behaviors.stopped();
    }

    private List<WorkerHost.HostInfo> byName() {
        List<WorkerHost.HostInfo> infos = new ArrayList<>(answered.values());
        infos.sort(Comparator.comparing(WorkerHost.HostInfo::member));
        return infos;
    }
}

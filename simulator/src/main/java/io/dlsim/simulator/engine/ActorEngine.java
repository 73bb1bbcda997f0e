package io.dlsim.simulator.engine;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dlsim.algorithms.engine.RoundRows;
import io.dlsim.algorithms.optim.NodeAlgorithm;
import io.dlsim.metrics.EvaluationRounds;
import io.dlsim.metrics.Evaluator;
import io.dlsim.metrics.MetricsRow;
import io.dlsim.metrics.RunObserver;
import io.dlsim.simulator.run.PreparedRun;
import io.dlsim.topologies.schedule.MixingSchedule;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * {@link EngineType#ACTORS}: runs a decentralized training run on actors in this JVM (the
 * embedded default): one {@link NodeWorker} per node and a {@link Coordinator}, in a fresh actor
 * system that is shut down at the end. Produces the same rows as
 * {@link io.dlsim.metrics.SequentialRunner} for the same nodes, bit for bit, except the
 * wall-clock column. A node's exception ends the run as a {@link RunFailedException}.
 */
public final class ActorEngine implements Engine {
    ActorEngine() {
    }

    @Override
    public EngineType type() {
        return EngineType.ACTORS;
    }

    @Override
    public List<MetricsRow> runNodes(PreparedRun prepared, EvaluationRounds plan, RunObserver observer) throws InterruptedException {
        return run(prepared.schedule(), prepared.nodes(), prepared.evaluator(), plan, observer);
    }

    /**
     * Runs the given nodes to the end and returns every row (each also handed to
     * {@code observer} as it comes): the engine on nodes built by the caller, e.g. a test that
     * injects a failing node. Runs of a scenario go through {@link Engine#run}.
     *
     * @throws RunFailedException when a node or the evaluation fails (rows so far attached)
     */
    public static List<MetricsRow> run(MixingSchedule schedule, List<? extends NodeAlgorithm> nodes, Evaluator evaluator,
            EvaluationRounds plan, RunObserver observer) throws InterruptedException {
        if (schedule.n() != nodes.size()) {
            throw new IllegalArgumentException("schedule has " + schedule.n() + " nodes, " + nodes.size() + " algorithms given");
        }
        CompletableFuture<List<MetricsRow>> result = new CompletableFuture<>();
        RoundRows rows = new RoundRows(schedule);
        Behavior<Void> guardian = Behaviors.setup(ctx -> {
            ActorRef<Coordinator.Command> coordinator = ctx.spawn(
                    Coordinator.create(nodes.size(), evaluator, plan, observer, result), "coordinator");
            @SuppressWarnings("unchecked")
            ActorRef<NodeWorker.Command>[] workers = new ActorRef[nodes.size()];
            for (int i = 0; i < workers.length; i++) {
                workers[i] = ctx.spawn(NodeWorker.create(nodes.get(i), rows, plan), "node-" + i);
            }
            PeerDirectory peers = (node, message) -> workers[node].tell(message);
            for (ActorRef<NodeWorker.Command> w : workers) {
                w.tell(new NodeWorker.Start(peers, coordinator));
            }
            return Behaviors.empty();
        });
        ActorSystem<Void> system = ActorSystem.create(guardian, "dlsim", embeddedConfig());
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().join();
        }
    }

    private static Config embeddedConfig() {
        return ConfigFactory.parseString("""
                pekko.loglevel = WARNING
                pekko.stdout-loglevel = WARNING
                pekko.log-dead-letters = off
                pekko.log-dead-letters-during-shutdown = off
                # The engine terminates its system itself; at a JVM stop the experiment's own hook ends the run.
                pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
                pekko.actor.default-dispatcher.throughput = 64
                """).withFallback(ConfigFactory.load());
    }
}

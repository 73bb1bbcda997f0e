package io.dlsim.simulator.cluster;

import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * Reports members that become unreachable or leave the cluster, with their roles, so that a
 * run can end with a clear error instead of waiting forever for a member that is gone.
 */
final class MemberWatch {
    /** A member that is gone or unreachable: its address, roles and what happened. */
    record Lost(String address, java.util.Set<String> roles, String what) {
    }

    private MemberWatch() {
    }

    static Behavior<Object> create(Consumer<Lost> onLost) {
        return Behaviors.setup(ctx -> {
            ActorRef<Object> self = ctx.getSelf();
            Cluster cluster = Cluster.get(ctx.getSystem());
            cluster.subscriptions().tell(Subscribe.create(self.narrow(), ClusterEvent.MemberEvent.class));
            cluster.subscriptions().tell(Subscribe.create(self.narrow(), ClusterEvent.ReachabilityEvent.class));
            return Behaviors.receive(Object.class)
                    .onMessage(ClusterEvent.UnreachableMember.class, e -> {
                        onLost.accept(new Lost(e.member().address().toString(), e.member().getRoles(), "became unreachable"));
                        return Behaviors.same();
                    })
                    .onMessage(ClusterEvent.MemberRemoved.class, e -> {
                        onLost.accept(new Lost(e.member().address().toString(), e.member().getRoles(), "left the cluster"));
                        return Behaviors.same();
                    })
                    .onAnyMessage(e -> Behaviors.same())
                    .build();
        });
    }
}

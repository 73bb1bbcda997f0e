package io.dlsim.simulator.engine;

import io.dlsim.topologies.Suggestions;
import io.dlsim.topologies.UserInputException;
import java.util.Arrays;
import java.util.List;

/**
 * The engines a run can execute on, by the names users write ({@code engine:} in a scenario,
 * {@code dlsim run --engine}, {@code "engine"} in summary.json). All three produce the same
 * metrics rows, bit for bit, except the wall-clock column.
 */
public enum EngineType {
    /** All nodes in lockstep in one thread: the oracle and the speed baseline. */
    SEQUENTIAL("sequential"),
    /** The nodes in blocks of contiguous ids, one Pekko actor per block, in this JVM (the default; {@link BlockLayout}). */
    ACTORS("actors"),
    /** The nodes spread over the worker members of a Pekko cluster. */
    CLUSTER("cluster");

    private final String userName;

    EngineType(String userName) {
        this.userName = userName;
    }

    /** The name users write and read. */
    public String userName() {
        return userName;
    }

    @Override
    public String toString() {
        return userName;
    }

    /** Every user name, in declaration order. */
    public static List<String> userNames() {
        return Arrays.stream(values()).map(EngineType::userName).toList();
    }

    /**
     * The engine type named {@code name} (exactly as {@link #userName()}).
     *
     * @throws UserInputException for any other name, with a did-you-mean hint; callers add where
     *     the name came from ({@code --engine: })
     */
    public static EngineType parse(String name) {
        for (EngineType t : values()) {
            if (t.userName.equals(name)) {
                return t;
            }
        }
        throw new UserInputException("unknown engine '" + name + "'" + Suggestions.didYouMean(String.valueOf(name), userNames())
                + "; expected one of " + String.join(", ", userNames()));
    }

    /**
     * A new engine of this type in this JVM. A cluster engine needs a running coordinator member
     * ({@code ClusterMember.engine()}), so {@link #CLUSTER} has none here.
     *
     * @throws UserInputException for {@link #CLUSTER}, saying how a cluster run is started
     */
    public Engine create() {
        return switch (this) {
            case SEQUENTIAL -> new SequentialEngineAdapter();
            case ACTORS -> new ActorEngine(0);
            case CLUSTER -> throw new UserInputException("engine 'cluster' runs on a cluster of dlsim members: start them with"
                    + " 'dlsim node --role coordinator' and 'dlsim node --role worker'");
        };
    }
}

package io.dlsim.topologies.schedule;

import io.dlsim.topologies.mixing.MixingMatrix;
import java.util.OptionalInt;

/** The same W in every round. */
public record StaticSchedule(MixingMatrix matrix, String name) implements MixingSchedule {
    @Override
    public int n() {
        return matrix.n();
    }

    @Override
    public MixingMatrix at(long round) {
        return matrix;
    }

    @Override
    public OptionalInt period() {
        return OptionalInt.of(1);
    }

    @Override
    public String describe() {
        return "static(" + name + ")";
    }
}

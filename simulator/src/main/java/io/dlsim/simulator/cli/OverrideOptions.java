package io.dlsim.simulator.cli;

import io.dlsim.simulator.scenario.ScenarioOverrides;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The {@code --set} and {@code --sweep} options of {@code run} and {@code validate}: changes to
 * the scenario file applied before it is checked (see {@link ScenarioOverrides} for the rules).
 */
final class OverrideOptions {
    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Set a key of the scenario file (a dotted path as in sweep:, the value read as YAML), e.g. "
                + "--set algorithm.step-size=0.05 or --set 'topology={type: torus}'; repeatable.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--sweep", paramLabel = "KEY=[a,b]",
            description = "Sweep a key over a list of values (replaces the file's values of a key it sweeps, else adds "
                + "the key after the file's ones), e.g. --sweep 'seed=[1,2,3]'; repeatable.")
    List<String> sweeps = new ArrayList<>();

    /** The overrides given (checked: a malformed option is a user error naming it). */
    ScenarioOverrides overrides() {
        return new ScenarioOverrides(sets, sweeps);
    }
}

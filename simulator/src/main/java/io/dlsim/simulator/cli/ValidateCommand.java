package io.dlsim.simulator.cli;

import io.dlsim.simulator.scenario.Scenario;
import io.dlsim.simulator.scenario.ScenarioParser;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dlsim validate SCENARIO}: checks a scenario file without running it. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a scenario file (every run of its sweep: keys, values, data files, topologies) without running it.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the scenario is valid", "2:it is not (one line names the file, the key and the reason)"})
public final class ValidateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SCENARIO", description = "The scenario file (YAML).")
    Path file;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<Scenario> runs = ScenarioParser.parse(file);
        var out = spec.commandLine().getOut();
        out.printf("%s: valid, %d run%s%n", file, runs.size(), runs.size() == 1 ? "" : "s");
        for (Scenario s : runs) {
            out.printf("  %-40s nodes=%d rounds=%d algorithm=%s topology=%s seed=%d%n", s.runName(), s.nodes(), s.rounds(),
                    s.algorithm().typeName(), s.topologyLabel(), s.seed());
        }
        out.flush();
        return 0;
    }
}

package io.dlsim.simulator.cli;

import io.dlsim.topologies.ScheduleFactory;
import io.dlsim.topologies.ScheduleSpec;
import io.dlsim.topologies.TopologyFactory;
import io.dlsim.topologies.TopologySpec;
import io.dlsim.topologies.UserInputException;
import io.dlsim.topologies.schedule.MixingSchedule;
import io.dlsim.topologies.schedule.ScheduleSpectra;
import io.dlsim.topologies.spectra.SpectralSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dlsim schedule TYPE --nodes N ...}: builds a time-varying mixing schedule W(t) and
 * prints the spectral quantities of each distinct matrix and of their product over one period
 * (or over a window of rounds for random and phased schedules).
 */
@Command(name = "schedule", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Build a time-varying mixing schedule W(t) and print the spectra of its matrices and of their product.",
            "Types: static, one-peer-exponential, random-matching, random-edges, phases.",
            "Example: dlsim schedule phases --nodes 16 --phase complete:200 --phase ring"},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:success", "1:internal error", "2:bad arguments or invalid schedule"})
public final class ScheduleCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TYPE", description = "Schedule type (see above).")
    String type;

    @Option(names = {"-n", "--nodes"}, paramLabel = "N", required = true, description = "Number of nodes.")
    int nodes;

    @Option(names = "--topology", paramLabel = "TYPE", defaultValue = "ring",
            description = "Graph of 'static' and base graph of 'random-edges' (default: ${DEFAULT-VALUE}).")
    String topology;

    @Option(names = "--param", paramLabel = "KEY=VALUE", description = "Topology parameter, repeatable (as for 'dlsim topology').")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--mixing", paramLabel = "RULE", description = "Mixing rule of the topology (default: the type's default).")
    String mixing;

    @Option(names = "--p", paramLabel = "P", description = "Edge activation probability of 'random-edges'.")
    Double p;

    @Option(names = "--phase", paramLabel = "NAME[:ROUNDS]",
            description = "A phase of 'phases', repeatable, in order: a topology type (static) or a schedule type, with its rounds (the last runs on).")
    List<String> phases = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of random graphs and schedules (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--window", paramLabel = "ROUNDS", defaultValue = "8",
            description = "Rounds to read a random or phased schedule over (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--format", paramLabel = "FMT", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (window < 1) {
            throw new UserInputException("--window: must be >= 1, got " + window);
        }
        TopologySpec topo = new TopologySpec(topology, nodes, params, mixing, null, null, seed);
        Map<String, String> scheduleParams = p == null ? Map.of() : Map.of("p", Double.toString(p));
        List<ScheduleSpec.PhaseSpec> phaseSpecs = new ArrayList<>();
        if (!type.equalsIgnoreCase("phases") && !phases.isEmpty()) {
            throw new UserInputException("--phase: only for schedule type 'phases'");
        }
        for (int k = 0; k < phases.size(); k++) {
            phaseSpecs.add(parsePhase(phases.get(k), k, topo));
        }
        MixingSchedule schedule;
        ScheduleSpectra.Report report;
        try {
            schedule = ScheduleFactory.build(new ScheduleSpec(type, topo, scheduleParams, phaseSpecs));
            report = ScheduleSpectra.of(schedule, window);
        } catch (IllegalArgumentException e) {
            // Every argument came from the command line, so whatever the library refuses is bad input.
            throw UserInputException.wrap("", e);
        }
        if (format == OutputFormat.json) {
            Map<String, Object> out = json(report);
            out.put("nodes", schedule.n());
            spec.commandLine().getOut().print(format.render(out));
        } else {
            StringBuilder sb = new StringBuilder();
            table(report, "", sb);
            for (int k = 0; k < report.phases().size(); k++) {
                table(report.phases().get(k), "phase " + k + ": ", sb);
            }
            spec.commandLine().getOut().print(sb);
        }
        spec.commandLine().getOut().flush();
        return 0;
    }

    private ScheduleSpec.PhaseSpec parsePhase(String text, int index, TopologySpec base) {
        String[] parts = text.split(":", -1);
        String name = parts[0].strip();
        long rounds = 0;
        if (parts.length > 2 || (parts.length == 2 && parts[1].isBlank())) {
            throw new UserInputException("--phase " + text + ": expected NAME or NAME:ROUNDS");
        }
        if (parts.length == 2) {
            try {
                rounds = Long.parseLong(parts[1].strip());
            } catch (NumberFormatException e) {
                throw new UserInputException("--phase " + text + ": ROUNDS must be a whole number");
            }
        } else if (index + 1 < phases.size()) {
            throw new UserInputException("--phase " + text + ": every phase but the last needs :ROUNDS");
        }
        boolean isTopology = TopologyFactory.TYPES.contains(name);
        TopologySpec phaseTopology = new TopologySpec(isTopology ? name : base.type(), base.nodes(), isTopology ? Map.of() : base.params(),
                null, null, null, base.seed());
        ScheduleSpec inner = new ScheduleSpec(isTopology ? "static" : name, phaseTopology, Map.of(), List.of());
        return new ScheduleSpec.PhaseSpec(inner, rounds);
    }

    private static Map<String, Object> json(ScheduleSpectra.Report report) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("schedule", report.schedule());
        out.put("periodic", report.periodic());
        out.put("rounds", report.rounds());
        List<Object> matrices = new ArrayList<>();
        report.matrices().forEach(e -> matrices.add(entry(e)));
        out.put("matrices", matrices);
        out.put("product", entry(report.product()));
        if (!report.phases().isEmpty()) {
            out.put("phases", report.phases().stream().map(ScheduleCommand::json).toList());
        }
        return out;
    }

    private static void table(ScheduleSpectra.Report report, String prefix, StringBuilder sb) {
        sb.append(prefix).append("schedule  ").append(report.schedule()).append('\n');
        sb.append(String.format(Locale.ROOT, "%-44s %13s %13s %13s %13s%n", "matrix", "lambda2", "lambdaMin", "lambda", "spectralGap"));
        report.matrices().forEach(e -> sb.append(row(e)));
        sb.append(row(report.product()));
    }

    private static Map<String, Object> entry(ScheduleSpectra.Entry e) {
        SpectralSummary s = e.spectra();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", e.label());
        m.put("symmetric", s.symmetric());
        m.put("lambda2", s.lambda2());
        m.put("lambdaMin", s.lambdaMin());
        m.put("lambda", s.lambda());
        m.put("spectralGap", s.spectralGap());
        m.put("spectralGapSquared", s.spectralGapSquared());
        return m;
    }

    private static String row(ScheduleSpectra.Entry e) {
        SpectralSummary s = e.spectra();
        return String.format(Locale.ROOT, "%-44s %13s %13s %13s %13s%n", e.label(), OutputFormat.display(s.lambda2()),
                OutputFormat.display(s.lambdaMin()), OutputFormat.display(s.lambda()), OutputFormat.display(s.spectralGap()));
    }
}

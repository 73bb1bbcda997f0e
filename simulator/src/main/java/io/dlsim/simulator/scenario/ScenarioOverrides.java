package io.dlsim.simulator.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dlsim.topologies.UserInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Changes to a scenario file given on the command line ({@code dlsim run --set KEY=VALUE
 * --sweep KEY=[a,b]}), applied to the file's tree before anything is validated, so that a run
 * with them is the run of the file edited by hand, bit for bit, and every mistake gets the error
 * the edited file would get. The relative paths of the file stay relative to the file's folder.
 *
 * <ul>
 *   <li>{@code --set KEY=VALUE}: KEY is a dotted path as in {@code sweep:} ({@code seed},
 *       {@code algorithm.step-size}); VALUE is read as YAML (a scalar, or a flow list or mapping:
 *       {@code [8, 16]}, <code>{type: ring}</code>) and replaces the value at KEY, creating
 *       mappings on the way. Applied in the order given (the last of two for one key wins).</li>
 *   <li>{@code --sweep KEY=[a,b]}: sets {@code sweep.KEY} to the list: it replaces the file's
 *       values of a key the file sweeps (keeping its place), and adds any other key after the
 *       file's ones (so it varies fastest). KEY may be paired paths as in the file
 *       ({@code algorithm + topology.mixing}).</li>
 * </ul>
 * A {@code --set} of a key the sweep sets (or of a key under it) is refused: the sweep would
 * silently replace it. Both lists keep the options' text as the user gave it, which is what
 * {@code experiment.json} records so that {@code dlsim resume} applies them again.
 *
 * @param sets the {@code --set} options' text, {@code KEY=VALUE}, in order
 * @param sweeps the {@code --sweep} options' text, {@code KEY=[...]}, in order
 */
public record ScenarioOverrides(List<String> sets, List<String> sweeps) {

    /** No override: the file as it is. */
    public static final ScenarioOverrides NONE = new ScenarioOverrides(List.of(), List.of());

    /**
     * Copies the lists and checks the text of every option (a key, '=', a value that is YAML; a
     * list of values for {@code --sweep}).
     *
     * @throws UserInputException naming the option, for text that cannot be an override
     */
    public ScenarioOverrides {
        sets = List.copyOf(sets == null ? List.of() : sets);
        sweeps = List.copyOf(sweeps == null ? List.of() : sweeps);
        sets.forEach(s -> parse("--set", s));
        sweeps.forEach(s -> parse("--sweep", s));
    }

    /** Whether there is nothing to change. */
    public boolean isEmpty() {
        return sets.isEmpty() && sweeps.isEmpty();
    }

    /** One option as key and value. */
    private record Change(String option, String key, List<String> paths, JsonNode value) {
        String named() {
            return option + " " + key;
        }
    }

    private static Change parse(String option, String text) {
        int eq = text.indexOf('=');
        if (eq < 0) {
            throw new UserInputException(option + " " + text + ": expected KEY=VALUE (a dotted key such as algorithm.step-size, "
                    + "'=', then the value)");
        }
        String key = text.substring(0, eq).strip();
        List<String> paths = Arrays.stream(key.split("\\+", -1)).map(String::strip).toList();
        if (option.equals("--set") && paths.size() > 1) {
            throw new UserInputException(option + " " + key + ": one dotted key per --set (paired keys joined by '+' are for --sweep)");
        }
        for (String path : paths) {
            if (path.isEmpty() || Arrays.stream(path.split("\\.", -1)).anyMatch(String::isBlank)) {
                throw new UserInputException(option + " " + text + ": the key must be a dotted path such as algorithm.step-size"
                        + (paths.size() > 1 ? " (paired keys joined by '+')" : "") + ", got '" + key + "'");
            }
            if (path.equals("sweep") || path.startsWith("sweep.")) {
                throw new UserInputException(option + " " + key + ": " + (option.equals("--set")
                        ? "the sweep is changed with --sweep KEY=[a,b], not --set" : "a sweep cannot sweep itself"));
            }
        }
        JsonNode value;
        try {
            value = ScenarioYaml.read(text.substring(eq + 1));
        } catch (ScenarioException e) {
            throw new UserInputException(option + " " + key + ": " + e.getMessage());
        }
        value = value == null ? NullNode.getInstance() : value;
        if (option.equals("--sweep") && (!value.isArray() || value.isEmpty())) {
            throw new UserInputException(option + " " + key + ": the value must be a non-empty list, e.g. " + key + "=[1,2,3], got '"
                    + text.substring(eq + 1) + "'");
        }
        return new Change(option, key, paths, value);
    }

    /**
     * Applies the overrides to a scenario file's tree (the root mapping, with its {@code sweep}
     * if any), in place: first every {@code --sweep}, then every {@code --set}.
     *
     * @throws ScenarioException naming the option and the key, when a path goes through a value
     *     that is not a mapping, or a {@code --set} key is one the sweep sets
     */
    void apply(ObjectNode root) {
        List<Change> sweepOverrides = sweeps.stream().map(s -> parse("--sweep", s)).toList();
        if (!sweepOverrides.isEmpty()) {
            JsonNode sweep = root.get("sweep");
            if (sweep == null || sweep.isNull()) {
                sweep = root.putObject("sweep");
            }
            if (!sweep.isObject()) {
                throw new ScenarioException("sweep: must be a mapping of dotted keys to lists, e.g. topology.type: [ring, complete]");
            }
            ObjectNode sweepNode = (ObjectNode) sweep;
            for (Change o : sweepOverrides) {
                // The file's key with the same paths is replaced in place; a key that shares a path but is
                // another key (paired differently, or a path inside it) would sweep one path twice.
                String same = null;
                String overlapping = null;
                for (var it = sweepNode.fieldNames(); it.hasNext(); ) {
                    String k = it.next();
                    if (paths(k).equals(o.paths())) {
                        same = k;
                    } else if (overlaps(paths(k), o.paths()) && overlapping == null) {
                        overlapping = k;
                    }
                }
                if (overlapping != null) {
                    throw new ScenarioException(o.named() + ": the sweep already sets it as 'sweep." + overlapping
                            + "'; give the same key to replace its values");
                }
                sweepNode.set(same != null ? same : o.key(), o.value().deepCopy());
            }
        }
        JsonNode sweep = root.get("sweep");
        // Each swept path and the sweep key that sets it ("topology.mixing" -> "algorithm + topology.mixing").
        java.util.Map<String, String> swept = new java.util.LinkedHashMap<>();
        if (sweep != null && sweep.isObject()) {
            sweep.fieldNames().forEachRemaining(k -> paths(k).forEach(p -> swept.put(p, k)));
        }
        for (String text : sets) {
            Change o = parse("--set", text);
            String path = o.paths().get(0);
            for (var s : swept.entrySet()) {
                if (path.equals(s.getKey()) || path.startsWith(s.getKey() + ".")) {
                    throw new ScenarioException(o.named() + ": the sweep sets " + (path.equals(s.getKey()) ? "it" : s.getKey())
                            + " in every run (sweep." + s.getValue() + "), which would replace this value; change the swept values with "
                            + "--sweep '" + s.getValue() + "=[...]'");
                }
            }
            ScenarioParser.set(root, path, o.value(), o.named());
        }
    }

    private static List<String> paths(String key) {
        return Arrays.stream(key.split("\\+", -1)).map(String::strip).toList();
    }

    /** Whether two keys set a common path, or one sets a path under another's. */
    private static boolean overlaps(List<String> a, List<String> b) {
        for (String x : a) {
            for (String y : b) {
                if (x.equals(y) || x.startsWith(y + ".") || y.startsWith(x + ".")) {
                    return true;
                }
            }
        }
        return false;
    }
}

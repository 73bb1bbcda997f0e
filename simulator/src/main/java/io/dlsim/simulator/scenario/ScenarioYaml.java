package io.dlsim.simulator.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Scenario text into a Jackson tree, strictly: composed by SnakeYAML (not Jackson's YAML
 * parser, which turns an alias into the anchor's <em>name</em>), so that
 * <ul>
 * <li>an alias ({@code *a}) is the anchored value ({@code &a}), a copy of it; an alias to an
 * anchor the file does not define is an error; at most {@value #MAX_COLLECTION_ALIASES} aliases
 * of mappings or lists, and at most {@value #MAX_ALIAS_VALUES} values made by expanding aliases
 * (a "billion laughs" file is refused, not expanded);</li>
 * <li>a key given twice in one mapping is an error naming the key and both lines (YAML says keys
 * are unique; last-wins would silently run another experiment);</li>
 * <li>{@code .nan}, {@code .inf} and {@code -.inf} are floats (the range checks refuse them with
 * the field's message);</li>
 * <li>a file is at most {@value #MAX_CHARS} characters and nests at most
 * {@value #MAX_DEPTH} levels deep.</li>
 * </ul>
 * Plain scalars are typed as Jackson's YAML parser types them (YAML 1.1 ints and floats,
 * {@code true} / {@code false}, {@code null} / {@code ~} / empty), so resolved scenarios read and
 * write as before. A file holds one YAML document; a second one is an error. The limits are
 * listed in {@code scenarios/README.md} (section Errors).
 */
final class ScenarioYaml {
    /** The largest scenario file, in characters (1 MiB): the largest shipped one is under 5 kB. */
    static final int MAX_CHARS = 1 << 20;
    /** Aliases of mappings and lists a file may hold. */
    static final int MAX_COLLECTION_ALIASES = 100;
    /** Values (scalars, mappings, lists) that expanding aliases may create in all. */
    static final int MAX_ALIAS_VALUES = 100_000;
    /** Nesting depth of mappings and lists. */
    static final int MAX_DEPTH = 50;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private int aliasValues;
    private final Map<Node, Boolean> seen = new IdentityHashMap<>();

    private ScenarioYaml() {
    }

    /** The tree of {@code text}; null for an empty document. */
    static JsonNode read(String text) {
        if (text.length() > MAX_CHARS) {
            throw tooLarge(text.length() + " characters");
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_CHARS + 1);
        options.setAllowRecursiveKeys(false);
        Node root;
        try {
            Composer composer = new Composer(new ParserImpl(new StreamReader(new StringReader(text)), options), new Resolver(), options);
            root = composer.getSingleNode();
        } catch (MarkedYAMLException e) {
            throw invalid(e.getProblemMark(), e.getProblem() == null ? e.getMessage() : e.getProblem()
                    + (e.getContext() == null ? "" : " (" + e.getContext() + ")"));
        } catch (YAMLException e) {
            throw invalid(null, e.getMessage());
        } catch (StackOverflowError e) {
            throw invalid(null, "nested too deeply (at most " + MAX_DEPTH + " levels)");
        }
        return root == null ? null : new ScenarioYaml().tree(root, false, 0);
    }

    static ScenarioException tooLarge(String size) {
        return new ScenarioException("is too large for a scenario file (" + size + "; at most " + MAX_CHARS
                + " characters, 1 MiB): put large data in a data file (data.path)");
    }

    private static ScenarioException invalid(Mark at, String reason) {
        String where = at == null ? "" : "line " + (at.getLine() + 1) + ", column " + (at.getColumn() + 1) + ": ";
        return new ScenarioException(where + "not valid YAML: " + oneLine(reason));
    }

    private static String oneLine(String s) {
        return String.valueOf(s).replaceAll("\\s*\\R\\s*", " ").strip();
    }

    private JsonNode tree(Node node, boolean fromAlias, int depth) {
        if (depth > MAX_DEPTH) {
            // Only an alias can get here (the composer limits the written depth): one inside its own anchor.
            throw invalid(node.getStartMark(), "nested too deeply (at most " + MAX_DEPTH + " levels, aliases expanded)");
        }
        // A node met again is an alias of it (SnakeYAML shares the anchored node): its values are copies.
        boolean alias = fromAlias || seen.put(node, Boolean.TRUE) != null;
        if (alias && ++aliasValues > MAX_ALIAS_VALUES) {
            throw invalid(node.getStartMark(), "aliases expand to more than " + MAX_ALIAS_VALUES
                    + " values; write the values out instead");
        }
        if (node instanceof ScalarNode s) {
            return scalar(s);
        }
        if (node instanceof SequenceNode seq) {
            ArrayNode a = NODES.arrayNode();
            for (Node item : seq.getValue()) {
                a.add(tree(item, alias, depth + 1));
            }
            return a;
        }
        MappingNode map = (MappingNode) node;
        ObjectNode o = NODES.objectNode();
        Map<String, Mark> lines = new java.util.HashMap<>();
        for (NodeTuple t : map.getValue()) {
            Node k = t.getKeyNode();
            if (!(k instanceof ScalarNode ks)) {
                throw invalid(k.getStartMark(), "a key must be a single value, not a mapping or a list");
            }
            if (ks.getTag().equals(Tag.MERGE)) {
                throw invalid(k.getStartMark(), "merge keys ('<<') are not supported; write the keys out");
            }
            String key = ks.getValue();
            Mark first = lines.putIfAbsent(key, k.getStartMark());
            if (first != null) {
                throw invalid(k.getStartMark(), "duplicate key '" + key + "' (first given on line " + (first.getLine() + 1)
                        + "); a key may appear once in a mapping");
            }
            o.set(key, tree(t.getValueNode(), alias, depth + 1));
        }
        return o;
    }

    /** A scalar typed as Jackson's YAML parser types it; a quoted or tagged string stays a string. */
    private static JsonNode scalar(ScalarNode s) {
        String v = s.getValue();
        Tag tag = s.getTag();
        if (!s.isPlain() && !tag.equals(Tag.INT) && !tag.equals(Tag.FLOAT) && !tag.equals(Tag.BOOL) && !tag.equals(Tag.NULL)) {
            return NODES.textNode(v);
        }
        if (tag.equals(Tag.NULL)) {
            return NODES.nullNode();
        }
        if (tag.equals(Tag.BOOL)) {
            String b = v.toLowerCase(Locale.ROOT);
            return b.equals("true") ? NODES.booleanNode(true) : b.equals("false") ? NODES.booleanNode(false) : NODES.textNode(v);
        }
        if (tag.equals(Tag.INT)) {
            BigInteger i = integer(v);
            if (i == null) {
                return NODES.textNode(v);
            }
            return i.bitLength() < 32 ? NODES.numberNode(i.intValue()) : i.bitLength() < 64 ? NODES.numberNode(i.longValue())
                    : NODES.numberNode(i);
        }
        if (tag.equals(Tag.FLOAT)) {
            Double d = real(v);
            return d == null ? NODES.textNode(v) : NODES.numberNode(d);
        }
        return NODES.textNode(v);
    }

    /** A YAML 1.1 int: decimal, 0x hex, 0b binary, leading-0 octal, underscores allowed; null if not one. */
    private static BigInteger integer(String text) {
        String t = text.replace("_", "");
        boolean negative = t.startsWith("-");
        if (t.startsWith("-") || t.startsWith("+")) {
            t = t.substring(1);
        }
        try {
            BigInteger i;
            if (t.startsWith("0x")) {
                i = new BigInteger(t.substring(2), 16);
            } else if (t.startsWith("0b")) {
                i = new BigInteger(t.substring(2), 2);
            } else if (t.startsWith("0o")) {
                i = new BigInteger(t.substring(2), 8);
            } else if (t.length() > 1 && t.startsWith("0")) {
                i = new BigInteger(t.substring(1), 8);
            } else {
                i = new BigInteger(t);
            }
            return negative ? i.negate() : i;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A YAML 1.1 float, {@code .nan} and {@code +-.inf} included; null if not one. */
    private static Double real(String text) {
        String t = text.replace("_", "");
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.equals(".nan")) {
            return Double.NaN;
        }
        if (lower.equals(".inf") || lower.equals("+.inf")) {
            return Double.POSITIVE_INFINITY;
        }
        if (lower.equals("-.inf")) {
            return Double.NEGATIVE_INFINITY;
        }
        if (t.contains(":")) {
            return null; // sexagesimal: a string
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

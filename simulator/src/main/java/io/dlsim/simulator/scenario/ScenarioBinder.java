package io.dlsim.simulator.scenario;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dlsim.algorithms.compression.Compression;
import io.dlsim.algorithms.data.DataSource;
import io.dlsim.algorithms.data.Partitioner;
import io.dlsim.algorithms.model.ModelSettings;
import io.dlsim.algorithms.optim.AlgorithmSettings;
import io.dlsim.algorithms.optim.GossipRounds;
import io.dlsim.algorithms.prox.RegularizerSettings;
import io.dlsim.algorithms.stepsize.StepSchedule;
import io.dlsim.algorithms.system.SystemSettings;
import io.dlsim.topologies.Suggestions;
import io.dlsim.topologies.TopologySettings;
import io.dlsim.topologies.settings.InvalidSettingsException;
import io.dlsim.topologies.settings.TypeRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Binds a scenario tree (after the sweep is applied) to the typed settings records with Jackson
 * databind, and turns everything Jackson or a record's constructor refuses into messages that
 * name the path in the file ({@code algorithm.regularizer.l1: must be >= 0, got -1}).
 *
 * <p>How: keys are kebab case ({@code step-size} binds {@code stepSize}); polymorphic sections
 * pick their record by {@code type:} from the explicit {@link TypeRegistry} of their sealed
 * interface (no class names); unknown keys are refused (each one is collected, with a "did you
 * mean" and, when another type of the section takes the key, which types do); numbers, booleans,
 * strings and enum values are read by the converters below, which collect a bad value rather
 * than stop, so one binding reports every such mistake. A record's constructor reports all its
 * problems at once ({@link InvalidSettingsException}); this class prefixes each with the path.
 *
 * <p>The step schedule is written flat in the algorithm section ({@code step-schedule: cosine,
 * min-step-size: 0.01}); before binding, those keys move into a {@code step-schedule} mapping
 * (with {@code type}) when the algorithm takes one, and paths are reported as written. Likewise
 * a whole number {@code gossip-rounds: 2} becomes {@code { type: constant, rounds: 2 }}.
 */
final class ScenarioBinder {
    /** Every polymorphic section: its sealed interface and registry. */
    private static final List<TypeRegistry<?>> REGISTRIES = List.of(DataSource.TYPES, Partitioner.TYPES, ModelSettings.TYPES,
            AlgorithmSettings.TYPES, RegularizerSettings.TYPES, StepSchedule.TYPES, GossipRounds.TYPES, TopologySettings.TYPES,
            Compression.TYPES, SystemSettings.Latency.TYPES, SystemSettings.Jitter.TYPES, SystemSettings.Churn.TYPES);
    private static final String STEP_SCHEDULE = "step-schedule";
    private static final String GOSSIP_ROUNDS = "gossip-rounds";
    private static final PropertyNamingStrategies.KebabCaseStrategy KEBAB = new PropertyNamingStrategies.KebabCaseStrategy();
    private static final ObjectMapper MAPPER = mapper();

    /** One refused value: the path of the mapping it is in, the key, and the reason. */
    record Error(String at, String key, String reason, boolean unknownKey) {
        String path() {
            return join(at, key);
        }

        @Override
        public String toString() {
            return path().isEmpty() ? reason : path() + ": " + reason;
        }
    }

    /** The errors of one binding, in the order they were found. */
    static final class Errors {
        private final List<Error> list = new ArrayList<>();
        /** Paths of values the binder wrote into the tree, and the path the user wrote them at. */
        private final Map<String, String[]> written = new java.util.HashMap<>();

        void add(String at, String key, String reason) {
            list.add(asWritten(at, key, reason, false));
        }

        /** An unknown key: reported unless it turns out to be a misspelling of a missing required key. */
        void addUnknown(String at, String key, String reason) {
            list.add(asWritten(at, key, reason, true));
        }

        /** Errors at {@code bound} (a path the binder made) are reported at {@code at}.{@code key}. */
        void writtenAs(String bound, String at, String key) {
            written.put(bound, new String[] {at, key});
        }

        private Error asWritten(String at, String key, String reason, boolean unknownKey) {
            String[] w = written.get(join(at, key));
            return w == null ? new Error(at, key, reason, unknownKey) : new Error(w[0], w[1], reason, unknownKey);
        }

        boolean has(String path) {
            return list.stream().anyMatch(e -> e.path().equals(path));
        }

        boolean isEmpty() {
            return list.isEmpty();
        }

        /**
         * The messages, with an unknown key that looks like a misspelling of a missing required
         * key folded into the required key's message ({@code rounds: is required (is 'rouns' a
         * misspelling?)}).
         */
        List<String> messages() {
            List<Error> out = new ArrayList<>(list);
            for (Error e : list) {
                if (!e.reason().equals("is required")) {
                    continue;
                }
                for (Error u : list) {
                    if (u.unknownKey() && u.at().equals(e.at()) && !Suggestions.didYouMean(u.key(), List.of(e.key())).isEmpty()
                            && out.contains(u)) {
                        out.set(out.indexOf(e), new Error(e.at(), e.key(), "is required (is '" + u.key() + "' a misspelling?)", false));
                        out.remove(u);
                        break;
                    }
                }
            }
            return out.stream().map(Error::toString).distinct().toList();
        }
    }

    private ScenarioBinder() {
    }

    /**
     * Binds {@code node} (at {@code path} in the file; {@code ""} for the top level) to
     * {@code type}; null when it could not be bound, with the reasons in {@code errors}.
     */
    static <T> T bind(JsonNode node, Class<T> type, String path, Errors errors) {
        JsonNode tree = node;
        if (type == AlgorithmSettings.class && node != null && node.isObject()) {
            tree = withStepScheduleMapping((ObjectNode) node.deepCopy(), path, errors);
            withGossipRoundsMapping((ObjectNode) tree, path, errors);
        }
        if (tree != null && tree.isObject()) {
            tree = tree == node ? tree.deepCopy() : tree;
            refuseUnknownKeys((ObjectNode) tree, type, path, errors);
        }
        ObjectReader reader = MAPPER.readerFor(type).withAttribute(Errors.class, errors).withAttribute(String.class, path);
        try {
            T value = reader.readValue(MAPPER.treeAsTokens(tree));
            if (value == null) {
                errors.add(path, "", "is required");
            }
            return value;
        } catch (JsonMappingException e) {
            report(e, path, errors);
            return null;
        } catch (IOException e) {
            errors.add(path, "", e.getMessage());
            return null;
        }
    }

    /**
     * Refuses (and removes) every key of {@code node} that the record it binds to does not take,
     * recursively into the settings records it holds. Done on the tree rather than in Jackson
     * because Jackson reports the unknown keys of a record only after its constructor
     * succeeded, so a record with a bad value would hide them.
     */
    private static void refuseUnknownKeys(ObjectNode node, Class<?> target, String path, Errors errors) {
        TypeRegistry<?> registry = registry(target);
        Class<?> record = target;
        String typeName = null;
        if (registry != null) {
            JsonNode type = node.get(typeKey(registry));
            // The one section with a default type: the topology is static unless it says otherwise.
            typeName = type == null && registry == TopologySettings.TYPES ? "static" : type == null ? null : type.asText();
            record = typeName == null || type != null && !type.isValueNode() ? null : registry.types().get(typeName);
            if (record == null) {
                return; // Jackson reports the missing or unknown type
            }
        }
        if (!record.isRecord()) {
            return;
        }
        List<String> takes = new ArrayList<>(keys(record));
        // A record with graph parameters takes every other scalar key as one (the topology factory checks them).
        boolean takesParams = takes.remove("params");
        ObjectNode params = takesParams ? node.putObject("params") : null;
        if (registry != null) {
            takes.add(0, typeKey(registry));
        }
        for (String key : fieldNames(node)) {
            if (takesParams && key.equals("params")) {
                continue;
            }
            // ... but a key that another type of the section takes is a mistake, not a parameter.
            if (takesParams && !takes.contains(key) && typesTaking(registry, key).isEmpty()) {
                params.set(key, node.remove(key));
                continue;
            }
            if (!takes.contains(key)) {
                StringBuilder reason = new StringBuilder("unknown key").append(Suggestions.didYouMean(key, takes));
                String what = path.isEmpty() ? "the top level" : path;
                if (registry != null) {
                    what = kind(registry) + " " + typeName;
                    List<String> others = typesTaking(registry, key);
                    if (!others.isEmpty()) {
                        reason.append(" for ").append(what).append("; only for ").append(String.join(", ", others));
                    }
                }
                // The schedule's type key is written as step-schedule, so it is not listed.
                List<String> shown = registry == StepSchedule.TYPES ? keys(record) : takes;
                reason.append("; ").append(what).append(shown.isEmpty() ? " takes no keys" : " takes: " + String.join(", ", shown));
                errors.addUnknown(stepSchedulePath(path), key, reason.toString());
                node.remove(key);
                continue;
            }
            JsonNode value = node.get(key);
            Class<?> component = componentType(record, key);
            if (value.isObject() && component != null && (component.isRecord() || registry(component) != null)) {
                refuseUnknownKeys((ObjectNode) value, component, join(path, key), errors);
            }
        }
    }

    private static Class<?> componentType(Class<?> record, String key) {
        for (var c : record.getRecordComponents()) {
            if (KEBAB.translate(c.getName()).equals(key)) {
                return c.getType();
            }
        }
        return null;
    }

    /** A record's problems as errors at {@code path}. */
    static void report(InvalidSettingsException e, String path, Errors errors) {
        for (InvalidSettingsException.Problem p : e.problems()) {
            if (!errors.has(join(path, p.field()))) {
                errors.add(path, p.field(), p.reason());
            }
        }
    }

    private static void report(JsonMappingException e, String base, Errors errors) {
        String mapping = join(base, pathOf(e.getPath()));
        String at = stepSchedulePath(mapping);
        if (e instanceof ValueInstantiationException && e.getCause() instanceof InvalidSettingsException s) {
            report(s, at, errors);
        } else if (e instanceof ValueInstantiationException && e.getCause() instanceof IllegalArgumentException iae) {
            errors.add(at, "", iae.getMessage());
        } else if (e instanceof ValueInstantiationException && !errors.isEmpty()) {
            // A value refused above was bound as null (e.g. a list as a topology parameter), and the
            // record could not take the null: a consequence of that error, not another one (found by ScenarioFuzzTest).
            return;
        } else if (e instanceof InvalidTypeIdException t) {
            TypeRegistry<?> registry = registry(t.getBaseType().getRawClass());
            List<String> names = registry == null ? List.of() : registry.names();
            boolean schedule = mapping.endsWith(STEP_SCHEDULE);
            String key = schedule ? STEP_SCHEDULE : registry == null ? "type" : typeKey(registry);
            if (t.getTypeId() == null) {
                errors.add(at, key, "is required; one of " + String.join(", ", names));
            } else {
                errors.add(at, key, "unknown " + (schedule ? "schedule '" : "type '") + t.getTypeId() + "'" + Suggestions.didYouMean(t.getTypeId(), names)
                        + "; one of " + String.join(", ", names));
            }
        } else if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            Class<?> target = m.getTargetType();
            boolean isMapping = target.isRecord() || target.isInterface() && !Collection.class.isAssignableFrom(target);
            errors.add(at, "", isMapping ? "must be a mapping (key: value)" : Collection.class.isAssignableFrom(target)
                    ? "must be a list" : "must be a single value");
        } else {
            errors.add(at, "", e.getOriginalMessage());
        }
    }

    /** The type names of the sealed interface {@code base}. */
    static List<String> typeNames(Class<?> base) {
        TypeRegistry<?> r = registry(base);
        return r == null ? List.of() : r.names();
    }

    private static TypeRegistry<?> registry(Class<?> base) {
        return REGISTRIES.stream().filter(r -> r.base() == base).findFirst().orElse(null);
    }

    /**
     * Moves {@code step-schedule} and the schedules' keys of an algorithm mapping into a
     * {@code step-schedule} mapping, when the algorithm's record takes a schedule. Without a
     * {@code step-schedule} the algorithm's default applies, and a schedule key is refused as
     * not applicable (no default schedule takes keys).
     */
    private static JsonNode withStepScheduleMapping(ObjectNode algorithm, String path, Errors errors) {
        JsonNode typeNode = algorithm.get("type");
        if (!takes(algorithm, STEP_SCHEDULE)) {
            return algorithm;
        }
        ObjectNode schedule = MAPPER.createObjectNode();
        JsonNode named = algorithm.remove(STEP_SCHEDULE);
        Set<String> scheduleKeys = new LinkedHashSet<>();
        StepSchedule.TYPES.types().values().forEach(c -> scheduleKeys.addAll(keys(c)));
        for (String key : scheduleKeys) {
            JsonNode v = algorithm.remove(key);
            if (v == null) {
                continue;
            }
            if (named == null || named.isNull()) {
                errors.add(path, key, "unknown key; only with step-schedule: " + String.join(", ", typesTaking(StepSchedule.TYPES, key))
                        + " (the default schedule of " + typeNode.asText() + " takes no keys)");
            } else {
                schedule.set(key, v);
            }
        }
        if (named != null && !named.isNull()) {
            if (!named.isValueNode()) {
                errors.add(path, STEP_SCHEDULE, "must be a single value, one of " + String.join(", ", StepSchedule.TYPES.names()));
                return algorithm;
            }
            schedule.put("type", named.asText());
            algorithm.set(STEP_SCHEDULE, schedule);
        }
        return algorithm;
    }

    /** Whether the record of the algorithm mapping's {@code type} takes {@code key}. */
    private static boolean takes(ObjectNode algorithm, String key) {
        JsonNode typeNode = algorithm.get("type");
        Class<? extends AlgorithmSettings> record = typeNode == null ? null : AlgorithmSettings.TYPES.types().get(typeNode.asText());
        return record != null && keys(record).contains(key);
    }

    /**
     * Rewrites a whole number {@code gossip-rounds: K} into {@code gossip-rounds: { type:
     * constant, rounds: K }} when the algorithm takes a schedule of gossip rounds, so the plain
     * number keeps working; a mistake in it is reported at {@code gossip-rounds}, as written.
     */
    private static void withGossipRoundsMapping(ObjectNode algorithm, String path, Errors errors) {
        JsonNode rounds = algorithm.get(GOSSIP_ROUNDS);
        if (!takes(algorithm, GOSSIP_ROUNDS) || rounds == null || !rounds.isValueNode() || rounds.isNull()) {
            return;
        }
        ObjectNode constant = algorithm.putObject(GOSSIP_ROUNDS);
        constant.put("type", GossipRounds.TYPES.nameOf(GossipRounds.ONE));
        constant.set("rounds", rounds);
        errors.writtenAs(join(join(path, GOSSIP_ROUNDS), "rounds"), path, GOSSIP_ROUNDS);
    }

    /**
     * The path of a mapping as the user wrote it: the keys of the moved step-schedule mapping
     * stand in the algorithm mapping itself.
     */
    private static String stepSchedulePath(String path) {
        String p = path.replace("." + STEP_SCHEDULE + ".", ".");
        return p.endsWith("." + STEP_SCHEDULE) ? p.substring(0, p.length() - STEP_SCHEDULE.length() - 1) : p;
    }

    /** The keys a record takes: its components in kebab case. */
    static List<String> keys(Class<?> record) {
        if (!record.isRecord()) {
            return List.of();
        }
        return Arrays.stream(record.getRecordComponents()).map(c -> KEBAB.translate(c.getName())).toList();
    }

    /** The type names of {@code registry} whose records take {@code key}. */
    private static List<String> typesTaking(TypeRegistry<?> registry, String key) {
        return registry.types().entrySet().stream().filter(e -> keys(e.getValue()).contains(key)).map(Map.Entry::getKey).toList();
    }

    /** {@code a.b}, or {@code a[i]} for an index, or the one that is not empty. */
    static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : b.startsWith("[") ? a + b : a + "." + b;
    }

    private static String pathOf(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /**
     * Where the parser's current value sits: the path of the mapping (or list) that holds it,
     * from the bound node down, and its key (or {@code [index]}). On a value that opens a
     * mapping or list the parser is already inside it, so its holder is one level up.
     */
    private static String[] position(JsonParser p) {
        JsonStreamContext holder = p.getParsingContext();
        JsonToken t = p.currentToken();
        if ((t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) && holder.getParent() != null) {
            holder = holder.getParent();
        }
        String key = holder.inArray() ? "[" + holder.getCurrentIndex() + "]"
                : holder.getCurrentName() == null ? "" : holder.getCurrentName();
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = holder.getParent(); c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.add(0, "[" + c.getCurrentIndex() + "]");
            } else if (c.getCurrentName() != null) {
                parts.add(0, c.getCurrentName());
            }
        }
        String path = "";
        for (String part : parts) {
            path = join(path, part);
        }
        return new String[] {path, key};
    }

    private static String base(DeserializationContext ctxt) {
        return (String) ctxt.getAttribute(String.class);
    }

    /** Records a bad value at the parser's position; the binding goes on with null. */
    private static Object badValue(JsonParser p, DeserializationContext ctxt, String reason) throws IOException {
        String[] position = position(p);
        String at = stepSchedulePath(join(base(ctxt), position[0]));
        ((Errors) ctxt.getAttribute(Errors.class)).add(at, position[1], reason);
        p.skipChildren();
        return null;
    }

    private static String describe(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        return t == JsonToken.START_OBJECT ? "a mapping" : t == JsonToken.START_ARRAY ? "a list" : "'" + p.getText() + "'";
    }

    /**
     * A scalar read from its text by {@code parse}, which returns null for text it refuses;
     * {@code what} completes "must be ..." in the message, unless {@code parse} throws an
     * {@link IllegalArgumentException} with a more precise reason. Whole numbers accept {@code 1000},
     * {@code 1e3} and {@code 1000.0}, not {@code 1000.5}; reals must be finite; booleans are
     * {@code true} or {@code false}; strings take any single value.
     */
    private static final class Scalar<T> extends StdScalarDeserializer<T> {
        private static final long serialVersionUID = 1L;
        private final String what;
        private final transient Function<String, T> parse;

        Scalar(Class<T> type, String what, Function<String, T> parse) {
            super(type);
            this.what = what;
            this.parse = parse;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            try {
                T value = p.currentToken().isScalarValue() ? parse.apply(p.getText().strip()) : null;
                return value != null ? value : (T) badValue(p, ctxt, "must be " + what + ", got " + describe(p));
            } catch (IllegalArgumentException e) {
                return (T) badValue(p, ctxt, e.getMessage()); // a reason more precise than "must be ..."
            }
        }

        /**
         * A whole number: {@code 1000}, {@code 1e3} or {@code 1000.0}; a whole number written
         * with a point or an exponent is exact up to 10^15 only, so beyond that it is refused as
         * out of range (not as "not a whole number").
         */
        static Long whole(String text) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                Double d = real(text);
                if (d == null || d != Math.rint(d)) {
                    return null;
                }
                if (Math.abs(d) >= 1e15) {
                    throw new IllegalArgumentException("is out of range: at most 10^15 in magnitude when written with a point or "
                            + "an exponent (or write all the digits, up to " + Long.MAX_VALUE + "), got " + text);
                }
                return (long) (double) d;
            }
        }

        /** A finite number; {@code .nan} and {@code .inf} are numbers, but not ones a setting can take. */
        static Double real(String text) {
            double d;
            try {
                d = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                return null;
            }
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("must be a finite number, got " + (Double.isNaN(d) ? ".nan"
                        : d > 0 ? ".inf" : "-.inf"));
            }
            return d;
        }
    }

    /** Enum values written in kebab case ({@code neighbour-average}), with a "did you mean". */
    private static final class KebabEnum extends StdScalarDeserializer<Object> {
        private static final long serialVersionUID = 1L;
        private final Class<?> type;

        KebabEnum(Class<?> type) {
            super(type);
            this.type = type;
        }

        static String name(Object constant) {
            return ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            List<String> names = Arrays.stream(type.getEnumConstants()).map(KebabEnum::name).toList();
            if (!p.currentToken().isScalarValue()) {
                return badValue(p, ctxt, "must be one of " + String.join(", ", names) + ", got " + describe(p));
            }
            String text = p.getText().strip();
            String wanted = text.toLowerCase(Locale.ROOT).replace('_', '-');
            for (Object c : type.getEnumConstants()) {
                if (name(c).equals(wanted)) {
                    return c;
                }
            }
            return badValue(p, ctxt, "unknown value '" + text + "'" + Suggestions.didYouMean(text, names) + "; one of "
                    + String.join(", ", names));
        }
    }

    /** Type ids by the {@code type} key, for every sealed settings interface but the topology. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
    private interface TypedByTypeKey {
    }

    /** The topology picks its record by {@code schedule}, {@code static} when not given. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "schedule",
            defaultImpl = TopologySettings.Static.class)
    private interface TypedByScheduleKey {
    }

    /** The key that names a section's type. */
    private static String typeKey(TypeRegistry<?> registry) {
        return registry == TopologySettings.TYPES ? "schedule" : "type";
    }

    /** How a user names a section's type in messages. */
    private static String kind(TypeRegistry<?> registry) {
        return registry == StepSchedule.TYPES ? STEP_SCHEDULE : typeKey(registry);
    }

    private static ObjectMapper mapper() {
        SimpleModule scalars = new SimpleModule("dlsim-scenario-scalars");
        scalars.addDeserializer(Long.class, new Scalar<>(Long.class, "a whole number", Scalar::whole));
        scalars.addDeserializer(Integer.class, new Scalar<>(Integer.class, "a whole number", text -> {
            Long v = Scalar.whole(text);
            if (v != null && v != (int) (long) v) {
                throw new IllegalArgumentException("is out of range: at most " + Integer.MAX_VALUE + " in magnitude, got " + v);
            }
            return v == null ? null : (Integer) (int) (long) v;
        }));
        scalars.addDeserializer(Double.class, new Scalar<>(Double.class, "a number", Scalar::real));
        scalars.addDeserializer(Boolean.class, new Scalar<>(Boolean.class, "true or false",
                text -> text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false") ? Boolean.parseBoolean(text) : null));
        scalars.addDeserializer(String.class, new Scalar<>(String.class, "a single value", text -> text));
        scalars.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type, BeanDescription desc,
                    JsonDeserializer<?> deserializer) {
                return new KebabEnum(type.getRawClass());
            }
        });
        ObjectMapper m = new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .registerModule(scalars);
        for (TypeRegistry<?> r : REGISTRIES) {
            m.addMixIn(r.base(), r == TopologySettings.TYPES ? TypedByScheduleKey.class : TypedByTypeKey.class);
            r.types().forEach((name, type) -> m.registerSubtypes(new NamedType(type, name)));
        }
        return m;
    }

    /** A value as a message shows it: {@code 'text'}, {@code a mapping} or {@code a list}. */
    static String describe(JsonNode v) {
        return v.isObject() ? "a mapping" : v.isArray() ? "a list" : "'" + v.asText() + "'";
    }

    /** The names of a tree's fields, in order. */
    static List<String> fieldNames(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}

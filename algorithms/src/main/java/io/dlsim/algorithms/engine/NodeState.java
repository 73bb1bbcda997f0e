package io.dlsim.algorithms.engine;

import io.dlsim.algorithms.optim.NodeAlgorithm;
import io.dlsim.algorithms.optim.NodeContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The whole mutable state of a node between two rounds, as bytes: what a checkpoint stores so
 * that a node rebuilt from the same scenario ({@code PreparedRun.node(i)}: same context, same
 * settings) and {@linkplain #restore restored} continues bit for bit as if never stopped.
 *
 * <p>Which fields are state, by one rule for every algorithm (so a new algorithm needs nothing
 * here, and the resume-equality test over every algorithm type checks the rule): walking the
 * node's class and its superclasses,
 * <ul>
 *   <li>a non-final primitive field is state (step counters, eta, a push-sum weight, ...);
 *       final primitives are set by the constructor from the settings;</li>
 *   <li>a primitive array or array of primitive arrays is state (its contents; x, y,
 *       snapshots, residuals, message buffers), final or not;</li>
 *   <li>an object implementing {@link Stateful} is walked by the same rule (counters, the
 *       Chebyshev weights); one implementing {@link Custom} saves itself ({@link BatchSampler}:
 *       its stream cannot be read, so it replays its shuffles); the {@link NodeContext}'s
 *       sampler is its only state;</li>
 *   <li>any other final reference is configuration (model, data, step schedule, regularizer,
 *       settings) and is not saved; a non-final reference holding such an object is refused (it
 *       could hold state this rule does not know how to save). Which of these a reference is,
 *       is decided by the object it holds (a {@code Compressor} field holds a Custom random-k).</li>
 * </ul>
 * Each field is written with its class and name, so a checkpoint of another build or another
 * algorithm is refused with the field that differs rather than misread.
 */
public final class NodeState {
    /** An object the walk descends into by the same rule. */
    public interface Stateful {
    }

    /** An object that saves and restores its own state. */
    public interface Custom {
        void saveState(DataOutputStream out) throws IOException;

        /** Restores onto a fresh instance (built exactly as the saved one was). */
        void restoreState(DataInputStream in) throws IOException;
    }

    private static final Map<Class<?>, List<Field>> FIELDS = new ConcurrentHashMap<>();

    private NodeState() {
    }

    /** The node's state after its last completed round. */
    public static byte[] save(NodeAlgorithm node) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(node.getClass().getName());
            write(node, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Restores {@code state} (from {@link #save}) onto {@code node}, a fresh node of the same run.
     *
     * @throws IllegalArgumentException when the bytes are of another algorithm or another build
     */
    public static void restore(NodeAlgorithm node, byte[] state) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            String type = in.readUTF();
            if (!type.equals(node.getClass().getName())) {
                throw new IllegalArgumentException("the saved state is of a " + type + " node, this run's node " + node.node()
                        + " is a " + node.getClass().getName());
            }
            read(node, in);
            if (in.available() > 0) {
                throw new IllegalArgumentException("the saved state of node " + node.node() + " has " + in.available()
                        + " bytes more than this build's node holds");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("the saved state of node " + node.node() + " is truncated or corrupt (" + e + ")", e);
        }
    }

    private static void write(Object o, DataOutputStream out) throws IOException {
        for (Field f : fields(o.getClass())) {
            out.writeUTF(f.getDeclaringClass().getSimpleName() + "." + f.getName());
            Object v = get(f, o);
            Class<?> t = f.getType();
            if (t.isPrimitive()) {
                writePrimitive(t, v, out);
            } else if (t.isArray()) {
                writeArray(v, out);
            } else {
                int kind = kindOf(v, f);
                out.writeByte(kind);
                switch (kind) {
                    case CONTEXT -> ((NodeContext) v).sampler().saveState(out);
                    case CUSTOM -> ((Custom) v).saveState(out);
                    case STATEFUL -> write(v, out);
                    default -> {
                        // null or configuration: nothing to save
                    }
                }
            }
        }
    }

    private static final int NULL = 0;
    private static final int CONTEXT = 1;
    private static final int CUSTOM = 2;
    private static final int STATEFUL = 3;
    private static final int CONFIGURATION = 4;

    /** How a reference field's current value is saved; a non-final field must hold state or null. */
    private static int kindOf(Object v, Field f) {
        int kind = v == null ? NULL : v instanceof NodeContext ? CONTEXT : v instanceof Custom ? CUSTOM
                : v instanceof Stateful ? STATEFUL : CONFIGURATION;
        if (kind == CONFIGURATION && !Modifier.isFinal(f.getModifiers())) {
            throw new IllegalStateException(f.getDeclaringClass().getName() + "." + f.getName() + ": a non-final field holding a "
                    + v.getClass().getSimpleName() + " may hold state NodeState cannot save; make it final, a primitive (array), "
                    + "or Stateful");
        }
        return kind;
    }

    private static void read(Object o, DataInputStream in) throws IOException {
        for (Field f : fields(o.getClass())) {
            String name = in.readUTF();
            String expected = f.getDeclaringClass().getSimpleName() + "." + f.getName();
            if (!name.equals(expected)) {
                throw new IllegalArgumentException("the saved state holds " + name + " where this build's node holds " + expected);
            }
            Class<?> t = f.getType();
            if (t.isPrimitive()) {
                set(f, o, readPrimitive(t, in));
            } else if (t.isArray()) {
                Object current = get(f, o);
                Object restored = readArray(t, current, in);
                if (restored != current) {
                    if (Modifier.isFinal(f.getModifiers())) {
                        throw new IllegalArgumentException("the saved " + expected + " has another length than this run's");
                    }
                    set(f, o, restored);
                }
            } else {
                Object v = get(f, o);
                int kind = kindOf(v, f);
                int saved = in.readByte();
                if (saved != kind) {
                    throw new IllegalArgumentException("the saved " + expected + " is of another kind (" + saved + ") than this run's ("
                            + kind + "): other settings");
                }
                switch (kind) {
                    case CONTEXT -> ((NodeContext) v).sampler().restoreState(in);
                    case CUSTOM -> ((Custom) v).restoreState(in);
                    case STATEFUL -> read(v, in);
                    default -> {
                        // null or configuration: nothing was saved
                    }
                }
            }
        }
    }

    /** The state fields of a class and its superclasses, base class first, each class's in name order. */
    private static List<Field> fields(Class<?> type) {
        return FIELDS.computeIfAbsent(type, NodeState::stateFields);
    }

    private static List<Field> stateFields(Class<?> type) {
        List<Class<?>> chain = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            chain.add(0, c);
        }
        List<Field> out = new ArrayList<>();
        for (Class<?> c : chain) {
            List<Field> declared = new ArrayList<>(List.of(c.getDeclaredFields()));
            declared.sort(Comparator.comparing(Field::getName));
            for (Field f : declared) {
                int m = f.getModifiers();
                if (Modifier.isStatic(m) || f.isSynthetic()) {
                    continue;
                }
                Class<?> t = f.getType();
                boolean isFinal = Modifier.isFinal(m);
                boolean state;
                if (t.isPrimitive()) {
                    state = !isFinal;
                } else if (t.isArray()) {
                    Class<?> e = t.getComponentType();
                    if (!(e.isPrimitive() || (e.isArray() && e.getComponentType().isPrimitive()))) {
                        throw new IllegalStateException(c.getName() + "." + f.getName() + ": an array of " + e.getSimpleName()
                                + " in a node is state NodeState cannot save; use primitive arrays");
                    }
                    state = true;
                } else {
                    // Decided by the value when saving: state (context, Custom, Stateful), null or configuration.
                    state = t == NodeContext.class || (t != String.class && !t.isEnum() && !t.isRecord());
                }
                if (state) {
                    f.setAccessible(true);
                    out.add(f);
                }
            }
        }
        return List.copyOf(out);
    }

    private static Object get(Field f, Object o) {
        try {
            return f.get(o);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void set(Field f, Object o, Object v) {
        try {
            f.set(o, v);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writePrimitive(Class<?> t, Object v, DataOutputStream out) throws IOException {
        if (t == double.class) {
            out.writeDouble((Double) v);
        } else if (t == long.class) {
            out.writeLong((Long) v);
        } else if (t == int.class) {
            out.writeInt((Integer) v);
        } else if (t == boolean.class) {
            out.writeBoolean((Boolean) v);
        } else if (t == float.class) {
            out.writeFloat((Float) v);
        } else if (t == short.class) {
            out.writeShort((Short) v);
        } else if (t == byte.class) {
            out.writeByte((Byte) v);
        } else {
            out.writeChar((Character) v);
        }
    }

    private static Object readPrimitive(Class<?> t, DataInputStream in) throws IOException {
        if (t == double.class) {
            return in.readDouble();
        } else if (t == long.class) {
            return in.readLong();
        } else if (t == int.class) {
            return in.readInt();
        } else if (t == boolean.class) {
            return in.readBoolean();
        } else if (t == float.class) {
            return in.readFloat();
        } else if (t == short.class) {
            return in.readShort();
        } else if (t == byte.class) {
            return in.readByte();
        }
        return in.readChar();
    }

    private static void writeArray(Object a, DataOutputStream out) throws IOException {
        if (a == null) {
            out.writeInt(-1);
            return;
        }
        int n = java.lang.reflect.Array.getLength(a);
        out.writeInt(n);
        if (a instanceof double[] d) {
            for (double v : d) {
                out.writeDouble(v);
            }
        } else if (a instanceof int[] d) {
            for (int v : d) {
                out.writeInt(v);
            }
        } else if (a instanceof long[] d) {
            for (long v : d) {
                out.writeLong(v);
            }
        } else if (a instanceof boolean[] d) {
            for (boolean v : d) {
                out.writeBoolean(v);
            }
        } else if (a instanceof byte[] d) {
            out.write(d);
        } else if (a instanceof float[] d) {
            for (float v : d) {
                out.writeFloat(v);
            }
        } else if (a.getClass().getComponentType().isArray()) {
            for (int k = 0; k < n; k++) {
                writeArray(java.lang.reflect.Array.get(a, k), out);
            }
        } else {
            throw new IllegalStateException("arrays of " + a.getClass().getComponentType() + " are not node state");
        }
    }

    /** Reads an array of type {@code t}, into {@code current} when it has the saved length; returns the array holding it. */
    private static Object readArray(Class<?> t, Object current, DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        Object a = current != null && java.lang.reflect.Array.getLength(current) == n ? current
                : java.lang.reflect.Array.newInstance(t.getComponentType(), n);
        if (a instanceof double[] d) {
            for (int k = 0; k < n; k++) {
                d[k] = in.readDouble();
            }
        } else if (a instanceof int[] d) {
            for (int k = 0; k < n; k++) {
                d[k] = in.readInt();
            }
        } else if (a instanceof long[] d) {
            for (int k = 0; k < n; k++) {
                d[k] = in.readLong();
            }
        } else if (a instanceof boolean[] d) {
            for (int k = 0; k < n; k++) {
                d[k] = in.readBoolean();
            }
        } else if (a instanceof byte[] d) {
            in.readFully(d);
        } else if (a instanceof float[] d) {
            for (int k = 0; k < n; k++) {
                d[k] = in.readFloat();
            }
        } else {
            for (int k = 0; k < n; k++) {
                Object row = java.lang.reflect.Array.get(a, k);
                java.lang.reflect.Array.set(a, k, readArray(t.getComponentType(), row, in));
            }
        }
        return a;
    }
}

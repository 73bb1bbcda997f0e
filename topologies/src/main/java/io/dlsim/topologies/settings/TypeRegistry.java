package io.dlsim.topologies.settings;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The explicit map from the {@code type:} names a user writes to the settings records of one
 * sealed interface (no class names, no reflection on names): the one line a new type adds.
 * Built once per interface as a constant; {@link #complete()} checks that every permitted
 * subclass of the interface has a name, so a record that was added without its line fails the
 * build's tests at once rather than being unreachable.
 *
 * @param <T> the sealed interface of the settings records
 */
public final class TypeRegistry<T> {
    private final Class<T> base;
    private final Map<String, Class<? extends T>> types = new LinkedHashMap<>();

    private TypeRegistry(Class<T> base) {
        this.base = base;
    }

    /** An empty registry for the records of {@code base}. */
    public static <T> TypeRegistry<T> of(Class<T> base) {
        return new TypeRegistry<>(base);
    }

    /** Adds the type {@code name}, bound to the record {@code type}; returns this registry. */
    public TypeRegistry<T> with(String name, Class<? extends T> type) {
        if (types.containsKey(name) || types.containsValue(type)) {
            throw new IllegalStateException(base.getSimpleName() + ": type '" + name + "' or " + type.getSimpleName()
                    + " registered twice");
        }
        types.put(name, type);
        return this;
    }

    /** The interface. */
    public Class<T> base() {
        return base;
    }

    /** The type names in the order they are listed to users, with their records. */
    public Map<String, Class<? extends T>> types() {
        return Collections.unmodifiableMap(types);
    }

    /** The type names in the order they are listed to users. */
    public List<String> names() {
        return List.copyOf(types.keySet());
    }

    /** The name of {@code value}'s type. */
    public String nameOf(T value) {
        for (Map.Entry<String, Class<? extends T>> e : types.entrySet()) {
            if (e.getValue() == value.getClass()) {
                return e.getKey();
            }
        }
        throw new IllegalStateException(value.getClass().getName() + " is not registered as a " + base.getSimpleName());
    }

    /** The permitted subclasses of the interface that have no name here (empty when complete). */
    public List<Class<?>> unregistered() {
        Class<?>[] permitted = base.getPermittedSubclasses();
        if (permitted == null) {
            return List.of();
        }
        List<Class<?>> missing = new java.util.ArrayList<>();
        for (Class<?> c : permitted) {
            if (!types.containsValue(c)) {
                missing.add(c);
            }
        }
        return missing;
    }

    /** This registry, after checking that every permitted subclass has a name. */
    public TypeRegistry<T> complete() {
        List<Class<?>> missing = unregistered();
        if (!missing.isEmpty()) {
            throw new IllegalStateException(base.getSimpleName() + ": no type name for " + missing);
        }
        return this;
    }
}

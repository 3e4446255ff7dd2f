package org.relax4j.core.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Objects of type {@code T} by name, each built from options of type {@code C} by a registered
 * factory, with a one-line description for help texts. Names keep their registration order.
 * Subclass it to give a registry of one kind its own type and its built-in entries.
 *
 * <pre>{@code
 * Registry<Options, Thing> things = new Registry<>("thing");
 * things.register("plain", "the plain thing", options -> new PlainThing(options));
 * Thing t = things.create("plain", options);
 * }</pre>
 *
 * @param <C> the options a factory reads
 * @param <T> what a factory builds
 */
public class Registry<C, T> {

    private final String kind;
    private final Map<String, Entry<C, T>> entries = new LinkedHashMap<>();

    /**
     * An empty registry.
     *
     * @param kind what it holds, in the singular (e.g. "estimator"), used in error messages
     */
    public Registry(String kind) {
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * Registers a factory under {@code name}.
     *
     * @param name the name users select it by
     * @param description one line for help texts
     * @param factory builds the object from options
     * @throws IllegalArgumentException if the name is taken
     */
    public synchronized void register(String name, String description, Function<? super C, ? extends T> factory) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(factory, "factory");
        if (entries.containsKey(name)) {
            throw new IllegalArgumentException("the " + kind + " name '" + name + "' is already registered");
        }
        entries.put(name, new Entry<>(description, factory));
    }

    /**
     * Builds the object registered as {@code name}.
     *
     * @throws IllegalArgumentException if no such name is registered (the message lists the names)
     */
    public T create(String name, C options) {
        Entry<C, T> entry;
        synchronized (this) {
            entry = entries.get(name);
            if (entry == null) {
                throw new IllegalArgumentException(
                        "unknown " + kind + " '" + name + "'; choose one of " + String.join(", ", entries.keySet()));
            }
        }
        return entry.factory().apply(options);
    }

    /** Whether {@code name} is registered. */
    public synchronized boolean contains(String name) {
        return entries.containsKey(name);
    }

    /** Registered names in registration order. */
    public synchronized List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(entries.keySet()));
    }

    /** The description of {@code name}, or null if it is not registered. */
    public synchronized String describe(String name) {
        Entry<C, T> entry = entries.get(name);
        return entry == null ? null : entry.description();
    }

    private record Entry<C, T>(String description, Function<? super C, ? extends T> factory) {}
}

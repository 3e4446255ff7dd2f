package org.relax4j.core.training;

import ai.djl.ndarray.NDManager;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * A component of a training run that saves and restores its own state (model parameters, an
 * estimator, an optimizer's moments, a listener's running sums), so that a checkpoint is a
 * sequence of named sections, one per component, and resuming continues exactly.
 */
public interface Stateful {

    /** The section name, unique within a run and stable across runs (e.g. "model", "optimizer/model"). */
    String stateName();

    /** Writes the state. */
    void save(DataOutputStream out) throws IOException;

    /** Reads what {@link #save} wrote, placing arrays on {@code manager}'s device. */
    void load(DataInputStream in, NDManager manager) throws IOException;

    /** Writes a state. */
    @FunctionalInterface
    interface Saver {
        /** Writes to {@code out}. */
        void save(DataOutputStream out) throws IOException;
    }

    /** Reads a state. */
    @FunctionalInterface
    interface Loader {
        /** Reads from {@code in}. */
        void load(DataInputStream in, NDManager manager) throws IOException;
    }

    /** A component named {@code name} that saves and loads with the given functions. */
    static Stateful of(String name, Saver saver, Loader loader) {
        return new Stateful() {
            @Override
            public String stateName() {
                return name;
            }

            @Override
            public void save(DataOutputStream out) throws IOException {
                saver.save(out);
            }

            @Override
            public void load(DataInputStream in, NDManager manager) throws IOException {
                loader.load(in, manager);
            }
        };
    }
}

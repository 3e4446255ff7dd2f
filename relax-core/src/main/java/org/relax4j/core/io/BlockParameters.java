package org.relax4j.core.io;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a block's saved parameters for further training. DJL's {@code Parameter.load} replaces
 * each array with a decoded one that no longer requires a gradient and leaves the old array open;
 * this restores the gradient flag, releases the old arrays and keeps the new ones out of any
 * {@link NDScope}.
 */
public final class BlockParameters {

    private BlockParameters() {}

    /**
     * Reads parameters written by {@link Block#saveParameters} into {@code block}.
     *
     * @throws IOException if the stream is truncated or does not match the block
     */
    public static void load(Block block, NDManager manager, DataInputStream in) throws IOException {
        List<NDArray> previous = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().isInitialized()) {
                previous.add(p.getValue().getArray());
            }
        }
        try {
            block.loadParameters(manager, in);
        } catch (MalformedModelException e) {
            throw new IOException("saved parameters do not match this block: " + e.getMessage(), e);
        }
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter parameter = p.getValue();
            NDArray array = parameter.getArray();
            NDScope.unregister(array);
            if (parameter.requiresGradient()) {
                array.setRequiresGradient(true);
            }
        }
        for (NDArray old : previous) {
            old.close();
        }
    }
}

package org.relax4j.core.controlvariate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Block;

/**
 * Keeps learnable parameters alive across training steps: blocks initialised lazily inside a
 * step's {@link NDScope} would otherwise have their arrays closed with the step.
 */
final class OwnedParameters {

    private OwnedParameters() {}

    /** A long-lived manager on the device of {@code like}, for lazily created parameters. */
    static NDManager newManager(NDArray like) {
        NDManager manager = NDManager.newBaseManager(like.getDevice());
        manager.setName("relax4j-estimator-parameters");
        return manager;
    }

    /** Takes the block's parameter arrays out of the current scope. */
    static void keep(Block block) {
        block.getParameters().forEach(p -> NDScope.unregister(p.getValue().getArray()));
    }
}

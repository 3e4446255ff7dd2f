package org.relax4j.core.controlvariate;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import java.io.DataInputStream;
import java.io.IOException;
import org.relax4j.core.io.BlockParameters;

/**
 * A block of an estimator's own learnable parameters (a baseline, a control variate). Its
 * parameters outlive training steps: they are created on a manager the caller gives, or, when
 * first used inside a step, on a manager of the block's own on the inputs' device, and are always
 * kept out of the step's {@link NDScope}.
 */
public abstract class EstimatorBlock extends AbstractBlock {

    private ParameterStore store;
    private NDManager ownManager;
    private Long initializationSeed;

    /**
     * Makes the parameters' initialization reproducible: immediately before creating them, the
     * block calls {@code Engine.getInstance().setRandomSeed(seed)}. Note that this reseeds the
     * engine's global random generators (libtorch's included), which anything drawing from them
     * afterwards will see. Estimators call it with their configuration's seed.
     */
    public final void setInitializationSeed(long seed) {
        this.initializationSeed = seed;
    }

    /** Creates the parameters on {@code manager} for inputs of the given shapes (once). */
    protected final void initializeOn(NDManager manager, Shape... inputShapes) {
        if (!isInitialized()) {
            if (initializationSeed != null) {
                Engine.getInstance().setRandomSeed(Long.hashCode(initializationSeed));
            }
            initialize(manager, DataType.FLOAT32, inputShapes);
            getParameters().forEach(p -> NDScope.unregister(p.getValue().getArray()));
        }
        store = new ParameterStore(manager, false);
    }

    /** Whether the parameters exist. */
    protected final boolean isReady() {
        return store != null;
    }

    /** A long-lived manager of this block's own on the device of {@code like}. */
    protected final NDManager ownManagerLike(NDArray like) {
        ownManager = NDManager.newBaseManager(like.getDevice());
        ownManager.setName("relax4j-estimator-parameters");
        return ownManager;
    }

    /** The store to run forward passes with. */
    protected final ParameterStore store() {
        return store;
    }

    /** Reads parameters written by {@link #saveParameters(java.io.DataOutputStream)}. */
    public void loadParameters(DataInputStream in) throws IOException {
        BlockParameters.load(this, store.getManager(), in);
    }

    /** Releases the parameters if this block created them on its own manager. */
    public void close() {
        if (ownManager != null) {
            ownManager.close();
            ownManager = null;
            store = null;
        }
    }
}

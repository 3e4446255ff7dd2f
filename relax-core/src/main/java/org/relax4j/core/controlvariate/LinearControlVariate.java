package org.relax4j.core.controlvariate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The learned coefficient α of the double control variate (Titsias and Shi 2022): the weight of
 * the linear (Taylor) term α ∇̄f·(b − θ) added to the leave-one-out baseline. α starts at 0, where
 * the estimator is plain leave-one-out REINFORCE, and is trained on the variance objective.
 *
 * <p>As a DJL block it holds α; its forward ignores its inputs and returns α, shape (1).
 */
public final class LinearControlVariate extends EstimatorBlock {

    private final Parameter alpha;

    /** A coefficient starting at 0. */
    public LinearControlVariate() {
        alpha = addParameter(SteinControlVariate.scalar("alpha"));
    }

    /** Creates α on {@code manager} (once). */
    public void initialize(NDManager manager) {
        initializeOn(manager, new Shape(1));
    }

    /** α, shape (1), with its graph; creates it on the device of {@code like} on first use. */
    public NDArray coefficient(NDArray like) {
        if (!isReady()) {
            initialize(ownManagerLike(like));
        }
        return store().getValue(alpha, like.getDevice(), true);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(parameterStore.getValue(alpha, inputs.head().getDevice(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(1)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {}
}

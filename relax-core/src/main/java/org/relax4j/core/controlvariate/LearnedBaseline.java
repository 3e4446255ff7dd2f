package org.relax4j.core.controlvariate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.relax4j.core.estimator.EstimationProblem;

/**
 * An input-dependent baseline c(x) for REINFORCE (NVIL, Mnih and Gregor 2014): one tanh hidden
 * layer (100 units by default, as in the REBAR reference code) on the problem's conditioning
 * inputs x, output one value per example.
 */
public final class LearnedBaseline extends EstimatorBlock {

    private final SequentialBlock network;

    /** A baseline with the given hidden width. */
    public LearnedBaseline(int hiddenUnits) {
        network = addChildBlock("network", Mlp.create(1, hiddenUnits, Mlp.Nonlinearity.TANH, 1));
    }

    /** Creates the parameters for conditioning of shape (B, d). */
    public void initialize(NDManager manager, Shape conditioningShape) {
        if (conditioningShape == null) {
            throw new IllegalArgumentException(
                    "a learned baseline needs per-example inputs: give the problem a conditioning array (B, d)");
        }
        initializeOn(manager, conditioningShape);
    }

    /** c(x), shape (B), with its graph to the baseline's parameters. */
    public NDArray evaluate(EstimationProblem problem) {
        NDArray x = problem.conditioning();
        if (x == null) {
            throw new IllegalArgumentException(
                    "a learned baseline needs per-example inputs: give the problem a conditioning array (B, d)");
        }
        if (!isReady()) {
            initialize(ownManagerLike(problem.logits()), x.getShape());
        }
        return forward(store(), new NDList(x), true).singletonOrThrow().squeeze(-1);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return network.forward(parameterStore, inputs, training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return network.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        network.initialize(manager, dataType, inputShapes);
    }
}

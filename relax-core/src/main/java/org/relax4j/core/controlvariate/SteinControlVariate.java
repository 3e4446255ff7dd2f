package org.relax4j.core.controlvariate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

/**
 * The learned parts of RODEO (Shi, Zhou, Hwang, Titsias and Mackey 2022): the two coefficients
 * α, β (both starting at 0, where RODEO is leave-one-out REINFORCE) and the network
 * h: R² → R², h(y) = W₂ LeakyReLU₀.₃(W₁ [s(y), f̄] + c₁) + c₂, with one hidden layer (100 units by
 * default, as in the authors' code: thjashin/rodeo, networks.py, SteinControlNNSingleLayer). Its two
 * inputs are a Taylor surrogate s(y) of f at a point y and the mean f̄ of the other samples' values;
 * its first output is the scalar function whose Stein-operator image is added to the baseline (α),
 * its second scales the score in the vector control variate (β). All three are trained on the
 * variance objective.
 *
 * <p>As a DJL block its forward maps features (…, 2) to h (…, 2); {@link #alpha}, {@link #beta}
 * give the coefficients.
 */
public final class SteinControlVariate extends EstimatorBlock {

    /** The default hidden width of h. */
    public static final int DEFAULT_HIDDEN_UNITS = 100;

    /** The slope of h's LeakyReLU for negative inputs (the authors' code). */
    public static final float LEAKY_SLOPE = 0.3f;

    private final Parameter alpha;
    private final Parameter beta;
    private final SequentialBlock network;

    /** α = β = 0 and a network h with {@code hiddenUnits} hidden units. */
    public SteinControlVariate(int hiddenUnits) {
        if (hiddenUnits <= 0) {
            throw new IllegalArgumentException("RODEO's network needs a positive hidden width, got " + hiddenUnits);
        }
        alpha = addParameter(scalar("alpha"));
        beta = addParameter(scalar("beta"));
        network = addChildBlock(
                "network",
                new SequentialBlock()
                        .add(Linear.builder().setUnits(hiddenUnits).build())
                        .add(Activation.leakyReluBlock(LEAKY_SLOPE))
                        .add(Linear.builder().setUnits(2).build()));
    }

    /** A trainable scalar parameter starting at 0. */
    static Parameter scalar(String name) {
        return Parameter.builder()
                .setName(name)
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(1))
                .optInitializer(new ConstantInitializer(0f))
                .build();
    }

    /** Creates the parameters on {@code manager} (once). */
    public void initialize(NDManager manager) {
        initializeOn(manager, new Shape(1, 2));
    }

    /** h at the given features (…, 2): shape (…, 2), with its graph to the network's parameters. */
    public NDArray evaluate(NDArray features) {
        ready(features);
        Shape shape = features.getShape();
        NDArray flat = features.reshape(-1, 2);
        return forward(store(), new NDList(flat), true).singletonOrThrow().reshape(shape);
    }

    /** α, shape (1), with its graph. */
    public NDArray alpha(NDArray like) {
        ready(like);
        return store().getValue(alpha, like.getDevice(), true);
    }

    /** β, shape (1), with its graph. */
    public NDArray beta(NDArray like) {
        ready(like);
        return store().getValue(beta, like.getDevice(), true);
    }

    private void ready(NDArray like) {
        if (!isReady()) {
            initialize(ownManagerLike(like));
        }
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

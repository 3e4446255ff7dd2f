package org.relax4j.core.estimator.baseline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.ParameterList;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Optional;
import org.relax4j.core.controlvariate.EstimatorBlock;
import org.relax4j.core.controlvariate.Mlp;
import org.relax4j.core.estimator.EstimationProblem;

/**
 * An input-dependent baseline c_ψ(x) (NVIL, Mnih &amp; Gregor 2014 §3.2): one tanh hidden layer (100
 * units by default, as in the REBAR reference code) on the problem's conditioning inputs x, one
 * output per example. It is trained on the squared error E[(f(b) − c_ψ(x))²] (the loss of
 * {@link Centred#loss()}), whose minimiser is E[f | x].
 *
 * <p>As a DJL block its forward maps x (B, d) to c_ψ(x) (B, 1).
 */
public final class LearnedBaseline extends EstimatorBlock implements Baseline {

    /** The default hidden width. */
    public static final int DEFAULT_HIDDEN_UNITS = 100;

    private final SequentialBlock network;

    private LearnedBaseline(Builder builder) {
        network = addChildBlock("network", Mlp.create(1, builder.hiddenUnits, Mlp.Nonlinearity.TANH, 1));
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "learned";
    }

    /** Creates the parameters for conditioning of shape (B, d). */
    @Override
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
    public Centred centre(NDArray f, EstimationProblem problem) {
        NDArray c = evaluate(problem);
        NDArray signal = f.sub(c.stopGradient());
        NDArray loss = null;
        if (problem.trainEstimator()) {
            NDArray residual = f.sub(c);
            loss = residual.mul(residual).mean();
        }
        return new Centred(signal, loss);
    }

    @Override
    public Optional<Block> block() {
        return Optional.of(this);
    }

    @Override
    public ParameterList parameters() {
        return getParameters();
    }

    @Override
    public void saveState(DataOutputStream out) throws IOException {
        saveParameters(out);
    }

    @Override
    public void loadState(DataInputStream in) throws IOException {
        loadParameters(in);
    }

    @Override
    public void close() {
        super.close();
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

    /** Builder of {@link LearnedBaseline}. */
    public static final class Builder {
        private int hiddenUnits = DEFAULT_HIDDEN_UNITS;

        private Builder() {}

        /** Sets the hidden width (default {@link LearnedBaseline#DEFAULT_HIDDEN_UNITS}). */
        public Builder optHiddenUnits(int hiddenUnits) {
            this.hiddenUnits = hiddenUnits;
            return this;
        }

        /** Builds the baseline. */
        public LearnedBaseline build() {
            if (hiddenUnits <= 0) {
                throw new IllegalArgumentException(
                        "the learned baseline's hidden width must be positive, got " + hiddenUnits);
            }
            return new LearnedBaseline(this);
        }
    }
}

package org.relax4j.core.estimator;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.ParameterList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Optional;

/**
 * An estimator of ∂/∂α E_{b ~ p_α}[f(b)] for a layer of discrete units with logits α.
 *
 * <p>Estimators are created by name from an {@link EstimatorRegistry}. Those with learnable parts
 * (a baseline, REBAR's η and log λ, RELAX's network) own them: {@link #parameters()} lists them so
 * a trainer can give them their own optimizer, and {@link GradientEstimate#estimatorLoss()} is the
 * loss they minimise. Gradients of that loss never reach the model: estimators differentiate with
 * respect to a detached copy of the logits.
 *
 * <p>Call {@link #estimate} with grad mode on (inside a {@link
 * ai.djl.training.GradientCollector}).
 */
public interface GradientEstimator extends AutoCloseable {

    /** The registry name, e.g. "relax". */
    String name();

    /**
     * The quantity whose gradient this estimator is unbiased for: {@link
     * EstimatorTarget#EXPECTATION} when E[ĝ] = ∂/∂α E[f(b)] exactly, {@link
     * EstimatorTarget#MULTI_SAMPLE_BOUND} for VIMCO (E[ĝ] = ∂/∂α E[log (1/K) Σ_k exp f(b_k)]), {@link
     * EstimatorTarget#NONE} for biased estimators (Concrete, straight-through).
     */
    EstimatorTarget unbiasedFor();

    /** Evaluations of f per example and step (for cost comparisons). */
    int objectiveEvaluations();

    /**
     * Joint samples of the whole latent vector that one estimate draws per example: K for the
     * multi-sample estimators (RLOO, VIMCO, ARMS, CARMS, double CV, RODEO), which evaluate f at K
     * complete samples b_1 … b_K, and 1 for the rest. A model that samples its stochastic layers
     * one after another, each conditioned on the layer below (a sigmoid belief net of several
     * layers), can only serve estimators with one joint sample.
     */
    default int jointSamples() {
        return 1;
    }

    /** Estimates the gradient for one batch. */
    GradientEstimate estimate(EstimationProblem problem);

    /**
     * Creates the learnable parameters for logits of the given shape and conditioning of the
     * given shape (null if none). Called automatically by the first {@link #estimate}; call it
     * yourself to load saved state before the first step. Does nothing for estimators with no
     * parameters.
     *
     * <p>An estimator with parameters serves one layer shape: from then on it accepts any batch
     * size but only these units per example and this conditioning width, and refuses others with
     * an {@link IllegalArgumentException} (create one estimator per layer shape).
     */
    default void initialize(NDManager manager, Shape logitsShape, Shape conditioningShape) {}

    /**
     * Learnable parameters (empty if none), under names that are unique within this estimator and
     * stable across runs (so optimizer state can be saved and restored by name).
     */
    default ParameterList parameters() {
        return new ParameterList();
    }

    /**
     * The learnable part as a DJL {@link Block} (REBAR's and RELAX's control variate, a learned
     * baseline), or empty if the estimator has none. Its {@code getParameters}, {@code
     * saveParameters} and {@code loadParameters} are DJL's own, so the block can be stored with a
     * model; {@link #parameters()} is the trainable subset of its parameters.
     */
    default Optional<Block> block() {
        return Optional.empty();
    }

    /** Writes learnable parameters and any running state (e.g. an EMA baseline). */
    default void saveState(DataOutputStream out) throws IOException {}

    /** Reads what {@link #saveState} wrote. */
    default void loadState(DataInputStream in) throws IOException {}

    @Override
    default void close() {}
}

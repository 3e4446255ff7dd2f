package org.relax4j.core.training;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.ParameterList;
import java.util.List;
import org.relax4j.core.estimator.GradientEstimator;
import org.relax4j.core.random.NoiseSource;

/**
 * A model with stochastic nodes whose gradients an estimator supplies: sigmoid belief nets and
 * binary VAEs (one node per stochastic layer), the toy problem (one logit). The
 * {@link StochasticTrainer} creates one estimator per {@link #stochasticNodes() node}, calls
 * {@link #forward} inside a gradient collector and an {@code NDScope}, and differentiates the
 * returned losses: the model loss w.r.t. {@link #parameters()}, the estimator loss w.r.t. the
 * estimators' parameters. The model's own {@link Stateful} state is its parameters.
 */
public interface StochasticModel extends Stateful {

    /** The trainable parameters, in a fixed order, under names stable across runs. */
    ParameterList parameters();

    /** The stochastic nodes, in the order their estimators are created and passed to {@link #forward}. */
    List<StochasticNode> stochasticNodes();

    /**
     * Whether the gradient-variance tracker follows parameter {@code name} (default: every
     * parameter; the VAE follows only its encoder, as the RELAX paper reports).
     */
    default boolean tracksVariance(String name) {
        return true;
    }

    /**
     * Samples the stochastic nodes with the step's noise and asks each node's estimator for its
     * gradient estimate.
     *
     * @param batch the step's minibatch (null for a model without data)
     * @param noise the step's noise; every random draw of the step comes from it (null when the
     *     trainer was built without noise, for a model that draws from a stream of its own)
     * @param estimators one per stochastic node, same order
     * @param trainEstimators whether the estimators should return their own loss
     */
    StepOutput forward(
            NDArray batch, NoiseSource.StepNoise noise, List<GradientEstimator> estimators, boolean trainEstimators);
}

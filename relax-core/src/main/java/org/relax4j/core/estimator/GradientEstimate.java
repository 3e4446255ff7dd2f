package org.relax4j.core.estimator;

import ai.djl.ndarray.NDArray;

/**
 * What an estimator returns for a batch of B examples.
 *
 * @param logitGradient ĝ, the per-example estimate of ∂E[F]/∂α, of the logits' shape; detached
 * @param objective F per example, shape (B), detached: f(b) for single-sample estimators, the
 *     mean of the evaluations for antithetic and multi-sample ones, the K-sample bound for VIMCO
 * @param directObjective the part of F that depends on parameters other than through the
 *     sample (a decoder, a prior…), shape (B), with its graph: its gradient with b held fixed is
 *     the "direct" term of the model gradient
 * @param estimatorLoss scalar loss whose gradient trains the estimator's own parameters (the
 *     variance objective mean ĝ² for REBAR and RELAX, a squared error for a learned baseline), or
 *     {@code null} when the estimator has nothing to train or training was not requested
 */
public record GradientEstimate(
        NDArray logitGradient, NDArray objective, NDArray directObjective, NDArray estimatorLoss) {

    /**
     * The per-example surrogate s = directObjective + Σ_units α ⊙ stop(ĝ), shape (B): for any
     * parameter ψ upstream of the logits or of f, ∂s/∂ψ is the estimator's gradient for ψ. Its
     * value is not meaningful; only its gradient is.
     *
     * @param logits the logits given to the estimator, with their graph
     */
    public NDArray surrogate(NDArray logits) {
        return directObjective.add(linearTerm(logits));
    }

    /**
     * Σ_units α ⊙ stop(ĝ) per example, shape (B): the chain-rule term alone, for models with
     * several stochastic layers whose direct objective is shared.
     */
    public NDArray linearTerm(NDArray logits) {
        long batch = logits.getShape().get(0);
        return logits.mul(logitGradient).reshape(batch, -1).sum(new int[] {1});
    }
}

package org.relax4j.core.objective;

import ai.djl.ndarray.NDArray;

/**
 * The function f whose expectation E_{b ~ p_α}[f(b)] an estimator differentiates, extended to
 * relaxed inputs so that relaxation-based estimators (Concrete, straight-through, REBAR, RELAX)
 * can evaluate it between the discrete points.
 *
 * <p>Inputs carry a leading sample axis: {@code h} has shape (S, B, units…) where B is the batch of
 * independent examples and S indexes several evaluations of the same examples (the hard sample,
 * z and z̃ relaxations, or K independent samples). The result has shape (S, B), one value per
 * sample and example. Objectives must treat examples independently (no coupling across B or S),
 * since estimators read per-example gradients off one batched call.
 *
 * <p>An objective may depend on model parameters (a decoder, say); estimators keep that
 * dependence in the graph so a trainer can differentiate it with b held fixed.
 */
@FunctionalInterface
public interface RelaxableObjective {

    /**
     * Evaluates f.
     *
     * @param h hard values in {0, 1} (one-hot for categorical units) or relaxed values in [0, 1],
     *     shape (S, B, units…)
     * @param temperature {@code null} when {@code h} is hard; otherwise the relaxation
     *     temperature λ in use, which objectives containing further stochastic layers use to relax
     *     those layers too
     * @return f, shape (S, B)
     */
    NDArray apply(NDArray h, NDArray temperature);
}

package org.relax4j.core.training;

import ai.djl.ndarray.NDArray;

/**
 * What a {@link StochasticModel} computes on one batch with one noise draw.
 *
 * @param objective the objective f(b) per example (e.g. the one-sample ELBO), reported as its mean;
 *     null for a model whose step does not compute it (the step then reports NaN)
 * @param modelLoss the scalar the model's parameters descend: minus (or plus, for a loss) the mean
 *     of the surrogate f(b) + Σ_l α_l·stop(ĝ_l), whose gradient w.r.t. the parameters is the
 *     estimated gradient of the expected objective
 * @param estimatorLoss the sum of the estimators' own losses (e.g. the single-sample variance
 *     Σ_l ĝ_l²), or null when no estimator has one
 */
public record StepOutput(NDArray objective, NDArray modelLoss, NDArray estimatorLoss) {}

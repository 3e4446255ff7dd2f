package org.relax4j.core.training;

import ai.djl.ndarray.types.Shape;

/**
 * One stochastic node of a {@link StochasticModel}: a Bernoulli layer whose logits α have
 * {@code logitsShape} and whose estimator may condition on an input of {@code conditioningShape}
 * (null if none). Each node gets its own estimator, initialized for these shapes.
 *
 * @param name a name unique within the model, stable across runs (prefixes the estimator's state)
 * @param logitsShape the shape of α per step
 * @param conditioningShape the shape of the estimator's conditioning input, or null
 */
public record StochasticNode(String name, Shape logitsShape, Shape conditioningShape) {}

/**
 * Estimators of ∇_θ ELBO for the non-differentiable models, and their registry ({@link
 * org.relax4j.core.nondiff.estimator.NondiffEstimatorRegistry}):
 *
 * <ul>
 *   <li>{@link org.relax4j.core.nondiff.estimator.ScoreEstimator}: unbiased, noisy;
 *   <li>{@link org.relax4j.core.nondiff.estimator.ReparamEstimator}: biased when the density jumps
 *       across a guard;
 *   <li>{@link org.relax4j.core.nondiff.estimator.ReparamNondiffEstimator}: unbiased,
 *       reparameterization plus the boundary correction (its javadoc derives the surface term).
 * </ul>
 */
package org.relax4j.core.nondiff.estimator;

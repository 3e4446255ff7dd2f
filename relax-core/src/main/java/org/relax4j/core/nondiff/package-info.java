/**
 * Variational inference for models whose density is only piecewise differentiable: continuous
 * latents, Gaussian mean-field q, and branches on affine guards (Lee, Yu &amp; Yang, "Reparameterization
 * Gradient for Non-differentiable Models", NeurIPS 2018).
 *
 * <ul>
 *   <li>{@link org.relax4j.core.nondiff.NondiffModel}, {@link org.relax4j.core.nondiff.Expr},
 *       {@link org.relax4j.core.nondiff.Dist}: declare a model; evaluate log p(x, y) batched on
 *       DJL arrays, with any guard forced ({@link org.relax4j.core.nondiff.Forcing}).
 *   <li>{@link org.relax4j.core.nondiff.ScoreEstimator} (unbiased, noisy), {@link
 *       org.relax4j.core.nondiff.ReparamEstimator} (biased when the density jumps), {@link
 *       org.relax4j.core.nondiff.ReparamNondiffEstimator} (unbiased: reparameterization plus the
 *       boundary correction; its javadoc derives the surface term).
 *   <li>{@link org.relax4j.core.nondiff.Elbo}, {@link org.relax4j.core.nondiff.AdamAscent}.
 * </ul>
 */
package org.relax4j.core.nondiff;

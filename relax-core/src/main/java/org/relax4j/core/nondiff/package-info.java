/**
 * Variational inference for models whose density is only piecewise differentiable: continuous
 * latents, Gaussian mean-field q, and branches on affine guards (Lee, Yu &amp; Yang,
 * "Reparameterization Gradient for Non-differentiable Models", NeurIPS 2018). This family is
 * separate from the discrete-latent estimators of {@link org.relax4j.core.estimator}; it shares
 * only the general tools ({@link org.relax4j.core.optim.AdamRule}, {@link
 * org.relax4j.core.variance.GradientStatistics}, {@link org.relax4j.core.registry.Registry}) and
 * the training loop: relax-models' {@code VariationalNondiffModel} runs a model's variational
 * inference through {@link org.relax4j.core.training.StochasticTrainer}.
 *
 * <ul>
 *   <li>{@link org.relax4j.core.nondiff.lang}: the model language; declare a model and evaluate
 *       log p(x, y) batched on DJL arrays, with any guard forced.
 *   <li>{@link org.relax4j.core.nondiff.inference}: the variational family q_θ and the ELBO.
 *   <li>{@link org.relax4j.core.nondiff.estimator}: estimators of ∇_θ ELBO and their registry.
 * </ul>
 *
 * Each package depends only on those above it in this list.
 */
package org.relax4j.core.nondiff;

/**
 * The variational family and objective for the non-differentiable models: {@link
 * org.relax4j.core.nondiff.inference.MeanFieldGaussian} q_θ(x) = Πᵢ N(xᵢ; μᵢ, softplus(ρᵢ)²) and
 * Monte Carlo estimates of ELBO(θ) = E_q[log p(x, y) − log q_θ(x)] ({@link
 * org.relax4j.core.nondiff.inference.Elbo}).
 */
package org.relax4j.core.nondiff.inference;

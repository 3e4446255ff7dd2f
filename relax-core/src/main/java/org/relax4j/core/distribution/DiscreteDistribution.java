package org.relax4j.core.distribution;

import ai.djl.ndarray.NDArray;

/**
 * A factorised discrete distribution parameterised by logits α, with the reparameterisations
 * that REBAR and RELAX need (Tucker et al. 2017 §3; Grathwohl et al. 2018 §3 and appendix B).
 *
 * <p>Every method is elementwise over "units": a Bernoulli layer has logits of shape (…, n) and
 * samples of the same shape; a categorical layer has logits (…, n, C) and one-hot samples of the
 * same shape. Noise arrays always have the logits' shape and hold Uniform(0, 1) values.
 *
 * <ul>
 *   <li>{@link #reparameterize}: z = g(α, u), a continuous variable with b = H(z) ~ p_α(b);
 *   <li>{@link #hard}: b = H(z);
 *   <li>{@link #conditional}: z̃ ~ p(z | b) from independent noise v, differentiable in α
 *       (the gradient must flow through α inside the conditional reparameterisation: the bug of
 *       duvenaud/relax issue #6 was to stop it);
 *   <li>{@link #relax}: the continuous relaxation σ_λ(z) of H;
 *   <li>{@link #score}: ∂ log p_α(b) / ∂α.
 * </ul>
 */
public interface DiscreteDistribution {

    /** A short name ("bernoulli", "categorical"). */
    String name();

    /** Number of trailing axes of the logits that form one unit: 0 for Bernoulli, 1 for categorical. */
    int eventRank();

    /** z = g(α, u); differentiable in α. */
    NDArray reparameterize(NDArray logits, NDArray u);

    /** b = H(z): hard samples, as float 0/1 (one-hot for categorical); carries no gradient. */
    NDArray hard(NDArray z);

    /** z̃ ~ p(z | b) from noise v; differentiable in α. */
    NDArray conditional(NDArray logits, NDArray b, NDArray v);

    /**
     * Noise v that makes {@link #conditional} return z̃ = z in value (the official REBAR/RELAX
     * code's "tied" noise): v is computed from u and b with the logits held constant, so z̃ still
     * has the conditional reparameterisation's gradient.
     *
     * @throws UnsupportedOperationException if the distribution does not support tied noise
     */
    NDArray tiedNoise(NDArray logits, NDArray u, NDArray b);

    /** σ_λ(z): relaxed sample at temperature λ (a scalar array, may carry a gradient). */
    NDArray relax(NDArray z, NDArray temperature);

    /** ∂ log p_α(b) / ∂α, of the logits' shape. */
    NDArray score(NDArray logits, NDArray b);

    /** log p_α(b) per unit: the logits' shape without the event axis. */
    NDArray logProbability(NDArray logits, NDArray b);

    /** The mean of b, E[b] = σ(α) or softmax(α), of the logits' shape. */
    NDArray mean(NDArray logits);
}

package org.relax4j.core.distribution;

/**
 * How the noise v of the conditional sample z̃ ~ p(z | b) relates to the noise u of z.
 *
 * <p>Both choices give unbiased estimators. {@link #INDEPENDENT} is the paper's algorithm
 * (Grathwohl et al. 2018, Alg. 1) and Relax4J's default; {@link #TIED} is what the official
 * TensorFlow code of REBAR and RELAX does (z̃ equals z in value but carries the conditional
 * reparameterisation's gradient), which usually gives lower variance for Bernoulli units.
 */
public enum NoiseMode {
    /** v ~ U(0, 1) independent of u. */
    INDEPENDENT,
    /** v computed from u so that z̃ = z in value (Bernoulli only). */
    TIED
}

package org.relax4j.core.estimator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.relax4j.core.distribution.DiscreteDistribution;
import org.relax4j.core.engine.NativeArrays;

/**
 * Gumbel-Rao (Paulus, Maddison and Krause 2021, "Rao-Blackwellizing the Straight-Through
 * Gumbel-Softmax Gradient Estimator", ICLR 2021, §3): straight-through Gumbel-softmax with its
 * relaxed Jacobian Rao-Blackwellised over the noise given the sample,
 * ĝ = ∂f(D)/∂D · E[∂ softmax_λ(α + G)/∂α | D], estimated with K conditional draws
 * G̃_k ~ G | D (the conditional Gumbel, Categorical#conditional, held fixed while differentiating):
 * h = D + r − stop(r), r = (1/K) Σ_k softmax((α + G̃_k)/λ).
 *
 * <p><b>Biased</b> (as straight-through Gumbel-softmax is); one evaluation of f, K cheap
 * resamples of the noise. Works for categorical and Bernoulli units (logistic noise conditioned on
 * b, σ((α + L̃_k)/λ)): the construction only needs p(z | b), which both distributions provide.
 * The same construction is implemented as {@code rao_gumbel} in chijames/GST, model/basic.py (the
 * gapped straight-through authors' comparison code).
 */
public final class GumbelRao extends HardForwardEstimator {

    /** The default temperature λ. */
    public static final double DEFAULT_TEMPERATURE = 1.0;

    /** The default number K of conditional noise draws. */
    public static final int DEFAULT_SAMPLES = 10;

    private final double temperature;
    private final int samples;

    private GumbelRao(Builder builder) {
        super("gumbel-rao");
        this.temperature = builder.temperature;
        this.samples = builder.samples;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The temperature λ. */
    public double temperature() {
        return temperature;
    }

    /** K, the conditional noise draws per example. */
    public int samples() {
        return samples;
    }

    @Override
    NDArray surrogate(EstimationProblem problem, NDArray logits, NDArray b) {
        DiscreteDistribution dist = problem.distribution();
        NDArray fixed = logits.stopGradient();
        NDArray v = problem.uniform(new Shape(samples).addAll(logits.getShape()));
        // α + G̃_k with G̃_k ~ G | b held constant (softmax is shift-invariant per unit, so the
        // distribution's normalisation of z̃ does not matter)
        NDArray noise = dist.conditional(fixed, b, v).sub(fixed).stopGradient();
        NDArray lambda = NativeArrays.constant(logits, temperature);
        NDArray r = dist.relax(noise.add(logits), lambda).mean(new int[] {0});
        return straightThrough(b, r);
    }

    /** Builder of {@link GumbelRao}. */
    public static final class Builder {
        private double temperature = DEFAULT_TEMPERATURE;
        private int samples = DEFAULT_SAMPLES;

        private Builder() {}

        /** Sets the temperature λ &gt; 0 (default {@link GumbelRao#DEFAULT_TEMPERATURE}). */
        public Builder optTemperature(double temperature) {
            this.temperature = temperature;
            return this;
        }

        /** Sets K &gt;= 1, the conditional noise draws (default {@link GumbelRao#DEFAULT_SAMPLES}). */
        public Builder optSamples(int samples) {
            this.samples = samples;
            return this;
        }

        /** Builds the estimator. */
        public GumbelRao build() {
            if (!(temperature > 0)) {
                throw new IllegalArgumentException("the gumbel-rao temperature must be positive, got " + temperature);
            }
            if (samples < 1) {
                throw new IllegalArgumentException(
                        "gumbel-rao needs at least 1 conditional noise draw (--samples), got " + samples);
            }
            return new GumbelRao(this);
        }
    }
}

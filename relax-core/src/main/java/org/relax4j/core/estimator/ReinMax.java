package org.relax4j.core.estimator;

import ai.djl.ndarray.NDArray;
import org.relax4j.core.engine.NativeArrays;

/**
 * ReinMax (Liu, Dong, Liu, Yu and Gao, "Bridging Discrete and Backpropagation:
 * Straight-Through and Beyond", NeurIPS 2023, the ReinMax algorithm; reference code
 * microsoft/ReinMax, reinmax/reinmax.py {@code ReinMaxCore.backward}, whose gradient is the one
 * below): a straight-through estimator whose backward pass is
 * second-order accurate (Heun's method instead of Euler's, §4). With θ = α, π₀ = softmax(θ), D the
 * sampled one-hot and π₁ = (D + softmax(θ/λ))/2, the surrogate is
 * h = D + π₂ − stop(π₂), π₂ = 2·softmax(stop(log π₁ − θ) + θ) − ½ π₀, so that
 * ∂f/∂θ = (2 J_softmax(π₁) − ½ J_softmax(π₀))ᵀ ∂f/∂D with J_softmax(π) = diag(π) − ππᵀ.
 *
 * <p><b>Biased</b>; one evaluation of f. Defined for categorical units; Bernoulli units are
 * treated as 2-class categorical units with logits (0, α).
 */
public final class ReinMax extends HardForwardEstimator {

    /** The default temperature λ (the paper recommends λ ≥ 1). */
    public static final double DEFAULT_TEMPERATURE = 1.0;

    private final double temperature;

    private ReinMax(Builder builder) {
        super("reinmax");
        this.temperature = builder.temperature;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The temperature λ. */
    public double temperature() {
        return temperature;
    }

    @Override
    NDArray surrogate(EstimationProblem problem, NDArray logits, NDArray b) {
        return onCategories(problem, logits, b, this::categorical);
    }

    private NDArray categorical(NDArray theta, NDArray d) {
        NDArray fixed = theta.stopGradient();
        NDArray pi1 = d.add(fixed.div(NativeArrays.constant(fixed, temperature)).softmax(-1))
                .mul(NativeArrays.constant(fixed, 0.5));
        // log π₁ − θ as a constant: softmax(that + θ) has the value π₁ and the Jacobian J_softmax(π₁)
        NDArray shift = pi1.maximum(NativeArrays.constant(fixed, Float.MIN_NORMAL))
                .log()
                .sub(fixed);
        NDArray pi1Path = shift.add(theta).softmax(-1);
        NDArray pi0 = theta.softmax(-1);
        NDArray pi2 = NativeArrays.times(pi1Path, 2).sub(NativeArrays.times(pi0, 0.5));
        return straightThrough(d, pi2);
    }

    /** Builder of {@link ReinMax}. */
    public static final class Builder {
        private double temperature = DEFAULT_TEMPERATURE;

        private Builder() {}

        /** Sets the temperature λ &gt; 0 (default {@link ReinMax#DEFAULT_TEMPERATURE}). */
        public Builder optTemperature(double temperature) {
            this.temperature = temperature;
            return this;
        }

        /** Builds the estimator. */
        public ReinMax build() {
            if (!(temperature > 0)) {
                throw new IllegalArgumentException("the reinmax temperature must be positive, got " + temperature);
            }
            return new ReinMax(this);
        }
    }
}

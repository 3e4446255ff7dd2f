package org.relax4j.core.estimator;

import ai.djl.ndarray.NDArray;
import org.relax4j.core.engine.NativeArrays;

/**
 * Gapped straight-through (Fan, Chi, Rudnicky and Ramadge, "Training Discrete Deep Generative
 * Models via Gapped Straight-Through Estimator", ICML 2022; reference code chijames/GST,
 * model/basic.py {@code gst_mover}): straight-through
 * Gumbel-softmax without resampling noise. Given the sample D (category i), a deterministic
 * perturbation m = m₁ − m₂ of the logits θ makes i the arg max with a gap κ:
 * m₁ = (max_j θ_j − θ_i) e_i raises θ_i to the maximum, m₂_j = max(0, θ_j − max θ + κ) for j ≠ i
 * lowers every other logit to at least κ below it; then
 * h = D + r − stop(r), r = softmax((θ + stop(m))/λ).
 *
 * <p><b>Biased</b>; one evaluation of f. Defined for categorical units; Bernoulli units are
 * treated as 2-class categorical units with logits (0, α). This is the paper's GST-κ with a fixed
 * gap (κ = 1 by default).
 */
public final class GappedStraightThrough extends HardForwardEstimator {

    /** The default temperature λ. */
    public static final double DEFAULT_TEMPERATURE = 1.0;

    /** The default gap κ. */
    public static final double DEFAULT_GAP = 1.0;

    private final double temperature;
    private final double gap;

    private GappedStraightThrough(Builder builder) {
        super("gapped-st");
        this.temperature = builder.temperature;
        this.gap = builder.gap;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The temperature λ. */
    public double temperature() {
        return temperature;
    }

    /** The gap κ. */
    public double gap() {
        return gap;
    }

    @Override
    NDArray surrogate(EstimationProblem problem, NDArray logits, NDArray b) {
        return onCategories(problem, logits, b, this::categorical);
    }

    private NDArray categorical(NDArray theta, NDArray d) {
        NDArray fixed = theta.stopGradient();
        NDArray max = fixed.max(new int[] {-1}, true);
        NDArray raise = max.sub(fixed).mul(d);
        NDArray lower = fixed.sub(max)
                .add(gap)
                .maximum(NativeArrays.constant(fixed, 0))
                .mul(d.neg().add(1));
        NDArray perturbed = theta.add(raise.sub(lower));
        NDArray r = perturbed.div(NativeArrays.constant(fixed, temperature)).softmax(-1);
        return straightThrough(d, r);
    }

    /** Builder of {@link GappedStraightThrough}. */
    public static final class Builder {
        private double temperature = DEFAULT_TEMPERATURE;
        private double gap = DEFAULT_GAP;

        private Builder() {}

        /** Sets the temperature λ &gt; 0 (default {@link GappedStraightThrough#DEFAULT_TEMPERATURE}). */
        public Builder optTemperature(double temperature) {
            this.temperature = temperature;
            return this;
        }

        /** Sets the gap κ &gt; 0 (default {@link GappedStraightThrough#DEFAULT_GAP}). */
        public Builder optGap(double gap) {
            this.gap = gap;
            return this;
        }

        /** Builds the estimator. */
        public GappedStraightThrough build() {
            if (!(temperature > 0)) {
                throw new IllegalArgumentException("the gapped-st temperature must be positive, got " + temperature);
            }
            if (!(gap > 0)) {
                throw new IllegalArgumentException("the gapped-st gap must be positive, got " + gap);
            }
            return new GappedStraightThrough(this);
        }
    }
}

package org.relax4j.core.estimator;

import ai.djl.ndarray.NDArray;

/**
 * REINFORCE with the leave-one-out baseline over K samples (RLOO; Kool et al. 2019, Salimans and
 * Knowles 2014): ĝ = (1/K) Σ_k (f_k − mean_{j≠k} f_j) ∂log p(b_k)/∂α
 * = (1/(K−1)) Σ_k (f_k − f̄) ∂log p(b_k)/∂α. Unbiased for ∂E[f]/∂α; K evaluations of f.
 */
public final class Rloo extends AbstractEstimator {

    /** The default number of samples K per example. */
    public static final int DEFAULT_SAMPLES = 2;

    private final int samples;

    private Rloo(Builder builder) {
        super("rloo", EstimatorTarget.EXPECTATION, builder.samples);
        this.samples = builder.samples;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** K, the samples per example. */
    public int samples() {
        return samples;
    }

    /** K: every estimate draws K joint samples per example. */
    @Override
    public int jointSamples() {
        return samples();
    }

    @Override
    public GradientEstimate estimate(EstimationProblem problem) {
        EstimatorSupport.requireGradMode(name());
        MultiSample draw = MultiSample.draw(problem, samples, name());
        NDArray f = draw.f().stopGradient();
        NDArray centred = f.sub(EstimatorSupport.meanOverSamples(f).expandDims(0));
        NDArray g = EstimatorSupport.perUnit(centred, draw.score())
                .mul(draw.score())
                .sum(new int[] {0})
                .div(samples - 1);
        NDArray direct = EstimatorSupport.meanOverSamples(draw.f());
        return new GradientEstimate(g, direct.stopGradient(), direct, null);
    }

    /** Builder of {@link Rloo}. */
    public static final class Builder {
        private int samples = DEFAULT_SAMPLES;

        private Builder() {}

        /** Sets K &gt;= 2, the samples per example (default {@link Rloo#DEFAULT_SAMPLES}). */
        public Builder optSamples(int samples) {
            this.samples = samples;
            return this;
        }

        /** Builds the estimator. */
        public Rloo build() {
            MultiSample.checkSamples("RLOO", samples);
            return new Rloo(this);
        }
    }
}

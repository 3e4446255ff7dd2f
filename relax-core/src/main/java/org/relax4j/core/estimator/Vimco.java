package org.relax4j.core.estimator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * VIMCO (Mnih and Rezende 2016) for the K-sample bound F = log (1/K) Σ_k exp f_k, where f_k are
 * log importance weights (the objective's values at K independent samples):
 *
 * <pre>
 *   ĝ = Σ_k (L̂ − L̂_{−k}) ∂log p(b_k)/∂α,
 *   L̂_{−k} = log (1/K) (Σ_{j≠k} exp f_j + exp(mean_{j≠k} f_j))        (eq. 10 with the geometric mean)
 * </pre>
 *
 * Unbiased for ∂E[F]/∂α (not for ∂E[f]/∂α: its target is the multi-sample bound, {@link
 * EstimatorTarget#MULTI_SAMPLE_BOUND}). The direct
 * objective is L̂ itself, whose gradient with the samples fixed weights each ∂f_k by its normalised
 * importance weight.
 */
public final class Vimco extends AbstractEstimator {

    /** The default number of samples K per example. */
    public static final int DEFAULT_SAMPLES = 2;

    private final int samples;

    private Vimco(Builder builder) {
        super("vimco", EstimatorTarget.MULTI_SAMPLE_BOUND, builder.samples);
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
        double logK = Math.log(samples);
        NDArray bound = EstimatorSupport.logSumExp(draw.f(), 0).sub(logK);
        NDArray f = draw.f().stopGradient();
        NDArray boundValue = bound.stopGradient();
        // leave-one-out: row k of (K, K, B) holds f with f_k replaced by the mean of the others
        NDArray others = f.sum(new int[] {0}, true).sub(f).div(samples - 1);
        NDArray eye =
                f.getManager().eye(samples).toType(f.getDataType(), false).reshape(new Shape(samples, samples, 1));
        NDArray replaced = f.expandDims(0).mul(eye.neg().add(1)).add(eye.mul(others.expandDims(1)));
        NDArray leaveOneOut = EstimatorSupport.logSumExp(replaced, 1).sub(logK);
        NDArray signal = boundValue.expandDims(0).sub(leaveOneOut);
        NDArray g =
                EstimatorSupport.perUnit(signal, draw.score()).mul(draw.score()).sum(new int[] {0});
        return new GradientEstimate(g, boundValue, bound, null);
    }

    /** Builder of {@link Vimco}. */
    public static final class Builder {
        private int samples = DEFAULT_SAMPLES;

        private Builder() {}

        /** Sets K &gt;= 2, the samples per example (default {@link Vimco#DEFAULT_SAMPLES}). */
        public Builder optSamples(int samples) {
            this.samples = samples;
            return this;
        }

        /** Builds the estimator. */
        public Vimco build() {
            MultiSample.checkSamples("VIMCO", samples);
            return new Vimco(this);
        }
    }
}

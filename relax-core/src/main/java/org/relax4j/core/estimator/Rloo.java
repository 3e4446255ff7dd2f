package org.relax4j.core.estimator;

import ai.djl.ndarray.NDArray;

/**
 * REINFORCE with the leave-one-out baseline over K samples (RLOO; Kool et al. 2019, Salimans and
 * Knowles 2014): ĝ = (1/K) Σ_k (f_k − mean_{j≠k} f_j) ∂log p(b_k)/∂α
 * = (1/(K−1)) Σ_k (f_k − f̄) ∂log p(b_k)/∂α. Unbiased for ∂E[f]/∂α; K evaluations of f.
 */
public final class Rloo extends AbstractEstimator {

    private final int samples;

    /** RLOO with K ≥ 2 samples. */
    public Rloo(int samples) {
        super("rloo", true, MultiSample.checkSamples("RLOO", samples));
        this.samples = samples;
    }

    @Override
    public GradientEstimate estimate(EstimationProblem problem) {
        EstimatorSupport.requireGradMode(name());
        MultiSample draw = MultiSample.draw(problem, samples, name());
        NDArray f = draw.f().stopGradient();
        NDArray centred = f.sub(EstimatorSupport.meanOverSamples(f).expandDims(0));
        NDArray g =
                EstimatorSupport.perUnit(centred, draw.score())
                        .mul(draw.score())
                        .sum(new int[] {0})
                        .div(samples - 1);
        NDArray direct = EstimatorSupport.meanOverSamples(draw.f());
        return new GradientEstimate(g, direct.stopGradient(), direct, null);
    }
}

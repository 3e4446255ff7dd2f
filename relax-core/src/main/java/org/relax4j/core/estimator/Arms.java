package org.relax4j.core.estimator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * ARMS, antithetic REINFORCE multi-sample (Dimitriev and Zhou 2021), for Bernoulli units: K ≥ 2
 * samples per example that are antithetic (negatively correlated) unit by unit through a Dirichlet
 * copula, weighted as in leave-one-out REINFORCE with a factor that removes the bias the
 * correlation would cause.
 *
 * <pre>
 *   e_k = −log u_k,  d = e / Σ_j e_j ~ Dirichlet(1, …, 1),  U_k = (1 − d_k)^{K−1} ~ Uniform(0, 1)
 *   b_k = 1[U_k &lt; θ] if θ &lt; ½, else 1[1 − U_k &lt; θ]              (per unit, θ = σ(α))
 *   ĝ = (1/(K − 1)) Σ_k (f(b_k) − f̄) (b_k − θ) · θ(1 − θ) / (θ − P(b_j = b_k = 1))
 * </pre>
 *
 * The pairwise joint probability of the Dirichlet copula is, with q = min(θ, 1 − θ) = σ(−|α|),
 * P(U_j &lt; q, U_k &lt; q) = max(2q^{1/(K−1)} − 1, 0)^{K−1}, and θ − P(b_j = b_k = 1) = q − that
 * (both cases of θ reduce to the smaller probability q, which is also the stable form). For
 * independent samples the factor is 1 and ARMS is RLOO; for K = 2 the copula gives the antithetic
 * pair U₂ = 1 − U₁ and ARMS is exactly DisARM (Dimitriev and Zhou 2021 show both). Unbiased for
 * ∂E[f]/∂α: each b_k is marginally Bernoulli(θ), and for j ≠ k the correlation ρ of b_j and b_k in
 * a unit scales the leave-one-out baseline's expected contribution by ρ, so the plain RLOO sum has
 * mean (1 − ρ)∂E[f]/∂α; the factor is 1/(1 − ρ). K evaluations of f, no derivative of f; the
 * paper's Gaussian copula is not offered (its pairwise probability needs a bivariate normal CDF).
 * Reference code: alekdimi/arms, networks.py ({@code grad_type == 'arms'}).
 */
public final class Arms extends AbstractEstimator {

    /** The default number of samples K per example. */
    public static final int DEFAULT_SAMPLES = 2;

    private final int samples;

    private Arms(Builder builder) {
        super("arms", EstimatorTarget.EXPECTATION, builder.samples);
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

    @Override
    public GradientEstimate estimate(EstimationProblem problem) {
        EstimatorSupport.requireGradMode(name());
        EstimatorSupport.requireBernoulli(problem, name());
        if (problem.hasFixedSamplingNoise()) {
            throw new IllegalArgumentException("arms draws its own " + samples + " correlated samples per example and "
                    + "cannot use fixed sampling noise; use a single-sample estimator (reinforce, rebar, relax, arm, "
                    + "disarm) here");
        }
        NDArray logits = problem.logits().stopGradient();
        NDArray theta = logits.getNDArrayInternal().sigmoid();
        NDArray q = logits.abs().neg().getNDArrayInternal().sigmoid();
        NDArray copula = dirichletCopula(problem.uniform(new Shape(samples).addAll(logits.getShape())));
        // θ < ½ (α < 0): b = 1[U < θ] = 1[U < q];  θ ≥ ½: b = 1[1 − U < θ] = 1[U > q]
        NDArray below = copula.lt(q).toType(logits.getDataType(), false);
        NDArray above = copula.gt(q).toType(logits.getDataType(), false);
        NDArray negative = logits.lt(0).toType(logits.getDataType(), false);
        NDArray b = below.mul(negative).add(above.mul(negative.neg().add(1)));
        NDArray f = problem.objective().apply(b, null);
        NDArray fValue = f.stopGradient();
        NDArray score = b.sub(theta);
        NDArray centred = fValue.sub(EstimatorSupport.meanOverSamples(fValue).expandDims(0));
        NDArray g = EstimatorSupport.perUnit(centred, score)
                .mul(score)
                .sum(new int[] {0})
                .div(samples - 1)
                .mul(debias(q));
        NDArray direct = EstimatorSupport.meanOverSamples(f);
        return new GradientEstimate(g, direct.stopGradient(), direct, null);
    }

    /** U_k = (1 − d_k)^{K−1} with d = e / Σ e, e = −log u: K uniforms per unit, mutually antithetic. */
    private NDArray dirichletCopula(NDArray u) {
        NDArray e = u.log().neg();
        NDArray d = e.div(e.sum(new int[] {0}, true));
        return d.neg().add(1).pow(samples - 1);
    }

    /** θ(1 − θ) / (θ − P(b_j = b_k = 1)) = q(1 − q) / (q − max(2q^{1/(K−1)} − 1, 0)^{K−1}). */
    private NDArray debias(NDArray q) {
        NDArray joint = q.pow(1.0 / (samples - 1)).mul(2).sub(1).maximum(0).pow(samples - 1);
        // q − joint ≥ 0; the floor keeps 0/0 out where σ(−|α|) underflows (the numerator is then 0 too)
        return q.mul(q.neg().add(1)).div(q.sub(joint).maximum(Float.MIN_NORMAL));
    }

    /** Builder of {@link Arms}. */
    public static final class Builder {
        private int samples = DEFAULT_SAMPLES;

        private Builder() {}

        /** Sets K &gt;= 2, the samples per example (default {@link Arms#DEFAULT_SAMPLES}). */
        public Builder optSamples(int samples) {
            this.samples = samples;
            return this;
        }

        /** Builds the estimator. */
        public Arms build() {
            MultiSample.checkSamples("ARMS", samples);
            return new Arms(this);
        }
    }
}

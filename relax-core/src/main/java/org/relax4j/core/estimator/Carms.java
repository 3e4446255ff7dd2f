package org.relax4j.core.estimator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.relax4j.core.engine.NativeArrays;

/**
 * CARMS (Dimitriev and Zhou, "CARMS: Categorical-Antithetic-REINFORCE Multi-Sample Gradient
 * Estimator", NeurIPS 2021; reference code alekdimi/carms), categorical units only: K jointly
 * antithetic samples x₁ … x_K per example, weighted as in leave-one-out REINFORCE and made
 * unbiased by importance weights.
 *
 * <p>Sampling by stick-breaking, as in the reference code's {@code sbcarms} variant (antithetic.py,
 * {@code StickBreakingCategorical}; the estimator is vae.py {@code matrix_grad}, whose pair
 * weights are those below). The code's default {@code carms} samples by inverse CDF over random
 * class orders instead, and {@code ecarms} through Gumbel noise: same estimator, other couplings
 * and weights. The classes of each unit are sorted by
 * increasing θ, stage j stops with probability ρ_j = θ_(j) / Σ_{i ≥ j} θ_(i) ≤ ½, and the K
 * samples' uniforms at each stage come from a K-dimensional Dirichlet copula: d ~ Dirichlet(1, …,
 * 1), u_k = (1 − d_k)^{K−1}, uniform marginally and negatively correlated (exactly antithetic for K
 * = 2). Its bivariate CDF is Φ(a, b) = max(0, a^{1/(K−1)} + b^{1/(K−1)} − 1)^{K−1}.
 *
 * <p>Estimator: per unit d, with score s(x) = one_hot(x) − θ and the pair weight
 * w_d(a, b) = θ_a θ_b / P(x_{i,d} = a, x_{j,d} = b) of the coupled pair,
 * ĝ_d = 1/(K(K−1)) Σ_{i ≠ j} w_d(x_{i,d}, x_{j,d}) (f(x_i) − f(x_j)) s(x_{i,d}), which equals the
 * leave-one-out REINFORCE estimator ½ Σ_{i≠j}(f_i − f_j)(s_i − s_j)/(K(K−1)) when the samples are
 * independent (w = 1), and is unbiased for any coupling whose pairs cover all off-diagonal (a, b).
 * For classes a &lt; b in sorted order (m = a), both samples pass the stages before m and part
 * at m, so w = Π_{l &lt; m} (1 − ρ_l)² / (1 − 2ρ_l + Φ(ρ_l, ρ_l)) · ρ_m(1 − ρ_m) / (ρ_m − Φ(ρ_m, ρ_m)).
 * Sorting keeps ρ ≤ ½ so that both samples can pass a stage even when K = 2.
 *
 * <p>K evaluations of f. For Bernoulli units use arms (CARMS with two categories is ARMS).
 */
public final class Carms extends AbstractEstimator {

    /** The default number of samples K per example. */
    public static final int DEFAULT_SAMPLES = 2;

    private static final float TINY = 1e-30f;

    private final int samples;

    private Carms(Builder builder) {
        super("carms", EstimatorTarget.EXPECTATION, builder.samples);
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
        if (!problem.isCategorical()) {
            throw Units.refusal(name(), problem, "arms (CARMS with two categories), disarm or rloo");
        }
        if (problem.hasFixedSamplingNoise()) {
            throw new IllegalArgumentException(name() + " draws its own " + samples + " coupled samples per example "
                    + "and cannot use fixed sampling noise; use a single-sample estimator (reinforce, rebar, relax) "
                    + "here");
        }
        NDArray logits = problem.logits().stopGradient();
        Shape shape = logits.getShape();
        int classes = problem.categories();
        NDArray theta = logits.softmax(-1);
        // permutation to increasing θ: sortedToClass[…, r, c] = 1 iff the r-th smallest is class c
        NDArray sortedToClass = logits.argSort(-1, true).oneHot(classes).toType(logits.getDataType(), false);
        NDArray thetaSorted = sortedToClass.matMul(theta.expandDims(-1)).squeeze(-1);
        NDArray tail = thetaSorted
                .sum(new int[] {-1}, true)
                .sub(thetaSorted.cumSum(-1))
                .add(thetaSorted);
        NDArray rho = thetaSorted.div(tail.maximum(TINY)).minimum(1f);

        Shape sampleShape = new Shape(samples).addAll(shape);
        NDArray u = dirichletCopula(problem.uniform(sampleShape));
        NDArray stops = u.lt(rho).toType(logits.getDataType(), false).get("..., 0:" + (classes - 1));
        NDArray xSorted = StickBreaking.firstStop(stops); // (K, B, units…, C)
        NDArray x = xSorted.expandDims(-2).matMul(sortedToClass).squeeze(-2);
        NDArray f = problem.objective().apply(x, null); // (K, B)

        NDArray logWeight = pairLogWeights(xSorted, rho, classes); // (K, K, B, units…)
        NDArray differ =
                x.expandDims(1).mul(x.expandDims(0)).sum(new int[] {-1}).neg().add(1);
        NDArray weight = logWeight.mul(differ).exp().mul(differ);
        NDArray fd = f.stopGradient();
        NDArray diff = fd.expandDims(1).sub(fd.expandDims(0)); // (K, K, B): f_i − f_j
        NDArray coefficient = EstimatorSupport.perUnit(diff, weight)
                .mul(weight)
                .sum(new int[] {1})
                .div((float) samples * (samples - 1)); // (K, B, units…)
        NDArray score = x.sub(theta);
        NDArray g = coefficient.expandDims(-1).mul(score).sum(new int[] {0});
        NDArray direct = EstimatorSupport.meanOverSamples(f);
        return new GradientEstimate(g, direct.stopGradient(), direct, null);
    }

    /**
     * K uniforms coupled by the Dirichlet copula, from K independent uniforms along axis 0:
     * e = −log v, d = e / Σ_k e_k ~ Dirichlet(1, …, 1), u = (1 − d)^{K−1}.
     */
    private NDArray dirichletCopula(NDArray independent) {
        NDArray e = independent.log().neg();
        NDArray d = e.div(e.sum(new int[] {0}, true));
        return d.neg().add(1).pow(samples - 1);
    }

    /** Φ(ρ, ρ) of the copula. */
    private NDArray diagonalCdf(NDArray rho) {
        return rho.pow(1.0 / (samples - 1)).mul(2).sub(1).maximum(0).pow(samples - 1);
    }

    /**
     * log w_d for every ordered pair (i, j) of samples, shape (K, K, B, units…), from the sorted
     * one-hot samples (K, B, units…, C): Σ_l pass_i pass_j log A_l + (stop_i pass_j + pass_i stop_j)
     * log B_l over the stages l &lt; C − 1.
     */
    private NDArray pairLogWeights(NDArray xSorted, NDArray rho, int classes) {
        NDArray phi = diagonalCdf(rho);
        NDArray oneMinusRho = rho.neg().add(1);
        NDArray logA = oneMinusRho
                .maximum(TINY)
                .log()
                .mul(2)
                .sub(oneMinusRho.sub(rho).add(phi).maximum(TINY).log());
        NDArray logB = rho.maximum(TINY)
                .log()
                .add(oneMinusRho.maximum(TINY).log())
                .sub(rho.sub(phi).maximum(TINY).log());
        // the last class is not a stage
        float[] stage = new float[classes];
        java.util.Arrays.fill(stage, 0, classes - 1, 1f);
        NDArray isStage = NativeArrays.copyOf(rho.getManager(), stage);
        logA = logA.mul(isStage);
        logB = logB.mul(isStage);
        NDArray pass = xSorted.cumSum(-1).neg().add(1);
        NDArray passI = pass.expandDims(1);
        NDArray passJ = pass.expandDims(0);
        NDArray stopI = xSorted.expandDims(1);
        NDArray stopJ = xSorted.expandDims(0);
        NDArray bothPass = passI.mul(passJ);
        NDArray part = stopI.mul(passJ).add(passI.mul(stopJ));
        return bothPass.mul(logA).add(part.mul(logB)).sum(new int[] {-1});
    }

    /** Builder of {@link Carms}. */
    public static final class Builder {
        private int samples = DEFAULT_SAMPLES;

        private Builder() {}

        /** Sets K &gt;= 2, the samples per example (default {@link Carms#DEFAULT_SAMPLES}). */
        public Builder optSamples(int samples) {
            this.samples = samples;
            return this;
        }

        /** Builds the estimator. */
        public Carms build() {
            MultiSample.checkSamples("CARMS", samples);
            return new Carms(this);
        }
    }
}

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
 * mean (1 − ρ)∂E[f]/∂α; the factor is 1/(1 − ρ). K evaluations of f, no derivative of f.
 * Reference code: alekdimi/arms, networks.py ({@code grad_type == 'arms'}; the Gaussian copula
 * below is {@code 'arms_normal'}, which thresholds Z_k &lt; Φ⁻¹(θ) for every θ, the same joint law).
 *
 * <p>{@link Copula#GAUSSIAN} is the paper's other copula: Z = √(K/(K − 1))(ε − ε̄) for K
 * independent standard normals ε (pairwise correlation ρ = −1/(K − 1), the most negative an
 * exchangeable K-tuple allows), U_k = Φ(Z_k), so b_k = 1[Z_k &lt; Φ⁻¹(q)] (θ &lt; ½) or 1[Z_k &gt;
 * Φ⁻¹(q)]. Its pairwise probability P(Z_j &lt; h, Z_k &lt; h), h = Φ⁻¹(q), is
 * q² − (1/2π) ∫_{asin ρ}^0 exp(−h²/(1 + sin φ)) dφ (the derivative of the bivariate normal CDF in
 * its correlation, with r = sin φ), computed by 24-point Gauss–Legendre quadrature; Φ⁻¹ uses
 * float32 erfinv, accurate to about 1e-7 in q.
 */
public final class Arms extends AbstractEstimator {

    /** The default number of samples K per example. */
    public static final int DEFAULT_SAMPLES = 2;

    /** How the K samples of a unit are made antithetic. */
    public enum Copula {
        /** U_k = (1 − d_k)^{K−1}, d ~ Dirichlet(1, …, 1) (the default, as in the authors' code). */
        DIRICHLET,
        /** U_k = Φ(Z_k), Z exchangeable standard normals with correlation −1/(K − 1). */
        GAUSSIAN
    }

    private static final int QUADRATURE_NODES = 24;

    private final int samples;
    private final Copula copula;

    private Arms(Builder builder) {
        super("arms", EstimatorTarget.EXPECTATION, builder.samples);
        this.samples = builder.samples;
        this.copula = builder.copula;
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

    /** The copula that correlates the samples. */
    public Copula copula() {
        return copula;
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
        NDArray u = problem.uniform(new Shape(samples).addAll(logits.getShape()));
        // θ < ½ (α < 0): b = 1[U < θ] = 1[U < q];  θ ≥ ½: b = 1[1 − U < θ] = 1[U > q]; for the
        // Gaussian copula U = Φ(Z), compared on the normal scale with h = Φ⁻¹(q)
        NDArray variable;
        NDArray threshold;
        NDArray joint;
        if (copula == Copula.DIRICHLET) {
            variable = dirichletCopula(u);
            threshold = q;
            joint = dirichletJoint(q);
        } else {
            variable = correlatedNormals(u);
            threshold = q.mul(2).sub(1).erfinv().mul(Math.sqrt(2));
            joint = gaussianJoint(q, threshold);
        }
        NDArray below = variable.lt(threshold).toType(logits.getDataType(), false);
        NDArray above = variable.gt(threshold).toType(logits.getDataType(), false);
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
                .mul(debias(q, joint));
        NDArray direct = EstimatorSupport.meanOverSamples(f);
        return new GradientEstimate(g, direct.stopGradient(), direct, null);
    }

    /** U_k = (1 − d_k)^{K−1} with d = e / Σ e, e = −log u: K uniforms per unit, mutually antithetic. */
    private NDArray dirichletCopula(NDArray u) {
        NDArray e = u.log().neg();
        NDArray d = e.div(e.sum(new int[] {0}, true));
        return d.neg().add(1).pow(samples - 1);
    }

    /** max(2q^{1/(K−1)} − 1, 0)^{K−1} = P(U_j &lt; q, U_k &lt; q) for the Dirichlet copula. */
    private NDArray dirichletJoint(NDArray q) {
        return q.pow(1.0 / (samples - 1)).mul(2).sub(1).maximum(0).pow(samples - 1);
    }

    /** Z = √(K/(K − 1))(ε − ε̄), ε = Φ⁻¹(u) = √2 erfinv(2u − 1): K exchangeable normals, correlation −1/(K − 1). */
    private NDArray correlatedNormals(NDArray u) {
        NDArray epsilon = u.mul(2).sub(1).erfinv().mul(Math.sqrt(2));
        NDArray centred = epsilon.sub(epsilon.mean(new int[] {0}, true));
        return centred.mul(Math.sqrt(samples / (samples - 1.0)));
    }

    /** P(Z_j &lt; h, Z_k &lt; h) = q² − (1/2π) ∫_{asin ρ}^0 exp(−h²/(1 + sin φ)) dφ, ρ = −1/(K − 1). */
    private NDArray gaussianJoint(NDArray q, NDArray h) {
        double lower = Math.asin(-1.0 / (samples - 1));
        double[][] rule = gaussLegendre(QUADRATURE_NODES);
        NDArray negSquare = h.mul(h).neg();
        NDArray integral = null;
        for (int m = 0; m < QUADRATURE_NODES; m++) {
            double phi = lower / 2 * (1 + rule[0][m]);
            NDArray term = negSquare.div(1 + Math.sin(phi)).exp().mul(rule[1][m] * -lower / 2);
            integral = integral == null ? term : integral.add(term);
        }
        return q.mul(q).sub(integral.div(2 * Math.PI)).maximum(0);
    }

    /** Nodes (row 0) and weights (row 1) of the n-point Gauss–Legendre rule on (−1, 1), by Newton's method. */
    static double[][] gaussLegendre(int n) {
        double[][] rule = new double[2][n];
        for (int i = 0; i < n; i++) {
            double x = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
            double derivative = 0;
            for (int iteration = 0; iteration < 100; iteration++) {
                double p0 = 1;
                double p1 = x;
                for (int j = 2; j <= n; j++) {
                    double p2 = ((2 * j - 1) * x * p1 - (j - 1) * p0) / j;
                    p0 = p1;
                    p1 = p2;
                }
                derivative = n * (x * p1 - p0) / (x * x - 1);
                double step = p1 / derivative;
                x -= step;
                if (Math.abs(step) < 1e-15) {
                    break;
                }
            }
            rule[0][i] = x;
            rule[1][i] = 2 / ((1 - x * x) * derivative * derivative);
        }
        return rule;
    }

    /** θ(1 − θ) / (θ − P(b_j = b_k = 1)) = q(1 − q) / (q − P(U_j &lt; q, U_k &lt; q)). */
    private static NDArray debias(NDArray q, NDArray joint) {
        // q − joint ≥ 0; the floor keeps 0/0 out where σ(−|α|) underflows (the numerator is then 0 too)
        return q.mul(q.neg().add(1)).div(q.sub(joint).maximum(Float.MIN_NORMAL));
    }

    /** Builder of {@link Arms}. */
    public static final class Builder {
        private int samples = DEFAULT_SAMPLES;
        private Copula copula = Copula.DIRICHLET;

        private Builder() {}

        /** Sets K &gt;= 2, the samples per example (default {@link Arms#DEFAULT_SAMPLES}). */
        public Builder optSamples(int samples) {
            this.samples = samples;
            return this;
        }

        /** Sets the copula (default {@link Copula#DIRICHLET}). */
        public Builder optCopula(Copula copula) {
            this.copula = java.util.Objects.requireNonNull(copula, "copula");
            return this;
        }

        /** Builds the estimator. */
        public Arms build() {
            MultiSample.checkSamples("ARMS", samples);
            return new Arms(this);
        }
    }
}

package org.relax4j.core.nondiff.estimator;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.random.RandomGenerator;
import org.relax4j.core.nondiff.inference.MeanFieldGaussian;
import org.relax4j.core.nondiff.lang.Affine;
import org.relax4j.core.nondiff.lang.Forcing;
import org.relax4j.core.nondiff.lang.Hyperplane;
import org.relax4j.core.nondiff.lang.NondiffModel;
import org.relax4j.core.nondiff.lang.SpecialFunctions;

/**
 * The unbiased reparameterization estimator for non-differentiable models (Lee, Yu &amp; Yang,
 * NeurIPS 2018): the {@link ReparamEstimator reparameterization term} plus a boundary correction
 * for every guard hyperplane across which the density may jump.
 *
 * <h2>Derivation of the boundary term</h2>
 *
 * Write h(x) = log p(x, y) − log q_θ(x) and ELBO(θ) = ∫ q(ε) h(f_θ(ε)) dε with x = f_θ(ε) = μ + σ⊙ε,
 * σ = softplus(ρ). A guard g(x) = c₀ + Σᵢ cᵢxᵢ splits ε-space into the moving regions
 * D⁺_θ = {ε : g(f_θ(ε)) &gt; 0} (branch "then", integrand h⁺) and D⁻_θ (branch "else", h⁻).
 * Differentiating an integral over a moving domain (Reynolds transport) and applying the
 * divergence theorem gives, for each parameter θ_p,
 *
 * <pre>
 *   ∂/∂θ_p ∫_{D⁺_θ} q h⁺ dε = ∫_{D⁺_θ} q ∂h⁺/∂θ_p dε + ∫_{∂D⁺_θ} q h⁺ (V_p · n⁺) dΣ,
 * </pre>
 *
 * where V_p(ε) = ∂/∂θ_p f_θ⁻¹(x)|_{x = f_θ(ε)} is the velocity of the boundary point and n⁺ the
 * outward unit normal of D⁺. The volume terms of both regions are the reparameterization term
 * (branches fixed); the surface terms of D⁺ and D⁻ share the boundary with opposite normals, so
 * the correction is
 *
 * <pre>
 *   C_p = ∫_{g = 0} q(ε) [h⁺ − h⁻](f_θ(ε)) (V_p · n⁺) dΣ.
 * </pre>
 *
 * <b>Velocity.</b> f_θ⁻¹(x)ᵢ = (xᵢ − μᵢ)/σᵢ, so V for θ_p = μᵢ is −eᵢ/σᵢ and for θ_p = ρᵢ is
 * −εᵢ σ'(ρᵢ)/σᵢ · eᵢ (eᵢ the i-th unit vector), where εᵢ is the <i>i-th coordinate of the boundary
 * point itself</i>. (The reference code evaluates εᵢ as (xⱼ* − μᵢ)/σᵢ for every i, using the
 * solved coordinate's value xⱼ*; that is right only when the guard involves a single latent.
 * {@link Velocity#AUTHORS_CODE_SHORTCUT} reproduces it for comparison.)
 *
 * <p><b>Normal.</b> In ε-space g = a₀ + Σᵢ aᵢεᵢ with aᵢ = cᵢσᵢ, so n⁺ = −a/‖a‖.
 *
 * <p><b>Sampling the surface.</b> Pick j with cⱼ ≠ 0 ({@link Hyperplane#solvedLatent()}) and
 * parameterise the hyperplane by ε₋ⱼ: dΣ = ‖a‖/|aⱼ| dε₋ⱼ and q(ε) = φ(εⱼ*) q(ε₋ⱼ). Hence, with
 * x₋ⱼ ~ q, xⱼ* = −(c₀ + Σ_{i≠j} cᵢxᵢ)/cⱼ, εⱼ* = (xⱼ* − μⱼ)/σⱼ and Δ = h⁺(x*) − h⁻(x*),
 *
 * <pre>
 *   C_{μᵢ} = E[ Δ · φ(εⱼ*)/σⱼ · cᵢ/|cⱼ| ]
 *   C_{ρᵢ} = E[ Δ · φ(εⱼ*)/σⱼ · cᵢ/|cⱼ| · εᵢ σ'(ρᵢ) ],   εᵢ = ε of the point x*: εⱼ* for i = j,
 *                                                         the drawn εᵢ for i ≠ j.
 * </pre>
 *
 * This is the paper's Δ·q_j(xⱼ*)·V·n with nᵢ = −sgn(cⱼ)σᵢcᵢ/cⱼ. Δ is the jump of log p only:
 * log q is continuous and cancels. The log joint at x* is evaluated twice, with the hyperplane
 * forced to each side ({@link Forcing}): every guard on that hyperplane is forced together, all
 * others follow their sign at x*.
 *
 * <p><b>Several guards.</b> The correction is Σ_k C^{(k)} over the distinct hyperplanes.
 * {@link Surface#ALL} estimates every term for every sample; {@link Surface#SUBSAMPLE} (as in the
 * paper's experiments) draws one hyperplane k uniformly per sample and multiplies its term by K,
 * the number of hyperplanes. Both are unbiased. Each surface point uses its own fresh x ~ q. All
 * forced evaluations of all samples and estimates run in one batched pass (two rows per point).
 */
public final class ReparamNondiffEstimator implements NondiffEstimator {

    /** How the sum over boundaries is estimated. */
    public enum Surface {
        /** Every hyperplane's term, for every sample. */
        ALL,
        /** One uniformly drawn hyperplane per sample, times the number of hyperplanes. */
        SUBSAMPLE
    }

    /** Which ε enters the ρ-velocity. */
    public enum Velocity {
        /** εᵢ of the boundary point, coordinate by coordinate (correct). */
        EXACT,
        /**
         * (xⱼ* − μᵢ)/σᵢ for every i, as in the reference code: wrong for guards over several
         * latents; kept only to demonstrate the difference.
         */
        AUTHORS_CODE_SHORTCUT
    }

    private final Surface surface;
    private final Velocity velocity;

    /** The estimator with the given surface sampling and velocity rule. */
    public ReparamNondiffEstimator(Surface surface, Velocity velocity) {
        this.surface = surface;
        this.velocity = velocity;
    }

    /** The default: subsampled surfaces, exact velocity. */
    public ReparamNondiffEstimator() {
        this(Surface.SUBSAMPLE, Velocity.EXACT);
    }

    /** The surface mode. */
    public Surface surface() {
        return surface;
    }

    @Override
    public String name() {
        return "reparam-nondiff";
    }

    @Override
    public double[][] estimate(
            NondiffModel model,
            MeanFieldGaussian q,
            int estimates,
            int samples,
            RandomGenerator rng,
            NDManager manager) {
        double[][] g = ReparamEstimator.reparamTerm(model, q, estimates, samples, rng, manager);
        double[][] c = surfaceTerm(model, q, estimates, samples, rng, manager);
        for (int m = 0; m < estimates; m++) {
            for (int p = 0; p < g[m].length; p++) {
                g[m][p] += c[m][p];
            }
        }
        return g;
    }

    /**
     * The boundary correction alone, [estimates][2n], each estimate averaging {@code samples}
     * surface samples (each covering every hyperplane or one subsampled hyperplane).
     */
    public double[][] surfaceTerm(
            NondiffModel model,
            MeanFieldGaussian q,
            int estimates,
            int samples,
            RandomGenerator rng,
            NDManager manager) {
        NondiffEstimator.checkCounts(estimates, samples);
        int n = model.numLatents();
        List<Hyperplane> hyperplanes = model.hyperplanes();
        int numHyperplanes = hyperplanes.size();
        double[][] out = new double[estimates][2 * n];
        if (numHyperplanes == 0) {
            return out;
        }
        double[] mu = q.mu();
        double[] sigma = q.sigma();
        double[] sp = q.sigmaPrime();
        int perSample = surface == Surface.ALL ? numHyperplanes : 1;
        double weight = surface == Surface.ALL ? 1 : numHyperplanes;
        int chunk = NondiffEstimator.estimatesPerPass(2L * samples * perSample);
        for (int start = 0; start < estimates; start += chunk) {
            int mc = Math.min(chunk, estimates - start);
            int points = mc * samples * perSample;
            double[] xs = new double[2 * points * n];
            double[] epsAt = new double[points * n];
            double[] xj = new double[points];
            int[] pointHyperplane = new int[points];
            int[] rowHyperplane = new int[2 * points];
            boolean[] rowPositive = new boolean[2 * points];
            int p = 0;
            for (int m = 0; m < mc; m++) {
                for (int s = 0; s < samples; s++) {
                    for (int t = 0; t < perSample; t++, p++) {
                        int k = surface == Surface.ALL ? t : rng.nextInt(numHyperplanes);
                        Hyperplane h = hyperplanes.get(k);
                        Affine a = h.representative();
                        int j = h.solvedLatent();
                        // a fresh x ~ q for this point alone, then moved onto the hyperplane
                        MeanFieldGaussian.Draws draw = q.draw(1, rng);
                        double[] eps = draw.eps();
                        double[] x = draw.x();
                        double rest = a.constant();
                        for (int u = 0; u < a.size(); u++) {
                            int i = a.indexAt(u);
                            if (i != j) {
                                rest += a.coefficientAt(u) * x[i];
                            }
                        }
                        x[j] = -rest / a.coefficient(j);
                        eps[j] = (x[j] - mu[j]) / sigma[j];
                        xj[p] = x[j];
                        pointHyperplane[p] = k;
                        System.arraycopy(eps, 0, epsAt, p * n, n);
                        System.arraycopy(x, 0, xs, (2 * p) * n, n);
                        System.arraycopy(x, 0, xs, (2 * p + 1) * n, n);
                        rowHyperplane[2 * p] = k;
                        rowHyperplane[2 * p + 1] = k;
                        rowPositive[2 * p] = true;
                        rowPositive[2 * p + 1] = false;
                    }
                }
            }
            double[] lp = model.logJoint(manager, xs, Forcing.perRow(rowHyperplane, rowPositive));
            for (p = 0; p < points; p++) {
                double plus = lp[2 * p];
                double minus = lp[2 * p + 1];
                if (plus == minus) {
                    continue; // no jump here (also covers −∞ on both sides)
                }
                double delta = plus - minus;
                Hyperplane h = hyperplanes.get(pointHyperplane[p]);
                Affine a = h.representative();
                int j = h.solvedLatent();
                double epsJ = epsAt[p * n + j];
                double density = SpecialFunctions.normalPdf(epsJ) / sigma[j]; // q_j(x_j*)
                double base = weight * delta * density / Math.abs(a.coefficient(j)) / samples;
                double[] g = out[start + p / (samples * perSample)];
                for (int u = 0; u < a.size(); u++) {
                    int i = a.indexAt(u);
                    double ci = a.coefficientAt(u);
                    double epsI = velocity == Velocity.EXACT ? epsAt[p * n + i] : (xj[p] - mu[i]) / sigma[i];
                    g[i] += base * ci;
                    g[n + i] += base * ci * epsI * sp[i];
                }
            }
        }
        return out;
    }
}

package org.relax4j.core.nondiff.estimator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.random.RandomGenerator;
import org.relax4j.core.engine.Autograd;
import org.relax4j.core.engine.NativeArrays;
import org.relax4j.core.nondiff.inference.MeanFieldGaussian;
import org.relax4j.core.nondiff.lang.NondiffModel;

/**
 * The reparameterization estimator with every branch held fixed at the sampled point:
 *
 * <pre>
 *   ĝ = ∇_θ [log p(f_θ(ε), y) − log q_θ(f_θ(ε))],   f_θ(ε) = μ + σ ⊙ ε,  ε ~ N(0, I).
 * </pre>
 *
 * It ignores how the regions {g_k(x) &gt; 0} move with θ, so on models whose density jumps across
 * a guard it is <b>biased</b> (kept for comparison, as REPARAM in the paper); {@link
 * ReparamNondiffEstimator} adds the missing boundary term. Since log q_θ(f_θ(ε)) = Σᵢ(−εᵢ²/2 −
 * log σᵢ) − (n/2) log 2π, its θ-gradient is that of −Σᵢ log σᵢ.
 *
 * <p>All samples of all estimates go through the model in one batched pass; each estimate has its
 * own copy of (μ, ρ) as an autograd leaf, so one {@code torch.autograd.grad} call returns every
 * estimate's gradient separately.
 */
public final class ReparamEstimator implements NondiffEstimator {

    @Override
    public String name() {
        return "reparam";
    }

    @Override
    public double[][] estimate(
            NondiffModel model,
            MeanFieldGaussian q,
            int estimates,
            int samples,
            RandomGenerator rng,
            NDManager manager) {
        return reparamTerm(model, q, estimates, samples, rng, manager);
    }

    /** The reparameterization term, [estimates][2n]; shared with {@link ReparamNondiffEstimator}. */
    @SuppressWarnings("try") // gradMode only switches grad mode on for the block
    static double[][] reparamTerm(
            NondiffModel model,
            MeanFieldGaussian q,
            int estimates,
            int samples,
            RandomGenerator rng,
            NDManager manager) {
        NondiffEstimator.checkCounts(estimates, samples);
        int n = model.numLatents();
        double[] mu = q.mu();
        double[] rho = q.rho();
        double[][] out = new double[estimates][];
        int chunk = NondiffEstimator.estimatesPerPass(samples);
        for (int start = 0; start < estimates; start += chunk) {
            int mc = Math.min(chunk, estimates - start);
            double[] eps = new double[mc * samples * n];
            MeanFieldGaussian.standardNormals(rng, eps);
            double[] muRep = new double[mc * n];
            double[] rhoRep = new double[mc * n];
            for (int m = 0; m < mc; m++) {
                System.arraycopy(mu, 0, muRep, m * n, n);
                System.arraycopy(rho, 0, rhoRep, m * n, n);
            }
            double[] gMu;
            double[] gRho;
            try (NDScope scope = new NDScope();
                    Autograd.GradMode gradMode = Autograd.gradMode()) {
                scope.suppressNotUsedWarning();
                NDArray muA = NativeArrays.copyOf(manager, muRep, new Shape(mc, 1, n));
                NDArray rhoA = NativeArrays.copyOf(manager, rhoRep, new Shape(mc, 1, n));
                muA.setRequiresGradient(true);
                rhoA.setRequiresGradient(true);
                NDArray e = NativeArrays.copyOf(manager, eps, new Shape(mc, samples, n));
                NDArray sigma = Activation.softPlus(rhoA);
                NDArray x = muA.add(sigma.mul(e)).reshape(mc * samples, n);
                NDArray lp = model.logJoint(x);
                // Σ_rows [log p − log q] = Σ log p + samples · Σ_{m,i} log σ + const
                NDArray objective = lp.sum().add(NativeArrays.times(sigma.log().sum(), samples));
                NDList grads = Autograd.grad(objective, new NDList(muA, rhoA), false);
                gMu = grads.get(0).toDoubleArray();
                gRho = grads.get(1).toDoubleArray();
            }
            for (int m = 0; m < mc; m++) {
                double[] g = new double[2 * n];
                for (int i = 0; i < n; i++) {
                    g[i] = gMu[m * n + i] / samples;
                    g[n + i] = gRho[m * n + i] / samples;
                }
                out[start + m] = g;
            }
        }
        return out;
    }
}

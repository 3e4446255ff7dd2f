package org.relax4j.core.nondiff.estimator;

import ai.djl.ndarray.NDManager;
import java.util.random.RandomGenerator;
import org.relax4j.core.nondiff.inference.MeanFieldGaussian;
import org.relax4j.core.nondiff.lang.Forcing;
import org.relax4j.core.nondiff.lang.NondiffModel;

/**
 * The score-function (REINFORCE) estimator, unbiased for any model:
 *
 * <pre>
 *   ĝ = (log p(x, y) − log q_θ(x)) · ∇_θ log q_θ(x),   x ~ q_θ,
 *   ∂/∂μᵢ log q = εᵢ/σᵢ,   ∂/∂ρᵢ log q = (εᵢ² − 1)/σᵢ · σ'(ρᵢ),   εᵢ = (xᵢ − μᵢ)/σᵢ.
 * </pre>
 *
 * No baseline is subtracted (as in the paper's SCORE). Only the forward log joint is needed, in
 * one batched pass for all samples of all estimates.
 */
public final class ScoreEstimator implements NondiffEstimator {

    @Override
    public String name() {
        return "score";
    }

    @Override
    public double[][] estimate(
            NondiffModel model,
            MeanFieldGaussian q,
            int estimates,
            int samples,
            RandomGenerator rng,
            NDManager manager) {
        NondiffEstimator.checkCounts(estimates, samples);
        int n = model.numLatents();
        double[] sigma = q.sigma();
        double[] sp = q.sigmaPrime();
        double[][] out = new double[estimates][2 * n];
        int chunk = NondiffEstimator.estimatesPerPass(samples);
        for (int start = 0; start < estimates; start += chunk) {
            int mc = Math.min(chunk, estimates - start);
            int rows = mc * samples;
            MeanFieldGaussian.Draws draws = q.draw(rows, rng);
            double[] lp = model.logJoint(manager, draws.x(), Forcing.none());
            for (int r = 0; r < rows; r++) {
                double[] g = out[start + r / samples];
                double h = (lp[r] - draws.logQ(r)) / samples;
                for (int i = 0; i < n; i++) {
                    double e = draws.eps(r, i);
                    g[i] += h * e / sigma[i];
                    g[n + i] += h * (e * e - 1) / sigma[i] * sp[i];
                }
            }
        }
        return out;
    }
}

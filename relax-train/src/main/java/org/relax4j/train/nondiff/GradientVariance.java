package org.relax4j.train.nondiff;

/**
 * The paper's two variance measures of a gradient estimator, from M independent estimates
 * g₁ … g_M ∈ ℝᴾ at one θ (unbiased sample variances, ddof = 1):
 *
 * <ul>
 *   <li>Avg(V) = (1/P) Σ_p Var_m(g_{m,p}): mean over components of the per-component variance;
 *   <li>V(‖·‖₂) = Var_m(‖g_m‖₂): variance of the L2 norm.
 * </ul>
 */
public record GradientVariance(double averageComponentVariance, double normVariance) {

    /** Both measures of the rows of {@code g} (needs at least two rows). */
    public static GradientVariance of(double[][] g) {
        int m = g.length;
        if (m < 2) {
            throw new IllegalArgumentException("variance needs at least 2 estimates, got " + m);
        }
        int p = g[0].length;
        double total = 0;
        for (int j = 0; j < p; j++) {
            double mean = 0;
            for (double[] row : g) {
                mean += row[j];
            }
            mean /= m;
            double ss = 0;
            for (double[] row : g) {
                double d = row[j] - mean;
                ss += d * d;
            }
            total += ss / (m - 1);
        }
        double[] norms = new double[m];
        double meanNorm = 0;
        for (int i = 0; i < m; i++) {
            double s = 0;
            for (double v : g[i]) {
                s += v * v;
            }
            norms[i] = Math.sqrt(s);
            meanNorm += norms[i];
        }
        meanNorm /= m;
        double ss = 0;
        for (double v : norms) {
            ss += (v - meanNorm) * (v - meanNorm);
        }
        return new GradientVariance(total / p, ss / (m - 1));
    }
}

package org.relax4j.core.variance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Sample statistics of N independent estimates g₁ … g_N ∈ ℝᴾ of one gradient (unbiased sample
 * variances, divisor N − 1): the numbers the variance plots and tables report and the statistical
 * tests compare against exact gradients.
 *
 * <ul>
 *   <li>per component p: mean ḡ_p and variance V_p = Σₙ (g_{n,p} − ḡ_p)²/(N − 1);
 *   <li>{@link #meanVariance()} Avg(V) = (1/P) Σ_p V_p, and its log ({@link #logMeanVariance()});
 *   <li>{@link #normVariance()} V(‖·‖₂) = Var_n(‖g_n‖₂), the variance of the Euclidean norm;
 *   <li>{@link #standardError(int)} √(V_p/N), the standard error of ḡ_p.
 * </ul>
 *
 * Avg(V) and V(‖·‖₂) are the two measures the experiments of Lee, Yu &amp; Yang (NeurIPS 2018)
 * report; log Avg(V) is what the discrete-latent toy experiment plots. For the
 * same quantity tracked by exponential moving averages over training steps, see {@link
 * EmaGradientVariance}.
 *
 * @param mean per-component sample mean ḡ
 * @param variance per-component unbiased sample variance V
 * @param normVariance unbiased sample variance of ‖gₙ‖₂
 * @param samples N
 */
public record GradientStatistics(double[] mean, double[] variance, double normVariance, int samples) {

    /** Statistics of the rows of {@code estimates} (N, components…), computed in float64. */
    public static GradientStatistics of(NDArray estimates) {
        long n = estimates.getShape().get(0);
        checkCount(n);
        NDArray x = estimates.toType(DataType.FLOAT64, false).reshape(n, -1);
        NDArray mean = x.mean(new int[] {0});
        NDArray centred = x.sub(mean);
        NDArray variance = centred.mul(centred).sum(new int[] {0}).div(n - 1);
        double[] norms = x.mul(x).sum(new int[] {1}).sqrt().toDoubleArray();
        return new GradientStatistics(mean.toDoubleArray(), variance.toDoubleArray(), unbiasedVariance(norms), (int) n);
    }

    /** Statistics of the rows of {@code estimates} [N][P], in Java double precision. */
    public static GradientStatistics of(double[][] estimates) {
        int n = estimates.length;
        checkCount(n);
        int p = estimates[0].length;
        double[] mean = new double[p];
        double[] variance = new double[p];
        double[] column = new double[n];
        for (int j = 0; j < p; j++) {
            for (int i = 0; i < n; i++) {
                if (estimates[i].length != p) {
                    throw new IllegalArgumentException(
                            "estimate " + i + " has " + estimates[i].length + " components, estimate 0 has " + p);
                }
                column[i] = estimates[i][j];
            }
            mean[j] = mean(column);
            variance[j] = unbiasedVariance(column, mean[j]);
        }
        double[] norms = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (double v : estimates[i]) {
                s += v * v;
            }
            norms[i] = Math.sqrt(s);
        }
        return new GradientStatistics(mean, variance, unbiasedVariance(norms), n);
    }

    /** Avg(V): the mean over components of the per-component variance. */
    public double meanVariance() {
        double sum = 0;
        for (double v : variance) {
            sum += v;
        }
        return sum / variance.length;
    }

    /** log Avg(V), the log of the mean over components of the per-component variance. */
    public double logMeanVariance() {
        return Math.log(meanVariance());
    }

    /** Standard error √(V_i/N) of the mean of component {@code i}. */
    public double standardError(int i) {
        return Math.sqrt(variance[i] / samples);
    }

    private static void checkCount(long n) {
        if (n < 2) {
            throw new IllegalArgumentException("need at least 2 estimates to measure a variance, got " + n);
        }
    }

    private static double mean(double[] xs) {
        double sum = 0;
        for (double x : xs) {
            sum += x;
        }
        return sum / xs.length;
    }

    private static double unbiasedVariance(double[] xs) {
        return unbiasedVariance(xs, mean(xs));
    }

    private static double unbiasedVariance(double[] xs, double mean) {
        double ss = 0;
        for (double x : xs) {
            double d = x - mean;
            ss += d * d;
        }
        return ss / (xs.length - 1);
    }
}

package org.relax4j.core.variance;

import ai.djl.ndarray.NDArray;

/**
 * Mean and variance of N independent gradient estimates, per component: the numbers the toy
 * experiment plots (Grathwohl et al. 2018 §6.1, Fig. 1) and the statistical tests compare against
 * exact gradients.
 *
 * @param mean per-component sample mean
 * @param variance per-component unbiased sample variance
 * @param samples N
 */
public record GradientStatistics(double[] mean, double[] variance, int samples) {

    /** Statistics of the rows of {@code estimates} (N, components…), computed in float64. */
    public static GradientStatistics of(NDArray estimates) {
        long n = estimates.getShape().get(0);
        if (n < 2) {
            throw new IllegalArgumentException("need at least 2 estimates to measure a variance, got " + n);
        }
        NDArray x = estimates.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).reshape(n, -1);
        NDArray mean = x.mean(new int[] {0});
        NDArray centred = x.sub(mean);
        NDArray variance = centred.mul(centred).sum(new int[] {0}).div(n - 1);
        return new GradientStatistics(mean.toDoubleArray(), variance.toDoubleArray(), (int) n);
    }

    /** log of the mean over components of the per-component variance. */
    public double logMeanVariance() {
        double sum = 0;
        for (double v : variance) {
            sum += v;
        }
        return Math.log(sum / variance.length);
    }

    /** Standard error of the mean of component {@code i}. */
    public double standardError(int i) {
        return Math.sqrt(variance[i] / samples);
    }
}

package org.relax4j.core.nondiff;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.random.RandomGenerator;

/** Monte Carlo estimates of ELBO(θ) = E_q[log p(x, y) − log q_θ(x)]. */
public final class Elbo {

    /** A Monte Carlo estimate with its standard error. */
    public record Estimate(double mean, double standardError, int samples) {}

    private Elbo() {}

    /** ELBO from {@code samples} draws x ~ q (batched; split into passes of bounded size). */
    public static Estimate estimate(
            NondiffModel model, MeanFieldGaussian q, int samples, RandomGenerator rng, NDManager manager) {
        if (samples < 1) {
            throw new IllegalArgumentException("ELBO needs at least one sample, got " + samples);
        }
        int n = model.numLatents();
        double[] mu = q.mu();
        double[] sigma = q.sigma();
        double logSigmaSum = 0;
        for (double s : sigma) {
            logSigmaSum += Math.log(s);
        }
        double sum = 0;
        double sumSq = 0;
        int chunk = NondiffEstimator.MAX_ROWS_PER_PASS;
        for (int start = 0; start < samples; start += chunk) {
            int rows = Math.min(chunk, samples - start);
            double[] eps = new double[rows * n];
            MeanFieldGaussian.standardNormals(rng, eps);
            double[] x = new double[rows * n];
            for (int r = 0; r < rows; r++) {
                for (int i = 0; i < n; i++) {
                    x[r * n + i] = mu[i] + sigma[i] * eps[r * n + i];
                }
            }
            double[] lp;
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                lp = model.logJoint(manager.create(x, new Shape(rows, n))).toDoubleArray();
            }
            for (int r = 0; r < rows; r++) {
                double sq = 0;
                for (int i = 0; i < n; i++) {
                    double e = eps[r * n + i];
                    sq += e * e;
                }
                double logq = -0.5 * sq - logSigmaSum - 0.5 * n * SpecialFunctions.LOG_2PI;
                double v = lp[r] - logq;
                sum += v;
                sumSq += v * v;
            }
        }
        double mean = sum / samples;
        double var = samples > 1 ? Math.max(0, (sumSq - samples * mean * mean) / (samples - 1)) : Double.NaN;
        return new Estimate(mean, Math.sqrt(var / samples), samples);
    }

    /** The exact log density log q_θ(x) (for checks). */
    public static double logQ(MeanFieldGaussian q, double[] x) {
        double[] mu = q.mu();
        double[] sigma = q.sigma();
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            double e = (x[i] - mu[i]) / sigma[i];
            s += -0.5 * e * e - Math.log(sigma[i]) - 0.5 * SpecialFunctions.LOG_2PI;
        }
        return s;
    }

}

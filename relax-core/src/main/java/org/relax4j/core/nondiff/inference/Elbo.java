package org.relax4j.core.nondiff.inference;

import ai.djl.ndarray.NDManager;
import java.util.random.RandomGenerator;
import org.relax4j.core.nondiff.lang.Forcing;
import org.relax4j.core.nondiff.lang.NondiffModel;

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
        double sum = 0;
        double sumSq = 0;
        int chunk = NondiffModel.MAX_ROWS_PER_PASS;
        for (int start = 0; start < samples; start += chunk) {
            int rows = Math.min(chunk, samples - start);
            MeanFieldGaussian.Draws draws = q.draw(rows, rng);
            double[] lp = model.logJoint(manager, draws.x(), Forcing.none());
            for (int r = 0; r < rows; r++) {
                double v = lp[r] - draws.logQ(r);
                sum += v;
                sumSq += v * v;
            }
        }
        double mean = sum / samples;
        double var = samples > 1 ? Math.max(0, (sumSq - samples * mean * mean) / (samples - 1)) : Double.NaN;
        return new Estimate(mean, Math.sqrt(var / samples), samples);
    }
}

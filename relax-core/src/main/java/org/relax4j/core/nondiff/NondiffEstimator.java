package org.relax4j.core.nondiff;

import ai.djl.ndarray.NDManager;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * An estimator of ∇_θ ELBO(θ), ELBO(θ) = E_{q_θ(x)}[log p(x, y) − log q_θ(x)], for a {@link
 * NondiffModel} and the {@link MeanFieldGaussian} family.
 *
 * <p>{@link #estimate} draws several independent estimates at once, each the average of {@code
 * samples} single-sample estimates, in batched passes over the model (one row per sample), so
 * that the gradient variance can be measured as cheaply as one step's gradient is computed.
 * Implementations open their own {@link ai.djl.training.GradientCollector} when they need
 * autograd: do not call them while one is open. All arrays they create are closed before they
 * return.
 */
public interface NondiffEstimator {

    /** Rows per batched pass above which a call is split into several passes. */
    int MAX_ROWS_PER_PASS = 1 << 16;

    /** The estimator's name, as used on the command line. */
    String name();

    /**
     * {@code estimates} independent gradient estimates at θ = q, each from {@code samples} samples.
     *
     * @return an array [estimates][2n], laid out as [∂/∂μ | ∂/∂ρ]
     */
    double[][] estimate(
            NondiffModel model, MeanFieldGaussian q, int estimates, int samples, RandomGenerator rng, NDManager manager);

    /** One gradient estimate from {@code samples} samples. */
    default double[] estimate(NondiffModel model, MeanFieldGaussian q, int samples, RandomGenerator rng, NDManager manager) {
        return estimate(model, q, 1, samples, rng, manager)[0];
    }

    /** The estimator names accepted by {@link #byName}. */
    static String[] names() {
        return new String[] {"score", "reparam", "reparam-nondiff"};
    }

    /**
     * The estimator called {@code name}: {@code score}, {@code reparam} (biased on models with
     * branches) or {@code reparam-nondiff} (with {@link ReparamNondiffEstimator.Surface#SUBSAMPLE}).
     */
    static NondiffEstimator byName(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "score":
                return new ScoreEstimator();
            case "reparam":
                return new ReparamEstimator();
            case "reparam-nondiff":
                return new ReparamNondiffEstimator(
                        ReparamNondiffEstimator.Surface.SUBSAMPLE, ReparamNondiffEstimator.Velocity.EXACT);
            default:
                throw new IllegalArgumentException(
                        "unknown estimator '" + name + "'; choose one of: score, reparam, reparam-nondiff");
        }
    }

    /** Checks the counts passed to {@link #estimate}. */
    static void checkCounts(int estimates, int samples) {
        if (estimates < 1 || samples < 1) {
            throw new IllegalArgumentException(
                    "need at least one estimate and one sample, got estimates=" + estimates + ", samples=" + samples);
        }
    }

    /** How many estimates of {@code rowsPerEstimate} rows fit in one pass (at least 1). */
    static int estimatesPerPass(long rowsPerEstimate) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, MAX_ROWS_PER_PASS / Math.max(1, rowsPerEstimate)));
    }
}

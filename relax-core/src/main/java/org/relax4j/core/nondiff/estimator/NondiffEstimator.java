package org.relax4j.core.nondiff.estimator;

import ai.djl.ndarray.NDManager;
import java.util.random.RandomGenerator;
import org.relax4j.core.nondiff.inference.MeanFieldGaussian;
import org.relax4j.core.nondiff.lang.NondiffModel;

/**
 * An estimator of ∇_θ ELBO(θ), ELBO(θ) = E_{q_θ(x)}[log p(x, y) − log q_θ(x)], for a {@link
 * NondiffModel} and the {@link MeanFieldGaussian} family.
 *
 * <p>{@link #estimate} draws several independent estimates at once, each the average of {@code
 * samples} single-sample estimates, in batched passes over the model (one row per sample), so
 * that the gradient variance can be measured as cheaply as one step's gradient is computed.
 * Implementations switch grad mode on themselves when they need autograd ({@link
 * org.relax4j.core.engine.Autograd#gradMode()}), so they may be called with or without a {@link
 * ai.djl.training.GradientCollector} open (e.g. inside a training step). All arrays they create
 * are closed before they return. {@link NondiffEstimatorRegistry#standard()} holds the built-in ones by name.
 */
public interface NondiffEstimator {

    /** The estimator's name, as used on the command line. */
    String name();

    /**
     * {@code estimates} independent gradient estimates at θ = q, each from {@code samples} samples.
     *
     * @return an array [estimates][2n], laid out as [∂/∂μ | ∂/∂ρ]
     */
    double[][] estimate(
            NondiffModel model,
            MeanFieldGaussian q,
            int estimates,
            int samples,
            RandomGenerator rng,
            NDManager manager);

    /** One gradient estimate from {@code samples} samples. */
    default double[] estimate(
            NondiffModel model, MeanFieldGaussian q, int samples, RandomGenerator rng, NDManager manager) {
        return estimate(model, q, 1, samples, rng, manager)[0];
    }

    /** Checks the counts passed to {@link #estimate}. */
    static void checkCounts(int estimates, int samples) {
        if (estimates < 1 || samples < 1) {
            throw new IllegalArgumentException(
                    "need at least one estimate and one sample, got estimates=" + estimates + ", samples=" + samples);
        }
    }

    /**
     * How many estimates of {@code rowsPerEstimate} rows fit in one pass of at most {@link
     * NondiffModel#MAX_ROWS_PER_PASS} rows (at least 1).
     */
    static int estimatesPerPass(long rowsPerEstimate) {
        return (int)
                Math.max(1, Math.min(Integer.MAX_VALUE, NondiffModel.MAX_ROWS_PER_PASS / Math.max(1, rowsPerEstimate)));
    }
}

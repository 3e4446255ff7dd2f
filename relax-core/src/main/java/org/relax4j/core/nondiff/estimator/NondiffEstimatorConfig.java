package org.relax4j.core.nondiff.estimator;

import java.util.Objects;

/**
 * Options the nondiff estimator factories read ({@link NondiffEstimatorRegistry}).
 *
 * @param surface how {@code reparam-nondiff} estimates the sum over boundaries
 */
public record NondiffEstimatorConfig(ReparamNondiffEstimator.Surface surface) {

    /** Checks the options. */
    public NondiffEstimatorConfig {
        Objects.requireNonNull(surface, "surface");
    }

    /** The defaults: one subsampled boundary per sample, as in the paper's experiments. */
    public static NondiffEstimatorConfig defaults() {
        return new NondiffEstimatorConfig(ReparamNondiffEstimator.Surface.SUBSAMPLE);
    }
}

package org.relax4j.core.nondiff.estimator;

import org.relax4j.core.registry.Registry;

/**
 * Estimators of the non-differentiable family by name. {@link #standard()} holds the built-in
 * ones; {@link #register} adds your own. Descriptions say "BIASED" for biased estimators.
 *
 * <pre>{@code
 * NondiffEstimator e = NondiffEstimatorRegistry.standard().create("reparam-nondiff", NondiffEstimatorConfig.defaults());
 * }</pre>
 */
public final class NondiffEstimatorRegistry extends Registry<NondiffEstimatorConfig, NondiffEstimator> {

    private static final NondiffEstimatorRegistry STANDARD = createStandard();

    /** An empty registry. */
    public NondiffEstimatorRegistry() {
        super("estimator");
    }

    /** The registry of built-in estimators (shared; registrations are visible everywhere). */
    public static NondiffEstimatorRegistry standard() {
        return STANDARD;
    }

    private static NondiffEstimatorRegistry createStandard() {
        NondiffEstimatorRegistry r = new NondiffEstimatorRegistry();
        r.register("score", "score function (REINFORCE), no baseline; unbiased", c -> new ScoreEstimator());
        r.register(
                "reparam",
                "reparameterization with every branch fixed at the sample; BIASED where the density jumps",
                c -> new ReparamEstimator());
        r.register(
                "reparam-nondiff",
                "reparameterization plus the boundary (surface) correction of Lee, Yu & Yang 2018; unbiased",
                c -> new ReparamNondiffEstimator(c.surface(), ReparamNondiffEstimator.Velocity.EXACT));
        return r;
    }
}

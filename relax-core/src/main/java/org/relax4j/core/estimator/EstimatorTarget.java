package org.relax4j.core.estimator;

/**
 * The quantity whose gradient an estimator is unbiased for, E[ĝ] = ∂/∂α of that quantity.
 *
 * <p>Most estimators target the expectation E_{b ~ p_α}[f(b)]. VIMCO (Mnih &amp; Rezende 2016, eq. 10)
 * targets the K-sample bound E[log (1/K) Σ_k exp f(b_k)] instead, which differs from E[f] (for log
 * importance weights f it is the tighter multi-sample variational bound). Relaxation-based
 * single-path estimators (Concrete, straight-through) are biased for both.
 */
public enum EstimatorTarget {
    /** E[ĝ] = ∂/∂α E_{b ~ p_α}[f(b)]. */
    EXPECTATION("unbiased for E[f(b)]"),
    /** E[ĝ] = ∂/∂α E[log (1/K) Σ_k exp f(b_k)] over K independent samples b_k ~ p_α. */
    MULTI_SAMPLE_BOUND("unbiased for the K-sample bound E[log mean_k exp f(b_k)], not for E[f(b)]"),
    /** Biased: E[ĝ] differs from the gradient of any of the above in general. */
    NONE("BIASED");

    private final String description;

    EstimatorTarget(String description) {
        this.description = description;
    }

    /** A short phrase for help texts ("unbiased for E[f(b)]", "BIASED", ...). */
    public String description() {
        return description;
    }
}

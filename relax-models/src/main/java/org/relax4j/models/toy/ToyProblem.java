package org.relax4j.models.toy;

import ai.djl.ndarray.NDArray;
import org.relax4j.core.exact.BernoulliEnumeration;
import org.relax4j.core.objective.RelaxableObjective;

/**
 * The toy problem of the RELAX paper (Grathwohl et al. 2018 §6.1, Fig. 1; docs/estimators.md, "The
 * toy problem"): minimise E_{b ~ Bern(θ)}[(b − t)²] over the logit ℓ of θ = σ(ℓ).
 *
 * <p>Exact loss L = θ(1 − t)² + (1 − θ)t², exact gradient dL/dℓ = θ(1 − θ)[(1 − t)² − t²]
 * (the official code drops the (1 − θ) factor; this class does not). For t just below ½ the two
 * outcomes differ by (1 − t)² − t² = 1 − 2t, tiny next to the noise of a single sample, which is
 * what makes t = 0.499 hard.
 */
public final class ToyProblem implements RelaxableObjective {

    private final double target;

    /** The problem with target t. */
    public ToyProblem(double target) {
        if (!Double.isFinite(target)) {
            throw new IllegalArgumentException("target must be finite, got " + target);
        }
        this.target = target;
    }

    /** t. */
    public double target() {
        return target;
    }

    /** f(h) = Σ_units (h − t)², shape (S, B). */
    @Override
    public NDArray apply(NDArray h, NDArray temperature) {
        NDArray d = h.sub(target);
        return d.mul(d).sum(new int[] {-1});
    }

    /** L(ℓ) = θ(1 − t)² + (1 − θ)t². */
    public double exactLoss(double logit) {
        double theta = BernoulliEnumeration.sigmoid(logit);
        return theta * (1 - target) * (1 - target) + (1 - theta) * target * target;
    }

    /** dL/dℓ = θ(1 − θ)[(1 − t)² − t²]. */
    public double exactGradient(double logit) {
        double theta = BernoulliEnumeration.sigmoid(logit);
        return theta * (1 - theta) * ((1 - target) * (1 - target) - target * target);
    }
}

package org.relax4j.core.estimator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/**
 * Unit types as estimators see them: refusals that name the estimator, the unit type and what to
 * use instead, and the view of a Bernoulli unit with logit α as a 2-class categorical unit with
 * logits (0, α) and one-hot sample (1 − b, b), for estimators defined on categorical units.
 */
final class Units {

    private Units() {}

    /**
     * The one-line refusal of a unit type.
     *
     * @param estimator the estimator's name
     * @param problem the problem whose units are refused
     * @param instead the estimators to use instead
     */
    static IllegalArgumentException refusal(String estimator, EstimationProblem problem, String instead) {
        String type = problem.isCategorical() ? "categorical" : "Bernoulli";
        return new IllegalArgumentException(
                estimator + " does not support " + type + " units; for " + type + " units use " + instead);
    }

    /** The 2-class logits (0, α) of Bernoulli logits α: shape (…, 2), differentiable in α. */
    static NDArray twoClassLogits(NDArray alpha) {
        return NDArrays.stack(new NDList(alpha.zerosLike(), alpha), -1);
    }

    /** The 2-class one-hot (1 − b, b) of a Bernoulli sample b: shape (…, 2). */
    static NDArray twoClassOneHot(NDArray b) {
        return NDArrays.stack(new NDList(b.neg().add(1), b), -1);
    }

    /** The Bernoulli value of a 2-class (relaxed) one-hot: its class-1 entry, shape (…). */
    static NDArray classOne(NDArray twoClass) {
        return twoClass.get("..., 1");
    }
}

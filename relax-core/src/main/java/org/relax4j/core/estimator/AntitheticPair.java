package org.relax4j.core.estimator;

import ai.djl.ndarray.NDArray;
import org.relax4j.core.distribution.Bernoulli;

/**
 * The antithetic Bernoulli pair of ARM and DisARM from one uniform u per unit:
 * b = 1[u > σ(−α)] = H(α + logit u) (the usual sample) and b̃ = 1[u < σ(α)] (the sample of 1 − u),
 * with f evaluated on both in one batched call.
 */
record AntitheticPair(NDArray u, NDArray b, NDArray bTilde, NDArray f, NDArray fTilde, NDArray fBoth) {

    static AntitheticPair draw(EstimationProblem problem, String estimator) {
        if (problem.distribution() != Bernoulli.INSTANCE) {
            throw new IllegalArgumentException(
                    estimator + " is defined for Bernoulli units only; use disarm, carms, indecater, rloo, rebar or "
                            + "relax for " + problem.distribution().name() + " units");
        }
        NDArray logits = problem.logits().stopGradient();
        NDArray u = problem.samplingNoise();
        NDArray theta = logits.getNDArrayInternal().sigmoid();
        NDArray b = u.gt(theta.neg().add(1)).toType(logits.getDataType(), false);
        NDArray bTilde = u.lt(theta).toType(logits.getDataType(), false);
        NDArray both = problem.objective().apply(EstimatorSupport.stack(b, bTilde), null);
        return new AntitheticPair(u, b, bTilde, both.get(0), both.get(1), both);
    }

    /** ½(f(b) + f(b̃)) with its graph: the direct objective of both estimators. */
    NDArray meanObjective() {
        return EstimatorSupport.meanOverSamples(fBoth);
    }
}

package org.relax4j.core.estimator;

import ai.djl.ndarray.NDArray;

/**
 * ARM, the augment-REINFORCE-merge estimator (Yin and Zhou 2019, eq. 5), Bernoulli units only:
 * ĝ = (f(1[u &gt; σ(−α)]) − f(1[u &lt; σ(α)]))(u − ½). Unbiased; two evaluations of f per example.
 * The same form is {@code grad_type == 'arm'} in the DisARM authors' code (google-research,
 * disarm/binary/networks.py).
 */
public final class Arm extends AbstractEstimator {

    /** The ARM estimator. */
    public Arm() {
        super("arm", EstimatorTarget.EXPECTATION, 2);
    }

    @Override
    public GradientEstimate estimate(EstimationProblem problem) {
        EstimatorSupport.requireGradMode(name());
        AntitheticPair pair = AntitheticPair.draw(problem, name());
        NDArray diff = pair.f().sub(pair.fTilde()).stopGradient();
        NDArray g = EstimatorSupport.perUnit(diff, pair.u()).mul(pair.u().sub(0.5));
        NDArray direct = pair.meanObjective();
        return new GradientEstimate(g, direct.stopGradient(), direct, null);
    }
}

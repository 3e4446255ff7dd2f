package org.relax4j.core.estimator;

import ai.djl.ndarray.NDArray;

/**
 * DisARM (Dong, Mnih and Tucker 2020, eq. 8): for Bernoulli units, with the antithetic pair b, b̃,
 * ĝ = ½(f(b) − f(b̃)) (−1)^{b̃} 1[b ≠ b̃] σ(|α|). Unbiased; the Rao-Blackwellisation of ARM over
 * the augmenting noise, never worse in variance. Reference code: google-research,
 * disarm/binary/networks.py ({@code grad_type == 'disarm'}), the same factor.
 *
 * <p>For categorical units it applies the same estimator to the stick-breaking binary
 * reparameterisation of each unit, Rao-Blackwellised over the stages neither sample reaches (Dong,
 * Mnih and Tucker 2021, §4). Two evaluations of f either way.
 */
public final class DisArm extends AbstractEstimator {

    /** The DisARM estimator. */
    public DisArm() {
        super("disarm", EstimatorTarget.EXPECTATION, 2);
    }

    @Override
    public GradientEstimate estimate(EstimationProblem problem) {
        EstimatorSupport.requireGradMode(name());
        if (problem.isCategorical()) {
            return StickBreakingDisArm.estimate(problem, name());
        }
        AntitheticPair pair = AntitheticPair.draw(problem, name());
        NDArray logits = problem.logits().stopGradient();
        NDArray halfDiff = pair.f().sub(pair.fTilde()).stopGradient().mul(0.5);
        // (−1)^{b̃} 1[b ≠ b̃] = b − b̃ when they differ (b̃ = 0 → +1, b̃ = 1 → −1), 0 otherwise
        NDArray sign = pair.b().sub(pair.bTilde());
        NDArray weight = logits.abs().getNDArrayInternal().sigmoid();
        NDArray g = EstimatorSupport.perUnit(halfDiff, sign).mul(sign).mul(weight);
        NDArray direct = pair.meanObjective();
        return new GradientEstimate(g, direct.stopGradient(), direct, null);
    }
}

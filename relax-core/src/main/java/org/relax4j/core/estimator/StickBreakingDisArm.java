package org.relax4j.core.estimator;

import ai.djl.ndarray.NDArray;
import org.relax4j.core.engine.Autograd;

/**
 * DisARM for categorical units through the stick-breaking binary reparameterisation (Dong, Mnih
 * and Tucker, "Coupled Gradient Estimators for Discrete Latent Variables", NeurIPS 2021, §4):
 * each categorical unit is C − 1 independent Bernoulli stops with logits β = β(α) ({@link
 * StickBreaking}), binary DisARM (Dong, Mnih and Tucker 2020, eq. 8) is applied to the stops with
 * the antithetic pair s, s̃ from one uniform per stop, and the chain rule maps ĝ_β to
 * ĝ_α = (∂β/∂α)ᵀ ĝ_β.
 *
 * <p>Rao-Blackwellisation over the stages: f depends on stop j only through samples that reach
 * stage j, so the term of stage j is kept only where x or x̃ reaches it,
 * ĝ_{β_j} = ½(f(x) − f(x̃)) (s_j − s̃_j) σ(|β_j|) 1[max(x, x̃) ≥ j] (the code's {@code
 * eitherReaches}). This stays unbiased: when neither sample reaches stage j, f(x) does not depend
 * on the augmenting noise of stop j, whose ARM weight has mean zero given everything else, and the
 * indicator is symmetric in the pair. Two evaluations of f, like binary DisARM.
 *
 * <p>The authors' code (google-research, disarm/categorical/networks.py, {@code grad_type ==
 * 'disarm'} with stick breaking) differs in three ways: its plain branch keeps this term only where
 * both samples reach stage j and uses ½(f(x) − f(x̃))(s_j − ρ_j) (mirrored for x̃) where one
 * does; its README's setting uses importance weights instead ({@code --importance_weight}); and it
 * can sort the logits first ({@code --logits_order=ascending}), which this class does not.
 */
final class StickBreakingDisArm {

    private StickBreakingDisArm() {}

    static GradientEstimate estimate(EstimationProblem problem, String estimator) {
        if (problem.hasFixedSamplingNoise()) {
            throw new IllegalArgumentException(estimator + " on categorical units draws its antithetic pair through "
                    + "stick-breaking and cannot use fixed (Gumbel-max) sampling noise; use reinforce, rebar or relax "
                    + "for categorical units here");
        }
        NDArray alpha = EstimatorSupport.leaf(problem.logits());
        NDArray beta = StickBreaking.stageLogits(alpha);
        NDArray fixedBeta = beta.stopGradient();
        NDArray u = problem.uniform(fixedBeta.getShape());
        NDArray rho = fixedBeta.getNDArrayInternal().sigmoid();
        NDArray stops = u.gt(rho.neg().add(1)).toType(u.getDataType(), false);
        NDArray stopsTilde = u.lt(rho).toType(u.getDataType(), false);
        NDArray both = problem.objective()
                .apply(
                        EstimatorSupport.stack(StickBreaking.firstStop(stops), StickBreaking.firstStop(stopsTilde)),
                        null);
        NDArray halfDiff = both.get(0).sub(both.get(1)).stopGradient().mul(0.5);
        NDArray sign = stops.sub(stopsTilde);
        NDArray eitherReaches = StickBreaking.reached(stops)
                .add(StickBreaking.reached(stopsTilde))
                .gt(0)
                .toType(u.getDataType(), false);
        NDArray weight = fixedBeta.abs().getNDArrayInternal().sigmoid();
        NDArray gBeta =
                EstimatorSupport.perUnit(halfDiff, sign).mul(sign).mul(weight).mul(eitherReaches);
        NDArray g = Autograd.grad(beta, alpha, gBeta, false);
        NDArray direct = EstimatorSupport.meanOverSamples(both);
        return new GradientEstimate(g, direct.stopGradient(), direct, null);
    }
}

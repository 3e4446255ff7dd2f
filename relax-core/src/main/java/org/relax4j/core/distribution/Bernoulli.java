package org.relax4j.core.distribution;

import ai.djl.ndarray.NDArray;

/**
 * Independent Bernoulli units with logits α, θ = σ(α) (Tucker et al. 2017 §3; docs/estimators.md,
 * "Conditional reparameterisation").
 *
 * <ul>
 *   <li>z = α + log u − log(1 − u), b = 1[z > 0];
 *   <li>z̃ ~ p(z | b): v' = v(1 − θ) if b = 0, v' = vθ + (1 − θ) if b = 1, z̃ = α + logit v'.
 *       Written in a form that stays finite in float32 for any α:
 *       b = 0: z̃ = log v − softplus(−α) − log((1 − v) + vθ);
 *       b = 1: z̃ = softplus(α) − log(1 − v) + log((1 − θ) + vθ);
 *   <li>σ_λ(z) = σ(z / λ); score b − σ(α).
 * </ul>
 */
public final class Bernoulli implements DiscreteDistribution {

    /** The shared instance. */
    public static final Bernoulli INSTANCE = new Bernoulli();

    private static final float NOISE_EPS = 1e-6f;

    private Bernoulli() {}

    @Override
    public String name() {
        return "bernoulli";
    }

    @Override
    public int eventRank() {
        return 0;
    }

    @Override
    public NDArray reparameterize(NDArray logits, NDArray u) {
        return logits.add(u.log()).sub(u.neg().add(1).log());
    }

    @Override
    public NDArray hard(NDArray z) {
        return z.stopGradient().gt(0).toType(z.getDataType(), false);
    }

    @Override
    public NDArray conditional(NDArray logits, NDArray b, NDArray v) {
        NDArray theta = logits.getNDArrayInternal().sigmoid();
        NDArray thetaV = theta.mul(v);
        NDArray oneMinusV = v.neg().add(1);
        // b = 0
        NDArray z0 =
                v.log().sub(softplus(logits.neg())).sub(oneMinusV.add(thetaV).log());
        // b = 1
        NDArray z1 = softplus(logits)
                .sub(oneMinusV.log())
                .add(theta.neg().add(1).add(thetaV).log());
        return z1.mul(b).add(z0.mul(b.neg().add(1)));
    }

    @Override
    public NDArray tiedNoise(NDArray logits, NDArray u, NDArray b) {
        NDArray theta = logits.stopGradient().getNDArrayInternal().sigmoid();
        NDArray oneMinusTheta = theta.neg().add(1);
        // b = 1: u > 1 − θ, v = (u − (1 − θ)) / θ;  b = 0: v = u / (1 − θ)
        NDArray v1 = u.sub(oneMinusTheta).div(theta.maximum(NOISE_EPS));
        NDArray v0 = u.div(oneMinusTheta.maximum(NOISE_EPS));
        return v1.mul(b).add(v0.mul(b.neg().add(1))).clip(NOISE_EPS, 1 - NOISE_EPS);
    }

    @Override
    public NDArray relax(NDArray z, NDArray temperature) {
        return z.div(temperature).getNDArrayInternal().sigmoid();
    }

    @Override
    public NDArray score(NDArray logits, NDArray b) {
        return b.sub(logits.getNDArrayInternal().sigmoid());
    }

    @Override
    public NDArray logProbability(NDArray logits, NDArray b) {
        return b.mul(logits).sub(softplus(logits));
    }

    @Override
    public NDArray mean(NDArray logits) {
        return logits.getNDArrayInternal().sigmoid();
    }

    /** log(1 + e^x), libtorch's stable kernel. */
    public static NDArray softplus(NDArray x) {
        return x.getNDArrayInternal().softPlus();
    }
}

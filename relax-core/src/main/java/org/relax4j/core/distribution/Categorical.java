package org.relax4j.core.distribution;

import ai.djl.ndarray.NDArray;

/**
 * Independent categorical units with logits α over the last axis (C categories), θ = softmax(α),
 * through the Gumbel-max trick (Grathwohl et al. 2018, appendix B; Jang et al. 2017; Maddison et
 * al. 2017).
 *
 * <ul>
 *   <li>z = log θ + G, G = −log(−log u) Gumbel noise; b = one_hot(argmax z) ~ Cat(θ);
 *   <li>z̃ ~ p(z | b) from v: with k the chosen category, z̃_k = −log(−log v_k) and, for i ≠ k,
 *       z̃_i = −log(−log v_i / θ_i − log v_k) (the conditional Gumbel sample);
 *   <li>σ_λ(z) = softmax(z / λ) (Gumbel-softmax / Concrete); score one_hot(b) − θ.
 * </ul>
 */
public final class Categorical implements DiscreteDistribution {

    /** The shared instance. */
    public static final Categorical INSTANCE = new Categorical();

    private Categorical() {}

    @Override
    public String name() {
        return "categorical";
    }

    @Override
    public int eventRank() {
        return 1;
    }

    @Override
    public NDArray reparameterize(NDArray logits, NDArray u) {
        return logits.logSoftmax(-1).add(gumbel(u));
    }

    @Override
    public NDArray hard(NDArray z) {
        NDArray zd = z.stopGradient();
        return zd.eq(zd.max(new int[] {-1}, true)).toType(z.getDataType(), false);
    }

    @Override
    public NDArray conditional(NDArray logits, NDArray b, NDArray v) {
        NDArray theta = logits.softmax(-1);
        NDArray negLogV = v.log().neg();
        // −log v_k for the chosen category k, broadcast over the category axis
        NDArray negLogVk = negLogV.mul(b).sum(new int[] {-1}, true);
        NDArray chosen = negLogVk.log().neg();
        NDArray others = negLogV.div(theta).add(negLogVk).log().neg();
        return chosen.mul(b).add(others.mul(b.neg().add(1)));
    }

    @Override
    public NDArray tiedNoise(NDArray logits, NDArray u, NDArray b) {
        throw new UnsupportedOperationException(
                "tied noise is defined for Bernoulli units only; use --noise independent for categorical units");
    }

    @Override
    public NDArray relax(NDArray z, NDArray temperature) {
        return z.div(temperature).softmax(-1);
    }

    @Override
    public NDArray score(NDArray logits, NDArray b) {
        return b.sub(logits.softmax(-1));
    }

    @Override
    public NDArray logProbability(NDArray logits, NDArray b) {
        return logits.logSoftmax(-1).mul(b).sum(new int[] {-1});
    }

    @Override
    public NDArray mean(NDArray logits) {
        return logits.softmax(-1);
    }

    /** G = −log(−log u). */
    static NDArray gumbel(NDArray u) {
        return u.log().neg().log().neg();
    }
}

package org.relax4j.core.estimator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import org.relax4j.core.distribution.DiscreteDistribution;
import org.relax4j.core.distribution.NoiseMode;
import org.relax4j.core.engine.Autograd;

/**
 * The draws REBAR and RELAX share (Tucker et al. 2017, eqs. 4–5; Grathwohl et al. 2018, eq. 8):
 * z = reparameterize(α, u), b = H(z), z̃ ~ p(z | b) from fresh (or tied) noise v, and f(b).
 *
 * @param dist the problem's distribution
 * @param logits α as a leaf that requires a gradient
 * @param z the relaxed sample
 * @param b the hard sample H(z)
 * @param zTilde the conditional relaxed sample z̃
 * @param f f(b), carrying the objective's graph
 * @param fValue f(b) with no graph
 */
record RelaxedSamples(
        DiscreteDistribution dist, NDArray logits, NDArray z, NDArray b, NDArray zTilde, NDArray f, NDArray fValue) {

    /** Draws them for {@code problem}, with z̃'s noise independent of u or tied to it. */
    static RelaxedSamples draw(EstimationProblem problem, NoiseMode noiseMode) {
        DiscreteDistribution dist = problem.distribution();
        NDArray logits = EstimatorSupport.leaf(problem.logits());
        NDArray u = problem.samplingNoise();
        NDArray z = dist.reparameterize(logits, u);
        NDArray b = dist.hard(z);
        NDArray v = noiseMode == NoiseMode.TIED ? dist.tiedNoise(logits, u, b) : problem.uniform(logits.getShape());
        NDArray zTilde = dist.conditional(logits, b, v);
        NDArray f = EstimatorSupport.hardObjective(problem, b);
        return new RelaxedSamples(dist, logits, z, b, zTilde, f, f.stopGradient());
    }

    /**
     * The single-sample gradient ĝ = [f(b) − c(z̃)]·∂log p(b)/∂α + ∂c(z)/∂α − ∂c(z̃)/∂α
     * (Grathwohl et al. 2018, eq. 8; REBAR's when c is η·f(σ_λ(·))), from the control variate c
     * of the stacked samples (z, z̃), shape (2, B), and the {@link ReverseSeed} for B; with
     * {@code createGraph} it stays differentiable in the control variate's parameters.
     */
    NDArray gradient(EstimationProblem problem, NDArray c, NDArray seed, boolean createGraph) {
        NDArray pathwise = Autograd.grad(new NDList(c), new NDList(logits), new NDList(seed), createGraph)
                .get(0);
        NDArray score = dist.score(problem.logits().stopGradient(), b);
        return EstimatorSupport.perUnit(fValue.sub(c.get(1)), score).mul(score).add(pathwise);
    }
}

package org.relax4j.core.estimator;

import ai.djl.ndarray.NDArray;
import org.relax4j.core.engine.NativeArrays;
import org.relax4j.core.engine.Autograd;
import org.relax4j.core.distribution.DiscreteDistribution;

/**
 * The Concrete / Gumbel-softmax estimator (Maddison et al. 2017; Jang et al. 2017):
 * ĝ = ∂f(σ_λ(z))/∂α with z = g(α, u), at a fixed temperature λ.
 *
 * <p><b>Biased</b>: it differentiates the relaxed objective E[f(σ_λ(z))], not E[f(b)]; the bias
 * vanishes only as λ → 0, where the variance grows without bound. The reported objective is f(b)
 * at the hard sample b = H(z).
 */
public final class Concrete extends AbstractEstimator {

    private final double temperature;

    /** A Concrete estimator at temperature λ. */
    public Concrete(double temperature) {
        super("concrete", false, 1);
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be positive, got " + temperature);
        }
        this.temperature = temperature;
    }

    @Override
    public GradientEstimate estimate(EstimationProblem problem) {
        EstimatorSupport.requireGradMode(name());
        DiscreteDistribution dist = problem.distribution();
        NDArray logits = EstimatorSupport.leaf(problem.logits());
        NDArray z = dist.reparameterize(logits, problem.samplingNoise());
        NDArray lambda = NativeArrays.constant(logits, temperature);
        NDArray relaxed = problem.objective().apply(dist.relax(z, lambda).expandDims(0), lambda).squeeze(0);
        NDArray g = Autograd.gradKeepingGraph(relaxed, logits); // relaxed is also the direct objective
        NDArray hard = EstimatorSupport.hardObjective(problem, dist.hard(z)).stopGradient();
        return new GradientEstimate(g, hard, relaxed, null);
    }
}

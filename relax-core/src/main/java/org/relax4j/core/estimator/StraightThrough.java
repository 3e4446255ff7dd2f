package org.relax4j.core.estimator;

import ai.djl.ndarray.NDArray;
import org.relax4j.core.distribution.DiscreteDistribution;
import org.relax4j.core.engine.Autograd;

/**
 * The straight-through estimator (Bengio et al. 2013): the forward pass evaluates f(b) at the
 * hard sample, the backward pass treats ∂b/∂E[b] as the identity, i.e. ĝ = ∂f(h)/∂α with
 * h = b + p − stop(p), p = σ(α) (softmax(α) for categorical units).
 *
 * <p><b>Biased</b>: it ignores how f changes between the discrete points.
 */
public final class StraightThrough extends AbstractEstimator {

    /** The straight-through estimator. */
    public StraightThrough() {
        super("straight-through", EstimatorTarget.NONE, 1);
    }

    @Override
    public GradientEstimate estimate(EstimationProblem problem) {
        EstimatorSupport.requireGradMode(name());
        DiscreteDistribution dist = problem.distribution();
        NDArray logits = EstimatorSupport.leaf(problem.logits());
        NDArray b = dist.hard(dist.reparameterize(logits, problem.samplingNoise()));
        NDArray p = dist.mean(logits);
        NDArray h = b.add(p).sub(p.stopGradient());
        NDArray f = EstimatorSupport.hardObjective(problem, h);
        NDArray g = Autograd.gradKeepingGraph(f, logits); // f is also the direct objective
        return new GradientEstimate(g, f.stopGradient(), f, null);
    }
}

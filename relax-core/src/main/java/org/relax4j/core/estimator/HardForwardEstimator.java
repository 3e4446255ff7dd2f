package org.relax4j.core.estimator;

import ai.djl.ndarray.NDArray;
import java.util.function.BinaryOperator;
import org.relax4j.core.distribution.DiscreteDistribution;
import org.relax4j.core.engine.Autograd;

/**
 * Base of the biased single-evaluation estimators that evaluate f at the hard sample b and
 * differentiate a surrogate h whose value is b (straight-through style): ĝ = ∂f(h)/∂α with
 * h = b + r(α) − stop(r(α)), one evaluation of f. Subclasses choose r, the backward path.
 */
abstract class HardForwardEstimator extends AbstractEstimator {

    HardForwardEstimator(String name) {
        super(name, EstimatorTarget.NONE, 1);
    }

    @Override
    public final GradientEstimate estimate(EstimationProblem problem) {
        EstimatorSupport.requireGradMode(name());
        DiscreteDistribution dist = problem.distribution();
        NDArray logits = EstimatorSupport.leaf(problem.logits());
        NDArray b = dist.hard(dist.reparameterize(logits.stopGradient(), problem.samplingNoise()));
        NDArray h = surrogate(problem, logits, b);
        NDArray f = EstimatorSupport.hardObjective(problem, h);
        NDArray g = Autograd.gradKeepingGraph(f, logits); // f is also the direct objective
        return new GradientEstimate(g, f.stopGradient(), f, null);
    }

    /**
     * The surrogate h: equal to b in value, differentiable in the logits along the estimator's
     * backward path.
     *
     * @param problem the problem (for its distribution and noise)
     * @param logits the leaf logits α, of the problem's shape
     * @param b the hard sample, of the logits' shape
     */
    abstract NDArray surrogate(EstimationProblem problem, NDArray logits, NDArray b);

    /**
     * Applies a surrogate defined for categorical units to the problem's units: directly for
     * categorical units; for Bernoulli units on the 2-class view, logits (0, α) and one-hot
     * (1 − b, b), returning the class-1 entry.
     */
    static NDArray onCategories(
            EstimationProblem problem, NDArray logits, NDArray b, BinaryOperator<NDArray> categorical) {
        if (problem.isCategorical()) {
            return categorical.apply(logits, b);
        }
        return Units.classOne(categorical.apply(Units.twoClassLogits(logits), Units.twoClassOneHot(b)));
    }

    /** h = b + r − stop(r): the value of b with the gradient of r. */
    static NDArray straightThrough(NDArray b, NDArray r) {
        return b.add(r).sub(r.stopGradient());
    }
}

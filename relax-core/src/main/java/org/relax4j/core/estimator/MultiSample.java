package org.relax4j.core.estimator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.relax4j.core.distribution.DiscreteDistribution;
import org.relax4j.core.engine.Autograd;

/**
 * K independent samples per example for the multi-sample estimators (RLOO, VIMCO, double-CV,
 * RODEO): the logits broadcast to (K, B, units…), samples b_k, f(b_k) in one call of shape (K, B),
 * and the scores (constants, also when b_k is drawn differentiable).
 */
record MultiSample(NDArray b, NDArray f, NDArray score) {

    /** Checks K ≥ 2 and returns it. */
    static int checkSamples(String estimator, int k) {
        if (k < 2) {
            throw new IllegalArgumentException(estimator + " needs at least 2 samples per example, got " + k);
        }
        return k;
    }

    static MultiSample draw(EstimationProblem problem, int k, String estimator) {
        return draw(problem, k, estimator, false);
    }

    /**
     * As {@link #draw(EstimationProblem, int, String)}, with b a leaf that requires a gradient when
     * {@code differentiable}, so that {@link #objectiveGradient()} can differentiate f at the samples.
     */
    static MultiSample draw(EstimationProblem problem, int k, String estimator, boolean differentiable) {
        if (problem.hasFixedSamplingNoise()) {
            throw new IllegalArgumentException(
                    estimator + " draws its own " + k + " samples per example and cannot use fixed sampling "
                            + "noise; use a single-sample estimator (reinforce, rebar, relax, arm, disarm) here");
        }
        DiscreteDistribution dist = problem.distribution();
        NDArray logits = problem.logits().stopGradient();
        Shape shape = new Shape(k).addAll(logits.getShape());
        NDArray broadcast = logits.expandDims(0).broadcast(shape);
        NDArray b = dist.hard(dist.reparameterize(broadcast, problem.uniform(shape)));
        if (differentiable) {
            b.setRequiresGradient(true);
        }
        NDArray f = problem.objective().apply(b, null);
        return new MultiSample(b, f, dist.score(broadcast, differentiable ? b.stopGradient() : b));
    }

    /**
     * ∂f(b_k)/∂b_k, shape (K, B, units…), detached: f's derivative at each sample with respect to
     * its input (zero where f does not depend on it through its graph). One reverse pass through f
     * that keeps f's graph for the model's own gradient; needs a draw with {@code differentiable}.
     */
    NDArray objectiveGradient() {
        return Autograd.gradKeepingGraph(f, b).stopGradient();
    }
}

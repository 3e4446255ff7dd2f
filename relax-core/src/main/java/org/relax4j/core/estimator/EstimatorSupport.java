package org.relax4j.core.estimator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import org.relax4j.core.distribution.Bernoulli;
import org.relax4j.core.engine.Autograd;

/** Steps that several estimators share: leaf logits, per-example broadcasting, hard evaluation. */
final class EstimatorSupport {

    private EstimatorSupport() {}

    /** Fails with an explanation unless grad mode is on. */
    static void requireGradMode(String estimator) {
        if (!Autograd.isGradMode()) {
            throw new IllegalStateException(estimator + ".estimate needs grad mode: call it inside a GradientCollector "
                    + "(try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {...})");
        }
    }

    /**
     * A detached copy α' of the logits that requires a gradient: estimators differentiate with
     * respect to α' so nothing they do reaches the graph behind α.
     */
    static NDArray leaf(NDArray logits) {
        NDArray leaf = logits.stopGradient();
        leaf.setRequiresGradient(true);
        return leaf;
    }

    /** Reshapes a per-example array (…, B) to broadcast against {@code like} (…, B, units…). */
    static NDArray perUnit(NDArray perExample, NDArray like) {
        int extra = like.getShape().dimension() - perExample.getShape().dimension();
        Shape shape = perExample.getShape();
        for (int i = 0; i < extra; i++) {
            shape = shape.add(1);
        }
        return perExample.reshape(shape);
    }

    /** f(b) for one hard sample b (B, units…), shape (B), keeping the objective's graph. */
    static NDArray hardObjective(EstimationProblem problem, NDArray b) {
        return problem.objective().apply(b.expandDims(0), null).squeeze(0);
    }

    /** Stacks arrays along a new leading axis. */
    static NDArray stack(NDArray... arrays) {
        return NDArrays.stack(new NDList(arrays), 0);
    }

    /** The mean of a per-example array over its leading sample axis. */
    static NDArray meanOverSamples(NDArray values) {
        return values.mean(new int[] {0});
    }

    /** log Σ exp over an axis, stably. */
    static NDArray logSumExp(NDArray x, int axis) {
        NDArray max = x.stopGradient().max(new int[] {axis}, true);
        return x.sub(max).exp().sum(new int[] {axis}).log().add(max.squeeze(axis));
    }

    /** Fails with a message naming the alternatives unless the problem's units are Bernoulli. */
    static void requireBernoulli(EstimationProblem problem, String estimator) {
        if (problem.distribution() != Bernoulli.INSTANCE) {
            throw new IllegalArgumentException(
                    estimator + " is defined for Bernoulli units only; use reinforce, rloo, rebar or relax for "
                            + problem.distribution().name() + " units");
        }
    }

    /**
     * The leave-one-out means over the leading sample axis: row k of the result is
     * (1/(K − 1)) Σ_{j≠k} x_j, for x of shape (K, …), K ≥ 2.
     */
    static NDArray leaveOneOutMean(NDArray x) {
        long k = x.getShape().get(0);
        return x.sum(new int[] {0}, true).sub(x).div(k - 1);
    }
}

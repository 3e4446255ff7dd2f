package org.relax4j.core.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import org.relax4j.core.engine.Autograd;

/**
 * One optimizer step on chosen parameters: gradients of a loss with respect to exactly those
 * parameters (nothing else is touched), a finiteness check, then the update. Optimizer state is
 * keyed by the parameters' names in the {@link ParameterList}, which are stable across runs.
 */
public final class GradientStep {

    private GradientStep() {}

    /** The gradients of {@code loss} with respect to {@code parameters}, detached. */
    public static NDList gradients(NDArray loss, ParameterList parameters) {
        NDList arrays = new NDList(parameters.size());
        for (Pair<String, Parameter> p : parameters) {
            arrays.add(p.getValue().getArray());
        }
        return Autograd.grad(loss, arrays, false);
    }

    /** Whether every gradient is finite (no NaN or ±∞). */
    public static boolean allFinite(NDList gradients) {
        for (NDArray g : gradients) {
            if (!isFinite(g)) {
                return false;
            }
        }
        return true;
    }

    /** Whether every entry of {@code a} (float32 or float64) is finite. */
    public static boolean isFinite(NDArray a) {
        NDArray largest = a.abs().max();
        return largest.getDataType() == DataType.FLOAT64
                ? Double.isFinite(largest.getDouble())
                : Float.isFinite(largest.getFloat());
    }

    /** Applies {@code gradients} (one per parameter, same order) with {@code optimizer}. */
    public static void apply(Optimizer optimizer, ParameterList parameters, NDList gradients) {
        for (int i = 0; i < parameters.size(); i++) {
            optimizer.update(parameters.keyAt(i), parameters.valueAt(i).getArray(), gradients.get(i));
        }
    }

    /**
     * Minimises {@code loss} by one step over {@code parameters}; skips the step and returns
     * false if the loss or a gradient is not finite.
     */
    public static boolean minimize(Optimizer optimizer, NDArray loss, ParameterList parameters) {
        if (parameters.isEmpty() || loss == null) {
            return true;
        }
        if (!Float.isFinite(loss.getFloat())) {
            return false;
        }
        NDList grads = gradients(loss, parameters);
        if (!allFinite(grads)) {
            return false;
        }
        apply(optimizer, parameters, grads);
        return true;
    }
}

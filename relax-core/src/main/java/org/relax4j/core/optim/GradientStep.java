package org.relax4j.core.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
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
 *
 * <p>Speed: a training step's gradients are checked as one flat vector ({@link #flatten}): one
 * reduction and one host read for all of them, instead of three native calls and a read each.
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

    /**
     * The gradients (or any arrays of one data type) as one 1-D array, in order: the input of
     * {@link #largestMagnitude}.
     */
    public static NDArray flatten(NDList arrays) {
        NDList flat = new NDList(arrays.size());
        for (NDArray a : arrays) {
            flat.add(a.reshape(-1));
        }
        return flat.size() == 1 ? flat.get(0) : NDArrays.concat(flat);
    }

    /** {@link #flatten}{@code (arrays)} if they all have one data type, else null. */
    public static NDArray flattenIfUniform(NDList arrays) {
        DataType type = arrays.get(0).getDataType();
        for (NDArray a : arrays) {
            if (a.getDataType() != type) {
                return null;
            }
        }
        return flatten(arrays);
    }

    /**
     * max |a| over every entry of {@code arrays} as a 0-d array, NaN if an entry is NaN: finite
     * exactly when every entry is. {@code flat} is their {@link #flatten flattening} if already
     * made (one reduction), else null (one per array, combined on the device). Nothing is read to
     * the host: read several such scalars at once with {@link #readScalars}.
     */
    public static NDArray largestMagnitude(NDList arrays, NDArray flat) {
        if (flat != null) {
            return flat.abs().max();
        }
        if (arrays.size() == 1) {
            return arrays.get(0).abs().max();
        }
        NDList maxima = new NDList(arrays.size());
        boolean wide = false;
        for (NDArray a : arrays) {
            wide |= a.getDataType() != DataType.FLOAT32;
        }
        for (NDArray a : arrays) {
            NDArray m = a.abs().max();
            maxima.add(wide ? m.toType(DataType.FLOAT64, false) : m);
        }
        return NDArrays.stack(maxima).max();
    }

    /**
     * The values of 0-d arrays (float32 or float64) in one host read, as doubles (a float's value
     * exactly).
     */
    public static double[] readScalars(NDList scalars) {
        boolean wide = false;
        for (NDArray a : scalars) {
            wide |= a.getDataType() != DataType.FLOAT32;
        }
        NDList same = new NDList(scalars.size());
        for (NDArray a : scalars) {
            same.add(wide && a.getDataType() != DataType.FLOAT64 ? a.toType(DataType.FLOAT64, false) : a);
        }
        NDArray all = same.size() == 1 ? same.get(0).reshape(1) : NDArrays.stack(same);
        if (wide) {
            return all.toDoubleArray();
        }
        float[] f = all.toFloatArray();
        double[] out = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = f[i];
        }
        return out;
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

package org.relax4j.core.stack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.List;
import org.relax4j.core.engine.NativeArrays;

/**
 * Arrays on a leading run axis of length K: stacking K runs' arrays of one shape into one of
 * shape (K, shape…), copying slices back into the runs' arrays, and spreading a per-run value over
 * each run's block of examples. A stacked batch of K runs' minibatches of B examples is laid out
 * run-major, (K·B, …): rows k·B … k·B + B − 1 are run k's.
 */
public final class RunAxis {

    private RunAxis() {}

    /**
     * A parameter named {@code name} of type {@code type} whose array, created on {@code manager},
     * stacks the runs' float32 arrays (all of one shape) along a new leading axis.
     *
     * @param trainable whether the stacked array requires a gradient
     */
    public static Parameter stack(
            String name, Parameter.Type type, List<NDArray> perRun, NDManager manager, boolean trainable) {
        Parameter p = Parameter.builder()
                .setName(name)
                .setType(type)
                .optRequiresGrad(trainable)
                .build();
        NDArray array = stackValues(perRun, manager);
        p.setArray(array);
        if (trainable) {
            array.setRequiresGradient(true);
        }
        return p;
    }

    /** The runs' float32 arrays (all of one shape) stacked along a new leading axis on {@code manager}. */
    public static NDArray stackValues(List<NDArray> perRun, NDManager manager) {
        Shape shape = perRun.get(0).getShape();
        int size = Math.toIntExact(shape.size());
        float[] values = new float[size * perRun.size()];
        for (int k = 0; k < perRun.size(); k++) {
            NDArray a = perRun.get(k);
            if (!a.getShape().equals(shape) || a.getDataType() != DataType.FLOAT32) {
                throw new IllegalArgumentException("cannot stack runs' arrays of shapes " + shape + " and "
                        + a.getShape() + " (float32 only, got " + a.getDataType() + ")");
            }
            System.arraycopy(a.toFloatArray(), 0, values, k * size, size);
        }
        return NativeArrays.copyOf(manager, values, new Shape(perRun.size()).addAll(shape));
    }

    /** Copies slice k of {@code stacked} (K, shape…) into {@code perRun.get(k)} (shape…), in place. */
    public static void unstack(NDArray stacked, List<NDArray> perRun) {
        checkRuns(stacked, perRun.size());
        for (int k = 0; k < perRun.size(); k++) {
            try (NDArray slice = stacked.get(k)) {
                perRun.get(k).set(slice.toByteBuffer());
            }
        }
    }

    /** Copies each run's array into its slice of {@code stacked} (K, shape…), in place. */
    public static void restack(List<NDArray> perRun, NDArray stacked) {
        checkRuns(stacked, perRun.size());
        try (NDArray values = stackValues(perRun, stacked.getManager())) {
            stacked.set(values.toByteBuffer());
        }
    }

    /**
     * A per-run array of shape (K, 1) or (K) spread over each run's {@code batch} examples:
     * shape (K·B, 1) (or (K·B)), row k·B + i holding run k's value; differentiable.
     */
    public static NDArray perExample(NDArray perRun, long batch) {
        Shape shape = perRun.getShape();
        long runs = shape.get(0);
        Shape rest = shape.slice(1);
        Shape spread = new Shape(runs, batch).addAll(rest.dimension() == 0 ? new Shape() : rest);
        NDArray expanded = perRun.reshape(new Shape(runs, 1).addAll(rest)).broadcast(spread);
        return expanded.reshape(new Shape(runs * batch).addAll(rest));
    }

    /**
     * Each run's affine map x·W_kᵀ + b_k, as one batched matrix product: input (…, K, B, in),
     * weight (K, out, in) (DJL's {@code Linear} layout), bias (K, out); output (…, K, B, out).
     * Leading sample axes are folded into the rows of each run's product (not broadcast against
     * the weights, which would copy them once per sample).
     */
    public static NDArray linear(NDArray input, NDArray weight, NDArray bias) {
        Shape shape = input.getShape();
        int dims = shape.dimension();
        long runs = shape.get(dims - 3);
        long rows = shape.get(dims - 2);
        long in = shape.get(dims - 1);
        long out = weight.getShape().get(1);
        NDArray b = bias.expandDims(1);
        if (dims == 3) {
            return product(input, weight).add(b);
        }
        long samples = shape.size() / (runs * rows * in);
        NDArray folded =
                input.reshape(samples, runs, rows, in).transpose(1, 0, 2, 3).reshape(runs, samples * rows, in);
        NDArray y = product(folded, weight).add(b);
        return y.reshape(runs, samples, rows, out)
                .transpose(1, 0, 2, 3)
                .reshape(shape.slice(0, dims - 1).add(out));
    }

    /**
     * x·Wᵀ per run for x (K, rows, in) and W (K, out, in), computed as (W·xᵀ)ᵀ so that W enters
     * the product as stored: its gradient then comes back contiguous, like the weight, rather
     * than as a transposed view (which makes every later elementwise pass over it, the
     * optimizer's included, a strided one).
     */
    private static NDArray product(NDArray x, NDArray weight) {
        return weight.matMul(x.transpose(0, 2, 1)).transpose(0, 2, 1);
    }

    private static void checkRuns(NDArray stacked, int runs) {
        if (stacked.getShape().dimension() == 0 || stacked.getShape().get(0) != runs) {
            throw new IllegalArgumentException(
                    "a stacked array of shape " + stacked.getShape() + " does not have " + runs + " runs");
        }
    }
}

package org.relax4j.core.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Arrays whose storage libtorch owns: copies of Java arrays and scalar constants.
 *
 * <p>On the CPU, DJL 0.35's {@code NDManager.create(float[], …)} wraps Java memory without copying
 * ({@code torch::from_blob}), and its {@code x.mul(2)}, {@code x.div(c)}, {@code x.maximum(0)},
 * {@code x.pow(c)} wrap the Java number the same way and free it right after the operation. When
 * autograd keeps such a tensor for the backward pass it may read memory the garbage collector has
 * already reused: wrong, run-to-run different and occasionally enormous gradients, and steps that
 * are not bit-reproducible from one process to the next. Relax4J copies every Java array once into
 * libtorch-allocated storage ({@link #copyOf}) and builds every differentiated constant with
 * {@link #constant}. In your own objectives, use {@link #constant} / {@link #times} (or tensor-only
 * arithmetic such as {@code h.add(h)}) rather than the {@code Number} overloads for products,
 * quotients, powers and maxima of arrays that require gradients; sums and differences with numbers
 * are safe.
 */
public final class NativeArrays {

    private NativeArrays() {}

    /**
     * {@code values} as an array of the given shape in libtorch-owned memory on {@code manager}.
     *
     * @param manager the manager (and device) of the result
     * @param values the values, in row-major order
     * @param shape the shape, of {@code values.length} elements
     * @return the copy
     */
    public static NDArray copyOf(NDManager manager, float[] values, Shape shape) {
        try (NDArray wrapped = manager.create(values, shape)) {
            return wrapped.duplicate();
        }
    }

    /**
     * {@code values} as a 1-D array in libtorch-owned memory on {@code manager}.
     *
     * @param manager the manager (and device) of the result
     * @param values the values
     * @return the copy
     */
    public static NDArray copyOf(NDManager manager, float[] values) {
        return copyOf(manager, values, new Shape(values.length));
    }

    /**
     * {@code values} as an array of the given shape in libtorch-owned memory on {@code manager}.
     *
     * @param manager the manager (and device) of the result
     * @param values the values, in row-major order
     * @param shape the shape, of {@code values.length} elements
     * @return the copy
     */
    public static NDArray copyOf(NDManager manager, double[] values, Shape shape) {
        try (NDArray wrapped = manager.create(values, shape)) {
            return wrapped.duplicate();
        }
    }

    /**
     * A 0-d array holding {@code value}, with {@code like}'s data type and device.
     *
     * @param like the array whose data type, manager and device the constant takes
     * @param value the value
     * @return the constant, safe to keep in an autograd graph
     */
    public static NDArray constant(NDArray like, double value) {
        DataType type = like.getDataType();
        if (type == DataType.FLOAT64) {
            try (NDArray wrapped = like.getManager().create(value)) {
                return wrapped.duplicate();
            }
        }
        return like.getManager().full(new Shape(), (float) value, type);
    }

    /**
     * {@code x · c}, safe to differentiate.
     *
     * @param x the array
     * @param c the factor
     * @return the product
     */
    public static NDArray times(NDArray x, double c) {
        return x.mul(constant(x, c));
    }
}

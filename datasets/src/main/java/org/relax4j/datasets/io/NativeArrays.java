package org.relax4j.datasets.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Java arrays as NDArrays whose memory libtorch owns.
 *
 * <p>On the CPU, DJL's {@code NDManager.create(float[], …)} wraps a Java direct buffer without
 * copying ({@code torch::from_blob}): the tensor's storage is Java memory, unaligned for libtorch's
 * kernels and tied to the lifetime of one Java object. Training steps built on such tensors were
 * not bit-reproducible from one process to the next (measured: REBAR runs with the same seed
 * drifted apart after ~50 steps; with copies they stay identical). These methods copy once into
 * libtorch-allocated storage and release the wrapper, on any device.
 */
public final class NativeArrays {

    private NativeArrays() {}

    /** {@code values} as an array of the given shape in libtorch-owned memory on {@code manager}. */
    public static NDArray copyOf(NDManager manager, float[] values, Shape shape) {
        try (NDArray wrapped = manager.create(values, shape)) {
            return wrapped.duplicate();
        }
    }

    /** {@code values} as a 1-D array in libtorch-owned memory on {@code manager}. */
    public static NDArray copyOf(NDManager manager, float[] values) {
        return copyOf(manager, values, new Shape(values.length));
    }

    /** {@code values} as an array of the given shape in libtorch-owned memory on {@code manager}. */
    public static NDArray copyOf(NDManager manager, double[] values, Shape shape) {
        try (NDArray wrapped = manager.create(values, shape)) {
            return wrapped.duplicate();
        }
    }
}

package org.relax4j.core.ndarray;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Scalar constants for arithmetic that autograd will differentiate.
 *
 * <p>DJL 0.35's {@code x.mul(2)}, {@code x.div(c)}, {@code x.maximum(0)}, {@code x.pow(c)} wrap the
 * Java number in a tensor over Java memory ({@code torch::from_blob}) and close it right after the
 * operation. When x requires a gradient, PyTorch keeps that tensor for the backward pass, which can
 * then read memory the garbage collector has already freed: wrong, run-to-run different and
 * occasionally enormous gradients. Relax4J builds every differentiated constant with {@link #of},
 * whose storage libtorch owns. In your own objectives, use it (or tensor-only arithmetic such as
 * {@code h.add(h)}) rather than the {@code Number} overloads for products, quotients, powers and
 * maxima of arrays that require gradients; sums and differences with numbers are safe.
 */
public final class Scalars {

    private Scalars() {}

    /** A 0-d array holding {@code value}, with {@code like}'s data type and device. */
    public static NDArray of(NDArray like, double value) {
        DataType type = like.getDataType();
        if (type == DataType.FLOAT64) {
            try (NDArray wrapped = like.getManager().create(value)) {
                return wrapped.duplicate();
            }
        }
        return like.getManager().full(new Shape(), (float) value, type);
    }

    /** {@code x · c}, safe to differentiate. */
    public static NDArray times(NDArray x, double c) {
        return x.mul(of(x, c));
    }
}

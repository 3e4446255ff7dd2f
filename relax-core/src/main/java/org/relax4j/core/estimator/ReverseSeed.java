package org.relax4j.core.estimator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;

/**
 * The reverse-mode seed of REBAR's and RELAX's pathwise term: +1 for the B samples z and −1 for
 * the B samples z̃, shape (2, B), so one backward pass through c(z) and c(z̃) yields
 * ∂c(z)/∂α − ∂c(z̃)/∂α. A constant, made once and kept while the batch size and device stay the
 * same; {@link #close} releases it.
 */
final class ReverseSeed implements AutoCloseable {

    private NDArray seed;

    /** The seed for {@code batch} samples on {@code manager}'s device. */
    NDArray get(NDManager manager, long batch) {
        if (seed == null || seed.getShape().get(1) != batch || !seed.getDevice().equals(manager.getDevice())) {
            close();
            try (NDScope scope = new NDScope()) {
                seed = EstimatorSupport.stack(
                        manager.ones(new Shape(batch)),
                        manager.ones(new Shape(batch)).neg());
                NDScope.unregister(seed);
                seed.detach();
            }
        }
        return seed;
    }

    @Override
    public void close() {
        if (seed != null) {
            seed.close();
            seed = null;
        }
    }
}

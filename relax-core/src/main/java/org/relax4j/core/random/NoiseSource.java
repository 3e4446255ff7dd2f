package org.relax4j.core.random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.relax4j.core.engine.NativeArrays;

/**
 * Reproducible uniform noise for stochastic estimators, addressed by (seed, step, stream) rather
 * than drawn from a generator whose state must be saved.
 *
 * <p>The noise of training step {@code t} is a pure function of the seed and {@code t}: a run
 * resumed at step {@code t} draws exactly what an uninterrupted run would have drawn, on any
 * device, without checkpointing generator state. Values are generated on the host with {@link
 * SplittableRandom} and copied to the target device.
 */
public final class NoiseSource {

    private static final double SCALE = 1.0 / (1 << 24);
    private static final float LARGEST_BELOW_ONE = Math.nextDown(1f);

    private final long seed;

    /** A noise source for the given seed. */
    public NoiseSource(long seed) {
        this.seed = seed;
    }

    /** The seed. */
    public long seed() {
        return seed;
    }

    /** The noise of one step: successive calls of its methods draw independent streams. */
    public StepNoise forStep(long step) {
        return new StepNoise(mix(seed, step));
    }

    /** Uniform noise for a step, one independent stream per call. */
    public static final class StepNoise {
        private final long key;
        private long stream;

        private StepNoise(long key) {
            this.key = key;
        }

        /**
         * Uniform(0, 1) noise of the given shape, strictly inside the open interval as float32
         * values (see {@link NoiseSource#unit}), so log u, log(1 − u) and logit u are finite.
         */
        public NDArray uniform(NDManager manager, Shape shape) {
            return NativeArrays.copyOf(manager, uniformFloats(Math.toIntExact(shape.size())), shape);
        }

        /** The same values as {@link #uniform} would give, as a Java array. */
        public float[] uniformFloats(int size) {
            SplittableRandom rng = new SplittableRandom(mix(key, stream++));
            float[] values = new float[size];
            for (int i = 0; i < size; i++) {
                values[i] = unit(rng.nextInt(1 << 24));
            }
            return values;
        }
    }

    /**
     * The k-th of 2²⁴ equally likely values, (k + ½)·2⁻²⁴ rounded to float32 and kept below 1:
     * near 1 the float32 spacing is 2⁻²⁴, so the largest value would otherwise round up to exactly
     * 1 and make log(1 − u) infinite.
     */
    static float unit(int k) {
        return Math.min((float) ((k + 0.5) * SCALE), LARGEST_BELOW_ONE);
    }

    /** SplitMix64 finaliser of a ⊕ golden-ratio multiple of b. */
    static long mix(long a, long b) {
        long z = a ^ (b * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

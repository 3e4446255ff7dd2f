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

    private final long[] seeds;

    /** A noise source for the given seed. */
    public NoiseSource(long seed) {
        this.seeds = new long[] {seed};
    }

    private NoiseSource(long[] seeds) {
        this.seeds = seeds;
    }

    /**
     * The noise of K independent runs stacked along a leading run axis: every draw of shape
     * (K·n…) or (K, n…) is K equal consecutive blocks, block k holding exactly what
     * {@code new NoiseSource(seeds[k])} draws for the per-run shape at the same step and stream.
     * So stacked runs draw the same noise as their solo runs.
     *
     * @param seeds one seed per run, K ≥ 1
     */
    public static NoiseSource stacked(long... seeds) {
        if (seeds.length == 0) {
            throw new IllegalArgumentException("a stacked noise source needs at least one seed");
        }
        return new NoiseSource(seeds.clone());
    }

    /** The seed (the first run's, for a stacked source). */
    public long seed() {
        return seeds[0];
    }

    /** The number of runs whose noise this source stacks (1 unless built by {@link #stacked}). */
    public int runs() {
        return seeds.length;
    }

    /** The noise of one step: successive calls of its methods draw independent streams. */
    public StepNoise forStep(long step) {
        long[] keys = new long[seeds.length];
        for (int k = 0; k < seeds.length; k++) {
            keys[k] = mix(seeds[k], step);
        }
        return new StepNoise(keys);
    }

    /** Uniform noise for a step, one independent stream per call. */
    public static final class StepNoise {
        private final long[] keys;
        private long stream;

        private StepNoise(long[] keys) {
            this.keys = keys;
        }

        /**
         * Uniform(0, 1) noise of the given shape, strictly inside the open interval as float32
         * values (see {@link NoiseSource#unit}), so log u, log(1 − u) and logit u are finite.
         */
        public NDArray uniform(NDManager manager, Shape shape) {
            return NativeArrays.copyOf(manager, uniformFloats(Math.toIntExact(shape.size())), shape);
        }

        /**
         * The same values as {@link #uniform} would give, as a Java array; for K stacked runs,
         * {@code size} must be a multiple of K and run k's block is its own stream's.
         */
        public float[] uniformFloats(int size) {
            long index = stream++;
            int runs = keys.length;
            if (size % runs != 0) {
                throw new IllegalArgumentException(
                        "a draw of " + size + " values cannot be split evenly over " + runs + " stacked runs");
            }
            int block = size / runs;
            float[] values = new float[size];
            for (int k = 0; k < runs; k++) {
                SplittableRandom rng = new SplittableRandom(mix(keys[k], index));
                int offset = k * block;
                for (int i = 0; i < block; i++) {
                    values[offset + i] = unit(rng.nextInt(1 << 24));
                }
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

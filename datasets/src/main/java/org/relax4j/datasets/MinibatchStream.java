package org.relax4j.datasets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.relax4j.core.engine.NativeArrays;

/**
 * Deterministic minibatches for training: the batch of global step {@code step} is a pure function
 * of (data, binarization, batch size, seed, step), computed directly — a run resumed at step k sees
 * exactly the batches an uninterrupted run would, without replaying steps 0..k-1.
 *
 * <ul>
 *   <li>{@code stepsPerEpoch = floor(N / B)}; the last {@code N mod B} examples of each epoch's order
 *       are dropped.
 *   <li>{@code epoch = step / stepsPerEpoch}; the epoch's order is a Fisher–Yates permutation driven
 *       by {@link CounterRandom} with base (seed, epoch); the batch is positions {@code
 *       (step mod stepsPerEpoch)·B ..+B} of it. The current epoch's permutation is cached.
 *   <li>{@link Binarization#DYNAMIC} noise is keyed by (seed, step, row, pixel); {@link
 *       Binarization#STATIC} and {@link Binarization#THRESHOLD} do not depend on the seed.
 * </ul>
 *
 * <p>The static methods iterate a whole split in order, for evaluation; there, {@code DYNAMIC}
 * binarization is keyed by ({@link #EVAL_SEED}, example, pixel), so evaluation is reproducible and
 * independent of the batch size.
 *
 * <p>Thread-safe.
 */
public final class MinibatchStream {

    /** Seed of the dynamic binarization used in evaluation: {@code 0xE7A1}. */
    public static final long EVAL_SEED = 0xE7A1L;

    static final long DOMAIN_PERMUTATION = 0x9E12L;
    static final long DOMAIN_DYNAMIC = 0xD1AL;
    static final long DOMAIN_EVAL = 0xE7AL;

    private final SplitData data;
    private final Binarization binarization;
    private final int batchSize;
    private final long seed;
    private final long stepsPerEpoch;

    private long cachedEpoch = -1;
    private int[] cachedPermutation;

    /**
     * @param data the examples (usually {@link MnistData#train()})
     * @param binarization how to binarize
     * @param batchSize B, 1 ≤ B ≤ N
     * @param seed the seed of the example order and of dynamic binarization
     */
    public MinibatchStream(SplitData data, Binarization binarization, int batchSize, long seed) {
        this.data = Objects.requireNonNull(data, "data");
        this.binarization = Objects.requireNonNull(binarization, "binarization");
        if (batchSize < 1 || batchSize > data.size()) {
            throw new IllegalArgumentException(
                    "batch size must be between 1 and the number of examples (" + data.size() + "), got " + batchSize);
        }
        this.batchSize = batchSize;
        this.seed = seed;
        this.stepsPerEpoch = data.size() / batchSize;
    }

    /** The examples. */
    public SplitData data() {
        return data;
    }

    /** The binarization. */
    public Binarization binarization() {
        return binarization;
    }

    /** B. */
    public int batchSize() {
        return batchSize;
    }

    /** The seed. */
    public long seed() {
        return seed;
    }

    /** floor(N / B). */
    public long stepsPerEpoch() {
        return stepsPerEpoch;
    }

    /** The epoch that {@code step} belongs to. */
    public long epochOf(long step) {
        checkStep(step);
        return step / stepsPerEpoch;
    }

    /** The order of the examples in {@code epoch} (a copy). */
    public int[] epochOrder(long epoch) {
        return permutation(epoch).clone();
    }

    /** Indices (into the split) of the B examples of {@code step}. */
    public int[] exampleIndices(long step) {
        checkStep(step);
        int[] perm = permutation(step / stepsPerEpoch);
        int start = (int) (step % stepsPerEpoch) * batchSize;
        int[] out = new int[batchSize];
        System.arraycopy(perm, start, out, 0, batchSize);
        return out;
    }

    /** Labels of the B examples of {@code step}. */
    public int[] labels(long step) {
        int[] idx = exampleIndices(step);
        int[] out = new int[idx.length];
        for (int r = 0; r < idx.length; r++) {
            out[r] = data.label(idx[r]);
        }
        return out;
    }

    /** The batch of {@code step} as B·D floats (row-major, values 0 or 1). */
    public float[] batchArray(long step) {
        int[] idx = exampleIndices(step);
        int d = data.dim();
        float[] out = new float[batchSize * d];
        long noiseBase = binarization == Binarization.DYNAMIC ? CounterRandom.base(seed, DOMAIN_DYNAMIC, step) : 0;
        for (int r = 0; r < batchSize; r++) {
            fillRow(data, binarization, idx[r], out, r * d, noiseBase, (long) r * d);
        }
        return out;
    }

    /** The batch of {@code step} as a (B, D) float32 array on {@code manager}'s device. */
    public NDArray batch(long step, NDManager manager) {
        return NativeArrays.copyOf(manager, batchArray(step), new Shape(batchSize, data.dim()));
    }

    // ---------------------------------------------------------------- evaluation

    /** Number of evaluation batches of size {@code batchSize} over {@code data} (the last may be smaller). */
    public static int evaluationBatchCount(SplitData data, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        return (data.size() + batchSize - 1) / batchSize;
    }

    /**
     * Evaluation batch {@code k}: examples {@code k·batchSize ..} in order, binarized ({@code
     * DYNAMIC} with {@link #EVAL_SEED}); rows·D floats.
     */
    public static float[] evaluationBatchArray(SplitData data, Binarization binarization, int batchSize, int k) {
        int count = evaluationBatchCount(data, batchSize);
        Objects.checkIndex(k, count);
        int from = k * batchSize;
        int rows = Math.min(batchSize, data.size() - from);
        int d = data.dim();
        float[] out = new float[rows * d];
        for (int r = 0; r < rows; r++) {
            int i = from + r;
            long noiseBase = binarization == Binarization.DYNAMIC
                    ? CounterRandom.base(EVAL_SEED, DOMAIN_EVAL, data.globalOffset() + i)
                    : 0;
            fillRow(data, binarization, i, out, r * d, noiseBase, 0);
        }
        return out;
    }

    /** Evaluation batch {@code k} as a (rows, D) float32 array on {@code manager}'s device. */
    public static NDArray evaluationBatch(
            SplitData data, Binarization binarization, int batchSize, int k, NDManager manager) {
        float[] a = evaluationBatchArray(data, binarization, batchSize, k);
        return NativeArrays.copyOf(manager, a, new Shape(a.length / data.dim(), data.dim()));
    }

    /**
     * All of {@code data} in order, in batches of {@code batchSize} (the last may be smaller), each
     * a float32 array created on {@code manager} when the iterator reaches it; close each one (or
     * use a sub-manager) when done with it.
     */
    public static Iterable<NDArray> evaluationBatches(
            SplitData data, Binarization binarization, int batchSize, NDManager manager) {
        int count = evaluationBatchCount(data, batchSize);
        return () -> new Iterator<>() {
            private int k;

            @Override
            public boolean hasNext() {
                return k < count;
            }

            @Override
            public NDArray next() {
                if (k >= count) {
                    throw new NoSuchElementException();
                }
                return evaluationBatch(data, binarization, batchSize, k++, manager);
            }
        };
    }

    // ---------------------------------------------------------------- internals

    /**
     * Writes the binarized example {@code i} into {@code out[off .. off+D)}; for DYNAMIC, pixel j
     * uses bits(noiseBase, noiseIndex + j).
     */
    static void fillRow(SplitData data, Binarization b, int i, float[] out, int off, long noiseBase, long noiseIndex) {
        int d = data.dim();
        byte[] px = data.rawPixels();
        int src = i * d;
        switch (b) {
            case DYNAMIC -> {
                for (int j = 0; j < d; j++) {
                    long bits = CounterRandom.bits(noiseBase, noiseIndex + j);
                    out[off + j] = CounterRandom.bernoulliGrey(bits, px[src + j] & 0xff) ? 1f : 0f;
                }
            }
            case STATIC -> {
                byte[] s = data.staticBits();
                for (int j = 0; j < d; j++) {
                    out[off + j] = s[src + j];
                }
            }
            case THRESHOLD -> {
                for (int j = 0; j < d; j++) {
                    out[off + j] = (px[src + j] & 0xff) >= 128 ? 1f : 0f;
                }
            }
        }
    }

    private synchronized int[] permutation(long epoch) {
        if (epoch != cachedEpoch) {
            cachedPermutation =
                    CounterRandom.permutation(CounterRandom.base(seed, DOMAIN_PERMUTATION, epoch), data.size());
            cachedEpoch = epoch;
        }
        return cachedPermutation;
    }

    private static void checkStep(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be non-negative, got " + step);
        }
    }
}

package org.relax4j.datasets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Objects;
import java.util.function.Supplier;
import org.relax4j.core.engine.NativeArrays;

/**
 * The examples of one split: N images of D pixels (D = 784 for MNIST) as unsigned grey levels
 * 0..255, and their labels. Grey levels are exposed as floats in [0, 1] (pixel / 255).
 *
 * <p>Immutable and thread-safe. The static binarization of the split ({@link Binarization#STATIC})
 * is computed or loaded on first use.
 */
public final class SplitData {

    private final Split split;
    private final int size;
    private final int dim;
    private final byte[] pixels;
    private final byte[] labels;
    private final long globalOffset;
    private final Supplier<byte[]> staticSupplier;
    private volatile byte[] staticBits;

    SplitData(Split split, int dim, byte[] pixels, byte[] labels, long globalOffset, Supplier<byte[]> staticSupplier) {
        Objects.requireNonNull(split, "split");
        if (dim <= 0 || pixels.length % dim != 0) {
            throw new IllegalArgumentException(
                    "pixel array of length " + pixels.length + " is not a multiple of dim " + dim);
        }
        if (pixels.length / dim != labels.length) {
            throw new IllegalArgumentException((pixels.length / dim) + " images but " + labels.length + " labels");
        }
        this.split = split;
        this.dim = dim;
        this.size = labels.length;
        this.pixels = pixels;
        this.labels = labels;
        this.globalOffset = globalOffset;
        this.staticSupplier = staticSupplier;
    }

    /**
     * Wraps in-memory data (arrays are not copied; do not modify them afterwards). The example
     * numbering for the static binarization starts at {@code split.globalOffset()}, as for the real
     * data; the static binarization is computed in memory with {@link Binarization#STATIC_SEED}.
     *
     * @param split which split this is
     * @param dim pixels per example
     * @param pixels N·dim unsigned grey levels, row-major
     * @param labels N labels
     */
    public static SplitData of(Split split, int dim, byte[] pixels, byte[] labels) {
        return of(split, dim, pixels, labels, split.globalOffset());
    }

    /** As {@link #of(Split, int, byte[], byte[])} with an explicit first global example index. */
    public static SplitData of(Split split, int dim, byte[] pixels, byte[] labels, long globalOffset) {
        return new SplitData(
                split,
                dim,
                pixels,
                labels,
                globalOffset,
                () -> StaticBinarization.compute(pixels, dim, globalOffset, Binarization.STATIC_SEED));
    }

    /** Which split this is. */
    public Split split() {
        return split;
    }

    /** Number of examples N. */
    public int size() {
        return size;
    }

    /** Pixels per example D. */
    public int dim() {
        return dim;
    }

    /** Index of example 0 in the training-then-test numbering that keys the static binarization. */
    public long globalOffset() {
        return globalOffset;
    }

    /** Grey level 0..255 of pixel {@code j} of example {@code i}. */
    public int pixel(int i, int j) {
        return pixels[i * dim + j] & 0xff;
    }

    /** Grey level in [0, 1] of pixel {@code j} of example {@code i}. */
    public float grey(int i, int j) {
        return (pixels[i * dim + j] & 0xff) / 255f;
    }

    /** The D grey levels in [0, 1] of example {@code i}. */
    public float[] greyRow(int i) {
        float[] out = new float[dim];
        int off = i * dim;
        for (int j = 0; j < dim; j++) {
            out[j] = (pixels[off + j] & 0xff) / 255f;
        }
        return out;
    }

    /** Label of example {@code i}. */
    public int label(int i) {
        return labels[i] & 0xff;
    }

    /** All labels. */
    public int[] labels() {
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            out[i] = labels[i] & 0xff;
        }
        return out;
    }

    /** Count of each label value; length max(10, largest label + 1). */
    public int[] labelHistogram() {
        int max = 9;
        for (byte b : labels) {
            max = Math.max(max, b & 0xff);
        }
        int[] h = new int[max + 1];
        for (byte b : labels) {
            h[b & 0xff]++;
        }
        return h;
    }

    /** Per-pixel mean grey level in [0, 1] over the examples of this split (D floats). */
    public float[] pixelMean() {
        long[] sums = new long[dim];
        for (int i = 0; i < size; i++) {
            int off = i * dim;
            for (int j = 0; j < dim; j++) {
                sums[j] += pixels[off + j] & 0xff;
            }
        }
        float[] mean = new float[dim];
        for (int j = 0; j < dim; j++) {
            mean[j] = (float) (sums[j] / (255.0 * size));
        }
        return mean;
    }

    /** Whether pixel {@code j} of example {@code i} is on in the static binarization. */
    public boolean staticPixel(int i, int j) {
        return staticBits()[i * dim + j] != 0;
    }

    /** The whole split's grey levels as an (N, D) float32 array on {@code manager}'s device. */
    public NDArray greyLevels(NDManager manager) {
        float[] out = new float[size * dim];
        for (int k = 0; k < out.length; k++) {
            out[k] = (pixels[k] & 0xff) / 255f;
        }
        return NativeArrays.copyOf(manager, out, new Shape(size, dim));
    }

    /** The labels as an (N) int32 array on {@code manager}'s device. */
    public NDArray labels(NDManager manager) {
        return manager.create(labels(), new Shape(size));
    }

    /**
     * Examples {@code from} (inclusive) to {@code to} (exclusive) as a split of their own, keeping
     * their global indices (so binarizations agree with the full split).
     */
    public SplitData subset(int from, int to) {
        Objects.checkFromToIndex(from, to, size);
        byte[] p = java.util.Arrays.copyOfRange(pixels, from * dim, to * dim);
        byte[] l = java.util.Arrays.copyOfRange(labels, from, to);
        return new SplitData(
                split,
                dim,
                p,
                l,
                globalOffset + from,
                () -> java.util.Arrays.copyOfRange(staticBits(), from * dim, to * dim));
    }

    /** Raw grey levels, shared (package use only). */
    byte[] rawPixels() {
        return pixels;
    }

    /** Static binarization as 0/1 bytes, N·D, shared (package use only). */
    byte[] staticBits() {
        byte[] s = staticBits;
        if (s == null) {
            synchronized (this) {
                s = staticBits;
                if (s == null) {
                    s = staticSupplier.get();
                    if (s.length != pixels.length) {
                        throw new IllegalStateException(
                                "static binarization has " + s.length + " pixels, expected " + pixels.length);
                    }
                    staticBits = s;
                }
            }
        }
        return s;
    }

    @Override
    public String toString() {
        return split + " (" + size + " examples of " + dim + " pixels)";
    }
}

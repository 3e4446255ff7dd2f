package org.relax4j.datasets;

/**
 * How grey levels g ∈ [0, 1] (pixel / 255) become binary pixels.
 *
 * <p>All randomness is counter-based ({@link CounterRandom}): a pixel is on iff {@code U·255 <
 * pixel·2^32} for 32 random bits U, i.e. with probability pixel / 255 (exact to 2^-32).
 */
public enum Binarization {

    /**
     * A fresh Bernoulli(g) sample every time an example is drawn. In a {@link MinibatchStream} the
     * noise is keyed by (stream seed, step, row, pixel), so a resumed run sees the same samples; in
     * evaluation by ({@link MinibatchStream#EVAL_SEED}, example, pixel).
     */
    DYNAMIC,

    /**
     * One fixed Bernoulli(g) sample per example, keyed by ({@link #STATIC_SEED}, the example's index
     * over training file then test file, pixel); identical across calls, runs and machines. Cached
     * on disk next to the data (see {@link StaticBinarization}).
     */
    STATIC,

    /** Pixel on iff g &gt; 0.5 (grey level ≥ 128 of 255). Deterministic. */
    THRESHOLD;

    /** The documented seed of the static binarization: {@code 0x5EED}. */
    public static final long STATIC_SEED = 0x5EEDL;
}

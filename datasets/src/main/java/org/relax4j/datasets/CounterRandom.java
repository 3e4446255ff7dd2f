package org.relax4j.datasets;

/**
 * Counter-based random numbers: every value is a pure function of (seed, domain, counter, index),
 * so any draw can be recomputed directly — no generator state to replay, identical on every JVM and
 * machine. Built on the SplitMix64 finalizer ({@code mix64}, Steele, Lea &amp; Flood 2014), with a
 * fixed, documented algorithm that does not depend on the JDK's {@code Random} implementations:
 *
 * <pre>
 *   base(seed, domain, counter) = mix64(mix64(mix64(seed ^ domain·γ) + counter·γ) ^ K)
 *   bits(base, i)               = mix64(base + (i + 1)·γ)        (γ = 0x9E3779B97F4A7C15)
 * </pre>
 *
 * <p>{@code bits(base, 0), bits(base, 1), ...} is the SplitMix64 sequence started from {@code base}.
 */
public final class CounterRandom {

    /** The golden-ratio increment of SplitMix64. */
    static final long GAMMA = 0x9E3779B97F4A7C15L;

    private static final long K = 0xD1B54A32D192ED03L;

    private CounterRandom() {}

    /** The SplitMix64 output function (a bijective 64-bit mixer). */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The base of the stream for ({@code seed}, {@code domain}, {@code counter}). */
    public static long base(long seed, long domain, long counter) {
        return mix64(mix64(mix64(seed ^ domain * GAMMA) + counter * GAMMA) ^ K);
    }

    /** The {@code i}-th 64 random bits of the stream with base {@code base}. */
    public static long bits(long base, long i) {
        return mix64(base + (i + 1) * GAMMA);
    }

    /** A uniform integer in [0, bound) from 64 random bits (bias below bound / 2^63). */
    public static int below(long bits, int bound) {
        long x = bits >>> 1; // 63 bits
        long hi = Math.multiplyHigh(x, bound); // floor(x * bound / 2^64)
        long lo = x * bound;
        return (int) ((hi << 1) | (lo >>> 63)); // floor(x * bound / 2^63)
    }

    /**
     * A Bernoulli draw with probability {@code grey / 255} from 64 random bits, in exact integer
     * arithmetic: true iff {@code U · 255 < grey · 2^32} with {@code U} the top 32 bits, so grey 0 is
     * never and grey 255 always on.
     */
    public static boolean bernoulliGrey(long bits, int grey) {
        return (bits >>> 32) * 255L < ((long) grey << 32);
    }

    /** A uniform double in [0, 1) from 64 random bits. */
    public static double uniform(long bits) {
        return (bits >>> 11) * 0x1.0p-53;
    }

    /** A permutation of 0..n-1 by Fisher–Yates, driven by the stream with base {@code base}. */
    public static int[] permutation(long base, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = below(bits(base, i), i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}

package org.relax4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relax4j.datasets.io.Hashes;

class BinarizationTest {

    static final int N = 40;
    static final int D = 20;
    final SplitData data = Synthetic.split(Split.TRAIN, N, D, 1);

    /**
     * Over K draws, each pixel's frequency of ones must be within 5 binomial standard errors
     * sqrt(p(1-p)/K) of its grey level p (exact for p = 0 or 1), and the overall mean within 5
     * standard errors of the mean grey level.
     */
    @Test
    void dynamicMeanMatchesGreyLevels() {
        int k = 3000;
        MinibatchStream s = new MinibatchStream(data, Binarization.DYNAMIC, N, 42);
        long[] ones = new long[N * D];
        for (long step = 0; step < k; step++) {
            int[] idx = s.exampleIndices(step);
            float[] x = s.batchArray(step);
            for (int r = 0; r < N; r++) {
                for (int j = 0; j < D; j++) {
                    float v = x[r * D + j];
                    assertTrue(v == 0f || v == 1f);
                    ones[idx[r] * D + j] += (long) v;
                }
            }
        }
        double sumVar = 0;
        double sumP = 0;
        long total = 0;
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < D; j++) {
                double p = data.pixel(i, j) / 255.0;
                double freq = ones[i * D + j] / (double) k;
                double se = Math.sqrt(p * (1 - p) / k);
                assertTrue(
                        Math.abs(freq - p) <= 5 * se + 1e-12,
                        "pixel (" + i + "," + j + "): frequency " + freq + " vs grey level " + p + " (5 s.e. = "
                                + 5 * se + ")");
                sumVar += p * (1 - p);
                sumP += p;
                total += ones[i * D + j];
            }
        }
        double m = N * D;
        double overall = total / (k * m);
        double seOverall = Math.sqrt(sumVar * k) / (k * m);
        assertTrue(
                Math.abs(overall - sumP / m) <= 5 * seOverall,
                "overall mean " + overall + " vs " + sumP / m + " (5 s.e. = " + 5 * seOverall + ")");
    }

    @Test
    void dynamicSamplesDifferBetweenDrawsAndSeeds() {
        MinibatchStream a = new MinibatchStream(data, Binarization.DYNAMIC, N, 1);
        MinibatchStream b = new MinibatchStream(data, Binarization.DYNAMIC, N, 2);
        assertFalse(Arrays.equals(a.batchArray(0), a.batchArray(1)));
        assertFalse(Arrays.equals(a.batchArray(0), b.batchArray(0)));
    }

    @Test
    void staticIsIdenticalAcrossCallsAndDiffersWithTheSeed() {
        byte[] s1 = StaticBinarization.compute(data, Binarization.STATIC_SEED);
        byte[] s2 = StaticBinarization.compute(Synthetic.split(Split.TRAIN, N, D, 1), Binarization.STATIC_SEED);
        assertArrayEquals(s1, s2);
        byte[] other = StaticBinarization.compute(data, Binarization.STATIC_SEED + 1);
        assertFalse(Arrays.equals(s1, other));
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < D; j++) {
                assertEquals(s1[i * D + j] == 1, data.staticPixel(i, j));
                if (data.pixel(i, j) == 0) {
                    assertEquals(0, s1[i * D + j]);
                } else if (data.pixel(i, j) == 255) {
                    assertEquals(1, s1[i * D + j]);
                }
            }
        }
        // Static batches do not depend on the stream seed or the step: same example, same bits.
        MinibatchStream a = new MinibatchStream(data, Binarization.STATIC, 5, 1);
        MinibatchStream b = new MinibatchStream(data, Binarization.STATIC, 5, 99);
        int[] ia = a.exampleIndices(3);
        float[] xa = a.batchArray(3);
        for (int r = 0; r < 5; r++) {
            for (int j = 0; j < D; j++) {
                assertEquals(s1[ia[r] * D + j], (int) xa[r * D + j]);
            }
        }
        assertFalse(Arrays.equals(xa, b.batchArray(3)), "orders differ, so batches differ");
    }

    @Test
    void staticBinarizationIsPinned() {
        // Guards the documented algorithm: a change would silently change "statically binarized MNIST".
        byte[] px = new byte[100 * 784];
        for (int k = 0; k < px.length; k++) {
            px[k] = (byte) (k * 37);
        }
        byte[] bits = StaticBinarization.compute(px, 784, 60_000, Binarization.STATIC_SEED);
        StringBuilder first = new StringBuilder();
        for (int k = 0; k < 16; k++) {
            first.append(bits[k]);
        }
        assertEquals(PINNED_FIRST_BITS, first.toString());
        assertEquals(PINNED_SHA256, Hashes.sha256(bits));
    }

    static final String PINNED_FIRST_BITS = "0010011001011100";
    static final String PINNED_SHA256 = "e912bc26278f0711120516dbb5ed044ac9f0cc1d7915b5032e584710a857578c";

    @Test
    void subsetsKeepTheirStaticBits() {
        SplitData sub = data.subset(10, 20);
        for (int i = 0; i < 10; i++) {
            for (int j = 0; j < D; j++) {
                assertEquals(data.staticPixel(10 + i, j), sub.staticPixel(i, j));
            }
        }
        assertArrayEquals(StaticBinarization.compute(sub, Binarization.STATIC_SEED), sub.staticBits());
    }

    @Test
    void thresholdIsExact() {
        byte[] px = new byte[256];
        for (int g = 0; g < 256; g++) {
            px[g] = (byte) g;
        }
        SplitData all = SplitData.of(Split.TEST, 256, px, new byte[1]);
        float[] x = MinibatchStream.evaluationBatchArray(all, Binarization.THRESHOLD, 1, 0);
        for (int g = 0; g < 256; g++) {
            assertEquals(g / 255f > 0.5f ? 1f : 0f, x[g], "grey " + g);
        }
        assertEquals(0f, x[127]);
        assertEquals(1f, x[128]);
    }

    @Test
    void staticCacheIsWrittenVerifiedOnReloadAndRepaired(@TempDir Path dir) throws IOException {
        byte[] px = data.rawPixels();
        Path cache = StaticBinarization.cacheFile(dir, Binarization.STATIC_SEED);
        assertEquals("static-binarized-seed-5eed.bin", cache.getFileName().toString());
        byte[] expected = StaticBinarization.compute(px, D, 0, Binarization.STATIC_SEED);
        byte[] first = StaticBinarization.loadOrCompute(cache, px, D, Binarization.STATIC_SEED, "fp");
        assertArrayEquals(expected, first);
        assertTrue(StaticBinarization.isCacheValid(cache, N, D, Binarization.STATIC_SEED, "fp"));
        String hash = Hashes.sha256(cache);
        assertArrayEquals(expected, StaticBinarization.loadOrCompute(cache, px, D, Binarization.STATIC_SEED, "fp"));
        assertEquals(hash, Hashes.sha256(cache), "reload leaves the cache alone");

        // Corrupt the cache: the load detects it, recomputes and rewrites a valid one.
        byte[] raw = Files.readAllBytes(cache);
        raw[60] ^= 0x10;
        Files.write(cache, raw);
        assertFalse(StaticBinarization.isCacheValid(cache, N, D, Binarization.STATIC_SEED, "fp"));
        assertArrayEquals(expected, StaticBinarization.loadOrCompute(cache, px, D, Binarization.STATIC_SEED, "fp"));
        assertEquals(hash, Hashes.sha256(cache), "repaired cache is byte-identical");

        // A cache made from other images (fingerprint) or for another seed is not used.
        assertFalse(StaticBinarization.isCacheValid(cache, N, D, Binarization.STATIC_SEED, "other images"));
        assertFalse(StaticBinarization.isCacheValid(cache, N, D, 1, "fp"));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary files left");
        }
    }
}

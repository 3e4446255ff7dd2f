package org.relax4j.core.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NoiseSourceTest {

    /** The extreme values stay strictly inside (0, 1) in float32, so every log is finite. */
    @Test
    void extremesAreStrictlyInsideTheUnitInterval() {
        for (int k : new int[] {0, 1, (1 << 23), (1 << 24) - 2, (1 << 24) - 1}) {
            float u = NoiseSource.unit(k);
            assertTrue(u > 0f && u < 1f, "k=" + k + " gives " + u);
            assertTrue(Double.isFinite(Math.log(u)) && Double.isFinite(Math.log(1 - (double) u)));
            assertTrue(Float.isFinite((float) Math.log(1f - u)), "float32 log(1-u) at k=" + k);
        }
    }

    /** Noise is a pure function of (seed, step, stream); streams and steps differ. */
    @Test
    void noiseIsAddressedBySeedStepAndStream() {
        NoiseSource a = new NoiseSource(11);
        NoiseSource.StepNoise s1 = a.forStep(5);
        float[] first = s1.uniformFloats(1000);
        float[] second = s1.uniformFloats(1000);
        assertArrayEquals(first, new NoiseSource(11).forStep(5).uniformFloats(1000));
        assertFalse(Arrays.equals(first, second));
        assertFalse(Arrays.equals(first, a.forStep(6).uniformFloats(1000)));
        double mean = 0;
        for (float v : a.forStep(7).uniformFloats(100_000)) {
            mean += v;
        }
        assertEquals(0.5, mean / 100_000, 5 * Math.sqrt(1.0 / 12 / 100_000));
    }

    /**
     * A stacked source's draws are the runs' own draws side by side: block k of every stream of
     * every step is what {@code new NoiseSource(seeds[k])} draws there; an uneven draw is refused.
     */
    @Test
    void stackedNoiseIsEachRunsOwnNoise() {
        long[] seeds = {0, 7, 3};
        NoiseSource.StepNoise stacked = NoiseSource.stacked(seeds).forStep(9);
        NoiseSource.StepNoise[] solo = new NoiseSource.StepNoise[seeds.length];
        for (int k = 0; k < seeds.length; k++) {
            solo[k] = new NoiseSource(seeds[k]).forStep(9);
        }
        for (int stream = 0; stream < 3; stream++) {
            float[] all = stacked.uniformFloats(3 * 40);
            for (int k = 0; k < seeds.length; k++) {
                assertArrayEquals(solo[k].uniformFloats(40), Arrays.copyOfRange(all, 40 * k, 40 * k + 40));
            }
        }
        assertArrayEquals(
                new NoiseSource(5).forStep(2).uniformFloats(10),
                NoiseSource.stacked(5).forStep(2).uniformFloats(10));
        assertEquals(3, NoiseSource.stacked(seeds).runs());
        assertThrows(IllegalArgumentException.class, () -> stacked.uniformFloats(10));
    }
}

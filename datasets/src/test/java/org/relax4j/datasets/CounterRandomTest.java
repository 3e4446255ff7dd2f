package org.relax4j.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CounterRandomTest {

    @Test
    void matchesTheSplitMix64ReferenceSequence() {
        // SplitMix64 seeded with 0: first outputs (reference values of the published algorithm).
        assertEquals(0xE220A8397B1DCDAFL, CounterRandom.bits(0, 0));
        assertEquals(0x6E789E6AA1B965F4L, CounterRandom.bits(0, 1));
        assertEquals(0x06C45D188009454FL, CounterRandom.bits(0, 2));
    }

    @Test
    void bernoulliIsExactAtTheEnds() {
        for (long bits : new long[] {0, -1, 0x7FFFFFFFFFFFFFFFL, 0x8000000000000000L, 12345}) {
            assertFalse(CounterRandom.bernoulliGrey(bits, 0));
            assertTrue(CounterRandom.bernoulliGrey(bits, 255));
        }
    }

    @Test
    void belowStaysInRangeAndPermutationIsAPermutation() {
        long base = CounterRandom.base(7, 3, 9);
        for (int i = 0; i < 10_000; i++) {
            int v = CounterRandom.below(CounterRandom.bits(base, i), 13);
            assertTrue(v >= 0 && v < 13);
        }
        int[] p = CounterRandom.permutation(base, 1000);
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 1000; i++) {
            assertEquals(i, sorted[i]);
        }
        assertFalse(Arrays.equals(p, sorted), "shuffled");
        assertNotEquals(CounterRandom.base(7, 3, 9), CounterRandom.base(7, 3, 10));
        assertNotEquals(CounterRandom.base(7, 3, 9), CounterRandom.base(8, 3, 9));
        assertNotEquals(CounterRandom.base(7, 3, 9), CounterRandom.base(7, 4, 9));
    }
}

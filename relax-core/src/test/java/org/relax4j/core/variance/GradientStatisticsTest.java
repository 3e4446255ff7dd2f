package org.relax4j.core.variance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

/** The sample statistics of gradient estimates, from Java arrays and from DJL arrays. */
class GradientStatisticsTest {

    private static final double[][] G = {{1, 2, -1}, {3, 0, -1}, {2, 4, 2}, {0, 2, 0}};

    @Test
    void matchesHandComputation() {
        GradientStatistics s = GradientStatistics.of(G);
        assertArrayEquals(new double[] {1.5, 2, 0}, s.mean(), 1e-15);
        // Σ(x − x̄)² / 3 per column: (0.25+2.25+0.25+2.25)/3, (0+4+4+0)/3, (1+1+4+0)/3
        assertArrayEquals(new double[] {5.0 / 3, 8.0 / 3, 2}, s.variance(), 1e-15);
        assertEquals((5.0 / 3 + 8.0 / 3 + 2) / 3, s.meanVariance(), 1e-15);
        assertEquals(Math.log(s.meanVariance()), s.logMeanVariance(), 0);
        assertEquals(Math.sqrt(2.0 / 4), s.standardError(2), 1e-15);
        double[] norms = {Math.sqrt(6), Math.sqrt(10), Math.sqrt(24), 2};
        double mean = (norms[0] + norms[1] + norms[2] + norms[3]) / 4;
        double ss = 0;
        for (double n : norms) {
            ss += (n - mean) * (n - mean);
        }
        assertEquals(ss / 3, s.normVariance(), 1e-14);
        assertEquals(4, s.samples());
    }

    @Test
    void arrayAndNDArrayFormsAgree() {
        try (NDManager m = NDManager.newBaseManager()) {
            GradientStatistics a = GradientStatistics.of(G);
            GradientStatistics b = GradientStatistics.of(m.create(G).reshape(4, 3, 1));
            assertArrayEquals(a.mean(), b.mean(), 1e-14);
            assertArrayEquals(a.variance(), b.variance(), 1e-14);
            assertEquals(a.normVariance(), b.normVariance(), 1e-13);
            assertEquals(a.samples(), b.samples());
        }
    }

    @Test
    void oneEstimateIsRejected() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> GradientStatistics.of(new double[][] {{1, 2}}));
        assertEquals("need at least 2 estimates to measure a variance, got 1", e.getMessage());
    }
}

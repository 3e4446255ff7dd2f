package org.relax4j.core.nondiff;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

/** Many independent gradient estimates against the exact gradient, component by component. */
final class EstimateChecks {

    private EstimateChecks() {}

    /** Per-component z-scores (mean − exact)/s.e. of the rows of {@code estimates}. */
    static double[] zScores(double[][] estimates, double[] exact) {
        int m = estimates.length;
        double[] z = new double[exact.length];
        for (int p = 0; p < exact.length; p++) {
            double sum = 0;
            double sumSq = 0;
            for (double[] row : estimates) {
                sum += row[p];
                sumSq += row[p] * row[p];
            }
            double mean = sum / m;
            double var = (sumSq - m * mean * mean) / (m - 1);
            z[p] = (mean - exact[p]) / Math.sqrt(var / m);
        }
        return z;
    }

    /** Every component within 4 standard errors. */
    static void assertUnbiased(String what, double[] z) {
        assertTrue(maxAbs(z) < 4, what + " should be unbiased, z-scores " + Arrays.toString(z));
    }

    /** Some component more than 6 standard errors off. */
    static void assertBiased(String what, double[] z) {
        assertTrue(maxAbs(z) > 6, what + " should be detectably biased, z-scores " + Arrays.toString(z));
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}

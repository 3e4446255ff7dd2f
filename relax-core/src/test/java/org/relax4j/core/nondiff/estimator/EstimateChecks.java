package org.relax4j.core.nondiff.estimator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.relax4j.core.variance.GradientStatistics;

/** Many independent gradient estimates against the exact gradient, component by component. */
final class EstimateChecks {

    private EstimateChecks() {}

    /** Per-component z-scores (mean − exact)/s.e. of the rows of {@code estimates}. */
    static double[] zScores(double[][] estimates, double[] exact) {
        GradientStatistics stats = GradientStatistics.of(estimates);
        double[] z = new double[exact.length];
        for (int p = 0; p < exact.length; p++) {
            z[p] = (stats.mean()[p] - exact[p]) / stats.standardError(p);
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

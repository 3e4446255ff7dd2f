package org.relax4j.core.estimator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.relax4j.core.distribution.Bernoulli;
import org.relax4j.core.exact.BernoulliEnumeration;
import org.relax4j.core.objective.RelaxableObjective;
import org.relax4j.core.variance.GradientStatistics;

class BiasAndMultiSampleTest {

    /** Network initialisation draws from the engine's generator: fix it so runs are reproducible. */
    @org.junit.jupiter.api.BeforeEach
    void seedEngine() {
        ai.djl.engine.Engine.getInstance().setRandomSeed(1234);
    }

    private static final float[] LOGITS = {0.3f, -1.2f, 2.0f, -0.4f};

    /** Concrete and straight-through are measurably biased on a coupled objective: > 8 s.e. */
    @Test
    void relaxationEstimatorsAreBiased() {
        for (String name : new String[] {"concrete", "straight-through"}) {
            GradientEstimator e = EstimatorRegistry.standard().create(name, EstimatorConfig.defaults());
            double worst = worstDeviation(e, LOGITS);
            assertTrue(worst > 8, name + " should be biased but its worst component is only " + worst + " s.e. off");
        }
    }

    /** VIMCO is unbiased for the K-sample bound E[log mean_k exp f(b_k)], checked by enumeration. */
    @Test
    void vimcoIsUnbiasedForTheMultiSampleBound() {
        int k = 2;
        float[] logits = {0.8f, -0.5f, 1.7f};
        int n = logits.length;
        // log-weights: a smooth function of b with both signs
        RelaxableObjective logWeights = (h, t) -> {
            NDArray w = h.getManager().create(new float[] {1.2f, -0.8f, 0.5f});
            NDArray s = h.mul(w).sum(new int[] {-1});
            NDArray cross = h.get("..., 0").mul(h.get("..., 2"));
            return s.mul(s).neg().add(cross).add(cross);
        };
        java.util.function.ToDoubleFunction<double[]> f = b -> {
            double s = 1.2 * b[0] - 0.8 * b[1] + 0.5 * b[2];
            return -s * s + 2 * b[0] * b[2];
        };
        double[] alphaK = new double[n * k];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < n; i++) {
                alphaK[j * n + i] = logits[i];
            }
        }
        double[] gradK = new BernoulliEnumeration(alphaK).gradient(b -> {
            double m = Double.NEGATIVE_INFINITY;
            double[] vals = new double[k];
            for (int j = 0; j < k; j++) {
                double[] bj = new double[n];
                System.arraycopy(b, j * n, bj, 0, n);
                vals[j] = f.applyAsDouble(bj);
                m = Math.max(m, vals[j]);
            }
            double sum = 0;
            for (double v : vals) {
                sum += Math.exp(v - m);
            }
            return m + Math.log(sum / k);
        });
        GradientStatistics stats = EstimatorHarness.estimates(
                Vimco.builder().optSamples(k).build(),
                Bernoulli.INSTANCE,
                logWeights,
                logits,
                new Shape(n),
                4,
                10_000,
                3);
        for (int i = 0; i < n; i++) {
            double exact = 0;
            for (int j = 0; j < k; j++) {
                exact += gradK[j * n + i];
            }
            double z = (stats.mean()[i] - exact) / stats.standardError(i);
            assertTrue(
                    Math.abs(z) < 4, "VIMCO unit " + i + ": " + stats.mean()[i] + " vs " + exact + " (" + z + " s.e.)");
        }
    }

    private static double worstDeviation(GradientEstimator e, float[] logits) {
        EstimatorHarness.Comparison c = EstimatorHarness.compareWithExact(e, logits, 4, 10_000, 11);
        double worst = 0;
        for (int i = 0; i < logits.length; i++) {
            worst = Math.max(worst, Math.abs(c.z(i)));
        }
        return worst;
    }
}

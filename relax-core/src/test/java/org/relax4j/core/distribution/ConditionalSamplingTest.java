package org.relax4j.core.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.relax4j.core.engine.Autograd;
import org.relax4j.core.exact.BernoulliEnumeration;
import org.relax4j.core.random.NoiseSource;

/** z̃ has the law p(z | b), H(z̃) = b always, and z̃ is differentiated through θ. */
class ConditionalSamplingTest {

    private static final int N = 200_000;

    /**
     * With α fixed, z ~ Logistic(α, 1): P(z ≤ s | b = 1) = (σ(s − α) − σ(−α))/σ(α) for s > 0 and
     * P(z ≤ s | b = 0) = σ(s − α)/σ(−α) for s < 0. The empirical CDF of z̃ at the conditional
     * quartiles must match within 5 binomial standard errors.
     */
    @ParameterizedTest
    @ValueSource(floats = {-2.5f, 0.3f, 3f})
    void conditionalSampleHasTheConditionalLaw(float alpha) {
        NoiseSource.StepNoise noise = new NoiseSource(7).forStep(0);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.full(new Shape(N), alpha);
            NDArray z = Bernoulli.INSTANCE.reparameterize(logits, noise.uniform(m, new Shape(N)));
            NDArray b = Bernoulli.INSTANCE.hard(z);
            NDArray zt = Bernoulli.INSTANCE.conditional(logits, b, noise.uniform(m, new Shape(N)));
            assertArrayEquals(b.toFloatArray(), Bernoulli.INSTANCE.hard(zt).toFloatArray(), "H(z~) must equal b");
            float[] bs = b.toFloatArray();
            float[] zs = zt.toFloatArray();
            double theta = BernoulliEnumeration.sigmoid(alpha);
            for (int cls = 0; cls <= 1; cls++) {
                int count = 0;
                for (float bi : bs) {
                    count += bi == cls ? 1 : 0;
                }
                for (double q : new double[] {0.25, 0.5, 0.75}) {
                    // conditional quantile s_q of z given b, from the logistic CDF
                    double cdfAtS = cls == 1 ? (1 - theta) + q * theta : q * (1 - theta);
                    double s = alpha + Math.log(cdfAtS / (1 - cdfAtS));
                    int below = 0;
                    for (int i = 0; i < N; i++) {
                        if (bs[i] == cls && zs[i] <= s) {
                            below++;
                        }
                    }
                    double empirical = (double) below / count;
                    double se = Math.sqrt(q * (1 - q) / count);
                    assertEquals(q, empirical, 5 * se, "alpha " + alpha + ", b = " + cls + ", quantile " + q);
                }
            }
        }
    }

    /** The conditional sample's derivative in α flows through θ inside v' (relax issue #6). */
    @Test
    void conditionalSampleIsDifferentiatedThroughTheta() {
        try (NDManager m = NDManager.newBaseManager();
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            float[] alpha = {-1.3f, 0.4f, 2.2f, 0.4f};
            float[] bValues = {0f, 1f, 1f, 0f};
            float[] v = {0.3f, 0.8f, 0.05f, 0.6f};
            NDArray a = m.create(alpha);
            a.setRequiresGradient(true);
            NDArray b = m.create(bValues);
            NDArray zt = Bernoulli.INSTANCE.conditional(a, b, m.create(v));
            float[] analytic = Autograd.grad(zt, a, false).toFloatArray();
            double eps = 1e-3;
            for (int i = 0; i < alpha.length; i++) {
                double up = conditional(alpha[i] + eps, bValues[i], v[i]);
                double down = conditional(alpha[i] - eps, bValues[i], v[i]);
                double fd = (up - down) / (2 * eps);
                assertEquals(fd, analytic[i], 2e-2 * Math.max(1, Math.abs(fd)), "unit " + i);
                assertTrue(Math.abs(analytic[i] - 1) > 1e-3, "dz~/dalpha must not be the unconditional 1");
            }
        }
    }

    /** Tied noise reproduces z in value, but not its gradient. */
    @Test
    void tiedNoiseReproducesZ() {
        NoiseSource.StepNoise noise = new NoiseSource(3).forStep(0);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(new float[] {-3f, -0.5f, 0f, 0.7f, 4f})
                    .expandDims(0)
                    .repeat(0, 2000);
            NDArray u = noise.uniform(m, logits.getShape());
            NDArray z = Bernoulli.INSTANCE.reparameterize(logits, u);
            NDArray b = Bernoulli.INSTANCE.hard(z);
            NDArray zt = Bernoulli.INSTANCE.conditional(logits, b, Bernoulli.INSTANCE.tiedNoise(logits, u, b));
            float worst = z.sub(zt).abs().div(z.abs().add(1)).max().getFloat();
            assertTrue(worst < 1e-3, "tied z~ should equal z; worst relative difference " + worst);
        }
    }

    /** Categorical: argmax z̃ = b, and z̃ | b matches z | argmax z = b (rejection) in mean. */
    @Test
    void categoricalConditionalMatchesRejectionSampling() {
        int c = 3;
        NoiseSource.StepNoise noise = new NoiseSource(5).forStep(0);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits =
                    m.create(new float[] {0.4f, -1f, 1.2f}).expandDims(0).repeat(0, N);
            NDArray z = Categorical.INSTANCE.reparameterize(logits, noise.uniform(m, logits.getShape()));
            NDArray b = Categorical.INSTANCE.hard(z);
            NDArray zt = Categorical.INSTANCE.conditional(logits, b, noise.uniform(m, logits.getShape()));
            assertArrayEquals(b.toFloatArray(), Categorical.INSTANCE.hard(zt).toFloatArray(), "argmax z~ must be b");
            // independent unconditional draws, grouped by their category, give the target law
            NDArray z2 = Categorical.INSTANCE.reparameterize(logits, noise.uniform(m, logits.getShape()));
            NDArray b2 = Categorical.INSTANCE.hard(z2);
            for (int k = 0; k < c; k++) {
                NDArray maskT = b.get(":, " + k).expandDims(1);
                NDArray maskR = b2.get(":, " + k).expandDims(1);
                float nT = maskT.sum().getFloat();
                float nR = maskR.sum().getFloat();
                float[] meanT = zt.mul(maskT).sum(new int[] {0}).div(nT).toFloatArray();
                float[] meanR = z2.mul(maskR).sum(new int[] {0}).div(nR).toFloatArray();
                for (int j = 0; j < c; j++) {
                    // Gumbel-type variance < 2 on every coordinate here; se of a difference of means
                    double se = Math.sqrt(2.0 / nT + 2.0 / nR);
                    assertEquals(meanR[j], meanT[j], 5 * se, "category " + k + ", coordinate " + j);
                }
            }
        }
    }

    private static double conditional(double alpha, float b, float v) {
        double theta = BernoulliEnumeration.sigmoid(alpha);
        double vp = b == 1 ? v * theta + (1 - theta) : v * (1 - theta);
        return alpha + Math.log(vp) - Math.log(1 - vp);
    }
}

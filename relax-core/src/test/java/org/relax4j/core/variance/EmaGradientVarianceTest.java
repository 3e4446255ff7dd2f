package org.relax4j.core.variance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EmaGradientVarianceTest {

    /**
     * Gradients g_k = μ_k + σ·N(0, 1) give log mean_k Var ≈ log σ² once the EMA has forgotten its
     * start (decay 0.99, 5,000 draws: relative error of the variance estimate a few percent).
     */
    @Test
    void tracksTheVarianceOfANoisyGradientAndRoundTrips() throws Exception {
        double sigma = 0.3;
        SplittableRandom rng = new SplittableRandom(4);
        try (NDManager m = NDManager.newBaseManager();
                EmaGradientVariance ema = new EmaGradientVariance(0.99)) {
            for (int t = 0; t < 5000; t++) {
                float[] a = new float[50];
                float[] b = new float[20];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) (i * 0.1 + sigma * rng.nextGaussian());
                }
                for (int i = 0; i < b.length; i++) {
                    b[i] = (float) (-1 + sigma * rng.nextGaussian());
                }
                try (NDList g = new NDList(m.create(a), m.create(b, new Shape(4, 5)))) {
                    ema.update(g);
                }
            }
            assertEquals(Math.log(sigma * sigma), ema.logVariance(), 0.1);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ema.save(new DataOutputStream(bytes));
            try (EmaGradientVariance copy = new EmaGradientVariance(0.99)) {
                copy.load(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), m);
                assertEquals(ema.logVariance(), copy.logVariance(), 0.0);
                assertEquals(ema.updates(), copy.updates());
            }
        }
    }
}

package org.relax4j.models.sbn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relax4j.core.random.NoiseSource;

/**
 * The ELBO integrand and IWAE bounds of a tiny two-layer linear SBN (D = 3, 2 units per layer)
 * against an independent double-precision implementation and exact enumeration of all 16 latent
 * configurations.
 */
class SigmoidBeliefNetTest {

    static final float[] MEAN = {0.2f, 0.7f, 0.5f};
    static final float[] X = {1f, 0f, 1f};

    @BeforeEach
    void seed() {
        Engine.getInstance().setRandomSeed(7);
    }

    private static SigmoidBeliefNet tiny(NDManager m) {
        SigmoidBeliefNet net = SigmoidBeliefNet.builder()
                .optStochasticLayers(2)
                .optUnits(2)
                .setDataMean(MEAN)
                .build();
        net.initialize(m);
        // non-trivial prior logits
        net.getParameters().get("prior_logits").getArray().set(new float[] {0.4f, -0.9f});
        return net;
    }

    /** Weight W (out, in) and bias of a linear map, as doubles. */
    private static double[][] weight(SigmoidBeliefNet net, String block) {
        Parameter w = net.getParameters().get(block + "_01Linear_weight");
        Shape s = w.getArray().getShape();
        float[] v = w.getArray().toFloatArray();
        double[][] out = new double[(int) s.get(0)][(int) s.get(1)];
        for (int i = 0; i < out.length; i++) {
            for (int j = 0; j < out[0].length; j++) {
                out[i][j] = v[i * out[0].length + j];
            }
        }
        return out;
    }

    private static double[] bias(SigmoidBeliefNet net, String block) {
        float[] v = net.getParameters().get(block + "_01Linear_bias").getArray().toFloatArray();
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    private static double[] affine(double[][] w, double[] b, double[] in) {
        double[] out = b.clone();
        for (int i = 0; i < out.length; i++) {
            for (int j = 0; j < in.length; j++) {
                out[i] += w[i][j] * in[j];
            }
        }
        return out;
    }

    private static double logBern(double[] h, double[] logits) {
        double s = 0;
        for (int i = 0; i < h.length; i++) {
            s += h[i] * logits[i] - Math.log1p(Math.exp(logits[i]));
        }
        return s;
    }

    private static double[] signed(double[] b) {
        double[] s = new double[b.length];
        for (int i = 0; i < b.length; i++) {
            s[i] = 2 * b[i] - 1;
        }
        return s;
    }

    /** log p(x, b1, b2) − log q(b1, b2 | x) by hand; also returns q(b1, b2 | x) in out[0]. */
    private static double handElbo(SigmoidBeliefNet net, double[] x, double[] b1, double[] b2, double[] qOut) {
        double[] centred = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            centred[i] = x[i] - MEAN[i];
        }
        double[] a1 = affine(weight(net, "01encoder1"), bias(net, "01encoder1"), centred);
        double[] a2 = affine(weight(net, "02encoder2"), bias(net, "02encoder2"), signed(b1));
        double[] px = affine(weight(net, "03decoder1"), bias(net, "03decoder1"), signed(b1));
        double[] p1 = affine(weight(net, "04decoder2"), bias(net, "04decoder2"), signed(b2));
        float[] pr = net.getParameters().get("prior_logits").getArray().toFloatArray();
        double[] prior = {pr[0], pr[1]};
        double logQ = logBern(b1, a1) + logBern(b2, a2);
        qOut[0] = Math.exp(logQ);
        return logBern(x, px) + logBern(b1, p1) + logBern(b2, prior) - logQ;
    }

    @Test
    void elboMatchesAHandComputation() {
        try (NDManager m = NDManager.newBaseManager()) {
            SigmoidBeliefNet net = tiny(m);
            double[] x = {1, 0, 1};
            double[][] configs = {{0, 1}, {1, 1}, {1, 0}};
            for (double[] b1 : configs) {
                for (double[] b2 : configs) {
                    NDArray xa = m.create(X).expandDims(0);
                    NDArray h1 =
                            m.create(new float[] {(float) b1[0], (float) b1[1]}).expandDims(0);
                    NDArray h2 =
                            m.create(new float[] {(float) b2[0], (float) b2[1]}).expandDims(0);
                    NDArray a1 = net.encoderLogits(1, net.centred(xa));
                    NDArray a2 = net.encoderLogits(2, SigmoidBeliefNet.signed(h1));
                    float f = net.elbo(xa, List.of(h1, h2), List.of(a1, a2)).getFloat(0);
                    assertEquals(handElbo(net, x, b1, b2, new double[1]), f, 1e-4);
                }
            }
        }
    }

    /**
     * IWAE-k averaged over many draws is ≥ the exact ELBO, non-decreasing in k, and approaches the
     * exact log p(x) (all by enumeration), each within 4 standard errors.
     */
    @Test
    void iwaeIsOrderedAndConvergesToTheLogLikelihood() {
        try (NDManager m = NDManager.newBaseManager()) {
            SigmoidBeliefNet net = tiny(m);
            double[] x = {1, 0, 1};
            double evidence = 0;
            double elbo = 0;
            double[] q = new double[1];
            for (int c1 = 0; c1 < 4; c1++) {
                for (int c2 = 0; c2 < 4; c2++) {
                    double[] b1 = {c1 & 1, (c1 >> 1) & 1};
                    double[] b2 = {c2 & 1, (c2 >> 1) & 1};
                    double f = handElbo(net, x, b1, b2, q);
                    evidence += q[0] * Math.exp(f);
                    elbo += q[0] * f;
                }
            }
            double logPx = Math.log(evidence);
            int repeats = 4000;
            NDArray xs = m.create(X).expandDims(0).repeat(0, repeats);
            NoiseSource noise = new NoiseSource(3);
            double previous = Double.NEGATIVE_INFINITY;
            List<Double> means = new ArrayList<>();
            for (int k : new int[] {1, 4, 32, 256}) {
                float[] bound = Bounds.iwae(net, xs, k, 64, noise.forStep(k)).toFloatArray();
                double mean = 0;
                for (float v : bound) {
                    mean += v;
                }
                mean /= repeats;
                double var = 0;
                for (float v : bound) {
                    var += (v - mean) * (v - mean);
                }
                double se = Math.sqrt(var / (repeats - 1) / repeats);
                if (k == 1) {
                    assertEquals(elbo, mean, 4 * se + 1e-6, "IWAE-1 is the ELBO");
                }
                assertTrue(mean >= previous - 4 * se, "IWAE-" + k + " = " + mean + " fell below " + previous);
                assertTrue(mean <= logPx + 4 * se + 1e-6, "IWAE-" + k + " = " + mean + " exceeds log p(x) = " + logPx);
                previous = mean;
                means.add(mean);
            }
            assertTrue(
                    logPx - means.get(3) < 0.1 * (logPx - elbo),
                    "IWAE-256 " + means.get(3) + " should be close to log p(x) " + logPx + " (ELBO " + elbo + ")");
        }
    }

    /** Each layer's objective, at the hard sample, reproduces the joint sample's ELBO. */
    @Test
    void layerObjectivesAgreeAtTheHardSample() {
        try (NDManager m = NDManager.newBaseManager();
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            SigmoidBeliefNet net = tiny(m);
            NoiseSource.StepNoise noise = new NoiseSource(1).forStep(0);
            NDArray x = m.create(X).expandDims(0).repeat(0, 50);
            List<NDArray> u = List.of(noise.uniform(m, new Shape(50, 2)), noise.uniform(m, new Shape(50, 2)));
            SigmoidBeliefNet.Sample s = net.sample(x, u);
            float[] joint = net.elbo(x, s.samples(), s.logits()).toFloatArray();
            for (int layer = 1; layer <= 2; layer++) {
                float[] viaLayer = net.layerObjective(layer, x, s, u)
                        .apply(s.samples().get(layer - 1).expandDims(0), null)
                        .squeeze(0)
                        .toFloatArray();
                assertArrayEquals(joint, viaLayer, 1e-5f, "layer " + layer);
            }
        }
    }

    /**
     * The DJL forward pass (x and one noise array per layer) is the ELBO integrand at the joint
     * sample that noise draws, checked against the double-precision hand computation; a wrong
     * number of inputs is refused with a message naming what it takes.
     */
    @Test
    void forwardIsTheElboIntegrandAtTheSampleItsNoiseDraws() {
        try (NDManager m = NDManager.newBaseManager()) {
            SigmoidBeliefNet net = tiny(m);
            NoiseSource.StepNoise noise = new NoiseSource(3).forStep(0);
            NDArray x = m.create(X).expandDims(0).repeat(0, 20);
            NDArray u1 = noise.uniform(m, new Shape(20, 2));
            NDArray u2 = noise.uniform(m, new Shape(20, 2));
            float[] f = net.forward(new ParameterStore(m, false), new NDList(x, u1, u2), false)
                    .singletonOrThrow()
                    .toFloatArray();
            SigmoidBeliefNet.Sample s = net.sample(x, List.of(u1, u2));
            float[] b1 = s.samples().get(0).toFloatArray();
            float[] b2 = s.samples().get(1).toFloatArray();
            assertEquals(20, f.length);
            for (int i = 0; i < 20; i++) {
                double[] h1 = {b1[2 * i], b1[2 * i + 1]};
                double[] h2 = {b2[2 * i], b2[2 * i + 1]};
                assertEquals(handElbo(net, new double[] {1, 0, 1}, h1, h2, new double[1]), f[i], 1e-4, "example " + i);
            }
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class,
                    () -> net.forward(new ParameterStore(m, false), new NDList(x), false));
            assertTrue(e.getMessage().contains("2 noise array(s)"), e.getMessage());
        }
    }
}

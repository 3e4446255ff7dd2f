package org.relax4j.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The one Adam rule: its double[] form, and the DJL kernel driven by it, against Algorithm 1. */
class AdamRuleTest {

    private static final double[][] GRADIENTS = {{0.5, -2, 3e-3}, {-0.1, 4, 2e-3}, {0.7, -1, -5e-3}, {0.2, 0.3, 1e-4}};

    /** Kingma &amp; Ba's Algorithm 1 with ε̂ added after the step-size correction, written out. */
    private static double[] algorithmOne(double[] theta0, double lr, double b1, double b2, double eps, int sign) {
        double[] theta = theta0.clone();
        double[] m = new double[theta.length];
        double[] v = new double[theta.length];
        for (int t = 1; t <= GRADIENTS.length; t++) {
            double[] g = GRADIENTS[t - 1];
            for (int i = 0; i < theta.length; i++) {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                double lrT = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
                theta[i] += sign * lrT * m[i] / (Math.sqrt(v[i]) + eps);
            }
        }
        return theta;
    }

    @Test
    void doubleAdamFollowsTheRuleExactlyBothWays() {
        double[] start = {1, -2, 0.25};
        DoubleAdam up = new DoubleAdam(3, AdamRule.withDefaults(0.01));
        DoubleAdam down = new DoubleAdam(3, new AdamRule(0.05, 0.8, 0.99, 1e-6));
        double[] a = start.clone();
        double[] b = start.clone();
        for (double[] g : GRADIENTS) {
            up.ascend(a, g);
            down.descend(b, g);
        }
        assertEquals(GRADIENTS.length, up.steps());
        assertArrayEquals(algorithmOne(start, 0.01, 0.9, 0.999, 1e-8, +1), a, 0);
        assertArrayEquals(algorithmOne(start, 0.05, 0.8, 0.99, 1e-6, -1), b, 0);
    }

    @Test
    void statefulAdamMatchesTheDoubleFormToFloatPrecision() {
        double[] start = {1, -2, 0.25};
        double[] expected = start.clone();
        DoubleAdam reference = new DoubleAdam(3, new AdamRule(0.1f, 0.9f, 0.999f, 1e-8f));
        StatefulAdam adam = StatefulAdam.builder().optLearningRate(0.1f).build();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(start).toType(DataType.FLOAT32, false);
            for (double[] g : GRADIENTS) {
                reference.descend(expected, g);
                adam.update("w", w, m.create(g).toType(DataType.FLOAT32, false));
            }
            float[] got = w.toFloatArray();
            for (int i = 0; i < got.length; i++) {
                assertEquals(expected[i], got[i], 1e-5, "component " + i);
            }
        }
        assertEquals(0.9, adam.rule().beta1(), 1e-7);
        assertEquals(0.1f, adam.learningRate());
    }

    /**
     * The elementwise kernel on a float64 parameter that requires a gradient, updated inside a
     * gradient collector as the trainer does, gives DoubleAdam's iterates bit for bit, for 200
     * steps of 256 gradients spanning many magnitudes (enough square roots that libtorch's, not
     * correctly rounded, would be caught); descent on −g equals ascent on g exactly.
     */
    @Test
    void elementwiseKernelOnFloat64IsDoubleAdamBitForBit() {
        SplittableRandom rng = new SplittableRandom(7);
        double[] start = new double[256];
        for (int i = 0; i < start.length; i++) {
            start[i] = rng.nextGaussian();
        }
        double[] expected = start.clone();
        AdamRule rule = new AdamRule(0.013, 0.9, 0.999, 1e-8);
        DoubleAdam reference = new DoubleAdam(start.length, rule);
        StatefulAdam adam = StatefulAdam.builder()
                .optRule(rule)
                .optKernel(StatefulAdam.Kernel.ELEMENTWISE)
                .build();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(start).duplicate();
            w.setRequiresGradient(true);
            for (int t = 0; t < 200; t++) {
                double[] g = new double[start.length];
                double[] minusG = new double[start.length];
                for (int i = 0; i < g.length; i++) {
                    g[i] = rng.nextGaussian() * Math.pow(10, rng.nextInt(-6, 7));
                    minusG[i] = -g[i];
                }
                reference.ascend(expected, g);
                try (NDScope scope = new NDScope();
                        GradientCollector c = Engine.getInstance().newGradientCollector()) {
                    scope.suppressNotUsedWarning();
                    adam.update("w", w, m.create(minusG).duplicate());
                }
                assertArrayEquals(expected, w.toDoubleArray(), 0, "step " + (t + 1));
            }
            assertEquals(200, adam.steps("w"));
        }
    }

    @Test
    void badHyperParametersAreNamed() {
        IllegalArgumentException lr = assertThrows(IllegalArgumentException.class, () -> AdamRule.withDefaults(-0.001));
        assertEquals("learning rate must be positive and finite, got -0.001", lr.getMessage());
        IllegalArgumentException beta = assertThrows(
                IllegalArgumentException.class, () -> StatefulAdam.builder().optBeta2(1f));
        assertEquals("beta2 must be in [0, 1), got 1.0", beta.getMessage());
        IllegalArgumentException lrF = assertThrows(
                IllegalArgumentException.class, () -> StatefulAdam.builder().optLearningRate(-0.001f));
        assertEquals("learning rate must be positive and finite, got -0.001", lrF.getMessage());
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> new DoubleAdam(2, AdamRule.withDefaults(1)).ascend(new double[3], new double[3]))
                .getMessage()
                .contains("built for 2 parameters"));
    }
}

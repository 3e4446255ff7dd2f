package org.relax4j.models.nondiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.relax4j.core.nondiff.estimator.NondiffEstimatorConfig;
import org.relax4j.core.nondiff.estimator.NondiffEstimatorRegistry;
import org.relax4j.core.nondiff.inference.MeanFieldGaussian;
import org.relax4j.core.nondiff.lang.Forcing;
import org.relax4j.core.nondiff.lang.NondiffModel;
import org.relax4j.core.nondiff.lang.SpecialFunctions;

/** The three benchmarks: sizes, and log joints against independent plain-Java transcriptions. */
class NondiffBenchmarksTest {

    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static double logN(double x, double m, double s) {
        double e = (x - m) / s;
        return -0.5 * e * e - Math.log(s) - 0.5 * SpecialFunctions.LOG_2PI;
    }

    @Test
    void sizesMatchThePaper() {
        NondiffModel t = NondiffBenchmarks.temperature();
        assertEquals(41, t.numLatents());
        assertEquals(21, t.numObservations());
        assertEquals(80, t.guards().size());
        assertEquals(60, t.hyperplanes().size(), "q_t and sigma_t guards coincide");
        NondiffModel m = NondiffBenchmarks.textmsg();
        assertEquals(3, m.numLatents());
        assertEquals(37, m.numObservations());
        assertEquals(37, m.guards().size());
        assertEquals(37, m.hyperplanes().size());
        NondiffModel f = NondiffBenchmarks.influenza();
        assertEquals(37, f.numLatents());
        assertEquals(12, f.numObservations());
        assertEquals(24, f.guards().size());
        assertEquals(13, f.hyperplanes().size(), "each f_t < f_12 is guarded twice");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> NondiffBenchmarks.byName("weather"));
        assertTrue(e.getMessage().contains("temperature"), e.getMessage());
    }

    /** Random points around the initial q, plus points on both sides of the guards. */
    private static double[][] points(NondiffModel model, int rows, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] mu = model.initialMeans();
        double[] sd = model.initialStds();
        double[][] x = new double[rows][mu.length];
        for (double[] row : x) {
            for (int i = 0; i < row.length; i++) {
                // wide draws so that every branch is visited
                row[i] = mu[i] + Math.max(sd[i], 0.3) * 3 * rng.nextGaussian();
            }
        }
        return x;
    }

    @Test
    void textmsgLogJoint() {
        NondiffModel model = NondiffBenchmarks.textmsg();
        double[][] x = points(model, 50, 1);
        double[] got = model.logJoint(manager, x, Forcing.none());
        double mean = 0;
        for (double c : NondiffBenchmarks.TEXTMSG_COUNTS) {
            mean += c;
        }
        mean /= 74;
        double s = Math.sqrt(Math.log(2));
        double m = Math.log(mean) - s * s / 2;
        for (int r = 0; r < x.length; r++) {
            double want = logN(x[r][0], m, s) + logN(x[r][1], m, s) + logN(x[r][2], 0, 1);
            for (int day = 2; day <= 74; day += 2) {
                double lam =
                        x[r][2] > SpecialFunctions.normalQuantile(day / 75.0) ? Math.exp(x[r][0]) : Math.exp(x[r][1]);
                double k = NondiffBenchmarks.TEXTMSG_COUNTS[day - 1];
                want += k * Math.log(lam) - lam - SpecialFunctions.logGamma(k + 1);
            }
            assertEquals(want, got[r], 1e-9 * Math.abs(want), "row " + r);
        }
    }

    @Test
    void temperatureLogJoint() {
        NondiffModel model = NondiffBenchmarks.temperature();
        double[][] x = points(model, 50, 2);
        // theta_{t−1} across the 18 / 22 thresholds, and qnoise on both sides of 0.5
        SplittableRandom rng = new SplittableRandom(3);
        for (double[] row : x) {
            row[0] = 20 + 0.001 * rng.nextGaussian();
            for (int t = 1; t <= 20; t++) {
                row[2 * t - 1] = rng.nextDouble() < 0.5 ? 0.3 + 0.4 * rng.nextDouble() : rng.nextDouble();
                row[2 * t] = 15 + 10 * rng.nextDouble();
            }
        }
        double[] got = model.logJoint(manager, x, Forcing.none());
        double[] obs = NondiffBenchmarks.TEMPERATURE_OBS;
        for (int r = 0; r < x.length; r++) {
            double[] v = x[r];
            double want = logN(v[0], 20, 0.001) + logN(obs[0], v[0], 1);
            double q = 0;
            double prev = v[0];
            for (int t = 1; t <= 20; t++) {
                double qn = v[2 * t - 1];
                double th = v[2 * t];
                double qMean = prev < 18 ? 0 : prev > 22 ? 1 : q;
                want += logN(qn, qMean, 0.001);
                double qt = qn > 0.5 ? 1 : 0;
                double sig = qn > 0.5 ? 0.22 : 0.2;
                double mean = prev + (32 - (prev + qt * 21)) / 15;
                want += logN(th, mean, 2 * sig) + logN(obs[t], th, 1);
                q = qt;
                prev = th;
            }
            assertEquals(want, got[r], 1e-9 * Math.abs(want), "row " + r);
        }
    }

    @Test
    void influenzaLogJoint() {
        NondiffModel model = NondiffBenchmarks.influenza();
        double[][] x = points(model, 50, 4);
        double[] got = model.logJoint(manager, x, Forcing.none());
        for (int r = 0; r < x.length; r++) {
            double[] v = x[r];
            double want = logN(v[0], 0, 1);
            double a = 0;
            double b = 0;
            double c = 0;
            double f = v[0];
            for (int t = 1; t <= 12; t++) {
                double vt = v[3 * t - 2];
                double wt = v[3 * t - 1];
                double ft = v[3 * t];
                want += logN(vt, 0, 0.023) + logN(wt, 0, 0.112);
                double at = 1.406 * a - 0.622 * b + vt;
                double ct = -0.312 * c + 0.210 + wt;
                want += logN(ft, f > 0 ? 0.67 : -0.67, 1);
                double mean = ft > 0 ? at : at + ct;
                want += logN(NondiffBenchmarks.INFLUENZA_DATA[t - 1], mean, 0.002);
                b = a;
                a = at;
                c = ct;
                f = ft;
            }
            assertEquals(want, got[r], 1e-9 * Math.abs(want), "row " + r);
        }
    }

    @Test
    void estimatorsRunOnEveryBenchmark() {
        for (NondiffModel model : NondiffBenchmarks.all()) {
            MeanFieldGaussian q = MeanFieldGaussian.initial(model);
            NondiffEstimatorRegistry estimators = NondiffEstimatorRegistry.standard();
            for (String name : estimators.names()) {
                double[][] g = estimators
                        .create(name, NondiffEstimatorConfig.defaults())
                        .estimate(model, q, 3, 2, new SplittableRandom(9), manager);
                assertEquals(3, g.length);
                for (double[] row : g) {
                    assertEquals(2 * model.numLatents(), row.length);
                    for (double d : row) {
                        assertTrue(Double.isFinite(d), model.name() + " " + name + " gave " + d);
                    }
                }
            }
        }
    }
}

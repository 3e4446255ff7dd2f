package org.relax4j.core.estimator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.relax4j.core.distribution.Bernoulli;
import org.relax4j.core.distribution.Categorical;
import org.relax4j.core.engine.NativeArrays;
import org.relax4j.core.exact.BernoulliEnumeration;
import org.relax4j.core.exact.CategoricalEnumeration;
import org.relax4j.core.objective.RelaxableObjective;
import org.relax4j.core.random.NoiseSource;
import org.relax4j.core.variance.GradientStatistics;

/**
 * The estimators after RELAX for categorical units: the unbiased ones (disarm by stick-breaking,
 * carms, indecater) match the exact gradient, enumerated over all C^D configurations, within 4
 * standard errors per component, including extreme logits; the biased ones (gumbel-rao,
 * gapped-st, reinmax) are measurably biased, by more than 6 standard errors, and report how much;
 * unit types an estimator does not support are refused in one line.
 */
class CategoricalEstimatorsTest {

    static final double TOLERANCE_SE = 4;
    static final double BIAS_SE = 6;

    /** Network initialisation draws from the engine's generator: fix it so runs are reproducible. */
    @BeforeEach
    void seedEngine() {
        ai.djl.engine.Engine.getInstance().setRandomSeed(1234);
    }

    /** A layer of {@code units} units of {@code classes} classes at the given logits. */
    record Layer(String label, int units, int classes, float[] logits) {
        double[][] rows() {
            double[][] rows = new double[units][classes];
            for (int d = 0; d < units; d++) {
                for (int c = 0; c < classes; c++) {
                    rows[d][c] = logits[d * classes + c];
                }
            }
            return rows;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    static final Layer MODERATE = new Layer("2x3", 2, 3, new float[] {0.5f, -1.0f, 1.5f, 2.0f, 0.0f, -0.7f});
    static final Layer EXTREME = new Layer("2x3 extreme", 2, 3, new float[] {6f, -5f, 0f, -4f, 7f, 1f});
    static final Layer WIDE = new Layer(
            "3x4", 3, 4, new float[] {0.2f, 1.1f, -0.6f, 0.4f, -1.5f, 0.3f, 0.9f, 2.2f, 0.0f, 0.0f, -2.0f, 1.0f});

    static Stream<Arguments> unbiasedCases() {
        EstimatorRegistry r = EstimatorRegistry.standard();
        EstimatorConfig three = EstimatorConfig.builder().optSamples(3).build();
        List<Object[]> estimators = List.of(
                new Object[] {
                    "disarm", (Supplier<GradientEstimator>) () -> r.create("disarm", EstimatorConfig.defaults())
                },
                new Object[] {
                    "carms K=2", (Supplier<GradientEstimator>) () -> r.create("carms", EstimatorConfig.defaults())
                },
                new Object[] {"carms K=3", (Supplier<GradientEstimator>) () -> r.create("carms", three)},
                new Object[] {
                    "indecater", (Supplier<GradientEstimator>) () -> r.create("indecater", EstimatorConfig.defaults())
                },
                new Object[] {"indecater N=3", (Supplier<GradientEstimator>) () -> r.create("indecater", three)});
        List<Arguments> cases = new ArrayList<>();
        for (Object[] e : estimators) {
            for (Layer layer : List.of(MODERATE, EXTREME, WIDE)) {
                cases.add(Arguments.of(e[0], layer, e[1]));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("unbiasedCases")
    void unbiasedForCategoricalUnits(String name, Layer layer, Supplier<GradientEstimator> factory) {
        Comparison c = compare(factory, layer, 4, 10_000, 41);
        // A component carried by classes rarer than 1 in 40,000 draws (θ ≈ 1e-5 at the extreme
        // logits) is not resolved by the sample, and its standard error is then near 0. Such
        // events contribute less than about E|f| / 40,000 to any component: that absolute floor
        // covers them and stays far below any bias of interest.
        CategoricalObjective f = new CategoricalObjective(layer.units(), layer.classes());
        double floor = new CategoricalEnumeration(layer.rows()).expectation(x -> Math.abs(f.value(x))) / 40_000;
        for (int j = 0; j < c.exact.length; j++) {
            assertTrue(
                    Math.abs(c.z(j)) < TOLERANCE_SE || Math.abs(c.mean[j] - c.exact[j]) < floor,
                    name + " " + layer + " component " + j + ": " + c.mean[j] + " vs exact " + c.exact[j] + " ("
                            + c.z(j) + " s.e.)");
        }
    }

    /** IndeCateR on Bernoulli units (2-class categorical units) is unbiased, extreme logits included. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void indecaterIsUnbiasedForBernoulliUnits(int logitsCase) {
        float[] logits = UnbiasednessTest.LOGITS[logitsCase];
        try (GradientEstimator e = EstimatorRegistry.standard().create("indecater", EstimatorConfig.defaults())) {
            EstimatorHarness.Comparison c = EstimatorHarness.compareWithExact(e, logits, 4, 5_000, 43);
            for (int i = 0; i < logits.length; i++) {
                assertTrue(
                        Math.abs(c.z(i)) < TOLERANCE_SE || Math.abs(c.mean()[i] - c.exact()[i]) < 1e-6,
                        "indecater unit " + i + ": " + c.mean()[i] + " vs exact " + c.exact()[i] + " (" + c.z(i)
                                + " s.e.)");
            }
            assertEquals(logits.length * 2, e.objectiveEvaluations(), "N·D·C evaluations with N = 1, C = 2");
        }
    }

    /** IndeCateR states its cost: N·D·C evaluations of f per example. */
    @Test
    void indecaterReportsItsCost() {
        EstimatorConfig three = EstimatorConfig.builder().optSamples(3).build();
        try (GradientEstimator e = EstimatorRegistry.standard().create("indecater", three)) {
            compare(() -> e, WIDE, 1, 10, 1);
            assertEquals(3 * WIDE.units() * WIDE.classes(), e.objectiveEvaluations());
        }
    }

    /** The biased estimators on categorical units: the worst component is more than 6 s.e. off. */
    @ParameterizedTest
    @ValueSource(strings = {"gumbel-rao", "gapped-st", "reinmax", "straight-through"})
    void biasedEstimatorsAreBiasedForCategoricalUnits(String name) {
        Comparison c = compare(
                () -> EstimatorRegistry.standard().create(name, EstimatorConfig.defaults()),
                MODERATE,
                new CategoricalObjective(MODERATE.units(), MODERATE.classes(), 3),
                4,
                10_000,
                47);
        assertBiased(name + " (categorical " + MODERATE + ")", c.mean, c.exact, c.standardError);
    }

    /** The biased estimators accept Bernoulli units (2-class categorical) and are biased there too. */
    @ParameterizedTest
    @ValueSource(strings = {"gumbel-rao", "gapped-st", "reinmax"})
    void biasedEstimatorsAreBiasedForBernoulliUnits(String name) {
        float[] logits = UnbiasednessTest.LOGITS[0];
        double[] alpha = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            alpha[i] = logits[i];
        }
        // a cubic of the units, so that a second-order accurate estimator is still biased
        float[] w = {1.0f, -0.7f, 0.5f, 1.3f};
        RelaxableObjective cubic = (h, t) -> {
            NDArray s = h.mul(NativeArrays.copyOf(h.getManager(), w))
                    .sum(new int[] {-1})
                    .sub(0.6);
            return s.mul(s).mul(s);
        };
        double[] exact = new BernoulliEnumeration(alpha).gradient(b -> {
            double s = -0.6;
            for (int i = 0; i < w.length; i++) {
                s += w[i] * b[i];
            }
            return s * s * s;
        });
        try (GradientEstimator e = EstimatorRegistry.standard().create(name, EstimatorConfig.defaults())) {
            GradientStatistics stats = EstimatorHarness.estimates(
                    e, Bernoulli.INSTANCE, cubic, logits, new Shape(logits.length), 4, 10_000, 53);
            double[] se = new double[exact.length];
            for (int i = 0; i < se.length; i++) {
                se[i] = stats.standardError(i);
            }
            assertBiased(name + " (Bernoulli)", stats.mean(), exact, se);
        }
    }

    /** CARMS refuses Bernoulli units and names the estimators to use instead. */
    @Test
    void carmsRefusesBernoulliUnits() {
        IllegalArgumentException x = assertThrows(
                IllegalArgumentException.class,
                () -> estimateOnce("carms", Bernoulli.INSTANCE, new Shape(3, 4), false));
        assertMentions(x, "carms", "Bernoulli", "arms", "disarm");
    }

    /** ARM refuses categorical units and names the estimators to use instead. */
    @Test
    void armRefusesCategoricalUnits() {
        IllegalArgumentException x = assertThrows(
                IllegalArgumentException.class,
                () -> estimateOnce("arm", Categorical.INSTANCE, new Shape(3, 2, 3), false));
        assertMentions(x, "arm", "Bernoulli units only", "categorical", "disarm", "carms", "indecater");
    }

    /** Estimators that draw their own coupled categorical samples refuse fixed sampling noise. */
    @ParameterizedTest
    @ValueSource(strings = {"disarm", "carms"})
    void coupledCategoricalSamplesRefuseFixedNoise(String name) {
        IllegalArgumentException x = assertThrows(
                IllegalArgumentException.class,
                () -> estimateOnce(name, Categorical.INSTANCE, new Shape(3, 2, 3), true));
        assertMentions(x, name, "fixed", "sampling noise", "reinforce");
    }

    /** A categorical layer with a single class is refused when the problem is built. */
    @Test
    void categoricalUnitsNeedTwoClasses() {
        EstimatorHarness.withGrad(m -> {
            IllegalArgumentException x = assertThrows(
                    IllegalArgumentException.class,
                    () -> EstimatorHarness.problem(
                            m.zeros(new Shape(3, 2, 1)),
                            Categorical.INSTANCE,
                            (h, t) -> h.sum(new int[] {-1, -2}),
                            new NoiseSource(1).forStep(0),
                            false));
            assertMentions(x, "at least 2 categories", "(3, 2, 1)");
        });
    }

    private static void estimateOnce(
            String name, org.relax4j.core.distribution.DiscreteDistribution dist, Shape shape, boolean fixedNoise) {
        try (GradientEstimator e = EstimatorRegistry.standard().create(name, EstimatorConfig.defaults())) {
            EstimatorHarness.withGrad(m -> {
                NDArray logits = m.zeros(shape);
                EstimationProblem.Builder b = EstimationProblem.builder()
                        .setLogits(logits)
                        .setObjective((h, t) -> h.reshape(
                                        h.getShape().get(0), h.getShape().get(1), -1)
                                .sum(new int[] {-1}))
                        .setNoise(new NoiseSource(1).forStep(0))
                        .optDistribution(dist);
                if (fixedNoise) {
                    b.optSamplingNoise(m.randomUniform(0, 1, shape));
                }
                e.estimate(b.build());
            });
        }
    }

    private static void assertMentions(Throwable e, String... parts) {
        for (String p : parts) {
            assertTrue(
                    e.getMessage() != null && e.getMessage().contains(p),
                    "message should mention '" + p + "': " + e.getMessage());
        }
    }

    /**
     * Asserts the worst component is more than {@link #BIAS_SE} standard errors from the exact
     * gradient, and reports the bias: the largest |mean − exact| and its ratio to |exact|.
     */
    static void assertBiased(String label, double[] mean, double[] exact, double[] se) {
        double worstZ = 0;
        double worstBias = 0;
        int worst = 0;
        double norm = 0;
        double biasNorm = 0;
        for (int j = 0; j < exact.length; j++) {
            double z = Math.abs(mean[j] - exact[j]) / se[j];
            if (z > worstZ) {
                worstZ = z;
                worst = j;
                worstBias = mean[j] - exact[j];
            }
            norm += exact[j] * exact[j];
            biasNorm += (mean[j] - exact[j]) * (mean[j] - exact[j]);
        }
        String report = String.format(
                Locale.ROOT,
                "%s: bias %.4f at component %d (mean %.4f vs exact %.4f, %.1f s.e.); ||bias|| / ||exact|| = %.3f",
                label,
                worstBias,
                worst,
                mean[worst],
                exact[worst],
                worstZ,
                Math.sqrt(biasNorm / norm));
        System.out.println(report);
        assertTrue(worstZ > BIAS_SE, "should be biased by more than " + BIAS_SE + " s.e.: " + report);
    }

    /** Estimates' mean, exact gradient and standard errors per component (d, c), row-major. */
    record Comparison(double[] mean, double[] exact, double[] standardError) {
        double z(int j) {
            if (standardError[j] == 0) {
                return mean[j] == exact[j] ? 0 : Double.POSITIVE_INFINITY;
            }
            return (mean[j] - exact[j]) / standardError[j];
        }
    }

    static Comparison compare(Supplier<GradientEstimator> factory, Layer layer, int batches, int batchSize, long seed) {
        return compare(
                factory, layer, new CategoricalObjective(layer.units(), layer.classes()), batches, batchSize, seed);
    }

    static Comparison compare(
            Supplier<GradientEstimator> factory,
            Layer layer,
            CategoricalObjective f,
            int batches,
            int batchSize,
            long seed) {
        double[][] exactRows = new CategoricalEnumeration(layer.rows()).gradient(f::value);
        double[] exact = new double[layer.units() * layer.classes()];
        for (int d = 0; d < layer.units(); d++) {
            System.arraycopy(exactRows[d], 0, exact, d * layer.classes(), layer.classes());
        }
        try (GradientEstimator estimator = factory.get()) {
            GradientStatistics stats = EstimatorHarness.estimates(
                    estimator,
                    Categorical.INSTANCE,
                    f,
                    layer.logits(),
                    new Shape(layer.units(), layer.classes()),
                    batches,
                    batchSize,
                    seed);
            double[] se = new double[exact.length];
            for (int j = 0; j < se.length; j++) {
                se[j] = stats.standardError(j);
            }
            return new Comparison(stats.mean(), exact, se);
        }
    }
}

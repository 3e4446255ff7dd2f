package org.relax4j.core.estimator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.relax4j.core.distribution.Bernoulli;
import org.relax4j.core.distribution.Categorical;
import org.relax4j.core.random.NoiseSource;
import org.relax4j.core.variance.GradientStatistics;

/**
 * ARMS, double control variates and RODEO: each estimator's mean matches the exact gradient (by
 * enumeration of all 2ⁿ configurations) within 4 standard errors per component, at the logits of
 * {@link UnbiasednessTest} (including extreme ones), for several K, with the learned parts at
 * their initial values, set by hand to non-zero values, and after training; 40,000 estimates
 * each, fixed seeds.
 */
class BinaryMultiSampleEstimatorsTest {

    /** Holds the parameters of estimators whose coefficients the tests set by hand. */
    private static NDManager parameters;

    @BeforeAll
    static void createManager() {
        parameters = NDManager.newBaseManager();
    }

    @AfterAll
    static void closeManager() {
        parameters.close();
    }

    /** Network initialisation draws from the engine's generator: fix it so runs are reproducible. */
    @BeforeEach
    void seedEngine() {
        ai.djl.engine.Engine.getInstance().setRandomSeed(1234);
    }

    static Stream<Arguments> untrained() {
        List<Object[]> estimators = List.of(
                new Object[] {
                    "arms gaussian K=2",
                    (Supplier<GradientEstimator>)
                            () -> Arms.builder().optCopula(Arms.Copula.GAUSSIAN).build()
                },
                new Object[] {
                    "arms gaussian K=3",
                    (Supplier<GradientEstimator>) () -> Arms.builder()
                            .optSamples(3)
                            .optCopula(Arms.Copula.GAUSSIAN)
                            .build()
                },
                new Object[] {
                    "arms gaussian K=5",
                    (Supplier<GradientEstimator>) () -> Arms.builder()
                            .optSamples(5)
                            .optCopula(Arms.Copula.GAUSSIAN)
                            .build()
                },
                new Object[] {
                    "arms K=2",
                    (Supplier<GradientEstimator>) () -> Arms.builder().build()
                },
                new Object[] {
                    "arms K=3",
                    (Supplier<GradientEstimator>)
                            () -> Arms.builder().optSamples(3).build()
                },
                new Object[] {
                    "arms K=5",
                    (Supplier<GradientEstimator>)
                            () -> Arms.builder().optSamples(5).build()
                },
                new Object[] {
                    "double-cv K=2",
                    (Supplier<GradientEstimator>)
                            () -> DoubleControlVariate.builder().build()
                },
                new Object[] {
                    "double-cv K=3 alpha=1.5",
                    (Supplier<GradientEstimator>) () -> withAlpha(
                            DoubleControlVariate.builder().optSamples(3).build())
                },
                new Object[] {
                    "rodeo K=2",
                    (Supplier<GradientEstimator>) () -> Rodeo.builder().build()
                },
                new Object[] {
                    "rodeo K=2 alpha=2 beta=-3",
                    (Supplier<GradientEstimator>) () ->
                            withCoefficients(Rodeo.builder().optHiddenUnits(16).build(), 2f, -3f)
                },
                new Object[] {
                    "rodeo K=3 alpha=-1 beta=2",
                    (Supplier<GradientEstimator>) () -> withCoefficients(
                            Rodeo.builder().optSamples(3).optHiddenUnits(16).build(), -1f, 2f)
                });
        List<Arguments> cases = new ArrayList<>();
        for (Object[] e : estimators) {
            for (int i = 0; i < UnbiasednessTest.LOGITS.length; i++) {
                cases.add(Arguments.of(e[0], e[1], i));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} at logits #{2}")
    @MethodSource("untrained")
    void meanMatchesExactGradient(String label, Supplier<GradientEstimator> factory, int logitSet) {
        try (GradientEstimator estimator = factory.get()) {
            UnbiasednessTest.assertUnbiased(
                    label, estimator, UnbiasednessTest.LOGITS[logitSet], 4, 10_000, 41 + logitSet);
        }
    }

    /**
     * After 200 steps on the variance objective the learned parts have moved away from their
     * initial values (α, β = 0) and the estimators are still unbiased.
     */
    @ParameterizedTest(name = "{0} after training")
    @MethodSource("trainable")
    void unbiasedAfterTraining(String name) {
        try (GradientEstimator estimator = EstimatorRegistry.standard().create(name, EstimatorConfig.defaults())) {
            float[] logits = UnbiasednessTest.LOGITS[0];
            CoupledObjective f = new CoupledObjective(logits.length);
            EstimatorHarness.train(
                    estimator, Bernoulli.INSTANCE, f, logits, new Shape(logits.length), 200, 64, 0.02f, 5);
            float alpha = estimator.parameters().get("alpha").getArray().getFloat(0);
            assertNotEquals(0f, alpha, name + ": training should have moved alpha");
            UnbiasednessTest.assertUnbiased(name + " (trained)", estimator, logits, 4, 10_000, 99);
        }
    }

    static Stream<String> trainable() {
        return Stream.of("double-cv", "rodeo");
    }

    /**
     * Training on the variance objective does what it is for: after 300 steps at the six-unit
     * logits, double-cv's and RODEO's total variance (summed over units, 20,000 estimates) is below
     * half of RLOO's with the same K = 2 (measured: about 0.10 and 0.05 of it), and RODEO's is below
     * DisARM's, the ordering Shi et al. (2022) report.
     */
    @Test
    void trainingLowersTheVariance() {
        float[] logits = UnbiasednessTest.LOGITS[2];
        double rloo = totalVariance(Rloo.builder().build(), logits, 0);
        double disarm = totalVariance(new DisArm(), logits, 0);
        for (String name : new String[] {"double-cv", "rodeo"}) {
            try (GradientEstimator e = EstimatorRegistry.standard().create(name, EstimatorConfig.defaults())) {
                double trained = totalVariance(e, logits, 300);
                assertTrue(trained < 0.5 * rloo, name + ": variance " + trained + " after training, RLOO's " + rloo);
                if (name.equals("rodeo")) {
                    assertTrue(trained < disarm, "rodeo: variance " + trained + " after training, DisARM's " + disarm);
                }
            }
        }
    }

    private static double totalVariance(GradientEstimator e, float[] logits, int trainingSteps) {
        CoupledObjective f = new CoupledObjective(logits.length);
        Shape shape = new Shape(logits.length);
        if (trainingSteps > 0) {
            EstimatorHarness.train(e, Bernoulli.INSTANCE, f, logits, shape, trainingSteps, 64, 0.02f, 5);
        }
        GradientStatistics stats = EstimatorHarness.estimates(e, Bernoulli.INSTANCE, f, logits, shape, 2, 10_000, 3);
        double total = 0;
        for (double v : stats.variance()) {
            total += v;
        }
        return total;
    }

    /**
     * ARMS with K = 2 is DisARM (Dimitriev and Zhou 2021): the Dirichlet copula of two samples is
     * the antithetic pair, and the debiasing factor is σ(|α|). Both estimators' variances agree
     * within 10% (40,000 estimates each, relative standard error of a variance about 1%).
     */
    @Test
    void armsWithTwoSamplesHasDisarmsVariance() {
        float[] logits = UnbiasednessTest.LOGITS[0];
        CoupledObjective f = new CoupledObjective(logits.length);
        GradientStatistics arms = EstimatorHarness.estimates(
                Arms.builder().build(), Bernoulli.INSTANCE, f, logits, new Shape(logits.length), 4, 10_000, 7);
        GradientStatistics disarm = EstimatorHarness.estimates(
                new DisArm(), Bernoulli.INSTANCE, f, logits, new Shape(logits.length), 4, 10_000, 8);
        for (int i = 0; i < logits.length; i++) {
            double ratio = arms.variance()[i] / disarm.variance()[i];
            assertTrue(Math.abs(ratio - 1) < 0.1, "unit " + i + ": ARMS/DisARM variance ratio " + ratio);
        }
    }

    @ParameterizedTest(name = "{0} refuses categorical units")
    @MethodSource("names")
    void refusesCategoricalUnits(String name) {
        EstimatorHarness.withGrad(manager -> {
            GradientEstimator e = EstimatorRegistry.standard().create(name, EstimatorConfig.defaults());
            NDArray logits = manager.zeros(new Shape(3, 2, 4));
            EstimationProblem problem = EstimationProblem.builder()
                    .setLogits(logits)
                    .setObjective((h, t) -> h.sum(new int[] {-1, -2}))
                    .setNoise(new NoiseSource(1).forStep(0))
                    .optDistribution(Categorical.INSTANCE)
                    .build();
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> e.estimate(problem));
            assertEquals(
                    name + " is defined for Bernoulli units only; use reinforce, rloo, rebar or relax for "
                            + Categorical.INSTANCE.name() + " units",
                    error.getMessage());
        });
    }

    @ParameterizedTest(name = "{0} refuses fixed sampling noise")
    @MethodSource("names")
    void refusesFixedSamplingNoise(String name) {
        EstimatorHarness.withGrad(manager -> {
            GradientEstimator e = EstimatorRegistry.standard().create(name, EstimatorConfig.defaults());
            NDArray logits = manager.zeros(new Shape(3, 4));
            EstimationProblem problem = EstimationProblem.builder()
                    .setLogits(logits)
                    .setObjective((h, t) -> h.sum(new int[] {-1}))
                    .setNoise(new NoiseSource(1).forStep(0))
                    .optSamplingNoise(manager.full(new Shape(3, 4), 0.5f))
                    .build();
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> e.estimate(problem));
            assertTrue(error.getMessage().contains("cannot use fixed sampling noise"), error.getMessage());
        });
    }

    /** Each is registered, unbiased for E[f(b)], costs K evaluations of f and refuses K &lt; 2. */
    @ParameterizedTest(name = "{0} in the registry")
    @MethodSource("names")
    void registered(String name) {
        EstimatorRegistry r = EstimatorRegistry.standard();
        assertTrue(r.names().contains(name), name);
        assertTrue(r.describe(name).endsWith(EstimatorTarget.EXPECTATION.description()), r.describe(name));
        try (GradientEstimator e =
                r.create(name, EstimatorConfig.builder().optSamples(4).build())) {
            assertEquals(name, e.name());
            assertEquals(EstimatorTarget.EXPECTATION, e.unbiasedFor());
            assertEquals(4, e.objectiveEvaluations());
        }
        IllegalArgumentException error = assertThrows(
                IllegalArgumentException.class,
                () -> r.create(name, EstimatorConfig.builder().optSamples(1).build()));
        assertTrue(error.getMessage().contains("at least 2 samples"), error.getMessage());
    }

    static Stream<String> names() {
        return Stream.of("arms", "double-cv", "rodeo");
    }

    private static DoubleControlVariate withAlpha(DoubleControlVariate e) {
        e.initialize(parameters, null, null);
        e.parameters().get("alpha").getArray().set(new float[] {1.5f});
        return e;
    }

    private static Rodeo withCoefficients(Rodeo e, float alpha, float beta) {
        e.initialize(parameters, null, null);
        e.parameters().get("alpha").getArray().set(new float[] {alpha});
        e.parameters().get("beta").getArray().set(new float[] {beta});
        return e;
    }
}

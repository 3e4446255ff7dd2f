package org.relax4j.core.estimator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.relax4j.core.controlvariate.Mlp;
import org.relax4j.core.distribution.Bernoulli;
import org.relax4j.core.distribution.NoiseMode;
import org.relax4j.core.estimator.baseline.BaselineKind;

/**
 * Every unbiased estimator's mean matches the exact gradient (by enumeration of all 2ⁿ
 * configurations) within 4 standard errors, per component, at several logits including extreme
 * ones; 40,000 estimates each, fixed seeds.
 */
class UnbiasednessTest {

    /** Network initialisation draws from the engine's generator: fix it so runs are reproducible. */
    @org.junit.jupiter.api.BeforeEach
    void seedEngine() {
        ai.djl.engine.Engine.getInstance().setRandomSeed(1234);
    }

    static final double TOLERANCE_SE = 4;
    static final float[][] LOGITS = {
        {0.3f, -1.2f, 2.0f, -0.4f},
        {-6f, 5f, 0f, 3.5f},
        {1.5f, -2.5f, 0.2f, 0.8f, -0.9f, 4f},
    };

    static Stream<Arguments> cases() {
        EstimatorRegistry r = EstimatorRegistry.standard();
        List<Arguments> cases = new ArrayList<>();
        EstimatorConfig tied =
                EstimatorConfig.builder().optNoiseMode(NoiseMode.TIED).build();
        EstimatorConfig small = EstimatorConfig.builder()
                .optNetwork(1, 16, Mlp.Nonlinearity.TANH)
                .build();
        List<Object[]> estimators = List.of(
                new Object[] {
                    "reinforce", (Supplier<GradientEstimator>) () -> r.create("reinforce", EstimatorConfig.defaults())
                },
                new Object[] {
                    "reinforce+ema",
                    (Supplier<GradientEstimator>) () -> r.create(
                            "reinforce",
                            EstimatorConfig.builder()
                                    .optBaseline(BaselineKind.EMA)
                                    .optEmaDecay(0.5)
                                    .build())
                },
                new Object[] {
                    "reinforce+learned",
                    (Supplier<GradientEstimator>) () -> r.create(
                            "reinforce",
                            EstimatorConfig.builder()
                                    .optBaseline(BaselineKind.LEARNED)
                                    .build())
                },
                new Object[] {"rebar", (Supplier<GradientEstimator>) () -> r.create("rebar", EstimatorConfig.defaults())
                },
                new Object[] {"rebar tied", (Supplier<GradientEstimator>) () -> r.create("rebar", tied)},
                new Object[] {"relax", (Supplier<GradientEstimator>) () -> r.create("relax", small)},
                new Object[] {
                    "relax tied",
                    (Supplier<GradientEstimator>) () -> r.create(
                            "relax",
                            EstimatorConfig.builder()
                                    .optNetwork(1, 16, Mlp.Nonlinearity.TANH)
                                    .optNoiseMode(NoiseMode.TIED)
                                    .build())
                },
                new Object[] {"relax-net", (Supplier<GradientEstimator>) () -> r.create("relax-net", small)},
                new Object[] {"arm", (Supplier<GradientEstimator>) () -> r.create("arm", EstimatorConfig.defaults())},
                new Object[] {
                    "disarm", (Supplier<GradientEstimator>) () -> r.create("disarm", EstimatorConfig.defaults())
                },
                new Object[] {
                    "rloo K=3",
                    (Supplier<GradientEstimator>) () -> r.create(
                            "rloo", EstimatorConfig.builder().optSamples(3).build())
                });
        for (Object[] e : estimators) {
            for (int i = 0; i < LOGITS.length; i++) {
                cases.add(Arguments.of(e[0], e[1], i));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} at logits #{2}")
    @MethodSource("cases")
    void meanMatchesExactGradient(String label, Supplier<GradientEstimator> factory, int logitSet) {
        try (GradientEstimator estimator = factory.get()) {
            assertUnbiased(label, estimator, LOGITS[logitSet], 4, 10_000, 17 + logitSet);
        }
    }

    @ParameterizedTest(name = "{0} after training its control variate")
    @MethodSource("trainable")
    void unbiasedAfterTrainingTheControlVariate(String name) {
        EstimatorConfig config = EstimatorConfig.builder()
                .optNetwork(1, 16, Mlp.Nonlinearity.TANH)
                .build();
        try (GradientEstimator estimator = EstimatorRegistry.standard().create(name, config)) {
            float[] logits = LOGITS[0];
            CoupledObjective f = new CoupledObjective(logits.length);
            EstimatorHarness.train(
                    estimator, Bernoulli.INSTANCE, f, logits, new Shape(logits.length), 200, 64, 0.02f, 5);
            assertUnbiased(name + " (trained)", estimator, logits, 4, 10_000, 99);
        }
    }

    static Stream<String> trainable() {
        return Stream.of("rebar", "relax", "relax-net", "reinforce");
    }

    static void assertUnbiased(
            String label, GradientEstimator estimator, float[] logits, int batches, int batch, long seed) {
        EstimatorHarness.Comparison c = EstimatorHarness.compareWithExact(estimator, logits, batches, batch, seed);
        for (int i = 0; i < logits.length; i++) {
            assertTrue(
                    Math.abs(c.z(i)) < TOLERANCE_SE,
                    String.format(
                            "%s unit %d: mean %.5f vs exact %.5f is %.1f standard errors away (se %.2g)",
                            label, i, c.mean()[i], c.exact()[i], c.z(i), c.standardError()[i]));
        }
    }
}

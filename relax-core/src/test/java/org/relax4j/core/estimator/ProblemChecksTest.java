package org.relax4j.core.estimator;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.relax4j.core.controlvariate.Mlp;
import org.relax4j.core.random.NoiseSource;

/** A new user's mistakes give one clear message naming the problem and the fix. */
class ProblemChecksTest {

    private static void assertMentions(Throwable e, String... parts) {
        for (String p : parts) {
            assertTrue(
                    e.getMessage() != null && e.getMessage().contains(p),
                    "message should mention '" + p + "': " + e.getMessage());
        }
    }

    /** An objective returning (S, B, 1) instead of (S, B) is refused by every estimator. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "reinforce",
                "concrete",
                "straight-through",
                "rebar",
                "relax",
                "relax-net",
                "arm",
                "disarm",
                "rloo",
                "vimco",
                "arms",
                "double-cv",
                "rodeo",
                "indecater",
                "gumbel-rao",
                "gapped-st",
                "reinmax"
            })
    void objectiveMustReturnOneValuePerSampleAndExample(String name) {
        EstimatorConfig config = EstimatorConfig.builder()
                .optNetwork(1, 8, Mlp.Nonlinearity.TANH)
                .build();
        try (GradientEstimator e = EstimatorRegistry.standard().create(name, config)) {
            EstimatorHarness.withGrad(m -> {
                NDArray logits = m.zeros(new Shape(3, 5));
                EstimationProblem p = EstimationProblem.builder()
                        .setLogits(logits)
                        .setObjective((h, t) -> h.sum(new int[] {-1}, true))
                        .setNoise(new NoiseSource(1).forStep(0))
                        .build();
                IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> e.estimate(p));
                assertMentions(x, ", 3)", ", 3, 1)", "objective");
            });
        }
    }

    /** A RELAX initialized for 5 units refuses 4 units with a message naming both. */
    @Test
    void unitsCannotChangeAfterInitialization() {
        EstimatorConfig config = EstimatorConfig.builder()
                .optNetwork(1, 8, Mlp.Nonlinearity.TANH)
                .build();
        try (GradientEstimator e = EstimatorRegistry.standard().create("relax", config)) {
            EstimatorHarness.withGrad(m -> {
                e.estimate(problem(m.zeros(new Shape(3, 5))));
                e.estimate(problem(m.zeros(new Shape(7, 5)))); // the batch may vary
                IllegalArgumentException x = assertThrows(
                        IllegalArgumentException.class, () -> e.estimate(problem(m.zeros(new Shape(3, 4)))));
                assertMentions(x, "relax", "5 units", "4", "one estimator per layer shape");
            });
        }
    }

    /** float64 logits are refused when the problem is built, with the conversion to use. */
    @Test
    void logitsMustBeFloat32() {
        EstimatorHarness.withGrad(m -> {
            IllegalArgumentException x = assertThrows(
                    IllegalArgumentException.class, () -> problem(m.zeros(new Shape(3, 5), DataType.FLOAT64)));
            assertMentions(x, "float32", "float64", "toType");
        });
    }

    /** Missing noise, logits or objective name the builder call that supplies them. */
    @Test
    void missingPartsNameTheirSetter() {
        EstimatorHarness.withGrad(m -> {
            NDArray logits = m.zeros(new Shape(3, 5));
            assertMentions(
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> EstimationProblem.builder()
                                    .setLogits(logits)
                                    .setObjective((h, t) -> h.sum(new int[] {-1}))
                                    .build()),
                    "setNoise(new NoiseSource(seed).forStep(step))");
            assertMentions(
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> EstimationProblem.builder()
                                    .setObjective((h, t) -> h.sum(new int[] {-1}))
                                    .setNoise(new NoiseSource(1).forStep(0))
                                    .build()),
                    "setLogits");
            assertMentions(
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> EstimationProblem.builder()
                                    .setLogits(logits)
                                    .setNoise(new NoiseSource(1).forStep(0))
                                    .build()),
                    "setObjective");
        });
    }

    private static EstimationProblem problem(NDArray logits) {
        return EstimationProblem.builder()
                .setLogits(logits)
                .setObjective((h, t) -> h.sum(new int[] {-1}))
                .setNoise(new NoiseSource(1).forStep(0))
                .build();
    }
}

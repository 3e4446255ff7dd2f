package org.relax4j.core.estimator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EstimatorRegistryTest {

    @Test
    void unknownNamesListTheChoices() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> EstimatorRegistry.standard().create("rebarr", EstimatorConfig.defaults()));
        assertTrue(e.getMessage().contains("rebarr") && e.getMessage().contains("relax"), e.getMessage());
    }

    @Test
    void usersCanRegisterTheirOwn() {
        EstimatorRegistry registry = new EstimatorRegistry();
        registry.register(
                "mine", "a custom estimator; BIASED", c -> Concrete.builder().build());
        assertEquals(
                "concrete", registry.create("mine", EstimatorConfig.defaults()).name());
        assertThrows(IllegalArgumentException.class, () -> registry.register("mine", "again", c -> null));
    }

    /**
     * Each estimator declares what it is unbiased for, and its registry description says the same:
     * VIMCO only for the K-sample bound, Concrete and straight-through for nothing.
     */
    @Test
    void targetsAreDeclaredAndDescribed() {
        Map<String, EstimatorTarget> expected = Map.of(
                "vimco", EstimatorTarget.MULTI_SAMPLE_BOUND,
                "concrete", EstimatorTarget.NONE,
                "straight-through", EstimatorTarget.NONE,
                "gumbel-rao", EstimatorTarget.NONE,
                "gapped-st", EstimatorTarget.NONE,
                "reinmax", EstimatorTarget.NONE);
        for (String name : EstimatorRegistry.standard().names()) {
            try (GradientEstimator e = EstimatorRegistry.standard().create(name, EstimatorConfig.defaults())) {
                EstimatorTarget target = expected.getOrDefault(name, EstimatorTarget.EXPECTATION);
                assertEquals(target, e.unbiasedFor(), name);
                assertTrue(
                        EstimatorRegistry.standard().describe(name).endsWith(target.description()),
                        name + ": " + EstimatorRegistry.standard().describe(name));
            }
        }
    }

    /**
     * The multi-sample estimators say they draw K joint samples, and each of those costs one
     * evaluation of f (no extra evaluations); every other estimator draws one.
     */
    @Test
    void multiSampleEstimatorsDeclareTheirJointSamples() {
        java.util.Set<String> multi = java.util.Set.of("rloo", "vimco", "arms", "carms", "double-cv", "rodeo");
        for (String name : EstimatorRegistry.standard().names()) {
            try (GradientEstimator e = EstimatorRegistry.standard().create(name, EstimatorConfig.defaults())) {
                if (multi.contains(name)) {
                    assertTrue(e.jointSamples() >= 2, name + " draws " + e.jointSamples());
                    assertEquals(e.objectiveEvaluations(), e.jointSamples(), name);
                } else {
                    assertEquals(1, e.jointSamples(), name);
                }
            }
        }
    }
}

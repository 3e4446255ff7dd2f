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
}

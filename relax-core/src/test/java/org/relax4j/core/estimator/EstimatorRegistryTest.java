package org.relax4j.core.estimator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EstimatorRegistryTest {

    @Test
    void unknownNamesListTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EstimatorRegistry.standard().create("rebarr", EstimatorConfig.defaults()));
        assertTrue(e.getMessage().contains("rebarr") && e.getMessage().contains("relax"), e.getMessage());
    }

    @Test
    void usersCanRegisterTheirOwnAndBiasIsDeclared() {
        EstimatorRegistry registry = new EstimatorRegistry();
        registry.register("mine", "a custom estimator; BIASED", c -> new Concrete(c.temperature()));
        assertEquals("concrete", registry.create("mine", EstimatorConfig.defaults()).name());
        assertThrows(IllegalArgumentException.class, () -> registry.register("mine", "again", c -> null));
        for (String name : EstimatorRegistry.standard().names()) {
            GradientEstimator e = EstimatorRegistry.standard().create(name, EstimatorConfig.defaults());
            assertEquals(!e.isUnbiased(), EstimatorRegistry.standard().describe(name).contains("BIASED"), name);
        }
        assertFalse(EstimatorRegistry.standard().create("concrete", EstimatorConfig.defaults()).isUnbiased());
    }
}

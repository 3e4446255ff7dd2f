package org.relax4j.core.nondiff.estimator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NondiffEstimatorRegistryTest {

    @Test
    void builtInsByNameWithOptions() {
        NondiffEstimatorRegistry r = NondiffEstimatorRegistry.standard();
        assertEquals(List.of("score", "reparam", "reparam-nondiff"), r.names());
        for (String name : r.names()) {
            NondiffEstimator e = r.create(name, NondiffEstimatorConfig.defaults());
            assertEquals(name, e.name());
            // only plain reparameterization is biased (it ignores the moving boundaries)
            assertEquals(name.equals("reparam"), r.describe(name).contains("BIASED"), name);
        }
        NondiffEstimator all =
                r.create("reparam-nondiff", new NondiffEstimatorConfig(ReparamNondiffEstimator.Surface.ALL));
        assertEquals(
                ReparamNondiffEstimator.Surface.ALL,
                assertInstanceOf(ReparamNondiffEstimator.class, all).surface());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> r.create("reparm", NondiffEstimatorConfig.defaults()));
        assertTrue(
                e.getMessage().contains("'reparm'") && e.getMessage().contains("score, reparam, reparam-nondiff"),
                e.getMessage());
    }
}

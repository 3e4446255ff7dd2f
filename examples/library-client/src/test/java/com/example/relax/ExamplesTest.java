package com.example.relax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs both examples as {@code mvn verify} does. */
class ExamplesTest {

    @Test
    void relaxLoopConvergesWithFlatMemory() {
        RelaxLoop.Report report = RelaxLoop.run(20_000, 42);
        System.out.println(report);
        assertEquals(List.of(), report.failures());
    }

    @Test
    void trainerExampleConverges() throws Exception {
        TrainerExample.Result result = TrainerExample.run(4_000, 42);
        assertTrue(result.converged(), result.toString());
    }
}

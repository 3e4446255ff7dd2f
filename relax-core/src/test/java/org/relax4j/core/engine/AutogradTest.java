package org.relax4j.core.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class AutogradTest {

    @Test
    void firstAndSecondOrderGradientsTouchOnlyTheRequestedInputs() {
        try (NDManager m = NDManager.newBaseManager();
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray x = m.create(new float[] {2f, 3f});
            NDArray w = m.create(new float[] {5f});
            x.setRequiresGradient(true);
            w.setRequiresGradient(true);
            // y = w * sum(x^3): dy/dx = 3 w x^2 = [60, 135]
            NDArray y = x.mul(x).mul(x).mul(w).sum();
            NDArray g = Autograd.grad(y, x, true);
            assertArrayEquals(new float[] {60f, 135f}, g.toFloatArray(), 1e-4f);
            // nothing was accumulated into w.grad by the first pass
            assertEquals(0f, w.getGradient().sum().getFloat(), 0f);
            // L = |dy/dx|^2 = 9 w^2 (x1^4 + x2^4): dL/dw = 18 w (16 + 81) = 8730
            NDArray loss = g.mul(g).sum();
            NDArray gw = Autograd.grad(loss, w, false);
            assertEquals(8730f, gw.getFloat(0), 1e-2f);
            assertFalse(x.getName() != null && x.getName().contains("[]"));
        }
    }

    @Test
    void unusedInputsAndConstantOutputsGetZeroGradients() {
        try (NDManager m = NDManager.newBaseManager();
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray a = m.create(new float[] {1f, 2f});
            NDArray b = m.create(new float[] {7f});
            a.setRequiresGradient(true);
            b.setRequiresGradient(true);
            NDList grads = Autograd.grad(a.add(a).add(a).sum(), new NDList(a, b), false);
            assertArrayEquals(new float[] {3f, 3f}, grads.get(0).toFloatArray());
            assertArrayEquals(new float[] {0f}, grads.get(1).toFloatArray());
            NDArray constant = m.create(4f);
            assertArrayEquals(
                    new float[] {0f, 0f}, Autograd.grad(constant, a, false).toFloatArray());
        }
    }

    @Test
    void seedsWeightTheOutputs() {
        try (NDManager m = NDManager.newBaseManager();
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray a = m.create(new float[] {1f, 2f, 3f});
            a.setRequiresGradient(true);
            NDArray seed = m.create(new float[] {1f, -1f, 2f});
            NDArray g = Autograd.grad(a.mul(a), a, seed, false);
            assertArrayEquals(new float[] {2f, -4f, 12f}, g.toFloatArray(), 1e-6f);
        }
    }

    /**
     * {@code gradKeepingGraph} leaves the graph for a second pass through the same output (what
     * Concrete and straight-through need: their relaxed objective is also the decoder's loss),
     * where a plain first-order {@code grad} frees it.
     */
    @Test
    void keepingTheGraphAllowsASecondPass() {
        try (NDManager m = NDManager.newBaseManager();
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray a = m.create(new float[] {1f, 2f});
            NDArray w = m.create(new float[] {3f});
            a.setRequiresGradient(true);
            w.setRequiresGradient(true);
            // y = w * sum(a^2): dy/da = 2 w a = [6, 12], dy/dw = 5
            NDArray y = a.mul(a).mul(w).sum();
            assertArrayEquals(
                    new float[] {6f, 12f}, Autograd.gradKeepingGraph(y, a).toFloatArray(), 1e-6f);
            assertEquals(5f, Autograd.grad(y, w, false).getFloat(0), 1e-6f);
            NDArray freed = a.mul(a).mul(w).sum();
            Autograd.grad(freed, a, false);
            assertThrows(EngineException.class, () -> Autograd.grad(freed, w, false));
        }
    }
}

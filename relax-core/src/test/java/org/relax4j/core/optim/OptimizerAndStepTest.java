package org.relax4j.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.GradientCollector;
import ai.djl.training.initializer.ConstantInitializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import org.junit.jupiter.api.Test;

class OptimizerAndStepTest {

    /** Saving Adam mid-run and restoring it into a fresh optimizer continues identically. */
    @Test
    void adamStateRoundTripsExactly() throws Exception {
        try (NDManager m = NDManager.newBaseManager();
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            Parameter a = param(m, "a");
            Parameter b = param(m, "b");
            StatefulAdam first = StatefulAdam.builder().optLearningRate(0.1f).build();
            for (int i = 0; i < 3; i++) {
                step(first, a, i);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            first.save(new DataOutputStream(bytes));
            b.getArray().set(a.getArray().toFloatArray());
            StatefulAdam second = StatefulAdam.builder().optLearningRate(0.1f).build();
            second.load(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), m);
            for (int i = 3; i < 6; i++) {
                step(first, a, i);
                step(second, b, i);
            }
            assertArrayEquals(a.getArray().toFloatArray(), b.getArray().toFloatArray(), 0f);
        }
    }

    /** A NaN loss skips the step and leaves the parameters untouched. */
    @Test
    void nonFiniteLossIsSkipped() {
        try (NDManager m = NDManager.newBaseManager();
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            Parameter a = param(m, "a");
            float[] before = a.getArray().toFloatArray();
            StatefulAdam adam = StatefulAdam.builder().build();
            boolean applied =
                    GradientStep.minimize(adam, a.getArray().mul(Float.NaN).sum(), list(a));
            assertFalse(applied);
            assertArrayEquals(before, a.getArray().toFloatArray(), 0f);
            assertTrue(GradientStep.minimize(adam, a.getArray().sum(), list(a)));
        }
    }

    private static void step(StatefulAdam adam, Parameter p, int i) {
        NDArray x = p.getArray();
        NDArray loss = x.mul(x).sum().mul(1 + i);
        GradientStep.minimize(adam, loss, list(p));
    }

    /** Both runs call their parameter "w", as a restarted run would. */
    private static ParameterList list(Parameter p) {
        ParameterList list = new ParameterList();
        list.add("w", p);
        return list;
    }

    private static Parameter param(NDManager m, String name) {
        Parameter p = Parameter.builder()
                .setName(name)
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(3))
                .optInitializer(new ConstantInitializer(0.5f))
                .build();
        p.initialize(m, DataType.FLOAT32);
        return p;
    }
}

package org.relax4j.core.estimator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.relax4j.core.engine.NativeArrays;
import org.relax4j.core.objective.RelaxableObjective;

/**
 * A non-linear objective of D categorical units of C classes that couples units, for statistical
 * tests: f(h) = s^p + h_{0,0} h_{1,C−1} with s = Σ_{d,c} v_{dc} h_{dc} − 0.3,
 * v_{dc} = 1.5 sin(1 + dC + c) and p = 2 or 3, evaluated identically on hard (one-hot) and relaxed
 * inputs of shape (S, B, D, C). With p = 3 it is not quadratic, which second-order accurate
 * estimators (ReinMax) need to show their bias.
 */
final class CategoricalObjective implements RelaxableObjective {

    private final int units;
    private final int classes;
    private final float[] values;
    private final int power;

    CategoricalObjective(int units, int classes) {
        this(units, classes, 2);
    }

    CategoricalObjective(int units, int classes, int power) {
        if (power != 2 && power != 3) {
            throw new IllegalArgumentException("power 2 or 3");
        }
        this.power = power;
        this.units = units;
        this.classes = classes;
        this.values = new float[units * classes];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (1.5 * Math.sin(1 + i));
        }
    }

    @Override
    public NDArray apply(NDArray h, NDArray temperature) {
        NDArray v = NativeArrays.copyOf(h.getManager(), values, new Shape(units, classes));
        NDArray s = h.mul(v).sum(new int[] {-1, -2}).sub(0.3);
        NDArray sp = power == 2 ? s.mul(s) : s.mul(s).mul(s);
        return sp.add(h.get("..., 0, 0").mul(h.get("..., 1, " + (classes - 1))));
    }

    /** The same function of the chosen classes x, for enumeration. */
    double value(int[] x) {
        double s = -0.3;
        for (int d = 0; d < units; d++) {
            s += values[d * classes + x[d]];
        }
        return Math.pow(s, power) + (x[0] == 0 && x[1] == classes - 1 ? 1 : 0);
    }
}

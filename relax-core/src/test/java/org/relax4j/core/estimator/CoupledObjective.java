package org.relax4j.core.estimator;

import ai.djl.ndarray.NDArray;
import org.relax4j.core.engine.NativeArrays;
import org.relax4j.core.objective.RelaxableObjective;

/**
 * A non-linear objective that couples units, for statistical tests:
 * f(h) = (Σ w_i h_i − 0.6)² + h₀h₁ − 1.5 h₂h₃ (+ h₄h₅h₀ with six units), evaluated identically on
 * hard and relaxed inputs.
 */
final class CoupledObjective implements RelaxableObjective {

    static final double[] WEIGHTS = {1.0, -0.7, 0.5, 1.3, -0.4, 0.9};

    private final int units;

    CoupledObjective(int units) {
        if (units < 4 || units > 6) {
            throw new IllegalArgumentException("4 to 6 units");
        }
        this.units = units;
    }

    @Override
    public NDArray apply(NDArray h, NDArray temperature) {
        double[] w = new double[units];
        System.arraycopy(WEIGHTS, 0, w, 0, units);
        NDArray weights = h.getManager().create(w).toType(h.getDataType(), false);
        NDArray linear = h.mul(weights).sum(new int[] {-1}).sub(0.6);
        NDArray f = linear.mul(linear)
                .add(unit(h, 0).mul(unit(h, 1)))
                .sub(NativeArrays.times(unit(h, 2).mul(unit(h, 3)), 1.5));
        if (units == 6) {
            f = f.add(unit(h, 4).mul(unit(h, 5)).mul(unit(h, 0)));
        }
        return f;
    }

    /** The same function on a Java array, for enumeration. */
    double value(double[] b) {
        double linear = -0.6;
        for (int i = 0; i < units; i++) {
            linear += WEIGHTS[i] * b[i];
        }
        double f = linear * linear + b[0] * b[1] - 1.5 * b[2] * b[3];
        if (units == 6) {
            f += b[4] * b[5] * b[0];
        }
        return f;
    }

    private static NDArray unit(NDArray h, int i) {
        return h.get("..., " + i);
    }
}

package org.relax4j.core.estimator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.relax4j.core.objective.RelaxableObjective;

/**
 * The user's objective with its contract checked on every evaluation: for h of shape
 * (S, B, units…) f must return one float32 value per sample and example, shape (S, B). A result of
 * shape (S, B, 1) would otherwise broadcast silently against (S, B) arrays inside some estimators
 * and fail deep inside libtorch in others.
 */
final class CheckedObjective implements RelaxableObjective {

    private final RelaxableObjective objective;

    CheckedObjective(RelaxableObjective objective) {
        this.objective = objective;
    }

    @Override
    public NDArray apply(NDArray h, NDArray temperature) {
        NDArray f = objective.apply(h, temperature);
        Shape in = h.getShape();
        Shape expected = new Shape(in.get(0), in.get(1));
        if (f == null) {
            throw new IllegalArgumentException(
                    "the objective returned null for inputs of shape " + in + "; it must return shape " + expected);
        }
        if (!f.getShape().equals(expected)) {
            throw new IllegalArgumentException(
                    "the objective must return one value per sample and example, shape (S, B) = " + expected
                            + " for inputs of shape " + in + ", but returned shape " + f.getShape()
                            + "; sum or squeeze the unit axes in the objective (e.g. f.squeeze(-1))");
        }
        if (f.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("the objective must return float32 values, got " + f.getDataType()
                    + "; convert its result with toType(DataType.FLOAT32, false)");
        }
        return f;
    }
}

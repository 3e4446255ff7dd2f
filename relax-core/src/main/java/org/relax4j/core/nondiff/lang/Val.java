package org.relax4j.core.nondiff.lang;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;

/** The value of an expression node during a batched evaluation: a scalar or a (rows,) array. */
final class Val {

    private final double scalar;
    private final NDArray array;

    private Val(double scalar, NDArray array) {
        this.scalar = scalar;
        this.array = array;
    }

    static Val of(double v) {
        return new Val(v, null);
    }

    static Val of(NDArray a) {
        return new Val(Double.NaN, a);
    }

    boolean isScalar() {
        return array == null;
    }

    double scalar() {
        return scalar;
    }

    NDArray array() {
        return array;
    }

    /** The value as a (rows,) array. */
    NDArray toArray(Evaluator ev) {
        return array != null ? array : ev.full(scalar);
    }

    static Val binary(Evaluator ev, Expr.BinOp op, Val a, Val b) {
        if (a.isScalar() && b.isScalar()) {
            return of(op.scalar.applyAsDouble(a.scalar, b.scalar));
        }
        // scalars become cached 0-d arrays: one native call per operation, broadcast by PyTorch.
        // A scalar first operand comes from the evaluation's manager (the result belongs to the
        // first operand's manager), a second one from the model's shared constants.
        NDArray x = a.isScalar() ? ev.scalar(a.scalar) : a.array;
        NDArray y = b.isScalar() ? ev.constant(b.scalar) : b.array;
        switch (op) {
            case ADD:
                return of(x.add(y));
            case SUB:
                return of(x.sub(y));
            case MUL:
                return of(x.mul(y));
            case DIV:
                return of(x.div(y));
            default:
                throw new AssertionError(op);
        }
    }

    /** cond ? a : b, elementwise (gradients reach only the selected branch). */
    static Val where(Evaluator ev, NDArray cond, Val a, Val b) {
        if (a.isScalar() && b.isScalar() && a.scalar == b.scalar) {
            return a;
        }
        if (a == b) {
            return a;
        }
        // DJL needs the first branch in the condition's shape; the second may be a 0-d scalar
        NDArray first = a.toArray(ev);
        NDArray second = b.isScalar() ? ev.constant(b.scalar) : b.array;
        return of(NDArrays.where(cond, first, second));
    }
}

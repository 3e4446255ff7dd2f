package org.relax4j.core.nondiff;

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

    static Val binary(Expr.BinOp op, Val a, Val b) {
        if (a.isScalar() && b.isScalar()) {
            return of(op.scalar.applyAsDouble(a.scalar, b.scalar));
        }
        if (b.isScalar()) {
            switch (op) {
                case ADD:
                    return of(a.array.add(b.scalar));
                case SUB:
                    return of(a.array.sub(b.scalar));
                case MUL:
                    return of(a.array.mul(b.scalar));
                case DIV:
                    return of(a.array.div(b.scalar));
                default:
                    throw new AssertionError(op);
            }
        }
        if (a.isScalar()) {
            switch (op) {
                case ADD:
                    return of(b.array.add(a.scalar));
                case SUB:
                    return of(b.array.getNDArrayInternal().rsub(a.scalar));
                case MUL:
                    return of(b.array.mul(a.scalar));
                case DIV:
                    return of(b.array.getNDArrayInternal().rdiv(a.scalar));
                default:
                    throw new AssertionError(op);
            }
        }
        switch (op) {
            case ADD:
                return of(a.array.add(b.array));
            case SUB:
                return of(a.array.sub(b.array));
            case MUL:
                return of(a.array.mul(b.array));
            case DIV:
                return of(a.array.div(b.array));
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
        return of(NDArrays.where(cond, a.toArray(ev), b.toArray(ev)));
    }
}

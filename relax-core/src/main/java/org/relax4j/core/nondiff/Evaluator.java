package org.relax4j.core.nondiff;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/** One batched evaluation of a model's expressions on a (rows, n) array of latent vectors. */
final class Evaluator {

    private final NondiffModel model;
    private final NDManager manager;
    private final Shape rowShape;
    private final NDArray columns; // (n, rows)
    private final NDArray[] columnCache;
    private final IdentityHashMap<Expr, Val> memo = new IdentityHashMap<>();
    private final Forcing forcing;
    private final NDArray rowHyperplane;
    private final NDArray rowPositive;
    private final Map<Integer, NDArray> rowMask = new HashMap<>();
    private final Map<Integer, NDArray> rowNegative = new HashMap<>();
    private final Map<Double, NDArray> fullCache = new HashMap<>();

    Evaluator(NondiffModel model, NDArray x, Forcing forcing) {
        this.model = model;
        this.manager = x.getManager();
        long rows = x.getShape().get(0);
        this.rowShape = new Shape(rows);
        this.columns = x.transpose();
        this.columnCache = new NDArray[model.numLatents()];
        this.forcing = forcing;
        if (forcing.rowHyperplane() != null) {
            if (forcing.rowHyperplane().length != rows) {
                throw new IllegalArgumentException(
                        "per-row forcing has " + forcing.rowHyperplane().length + " rows but x has " + rows);
            }
            this.rowHyperplane = manager.create(forcing.rowHyperplane());
            this.rowPositive = manager.create(forcing.rowPositive());
        } else {
            this.rowHyperplane = null;
            this.rowPositive = null;
        }
    }

    Val eval(Expr e) {
        Val v = memo.get(e);
        if (v == null) {
            v = e.evaluate(this);
            memo.put(e, v);
        }
        return v;
    }

    NDArray latentColumn(int i) {
        NDArray c = columnCache[i];
        if (c == null) {
            c = columns.get(i);
            columnCache[i] = c;
        }
        return c;
    }

    NDArray full(double value) {
        return fullCache.computeIfAbsent(value, v -> manager.create(v).broadcast(rowShape));
    }

    /** The effective "then" condition of a branch: its guard's sign, unless forced. */
    NDArray condition(Expr.IfPositive node) {
        Guard g = model.guardOf(node);
        int h = g.hyperplane().index();
        Boolean uniformSide = forcing.uniform().get(h);
        if (uniformSide != null) {
            boolean then = uniformSide == (g.orientation() > 0);
            return manager.create(then).broadcast(rowShape);
        }
        NDArray natural = guardValue(g.affine()).gt(0);
        if (rowHyperplane == null) {
            return natural;
        }
        NDArray mask = rowMask.computeIfAbsent(h, k -> rowHyperplane.eq(k));
        NDArray forcedThen = g.orientation() > 0
                ? rowPositive
                : rowNegative.computeIfAbsent(h, k -> rowPositive.logicalNot());
        return NDArrays.where(mask, forcedThen, natural);
    }

    private NDArray guardValue(Affine a) {
        NDArray acc = null;
        for (int k = 0; k < a.size(); k++) {
            NDArray col = latentColumn(a.indexAt(k));
            double c = a.coefficientAt(k);
            NDArray term = c == 1 ? col : col.mul(c);
            acc = acc == null ? term : acc.add(term);
        }
        return a.constant() == 0 ? acc : acc.add(a.constant());
    }

    /** Σ of the factors' values, shape (rows,). */
    NDArray sum(Iterable<Expr> factors) {
        double scalar = 0;
        ai.djl.ndarray.NDList arrays = new ai.djl.ndarray.NDList();
        for (Expr f : factors) {
            Val v = eval(f);
            if (v.isScalar()) {
                scalar += v.scalar();
            } else {
                arrays.add(v.array());
            }
        }
        NDArray total;
        if (arrays.isEmpty()) {
            return full(scalar).duplicate();
        } else if (arrays.size() == 1) {
            total = arrays.get(0);
        } else {
            total = NDArrays.stack(arrays).sum(new int[] {0});
        }
        return scalar == 0 ? total : total.add(scalar);
    }

    static NDArray asFloat64(NDArray x) {
        return x.getDataType() == DataType.FLOAT64 ? x : x.toType(DataType.FLOAT64, false);
    }
}

package org.relax4j.core.nondiff.lang;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * One batched evaluation of a model's expressions on a (rows, n) array of latent vectors. Every
 * array-valued node has shape (rows, 1). Small models are bound by the cost per native call, so
 * constants are cached 0-d arrays, guards on one latent are a single comparison, and the
 * conditions of identical guards are computed once.
 */
final class Evaluator {

    private final NondiffModel model;
    private final NDManager manager;
    private final long rows;
    private final Shape columnShape;
    private final NDList columns;
    private final IdentityHashMap<Expr, Val> memo = new IdentityHashMap<>();
    private final Forcing forcing;
    private final NDArray rowHyperplane;
    private final NDArray rowPositive;
    private final Map<Integer, NDArray> rowMask = new HashMap<>();
    private final Map<Integer, NDArray> rowNegative = new HashMap<>();
    private final Map<Affine, NDArray> natural = new HashMap<>();
    private final Map<Double, NDArray> scalarCache = new HashMap<>();
    private final Map<Double, NDArray> fullCache = new HashMap<>();
    private NDArray trueColumn;
    private NDArray falseColumn;

    Evaluator(NondiffModel model, NDArray x, Forcing forcing) {
        this.model = model;
        this.manager = x.getManager();
        this.rows = x.getShape().get(0);
        this.columnShape = new Shape(rows, 1);
        this.columns = model.numLatents() == 1 ? new NDList(x) : x.split(model.numLatents(), 1);
        this.forcing = forcing;
        if (forcing.rowHyperplane() != null) {
            if (forcing.rowHyperplane().length != rows) {
                throw new IllegalArgumentException(
                        "per-row forcing has " + forcing.rowHyperplane().length + " rows but x has " + rows);
            }
            this.rowHyperplane = manager.create(forcing.rowHyperplane(), columnShape);
            this.rowPositive = manager.create(forcing.rowPositive(), columnShape);
        } else {
            this.rowHyperplane = null;
            this.rowPositive = null;
        }
    }

    long rows() {
        return rows;
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
        return columns.get(i);
    }

    /** A cached 0-d float64 array holding {@code value}. */
    NDArray scalar(double value) {
        return scalarCache.computeIfAbsent(value, v -> manager.create(v.doubleValue()));
    }

    /**
     * A 0-d float64 array holding {@code value}, shared by all evaluations of the model; only as a
     * second operand (results belong to the first operand's manager).
     */
    NDArray constant(double value) {
        return model.constantArray(value);
    }

    /** A cached (rows, 1) array filled with {@code value}. */
    NDArray full(double value) {
        return fullCache.computeIfAbsent(value, v -> scalar(v).broadcast(columnShape));
    }

    /** The effective "then" condition of a branch: its guard's sign, unless forced. */
    NDArray condition(Expr.IfPositive node) {
        Guard g = model.guardOf(node);
        int h = g.hyperplane().index();
        Boolean uniformSide = forcing.uniform().get(h);
        if (uniformSide != null) {
            return constantCondition(uniformSide == (g.orientation() > 0));
        }
        NDArray nat = natural.computeIfAbsent(g.affine(), this::positive);
        if (rowHyperplane == null) {
            return nat;
        }
        NDArray mask = rowMask.computeIfAbsent(h, k -> rowHyperplane.eq(k));
        NDArray forcedThen =
                g.orientation() > 0 ? rowPositive : rowNegative.computeIfAbsent(h, k -> rowPositive.logicalNot());
        return NDArrays.where(mask, forcedThen, nat);
    }

    private NDArray constantCondition(boolean value) {
        if (value) {
            if (trueColumn == null) {
                trueColumn = manager.create(true).broadcast(columnShape);
            }
            return trueColumn;
        }
        if (falseColumn == null) {
            falseColumn = manager.create(false).broadcast(columnShape);
        }
        return falseColumn;
    }

    /** g(x) &gt; 0 for each row. */
    private NDArray positive(Affine a) {
        if (a.size() == 1) {
            // c·x + c0 > 0  ⇔  x > −c0/c (c > 0)  or  x < −c0/c (c < 0)
            double c = a.coefficientAt(0);
            NDArray col = latentColumn(a.indexAt(0));
            NDArray threshold = constant(-a.constant() / c);
            return c > 0 ? col.gt(threshold) : col.lt(threshold);
        }
        NDArray acc = null;
        for (int k = 0; k < a.size(); k++) {
            NDArray col = latentColumn(a.indexAt(k));
            double c = a.coefficientAt(k);
            NDArray term = c == 1 ? col : col.mul(constant(c));
            acc = acc == null ? term : acc.add(term);
        }
        return acc.gt(constant(-a.constant()));
    }

    /** Σ of the factors' values, shape (rows,). */
    NDArray sum(Iterable<Expr> factors) {
        double constant = 0;
        NDList arrays = new NDList();
        for (Expr f : factors) {
            Val v = eval(f);
            if (v.isScalar()) {
                constant += v.scalar();
            } else {
                arrays.add(v.array());
            }
        }
        NDArray total;
        if (arrays.isEmpty()) {
            total = full(0);
        } else if (arrays.size() == 1) {
            total = arrays.get(0);
        } else {
            total = NDArrays.concat(arrays, 1).sum(new int[] {1}, true);
        }
        if (constant != 0) {
            total = total.add(constant(constant));
        }
        return total.reshape(rows);
    }

    static NDArray asFloat64(NDArray x) {
        return x.getDataType() == DataType.FLOAT64 ? x : x.toType(DataType.FLOAT64, false);
    }
}

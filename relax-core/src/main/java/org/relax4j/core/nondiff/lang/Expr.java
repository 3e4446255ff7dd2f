package org.relax4j.core.nondiff.lang;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;

/**
 * A real-valued expression over the latent variables of a {@link NondiffModel}: constants,
 * latents, arithmetic, a few smooth functions, and branches {@link #ifPositive} whose guard is an
 * affine function of the latents.
 *
 * <p>Expressions are immutable and may be shared (a DAG): a sub-expression used in several places
 * is evaluated once per evaluation. They are evaluated by the model on a batch of latent vectors
 * at once (one DJL array of shape {@code (rows,)} per node); operations on constants are folded
 * when the expression is built.
 *
 * <pre>{@code
 * Latent z = b.latent("z", 0, 1);
 * Expr rate = Expr.ifPositive("switch", z.minus(0.3), m0, m1);   // guard z − 0.3 > 0
 * Expr g = z.times(2).plus(Expr.constant(1));                     // affine: 1 + 2 z
 * }</pre>
 */
public abstract class Expr {

    Expr() {}

    /** The constant {@code value}. */
    public static Expr constant(double value) {
        return new Const(value);
    }

    /**
     * {@code then} where {@code guard > 0}, otherwise {@code otherwise}. The guard must be an affine
     * function c₀ + Σ cᵢ·xᵢ of the latents (sums, differences, multiples and quotients by
     * constants of latents and constants); anything else is rejected here with an error naming
     * the guard. A guard that is constant selects its branch immediately.
     *
     * @param name a name for the guard (used in errors and to force it); {@code null} for an
     *     automatic name
     */
    public static Expr ifPositive(String name, Expr guard, Expr then, Expr otherwise) {
        Affine a = guard.affineOrNull();
        if (a == null) {
            throw new IllegalArgumentException("guard " + (name == null ? "" : "'" + name + "' ") + "(" + guard
                    + " > 0) is not an affine function of the latent variables: only affine"
                    + " guards c0 + sum_i c_i*x_i are supported (no products of latents,"
                    + " nonlinear functions or branches inside a guard)");
        }
        if (a.isConstant()) {
            return a.constant() > 0 ? then : otherwise;
        }
        return new IfPositive(name, guard, a, then, otherwise);
    }

    /** {@link #ifPositive(String, Expr, Expr, Expr)} with an automatic name. */
    public static Expr ifPositive(Expr guard, Expr then, Expr otherwise) {
        return ifPositive(null, guard, then, otherwise);
    }

    /** this + other. */
    public Expr plus(Expr other) {
        return Binary.of(BinOp.ADD, this, other);
    }

    /** this + c. */
    public Expr plus(double c) {
        return plus(constant(c));
    }

    /** this − other. */
    public Expr minus(Expr other) {
        return Binary.of(BinOp.SUB, this, other);
    }

    /** this − c. */
    public Expr minus(double c) {
        return minus(constant(c));
    }

    /** this · other. */
    public Expr times(Expr other) {
        return Binary.of(BinOp.MUL, this, other);
    }

    /** this · c. */
    public Expr times(double c) {
        return times(constant(c));
    }

    /** this / other. */
    public Expr div(Expr other) {
        return Binary.of(BinOp.DIV, this, other);
    }

    /** this / c. */
    public Expr div(double c) {
        return div(constant(c));
    }

    /** −this. */
    public Expr neg() {
        return Unary.of(UnOp.NEG, this);
    }

    /** exp(this). */
    public Expr exp() {
        return Unary.of(UnOp.EXP, this);
    }

    /** log(this). */
    public Expr log() {
        return Unary.of(UnOp.LOG, this);
    }

    /** √this. */
    public Expr sqrt() {
        return Unary.of(UnOp.SQRT, this);
    }

    /** this². */
    public Expr square() {
        return Unary.of(UnOp.SQUARE, this);
    }

    /** log(1 + exp(this)). */
    public Expr softplus() {
        return Unary.of(UnOp.SOFTPLUS, this);
    }

    /** 1 / (1 + exp(−this)). */
    public Expr sigmoid() {
        return Unary.of(UnOp.SIGMOID, this);
    }

    /** log Γ(this). */
    public Expr logGamma() {
        return Unary.of(UnOp.LGAMMA, this);
    }

    /** Whether this is a constant. */
    public boolean isConstant() {
        return this instanceof Const;
    }

    /** The value of a constant expression. */
    public double constantValue() {
        if (this instanceof Const c) {
            return c.value;
        }
        throw new IllegalStateException(this + " is not a constant");
    }

    /** The expression as an affine function of the latents, if it is one. */
    public final Optional<Affine> affine() {
        return Optional.ofNullable(affineOrNull());
    }

    /** The affine form, or null if the expression is not affine. */
    abstract Affine affineOrNull();

    /** The direct sub-expressions. */
    abstract List<Expr> children();

    /** Evaluates this node given its children's values (memoised by the evaluator). */
    abstract Val evaluate(Evaluator ev);

    // ---------------------------------------------------------------- nodes

    /** A constant. */
    static final class Const extends Expr {
        final double value;

        Const(double value) {
            this.value = value;
        }

        @Override
        Affine affineOrNull() {
            return Affine.constant(value);
        }

        @Override
        List<Expr> children() {
            return List.of();
        }

        @Override
        Val evaluate(Evaluator ev) {
            return Val.of(value);
        }

        @Override
        public String toString() {
            return value == Math.rint(value) && Math.abs(value) < 1e15
                    ? Long.toString((long) value)
                    : Double.toString(value);
        }
    }

    /** Unary operations: value folding function and array function. */
    enum UnOp {
        NEG("-", v -> -v, NDArray::neg),
        EXP("exp", Math::exp, NDArray::exp),
        LOG("log", Math::log, NDArray::log),
        SQRT("sqrt", Math::sqrt, NDArray::sqrt),
        // x.mul(x): x.pow(Number) does not record a gradient in this DJL build
        SQUARE("square", v -> v * v, a -> a.mul(a)),
        SOFTPLUS("softplus", SpecialFunctions::softplus, Activation::softPlus),
        SIGMOID("sigmoid", SpecialFunctions::sigmoid, Activation::sigmoid),
        LGAMMA("lgamma", SpecialFunctions::logGamma, NDArray::gammaln);

        final String symbol;
        final DoubleUnaryOperator scalar;
        final UnaryOperator<NDArray> array;

        UnOp(String symbol, DoubleUnaryOperator scalar, UnaryOperator<NDArray> array) {
            this.symbol = symbol;
            this.scalar = scalar;
            this.array = array;
        }
    }

    /** A unary operation. */
    static final class Unary extends Expr {
        final UnOp op;
        final Expr arg;

        private Unary(UnOp op, Expr arg) {
            this.op = op;
            this.arg = arg;
        }

        static Expr of(UnOp op, Expr arg) {
            if (arg instanceof Const c) {
                return new Const(op.scalar.applyAsDouble(c.value));
            }
            if (op == UnOp.LOG && arg instanceof Unary u && u.op == UnOp.EXP) {
                return u.arg; // log(exp(e)) = e, exactly and without overflow
            }
            if (op == UnOp.NEG && arg instanceof Unary u && u.op == UnOp.NEG) {
                return u.arg;
            }
            return new Unary(op, arg);
        }

        @Override
        Affine affineOrNull() {
            if (op == UnOp.NEG) {
                Affine a = arg.affineOrNull();
                return a == null ? null : a.scale(-1);
            }
            return null;
        }

        @Override
        List<Expr> children() {
            return List.of(arg);
        }

        @Override
        Val evaluate(Evaluator ev) {
            Val v = ev.eval(arg);
            if (v.isScalar()) {
                return Val.of(op.scalar.applyAsDouble(v.scalar()));
            }
            return Val.of(op.array.apply(v.array()));
        }

        @Override
        public String toString() {
            return op == UnOp.NEG ? "-(" + arg + ")" : op.symbol + "(" + arg + ")";
        }
    }

    /** Binary operations. */
    enum BinOp {
        ADD("+", Double::sum),
        SUB("-", (a, b) -> a - b),
        MUL("*", (a, b) -> a * b),
        DIV("/", (a, b) -> a / b);

        final String symbol;
        final DoubleBinaryOperator scalar;

        BinOp(String symbol, DoubleBinaryOperator scalar) {
            this.symbol = symbol;
            this.scalar = scalar;
        }
    }

    /** A binary operation. */
    static final class Binary extends Expr {
        final BinOp op;
        final Expr left;
        final Expr right;

        private Binary(BinOp op, Expr left, Expr right) {
            this.op = op;
            this.left = left;
            this.right = right;
        }

        static Expr of(BinOp op, Expr left, Expr right) {
            if (left instanceof Const a && right instanceof Const b) {
                return new Const(op.scalar.applyAsDouble(a.value, b.value));
            }
            if (right instanceof Const b && left instanceof Binary l && l.right instanceof Const c) {
                // (e ± c) ± b = e ± (c ± b) and (e · c) · b = e · (c b): one operation instead of two
                boolean additive = op == BinOp.ADD || op == BinOp.SUB;
                if (additive && (l.op == BinOp.ADD || l.op == BinOp.SUB)) {
                    double cc = l.op == BinOp.ADD ? c.value : -c.value;
                    double total = op == BinOp.ADD ? cc + b.value : cc - b.value;
                    return of(BinOp.ADD, l.left, new Const(total));
                }
                if (op == BinOp.MUL && l.op == BinOp.MUL) {
                    return of(BinOp.MUL, l.left, new Const(c.value * b.value));
                }
            }
            if (right instanceof Const b) {
                if ((op == BinOp.ADD || op == BinOp.SUB) && b.value == 0) {
                    return left;
                }
                if ((op == BinOp.MUL || op == BinOp.DIV) && b.value == 1) {
                    return left;
                }
            }
            if (left instanceof Const a) {
                if (op == BinOp.ADD && a.value == 0) {
                    return right;
                }
                if (op == BinOp.MUL && a.value == 1) {
                    return right;
                }
            }
            return new Binary(op, left, right);
        }

        @Override
        Affine affineOrNull() {
            Affine a = left.affineOrNull();
            Affine b = right.affineOrNull();
            if (a == null || b == null) {
                return null;
            }
            switch (op) {
                case ADD:
                    return a.plus(b);
                case SUB:
                    return a.plus(b.scale(-1));
                case MUL:
                    if (a.isConstant()) {
                        return b.scale(a.constant());
                    }
                    if (b.isConstant()) {
                        return a.scale(b.constant());
                    }
                    return null; // product of latents
                case DIV:
                    if (b.isConstant() && b.constant() != 0) {
                        return a.scale(1 / b.constant());
                    }
                    return null;
                default:
                    throw new AssertionError(op);
            }
        }

        @Override
        List<Expr> children() {
            return List.of(left, right);
        }

        @Override
        Val evaluate(Evaluator ev) {
            return Val.binary(ev, op, ev.eval(left), ev.eval(right));
        }

        @Override
        public String toString() {
            return "(" + left + " " + op.symbol + " " + right + ")";
        }
    }

    /** A branch on the sign of an affine guard. */
    static final class IfPositive extends Expr {
        final String name;
        final Expr guardExpr;
        final Affine guard;
        final Expr then;
        final Expr otherwise;

        IfPositive(String name, Expr guardExpr, Affine guard, Expr then, Expr otherwise) {
            this.name = name;
            this.guardExpr = guardExpr;
            this.guard = guard;
            this.then = then;
            this.otherwise = otherwise;
        }

        @Override
        Affine affineOrNull() {
            return null; // piecewise, not affine
        }

        @Override
        List<Expr> children() {
            // the guard's latents are reached through guardExpr
            return List.of(guardExpr, then, otherwise);
        }

        @Override
        Val evaluate(Evaluator ev) {
            NDArray cond = ev.condition(this);
            return Val.where(ev, cond, ev.eval(then), ev.eval(otherwise));
        }

        @Override
        public String toString() {
            return "if(" + guardExpr + " > 0, " + then + ", " + otherwise + ")";
        }
    }
}

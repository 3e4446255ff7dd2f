package org.relax4j.core.nondiff.lang;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.relax4j.core.engine.NativeArrays;

/**
 * A probabilistic model with continuous latent variables whose log density may contain branches
 * on affine guards (Lee, Yu &amp; Yang 2018): log p(x, y) = Σ_f log p_f(x), each factor an {@link
 * Expr} that may use {@link Expr#ifPositive}.
 *
 * <pre>{@code
 * NondiffModel.Builder b = NondiffModel.builder("switch");
 * Latent z = b.latent("z", 0, 1);                                   // z ~ N(0, 1)
 * Latent m = b.latent("m", 2, 1);
 * b.observe("y", Dist.poisson(Expr.ifPositive("after", z.minus(0.3), m.exp(), Expr.constant(3))), 7);
 * NondiffModel model = b.build();
 * NDArray logp = model.logJoint(x);                                 // x: (rows, 2) float64
 * NDArray forced = model.logJoint(x, model.force("after", true));   // as if z > 0.3 everywhere
 * }</pre>
 *
 * <p>At {@link Builder#build()} the guards are collected (in order of first appearance) and
 * grouped into {@link Hyperplane}s: guards whose coefficient vectors are proportional (same or
 * opposite sign) share a boundary and are forced together.
 */
public final class NondiffModel {

    /** Relative tolerance on unit-normalised coefficient vectors for "same hyperplane". */
    public static final double HYPERPLANE_TOLERANCE = 1e-9;

    /**
     * Rows per batched {@link #logJoint} call above which callers (the ELBO, the gradient
     * estimators) split their work into several passes, so native memory stays bounded.
     */
    public static final int MAX_ROWS_PER_PASS = 1 << 16;

    /** What a factor of the log joint stands for. */
    public enum FactorKind {
        /** The prior density of a latent. */
        PRIOR,
        /** The likelihood of an observed value. */
        OBSERVATION,
        /** Any other log-density term. */
        FACTOR
    }

    /** One term of the log joint. */
    public record Factor(String name, FactorKind kind, Expr logDensity) {}

    private final String name;
    private final List<Latent> latents;
    private final List<String> latentNames;
    private final List<Factor> factors;
    private final List<Expr> factorExprs;
    private final List<Expr> order;
    private final List<Guard> guards;
    private final List<Hyperplane> hyperplanes;
    private final IdentityHashMap<Expr, Guard> guardOf;
    private final Map<String, Guard> guardByName;
    private final java.util.concurrent.ConcurrentHashMap<Double, NDArray> constants =
            new java.util.concurrent.ConcurrentHashMap<>();
    private volatile NDManager constantManager;
    private final double[] initialMeans;
    private final double[] initialStds;

    private NondiffModel(Builder b) {
        this.name = b.name;
        this.latents = List.copyOf(b.latents);
        this.initialMeans = new double[latents.size()];
        this.initialStds = new double[latents.size()];
        for (int i = 0; i < latents.size(); i++) {
            initialMeans[i] = latents.get(i).initialMean();
            initialStds[i] = latents.get(i).initialStd();
        }
        List<String> names = new ArrayList<>();
        for (Latent l : latents) {
            names.add(l.name());
        }
        this.latentNames = Collections.unmodifiableList(names);
        this.factors = List.copyOf(b.factors);
        List<Expr> exprs = new ArrayList<>();
        for (Factor f : factors) {
            exprs.add(f.logDensity());
        }
        this.factorExprs = Collections.unmodifiableList(exprs);
        this.order = topologicalOrder(exprs, b);
        // guards in order of first appearance (pre-order over the factors)
        this.guardOf = new IdentityHashMap<>();
        this.guardByName = new LinkedHashMap<>();
        List<Guard> gs = new ArrayList<>();
        for (Expr e : preOrder(exprs)) {
            if (e instanceof Expr.IfPositive node) {
                String gname = node.name != null ? node.name : "guard" + gs.size();
                if (guardByName.containsKey(gname)) {
                    throw new IllegalArgumentException("model " + name + ": two different branches use the guard name '"
                            + gname + "'; give each ifPositive its own name");
                }
                Guard g = new Guard(gs.size(), gname, node.guard);
                gs.add(g);
                guardOf.put(node, g);
                guardByName.put(gname, g);
            }
        }
        this.guards = Collections.unmodifiableList(gs);
        List<Hyperplane> hs = new ArrayList<>();
        for (Guard g : gs) {
            Hyperplane found = null;
            int orientation = 0;
            for (Hyperplane h : hs) {
                orientation = h.representative().sameHyperplane(g.affine(), HYPERPLANE_TOLERANCE);
                if (orientation != 0) {
                    found = h;
                    break;
                }
            }
            if (found == null) {
                found = new Hyperplane(hs.size(), g.affine());
                hs.add(found);
                orientation = 1;
            }
            found.add(g);
            g.attach(found, orientation);
        }
        this.hyperplanes = Collections.unmodifiableList(hs);
    }

    /** A builder for a model called {@code name}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The model's name. */
    public String name() {
        return name;
    }

    /** Number of latent variables n. */
    public int numLatents() {
        return latents.size();
    }

    /** The latents, in index order. */
    public List<Latent> latents() {
        return latents;
    }

    /** The latents' names, in index order. */
    public List<String> latentNames() {
        return latentNames;
    }

    /** The terms of the log joint. */
    public List<Factor> factors() {
        return factors;
    }

    /** Number of {@link FactorKind#OBSERVATION} factors. */
    public int numObservations() {
        int n = 0;
        for (Factor f : factors) {
            if (f.kind() == FactorKind.OBSERVATION) {
                n++;
            }
        }
        return n;
    }

    /** The guards, in order of first appearance. */
    public List<Guard> guards() {
        return guards;
    }

    /** The distinct guard hyperplanes. */
    public List<Hyperplane> hyperplanes() {
        return hyperplanes;
    }

    /** The guard called {@code guardName}. */
    public Guard guard(String guardName) {
        Guard g = guardByName.get(guardName);
        if (g == null) {
            throw new IllegalArgumentException(
                    "model " + name + " has no guard '" + guardName + "'; guards: " + guardByName.keySet());
        }
        return g;
    }

    /**
     * Forcing that makes guard {@code guardName} take its "then" branch (or "else") in every row;
     * every other guard on the same hyperplane is forced consistently with it.
     */
    public Forcing force(String guardName, boolean then) {
        Guard g = guard(guardName);
        return Forcing.hyperplane(g.hyperplane().index(), then == (g.orientation() > 0));
    }

    Guard guardOf(Expr.IfPositive node) {
        Guard g = guardOf.get(node);
        if (g == null) {
            throw new IllegalStateException("branch " + node + " does not belong to model " + name);
        }
        return g;
    }

    /** log p(x, y) for each row of x, shape (rows, n) → (rows,), float64, no forcing. */
    public NDArray logJoint(NDArray x) {
        return logJoint(x, Forcing.none());
    }

    /**
     * log p(x, y) for each row of x (shape (rows, n), converted to float64), with the given
     * branches forced. The result (rows,) is differentiable with respect to x (gradients reach the
     * branch taken in each row). Every branch is evaluated on every row and then selected, so a
     * branch that is undefined where it is not taken (e.g. log of a negative number) gives a
     * harmless NaN value there, but may give a NaN gradient: keep branches finite everywhere.
     */
    public NDArray logJoint(NDArray x, Forcing forcing) {
        Shape s = x.getShape();
        if (s.dimension() != 2 || s.get(1) != latents.size()) {
            throw new IllegalArgumentException(
                    "model " + name + " needs latents of shape (rows, " + latents.size() + "), got " + s);
        }
        Evaluator ev = new Evaluator(this, Evaluator.asFloat64(x), forcing);
        for (Expr e : order) {
            ev.eval(e);
        }
        return ev.sum(factorExprs);
    }

    /** Convenience: log p(x, y) for each row of a Java matrix, evaluated with {@code manager}. */
    public double[] logJoint(NDManager manager, double[][] x, Forcing forcing) {
        int n = latents.size();
        double[] flat = new double[x.length * n];
        for (int r = 0; r < x.length; r++) {
            if (x[r].length != n) {
                throw new IllegalArgumentException("row " + r + " has " + x[r].length + " values, need " + n);
            }
            System.arraycopy(x[r], 0, flat, r * n, n);
        }
        return logJoint(manager, flat, forcing);
    }

    /**
     * log p(x, y) for each row of x given row-major (rows × n values), evaluated with {@code
     * manager}; the arrays it creates are closed before it returns.
     */
    public double[] logJoint(NDManager manager, double[] x, Forcing forcing) {
        int n = latents.size();
        if (x.length % n != 0) {
            throw new IllegalArgumentException(x.length + " values are not rows of " + n + " latents");
        }
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray xs = NativeArrays.copyOf(manager, x, new Shape(x.length / n, n));
            return logJoint(xs, forcing).toDoubleArray();
        }
    }

    /**
     * A 0-d float64 array holding {@code value}, owned by this model (kept out of any open {@link
     * NDScope}) and reused by every evaluation: creating a native scalar per use would cost more
     * than the arithmetic on these small batches.
     */
    NDArray constantArray(double value) {
        NDArray a = constants.get(value);
        if (a != null) {
            return a;
        }
        synchronized (constants) {
            a = constants.get(value);
            if (a == null) {
                if (constantManager == null) {
                    constantManager = NDManager.newBaseManager();
                    constantManager.setName("relax4j-nondiff-constants-" + name);
                }
                a = constantManager.create(value);
                NDScope.unregister(a);
                constants.put(value, a);
            }
            return a;
        }
    }

    /** Initial variational means, in latent order (as set when the model was built). */
    public double[] initialMeans() {
        return initialMeans.clone();
    }

    /** Initial variational standard deviations, in latent order (as set when built). */
    public double[] initialStds() {
        return initialStds.clone();
    }

    /** A one-paragraph summary: sizes and guard structure. */
    public String describe() {
        return String.format(
                "%s: %d latents, %d observations, %d factors, %d guards on %d hyperplanes",
                name, numLatents(), numObservations(), factors.size(), guards.size(), hyperplanes.size());
    }

    @Override
    public String toString() {
        return describe();
    }

    // ------------------------------------------------------------------ graph walks

    private static List<Expr> preOrder(List<Expr> roots) {
        List<Expr> out = new ArrayList<>();
        Set<Expr> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Expr> stack = new ArrayDeque<>();
        for (int r = roots.size() - 1; r >= 0; r--) {
            stack.push(roots.get(r));
        }
        while (!stack.isEmpty()) {
            Expr e = stack.pop();
            if (!seen.add(e)) {
                continue;
            }
            out.add(e);
            List<Expr> ch = e.children();
            for (int k = ch.size() - 1; k >= 0; k--) {
                stack.push(ch.get(k));
            }
        }
        // pre-order must visit roots in order: the stack above already does so
        return out;
    }

    /** Children before parents, iteratively (models may be long chains). */
    private static List<Expr> topologicalOrder(List<Expr> roots, Builder owner) {
        List<Expr> out = new ArrayList<>();
        Set<Expr> done = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Expr> onStack = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Object[]> stack = new ArrayDeque<>();
        for (Expr root : roots) {
            if (done.contains(root)) {
                continue;
            }
            stack.push(new Object[] {root, 0});
            onStack.add(root);
            while (!stack.isEmpty()) {
                Object[] top = stack.peek();
                Expr e = (Expr) top[0];
                int next = (Integer) top[1];
                List<Expr> ch = e.children();
                if (next < ch.size()) {
                    top[1] = next + 1;
                    Expr c = ch.get(next);
                    if (!done.contains(c) && onStack.add(c)) {
                        stack.push(new Object[] {c, 0});
                    }
                } else {
                    stack.pop();
                    onStack.remove(e);
                    if (e instanceof Latent l && l.owner() != owner) {
                        throw new IllegalArgumentException("model " + owner.name + " uses latent '" + l.name()
                                + "' of another model; declare it with this model's builder");
                    }
                    done.add(e);
                    out.add(e);
                }
            }
        }
        return Collections.unmodifiableList(out);
    }

    // ------------------------------------------------------------------ builder

    /** Declares latents, observations and factors; {@link #build()} makes the model. */
    public static final class Builder {
        private final String name;
        private final List<Latent> latents = new ArrayList<>();
        private final List<Factor> factors = new ArrayList<>();
        private final Set<String> latentNames = new HashSet<>();
        private boolean built;

        private Builder(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a model needs a name");
            }
            this.name = name;
        }

        /**
         * A latent x with prior density {@code prior}: the factor log prior(x) is added. The
         * variational family is Gaussian on ℝ, so the prior should have full support (the
         * Gaussian {@link #latent(String, Expr, Expr)} is the usual choice); its parameters may
         * depend on earlier latents and on branches.
         */
        public Latent latent(String latentName, Dist prior) {
            checkOpen();
            if (latentName == null || latentName.isBlank() || !latentNames.add(latentName)) {
                throw new IllegalArgumentException(
                        "model " + name + ": latent name '" + latentName + "' is empty or already used");
            }
            Latent l = new Latent(this, latents.size(), latentName);
            latents.add(l);
            factors.add(new Factor(latentName, FactorKind.PRIOR, prior.logDensity(l)));
            return l;
        }

        /** A latent with Gaussian prior N(mean, std²); mean and std may be expressions. */
        public Latent latent(String latentName, Expr mean, Expr std) {
            return latent(latentName, Dist.normal(mean, std));
        }

        /** A latent with Gaussian prior N(mean, std²). */
        public Latent latent(String latentName, double mean, double std) {
            if (!(std > 0)) {
                throw new IllegalArgumentException("latent " + latentName + ": prior std must be positive, got " + std);
            }
            return latent(latentName, Expr.constant(mean), Expr.constant(std));
        }

        /** Observes {@code value} from {@code dist}: adds the factor log dist(value). */
        public Builder observe(String observationName, Dist dist, double value) {
            checkOpen();
            factors.add(new Factor(observationName, FactorKind.OBSERVATION, dist.logDensity(value)));
            return this;
        }

        /** Adds an arbitrary log-density term. */
        public Builder factor(String factorName, Expr logDensity) {
            checkOpen();
            factors.add(new Factor(factorName, FactorKind.FACTOR, logDensity));
            return this;
        }

        /** The model. The builder cannot be used afterwards. */
        public NondiffModel build() {
            checkOpen();
            if (latents.isEmpty()) {
                throw new IllegalArgumentException("model " + name + " has no latent variables");
            }
            built = true;
            return new NondiffModel(this);
        }

        private void checkOpen() {
            if (built) {
                throw new IllegalStateException("model " + name + " was already built");
            }
        }
    }
}

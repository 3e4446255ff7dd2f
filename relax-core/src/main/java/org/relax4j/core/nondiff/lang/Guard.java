package org.relax4j.core.nondiff.lang;

/**
 * One {@link Expr#ifPositive} branch point of a model: its affine guard g(x) (the "then" branch
 * is taken where g(x) &gt; 0), the {@link Hyperplane} {g = 0} it lies on, and its orientation
 * relative to that hyperplane's representative guard (+1: same "then" side, −1: opposite).
 */
public final class Guard {

    private final int index;
    private final String name;
    private final Affine affine;
    private Hyperplane hyperplane;
    private int orientation;

    Guard(int index, String name, Affine affine) {
        this.index = index;
        this.name = name;
        this.affine = affine;
    }

    void attach(Hyperplane hyperplane, int orientation) {
        this.hyperplane = hyperplane;
        this.orientation = orientation;
    }

    /** Position among the model's guards (order of first appearance). */
    public int index() {
        return index;
    }

    /** The guard's name (given, or {@code guard<k>}). */
    public String name() {
        return name;
    }

    /** The guard function. */
    public Affine affine() {
        return affine;
    }

    /** The hyperplane this guard's boundary lies on. */
    public Hyperplane hyperplane() {
        return hyperplane;
    }

    /** +1 if this guard is positive on the hyperplane's positive side, −1 if on its negative side. */
    public int orientation() {
        return orientation;
    }

    @Override
    public String toString() {
        return name + ": " + affine + " > 0";
    }
}

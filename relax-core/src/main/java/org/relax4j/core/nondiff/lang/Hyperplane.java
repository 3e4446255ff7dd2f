package org.relax4j.core.nondiff.lang;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A set of guards whose boundaries coincide: their coefficient vectors (c₀, c₁, …, cₙ) are
 * proportional. The density can only jump across the hyperplane as a whole, so the guards are
 * forced together when the jump is evaluated (a guard oriented opposite to the representative
 * takes its other branch). The representative is the first guard found; its positive side is the
 * hyperplane's positive side.
 */
public final class Hyperplane {

    private final int index;
    private final Affine representative;
    private final int solvedLatent;
    private final List<Guard> guards = new ArrayList<>();

    Hyperplane(int index, Affine representative) {
        this.index = index;
        this.representative = representative;
        int best = -1;
        double bestAbs = -1;
        for (int k = 0; k < representative.size(); k++) {
            double a = Math.abs(representative.coefficientAt(k));
            if (a > bestAbs) {
                bestAbs = a;
                best = representative.indexAt(k);
            }
        }
        this.solvedLatent = best;
    }

    void add(Guard g) {
        guards.add(g);
    }

    /** Position among the model's hyperplanes. */
    public int index() {
        return index;
    }

    /** The affine function whose zero set is this hyperplane (the first guard's). */
    public Affine representative() {
        return representative;
    }

    /**
     * The latent j solved for when a point on the hyperplane is sampled: the one with the largest
     * |cⱼ| (the first such), so that xⱼ* = −(c₀ + Σ_{i≠j} cᵢxᵢ)/cⱼ is well conditioned.
     */
    public int solvedLatent() {
        return solvedLatent;
    }

    /** The guards lying on this hyperplane. */
    public List<Guard> guards() {
        return Collections.unmodifiableList(guards);
    }

    @Override
    public String toString() {
        return "hyperplane " + index + " {" + representative + " = 0} (" + guards.size() + " guard"
                + (guards.size() == 1 ? "" : "s") + ")";
    }
}

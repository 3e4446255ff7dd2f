package org.relax4j.core.nondiff.lang;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which branches to force when the log joint is evaluated. Forcing acts on {@link Hyperplane}s,
 * so guards that share one hyperplane are always forced together and consistently: forcing a
 * hyperplane to its positive side makes every guard on it with orientation +1 take its "then"
 * branch and every guard with orientation −1 its "else" branch. Guards of other hyperplanes follow
 * the sign of their guard at the evaluated point.
 *
 * <p>Either the same forcing for every row ({@link #hyperplane}, {@link #and}) or one forced
 * hyperplane per row ({@link #perRow}, used by the surface term to evaluate both sides of many
 * boundaries in one batch).
 */
public final class Forcing {

    private static final Forcing NONE = new Forcing(Map.of(), null, null);

    private final Map<Integer, Boolean> uniform;
    private final int[] rowHyperplane;
    private final boolean[] rowPositive;

    private Forcing(Map<Integer, Boolean> uniform, int[] rowHyperplane, boolean[] rowPositive) {
        this.uniform = uniform;
        this.rowHyperplane = rowHyperplane;
        this.rowPositive = rowPositive;
    }

    /** No forcing: every guard follows its sign. */
    public static Forcing none() {
        return NONE;
    }

    /** Forces hyperplane {@code index} to its positive (or negative) side in every row. */
    public static Forcing hyperplane(int index, boolean positiveSide) {
        return NONE.and(index, positiveSide);
    }

    /** This forcing plus hyperplane {@code index} forced to the given side in every row. */
    public Forcing and(int index, boolean positiveSide) {
        if (rowHyperplane != null) {
            throw new IllegalStateException("cannot combine per-row forcing with uniform forcing");
        }
        Map<Integer, Boolean> m = new LinkedHashMap<>(uniform);
        m.put(index, positiveSide);
        return new Forcing(Collections.unmodifiableMap(m), null, null);
    }

    /**
     * Row r forces hyperplane {@code hyperplane[r]} to its positive side if {@code positiveSide[r]},
     * else to its negative side; {@code hyperplane[r] = -1} forces nothing in that row.
     */
    public static Forcing perRow(int[] hyperplane, boolean[] positiveSide) {
        if (hyperplane.length != positiveSide.length) {
            throw new IllegalArgumentException(
                    "perRow: " + hyperplane.length + " hyperplanes but " + positiveSide.length + " sides");
        }
        return new Forcing(Map.of(), hyperplane.clone(), positiveSide.clone());
    }

    /** Whether nothing is forced. */
    public boolean isNone() {
        return uniform.isEmpty() && rowHyperplane == null;
    }

    Map<Integer, Boolean> uniform() {
        return uniform;
    }

    int[] rowHyperplane() {
        return rowHyperplane;
    }

    boolean[] rowPositive() {
        return rowPositive;
    }
}

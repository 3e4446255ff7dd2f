package org.relax4j.core.exact;

import java.util.function.ToDoubleFunction;

/**
 * Exact expectations and gradients for a few independent categorical units by enumerating all
 * C^D configurations: the ground truth that statistical tests compare categorical estimators
 * against.
 *
 * <p>Unit d has logits α_d (C of them) and θ_d = softmax(α_d). A configuration is the vector x of
 * chosen categories, x_d ∈ {0, …, C−1}; p(x) = Π_d θ_{d,x_d};
 * E[f] = Σ_x p(x) f(x) and ∂E[f]/∂α_{dc} = Σ_x p(x) f(x) (1[x_d = c] − θ_{dc}).
 */
public final class CategoricalEnumeration {

    /** Largest number of configurations enumerated. */
    public static final long MAX_CONFIGURATIONS = 1L << 20;

    private final int units;
    private final int categories;
    private final double[][] theta;

    /**
     * Enumeration over units with the given logits.
     *
     * @param logits one row of C ≥ 2 logits per unit, all rows of the same length
     */
    public CategoricalEnumeration(double[][] logits) {
        if (logits.length == 0) {
            throw new IllegalArgumentException("enumeration needs at least one unit");
        }
        this.units = logits.length;
        this.categories = logits[0].length;
        if (categories < 2) {
            throw new IllegalArgumentException("categorical units need at least 2 categories, got " + categories);
        }
        if (Math.pow(categories, units) > MAX_CONFIGURATIONS) {
            throw new IllegalArgumentException("enumeration of " + units + " units of " + categories
                    + " categories exceeds " + MAX_CONFIGURATIONS + " configurations");
        }
        this.theta = new double[units][];
        for (int d = 0; d < units; d++) {
            if (logits[d].length != categories) {
                throw new IllegalArgumentException(
                        "unit " + d + " has " + logits[d].length + " logits, unit 0 has " + categories);
            }
            theta[d] = softmax(logits[d]);
        }
    }

    /** Number of units D. */
    public int units() {
        return units;
    }

    /** Number of categories C per unit. */
    public int categories() {
        return categories;
    }

    /** θ_{dc} = softmax(α_d)_c. */
    public double probability(int unit, int category) {
        return theta[unit][category];
    }

    /** E_x[f(x)], f given the chosen category of each unit. */
    public double expectation(ToDoubleFunction<int[]> f) {
        double total = 0;
        int[] x = new int[units];
        do {
            total += probability(x) * f.applyAsDouble(x);
        } while (next(x));
        return total;
    }

    /** ∂E_x[f(x)]/∂α, indexed [unit][category]. */
    public double[][] gradient(ToDoubleFunction<int[]> f) {
        double[][] grad = new double[units][categories];
        int[] x = new int[units];
        do {
            double value = probability(x) * f.applyAsDouble(x);
            for (int d = 0; d < units; d++) {
                for (int c = 0; c < categories; c++) {
                    grad[d][c] += value * ((x[d] == c ? 1 : 0) - theta[d][c]);
                }
            }
        } while (next(x));
        return grad;
    }

    private double probability(int[] x) {
        double p = 1;
        for (int d = 0; d < units; d++) {
            p *= theta[d][x[d]];
        }
        return p;
    }

    /** Advances x to the next configuration (odometer order); false after the last. */
    private boolean next(int[] x) {
        for (int d = 0; d < units; d++) {
            if (++x[d] < categories) {
                return true;
            }
            x[d] = 0;
        }
        return false;
    }

    /** softmax(a), stably. */
    public static double[] softmax(double[] a) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : a) {
            max = Math.max(max, v);
        }
        double[] p = new double[a.length];
        double norm = 0;
        for (int i = 0; i < a.length; i++) {
            p[i] = Math.exp(a[i] - max);
            norm += p[i];
        }
        for (int i = 0; i < a.length; i++) {
            p[i] /= norm;
        }
        return p;
    }
}

package org.relax4j.core.nondiff.lang;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An affine function of the latent variables, c₀ + Σᵢ cᵢ·xᵢ, with the non-zero coefficients
 * stored by latent index (ascending). Guards of {@link Expr#ifPositive} branches are affine; the
 * boundary {@code c₀ + Σᵢ cᵢ xᵢ = 0} of a guard is a hyperplane, which is what makes the surface
 * integral of the non-differentiable reparameterization estimator computable by sampling.
 */
public final class Affine {

    private final double constant;
    private final int[] indices;
    private final double[] coefficients;

    private Affine(double constant, int[] indices, double[] coefficients) {
        this.constant = constant;
        this.indices = indices;
        this.coefficients = coefficients;
    }

    /** The affine function c₀ (no latent). */
    public static Affine constant(double c0) {
        return new Affine(c0, new int[0], new double[0]);
    }

    /** The affine function xᵢ. */
    public static Affine latent(int index) {
        return new Affine(0, new int[] {index}, new double[] {1});
    }

    /** The affine function c₀ + Σ coefficients[i]·x_i over the given (index → coefficient) map. */
    public static Affine of(double c0, Map<Integer, Double> coefficients) {
        TreeMap<Integer, Double> sorted = new TreeMap<>();
        for (Map.Entry<Integer, Double> e : coefficients.entrySet()) {
            if (e.getValue() != 0) {
                sorted.put(e.getKey(), e.getValue());
            }
        }
        int[] idx = new int[sorted.size()];
        double[] coef = new double[sorted.size()];
        int k = 0;
        for (Map.Entry<Integer, Double> e : sorted.entrySet()) {
            idx[k] = e.getKey();
            coef[k] = e.getValue();
            k++;
        }
        return new Affine(c0, idx, coef);
    }

    /** c₀. */
    public double constant() {
        return constant;
    }

    /** The latent indices with a non-zero coefficient, ascending. */
    public int[] indices() {
        return indices.clone();
    }

    /** The coefficients matching {@link #indices()}. */
    public double[] coefficients() {
        return coefficients.clone();
    }

    /** Number of latents with a non-zero coefficient. */
    public int size() {
        return indices.length;
    }

    /** The index of the k-th non-zero coefficient. */
    public int indexAt(int k) {
        return indices[k];
    }

    /** The k-th non-zero coefficient. */
    public double coefficientAt(int k) {
        return coefficients[k];
    }

    /** The coefficient of latent {@code index} (0 if absent). */
    public double coefficient(int index) {
        int k = Arrays.binarySearch(indices, index);
        return k >= 0 ? coefficients[k] : 0;
    }

    /** Whether no latent has a non-zero coefficient. */
    public boolean isConstant() {
        return indices.length == 0;
    }

    /** Evaluates at a point given as a full latent vector. */
    public double evaluate(double[] x) {
        double s = constant;
        for (int k = 0; k < indices.length; k++) {
            s += coefficients[k] * x[indices[k]];
        }
        return s;
    }

    /** this + other. */
    public Affine plus(Affine other) {
        TreeMap<Integer, Double> m = toMap();
        for (int k = 0; k < other.indices.length; k++) {
            m.merge(other.indices[k], other.coefficients[k], Double::sum);
        }
        return of(constant + other.constant, m);
    }

    /** s·this. */
    public Affine scale(double s) {
        if (s == 0) {
            return constant(0);
        }
        double[] c = coefficients.clone();
        for (int k = 0; k < c.length; k++) {
            c[k] *= s;
        }
        return new Affine(constant * s, indices.clone(), c);
    }

    private TreeMap<Integer, Double> toMap() {
        TreeMap<Integer, Double> m = new TreeMap<>();
        for (int k = 0; k < indices.length; k++) {
            m.put(indices[k], coefficients[k]);
        }
        return m;
    }

    /**
     * Whether {@code other} describes the same hyperplane: its full coefficient vector
     * (c₀, c₁, …, cₙ) is a non-zero multiple of this one's, up to a relative tolerance on the
     * unit-normalised vectors. Returns +1 if the multiple is positive (same "then" side), −1 if
     * negative (the sides are swapped), 0 if the hyperplanes differ.
     */
    public int sameHyperplane(Affine other, double tolerance) {
        if (isConstant() || other.isConstant()) {
            return 0;
        }
        if (!Arrays.equals(indices, other.indices)) {
            return 0;
        }
        double na = norm();
        double nb = other.norm();
        for (int sign : new int[] {1, -1}) {
            boolean same = Math.abs(constant / na - sign * other.constant / nb) <= tolerance;
            for (int k = 0; same && k < indices.length; k++) {
                same = Math.abs(coefficients[k] / na - sign * other.coefficients[k] / nb) <= tolerance;
            }
            if (same) {
                return sign;
            }
        }
        return 0;
    }

    private double norm() {
        double s = constant * constant;
        for (double c : coefficients) {
            s += c * c;
        }
        return Math.sqrt(s);
    }

    /** Prints as e.g. {@code 18 - 1*theta0}, with latent names from {@code names}. */
    public String toString(List<String> names) {
        StringBuilder sb = new StringBuilder();
        boolean first = true;
        if (constant != 0 || indices.length == 0) {
            sb.append(fmt(constant));
            first = false;
        }
        for (int k = 0; k < indices.length; k++) {
            double c = coefficients[k];
            String name = names != null && indices[k] < names.size() ? names.get(indices[k]) : "x" + indices[k];
            if (first) {
                sb.append(c == 1 ? "" : c == -1 ? "-" : fmt(c) + "*");
            } else {
                sb.append(c < 0 ? " - " : " + ");
                double a = Math.abs(c);
                sb.append(a == 1 ? "" : fmt(a) + "*");
            }
            sb.append(name);
            first = false;
        }
        return sb.toString();
    }

    private static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    @Override
    public String toString() {
        return toString(null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Affine a
                && a.constant == constant
                && Arrays.equals(a.indices, indices)
                && Arrays.equals(a.coefficients, coefficients);
    }

    @Override
    public int hashCode() {
        return Objects.hash(constant, Arrays.hashCode(indices), Arrays.hashCode(coefficients));
    }
}

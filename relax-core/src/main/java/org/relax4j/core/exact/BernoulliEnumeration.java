package org.relax4j.core.exact;

import java.util.function.ToDoubleFunction;

/**
 * Exact expectations and gradients for a few independent Bernoulli units by enumerating all 2ⁿ
 * configurations: the ground truth that statistical tests and the toy experiment compare
 * estimators against.
 *
 * <p>E[f] = Σ_b p_α(b) f(b) and ∂E[f]/∂α_i = Σ_b p_α(b) f(b) (b_i − σ(α_i)).
 */
public final class BernoulliEnumeration {

    /** Largest number of units enumerated (2²⁰ configurations). */
    public static final int MAX_UNITS = 20;

    private final double[] logits;

    /** Enumeration over units with the given logits. */
    public BernoulliEnumeration(double... logits) {
        if (logits.length == 0 || logits.length > MAX_UNITS) {
            throw new IllegalArgumentException("enumeration needs 1 to " + MAX_UNITS + " units, got " + logits.length);
        }
        this.logits = logits.clone();
    }

    /** Number of units. */
    public int units() {
        return logits.length;
    }

    /** E_b[f(b)]. */
    public double expectation(ToDoubleFunction<double[]> f) {
        double total = 0;
        double[] b = new double[logits.length];
        for (long mask = 0; mask < 1L << logits.length; mask++) {
            total += probability(mask, b) * f.applyAsDouble(b);
        }
        return total;
    }

    /** ∂E_b[f(b)]/∂α, one entry per unit. */
    public double[] gradient(ToDoubleFunction<double[]> f) {
        double[] grad = new double[logits.length];
        double[] b = new double[logits.length];
        for (long mask = 0; mask < 1L << logits.length; mask++) {
            double p = probability(mask, b);
            double value = p * f.applyAsDouble(b);
            for (int i = 0; i < logits.length; i++) {
                grad[i] += value * (b[i] - sigmoid(logits[i]));
            }
        }
        return grad;
    }

    /** Fills {@code b} with configuration {@code mask} (bit i = unit i) and returns p_α(b). */
    private double probability(long mask, double[] b) {
        double p = 1;
        for (int i = 0; i < logits.length; i++) {
            b[i] = (mask >>> i) & 1;
            double theta = sigmoid(logits[i]);
            p *= b[i] == 1 ? theta : 1 - theta;
        }
        return p;
    }

    /** σ(x). */
    public static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }
}

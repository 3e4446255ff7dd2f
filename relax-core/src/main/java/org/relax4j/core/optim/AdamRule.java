package org.relax4j.core.optim;

/**
 * The Adam update rule (Kingma &amp; Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015,
 * Algorithm 1, in the efficient form of its §2): hyper-parameters, moments and bias correction,
 * in one place for both Adam implementations, {@link StatefulAdam} (DJL arrays) and {@link
 * DoubleAdam} (a Java {@code double[]}). For a gradient g at step t = 1, 2, …:
 *
 * <pre>
 *   m ← β₁m + (1 − β₁)g,   v ← β₂v + (1 − β₂)g²,
 *   lr_t = lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ),   θ ← θ ∓ lr_t·m/(√v + ε̂)   (− descent, + ascent).
 * </pre>
 *
 * ε̂ is added after bias correction of the step size (as in TensorFlow and the REBAR/RELAX code),
 * not to the bias-corrected √v̂ of the paper's Algorithm 1.
 *
 * @param learningRate lr, positive and finite
 * @param beta1 β₁ in [0, 1)
 * @param beta2 β₂ in [0, 1)
 * @param epsilon ε̂, non-negative
 */
public record AdamRule(double learningRate, double beta1, double beta2, double epsilon) {

    /** Default β₁. */
    public static final double DEFAULT_BETA1 = 0.9;

    /** Default β₂ (the REBAR/RELAX VAE code uses 0.99999). */
    public static final double DEFAULT_BETA2 = 0.999;

    /** Default ε̂. */
    public static final double DEFAULT_EPSILON = 1e-8;

    /** Checks the hyper-parameters, naming the one that is out of range. */
    public AdamRule {
        checkLearningRate(learningRate);
        checkBeta("beta1", beta1);
        checkBeta("beta2", beta2);
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be non-negative and finite, got " + show(epsilon));
        }
    }

    /** The rule with β₁ = 0.9, β₂ = 0.999, ε̂ = 1e-8. */
    public static AdamRule withDefaults(double learningRate) {
        return new AdamRule(learningRate, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON);
    }

    /** The bias-corrected step size lr_t = lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ) of step t ≥ 1. */
    public double stepSize(long t) {
        return learningRate * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
    }

    /**
     * Step t of the rule on Java vectors, in place: updates the moments m and v with g, then
     * moves θ by lr_t·m/(√v + ε̂), up the gradient if {@code ascent}, else down.
     */
    public void apply(double[] theta, double[] g, double[] m, double[] v, long t, boolean ascent) {
        if (g.length != theta.length || m.length != theta.length || v.length != theta.length) {
            throw new IllegalArgumentException("Adam: theta has " + theta.length + " entries but the gradient "
                    + g.length + " and the moments " + m.length + " and " + v.length);
        }
        double lrT = stepSize(t);
        for (int i = 0; i < theta.length; i++) {
            m[i] = beta1 * m[i] + (1 - beta1) * g[i];
            v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
            double step = lrT * m[i] / (Math.sqrt(v[i]) + epsilon);
            theta[i] = ascent ? theta[i] + step : theta[i] - step;
        }
    }

    /**
     * Checks a learning rate.
     *
     * @return {@code learningRate}
     * @throws IllegalArgumentException unless it is positive and finite
     */
    public static double checkLearningRate(double learningRate) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive and finite, got " + show(learningRate));
        }
        return learningRate;
    }

    /**
     * Checks a moment decay rate.
     *
     * @return {@code beta}
     * @throws IllegalArgumentException unless it is in [0, 1)
     */
    public static double checkBeta(String name, double beta) {
        if (!(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + show(beta));
        }
        return beta;
    }

    /** A value as the user wrote it: the float's digits if it came from a float. */
    private static String show(double v) {
        float f = (float) v;
        return f == v ? Float.toString(f) : Double.toString(v);
    }
}

package org.relax4j.core.nondiff;

/**
 * Adam for gradient <i>ascent</i> on a parameter vector held in Java (θ has a few dozen entries
 * here, so native arrays would only add overhead). Same update as the paper's code and TensorFlow:
 *
 * <pre>
 *   t ← t + 1,  lr_t = lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ)
 *   m ← β₁m + (1 − β₁)g,  v ← β₂v + (1 − β₂)g²,  θ ← θ + lr_t·m/(√v + ε̂)
 * </pre>
 */
public final class AdamAscent {

    private final double lr;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double[] m;
    private final double[] v;
    private long t;

    /** Adam with β₁ = 0.9, β₂ = 0.999, ε̂ = 1e-8. */
    public AdamAscent(int size, double lr) {
        this(size, lr, 0.9, 0.999, 1e-8);
    }

    /** Adam with explicit hyper-parameters. */
    public AdamAscent(int size, double lr, double beta1, double beta2, double epsilon) {
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new IllegalArgumentException("learning rate must be positive and finite, got " + lr);
        }
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.m = new double[size];
        this.v = new double[size];
    }

    /** Moves θ (in place) one step up the gradient g. */
    public void step(double[] theta, double[] g) {
        if (theta.length != m.length || g.length != m.length) {
            throw new IllegalArgumentException("Adam was built for " + m.length + " parameters");
        }
        t++;
        double lrT = lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
        for (int i = 0; i < theta.length; i++) {
            m[i] = beta1 * m[i] + (1 - beta1) * g[i];
            v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
            theta[i] += lrT * m[i] / (Math.sqrt(v[i]) + epsilon);
        }
    }

    /** Number of steps taken. */
    public long steps() {
        return t;
    }
}

package org.relax4j.core.optim;

/**
 * Adam ({@link AdamRule}) on a parameter vector held in Java, in double precision, for problems
 * whose θ has a few dozen entries (the non-differentiable benchmarks), where native arrays would
 * only add overhead. It keeps the moments m, v and the step count t.
 *
 * <pre>{@code
 * DoubleAdam adam = new DoubleAdam(theta.length, AdamRule.withDefaults(1e-3));
 * adam.ascend(theta, gradient);   // θ moves up the gradient
 * }</pre>
 */
public final class DoubleAdam {

    private final AdamRule rule;
    private final double[] m;
    private final double[] v;
    private long t;

    /** Adam for {@code size} parameters with the given rule. */
    public DoubleAdam(int size, AdamRule rule) {
        if (size < 0) {
            throw new IllegalArgumentException("Adam needs a non-negative parameter count, got " + size);
        }
        this.rule = java.util.Objects.requireNonNull(rule, "rule");
        this.m = new double[size];
        this.v = new double[size];
    }

    /** Moves θ (in place) one step up the gradient g (maximisation). */
    public void ascend(double[] theta, double[] g) {
        step(theta, g, true);
    }

    /** Moves θ (in place) one step down the gradient g (minimisation). */
    public void descend(double[] theta, double[] g) {
        step(theta, g, false);
    }

    private void step(double[] theta, double[] g, boolean ascent) {
        if (theta.length != m.length || g.length != m.length) {
            throw new IllegalArgumentException("Adam was built for " + m.length + " parameters, got theta of "
                    + theta.length + " and a gradient of " + g.length);
        }
        t++;
        rule.apply(theta, g, m, v, t, ascent);
    }

    /** The rule (hyper-parameters). */
    public AdamRule rule() {
        return rule;
    }

    /** Number of steps taken. */
    public long steps() {
        return t;
    }
}

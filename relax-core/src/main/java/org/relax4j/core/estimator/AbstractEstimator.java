package org.relax4j.core.estimator;

/**
 * Base of the built-in estimators: the name, whether the estimator is unbiased and how many
 * evaluations of f it costs, fixed at construction. Extend it to write your own.
 */
public abstract class AbstractEstimator implements GradientEstimator {

    private final String name;
    private final boolean unbiased;
    private final int evaluations;

    /**
     * @param name the registry name
     * @param unbiased whether E[ĝ] = ∂E[f]/∂α exactly
     * @param evaluations evaluations of f per example and step
     */
    protected AbstractEstimator(String name, boolean unbiased, int evaluations) {
        this.name = name;
        this.unbiased = unbiased;
        this.evaluations = evaluations;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final boolean isUnbiased() {
        return unbiased;
    }

    @Override
    public final int objectiveEvaluations() {
        return evaluations;
    }
}

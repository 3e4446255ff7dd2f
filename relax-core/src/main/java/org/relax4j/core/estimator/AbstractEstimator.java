package org.relax4j.core.estimator;

/**
 * Base of the built-in estimators: the name, the target it is unbiased for and how many
 * evaluations of f it costs, fixed at construction. Extend it to write your own.
 */
public abstract class AbstractEstimator implements GradientEstimator {

    private final String name;
    private final EstimatorTarget target;
    private final int evaluations;

    /**
     * @param name the registry name
     * @param target the quantity whose gradient E[ĝ] equals ({@link EstimatorTarget#NONE} if biased)
     * @param evaluations evaluations of f per example and step
     */
    protected AbstractEstimator(String name, EstimatorTarget target, int evaluations) {
        this.name = name;
        this.target = target;
        this.evaluations = evaluations;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final EstimatorTarget unbiasedFor() {
        return target;
    }

    @Override
    public final int objectiveEvaluations() {
        return evaluations;
    }
}

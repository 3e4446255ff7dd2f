package org.relax4j.core.estimator;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.function.Consumer;
import org.relax4j.core.distribution.Bernoulli;
import org.relax4j.core.distribution.DiscreteDistribution;
import org.relax4j.core.exact.BernoulliEnumeration;
import org.relax4j.core.objective.RelaxableObjective;
import org.relax4j.core.optim.GradientStep;
import org.relax4j.core.optim.StatefulAdam;
import org.relax4j.core.random.NoiseSource;
import org.relax4j.core.variance.GradientStatistics;

/** Draws many independent estimates at fixed logits, and trains estimators at fixed logits. */
final class EstimatorHarness {

    private EstimatorHarness() {}

    /**
     * {@code batches × batchSize} independent estimates of ∂E[f]/∂α at the logits α (one example's
     * logits, replicated), as statistics per component.
     */
    static GradientStatistics estimates(
            GradientEstimator estimator,
            DiscreteDistribution dist,
            RelaxableObjective objective,
            float[] logits,
            Shape unitShape,
            int batches,
            int batchSize,
            long seed) {
        NoiseSource noise = new NoiseSource(seed);
        try (NDManager manager = NDManager.newBaseManager();
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDList all = new NDList();
            for (int step = 0; step < batches; step++) {
                try (NDScope scope = new NDScope()) {
                    NDArray a = replicate(manager, logits, unitShape, batchSize);
                    EstimationProblem problem = problem(a, dist, objective, noise.forStep(step), false);
                    NDArray g = estimator.estimate(problem).logitGradient().duplicate();
                    NDScope.unregister(g);
                    all.add(g);
                }
            }
            return GradientStatistics.of(NDArrays.concat(all, 0));
        }
    }

    /**
     * The estimates' mean, the exact gradient of E[f] for {@link CoupledObjective} by enumerating
     * all configurations, and the standard errors, per unit: Bernoulli units at {@code logits}.
     */
    record Comparison(double[] mean, double[] exact, double[] standardError) {
        /** (mean − exact) / standard error of unit i. */
        double z(int i) {
            return (mean[i] - exact[i]) / standardError[i];
        }
    }

    /** Compares {@code batches × batchSize} estimates with the exact gradient (see {@link Comparison}). */
    static Comparison compareWithExact(
            GradientEstimator estimator, float[] logits, int batches, int batchSize, long seed) {
        CoupledObjective f = new CoupledObjective(logits.length);
        double[] alpha = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            alpha[i] = logits[i];
        }
        double[] exact = new BernoulliEnumeration(alpha).gradient(f::value);
        GradientStatistics stats =
                estimates(estimator, Bernoulli.INSTANCE, f, logits, new Shape(logits.length), batches, batchSize, seed);
        double[] se = new double[exact.length];
        for (int i = 0; i < se.length; i++) {
            se[i] = stats.standardError(i);
        }
        return new Comparison(stats.mean(), exact, se);
    }

    /** Trains the estimator's own parameters for {@code steps} steps at fixed logits. */
    static void train(
            GradientEstimator estimator,
            DiscreteDistribution dist,
            RelaxableObjective objective,
            float[] logits,
            Shape unitShape,
            int steps,
            int batchSize,
            float learningRate,
            long seed) {
        NoiseSource noise = new NoiseSource(seed);
        StatefulAdam adam = StatefulAdam.builder().optLearningRate(learningRate).build();
        try (NDManager manager = NDManager.newBaseManager();
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            for (int step = 0; step < steps; step++) {
                try (NDScope scope = new NDScope()) {
                    NDArray a = replicate(manager, logits, unitShape, batchSize);
                    EstimationProblem problem = problem(a, dist, objective, noise.forStep(1_000_000 + step), true);
                    GradientEstimate e = estimator.estimate(problem);
                    GradientStep.minimize(adam, e.estimatorLoss(), estimator.parameters());
                }
            }
        }
    }

    static EstimationProblem problem(
            NDArray logits,
            DiscreteDistribution dist,
            RelaxableObjective objective,
            NoiseSource.StepNoise noise,
            boolean train) {
        NDArray conditioning =
                logits.getManager().ones(new Shape(logits.getShape().get(0), 1));
        return EstimationProblem.builder()
                .setLogits(logits)
                .setObjective(objective)
                .setNoise(noise)
                .optDistribution(dist)
                .optConditioning(conditioning)
                .optTrainEstimator(train)
                .build();
    }

    static NDArray replicate(NDManager manager, float[] logits, Shape unitShape, int batchSize) {
        NDArray one = manager.create(logits, unitShape);
        return one.expandDims(0).repeat(0, batchSize);
    }

    /** Runs {@code body} with a manager and grad mode on. */
    static void withGrad(Consumer<NDManager> body) {
        try (NDManager manager = NDManager.newBaseManager();
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            body.accept(manager);
        }
    }
}

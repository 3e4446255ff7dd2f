package org.relax4j.train.toy;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;
import org.relax4j.core.estimator.GradientEstimator;
import org.relax4j.core.optim.StatefulAdam;
import org.relax4j.core.random.NoiseSource;
import org.relax4j.core.training.StochasticTrainer;
import org.relax4j.models.toy.ToyModel;
import org.relax4j.models.toy.ToyProblem;
import org.relax4j.train.listener.ProgressListener;
import org.relax4j.train.metrics.MetricsLog;
import org.relax4j.train.progress.Progress;

/**
 * One training run on the toy problem (Grathwohl et al. 2018 §6.1; docs/estimators.md, "The toy
 * problem") through the
 * {@link StochasticTrainer}: one sample per step, Adam on the logit ℓ (ℓ₀ = 0) and a separate
 * Adam on the estimator's parameters; every {@code logEvery} steps (and at the start and the end)
 * a {@link ToyMeasurements} listener logs the exact loss and gradient and the estimator's mean and
 * log-variance from fresh samples at the current ℓ.
 */
public final class ToyRun {

    private final Supplier<GradientEstimator> estimator;
    private final ToyProblem problem;
    private final long seed;
    private final float learningRate;
    private final float cvLearningRate;
    private final int varianceSamples;

    /** A run on {@code problem} of the estimator {@code estimator} creates (after the engine is seeded). */
    public ToyRun(
            Supplier<GradientEstimator> estimator,
            ToyProblem problem,
            long seed,
            float learningRate,
            float cvLearningRate,
            int varianceSamples) {
        this.estimator = estimator;
        this.problem = problem;
        this.seed = seed;
        this.learningRate = learningRate;
        this.cvLearningRate = cvLearningRate;
        this.varianceSamples = varianceSamples;
    }

    /** What the run measured at the end. */
    public record Result(double finalTheta, double meanLogVariance, double secondsPerStep) {}

    /**
     * Trains for {@code steps} steps, logging every {@code logEvery} steps (and the last) to
     * {@code log}, moving {@code progress} to {@code offset + k} every 100 steps.
     */
    public Result run(long steps, int logEvery, MetricsLog log, Progress progress, long offset, String status)
            throws IOException {
        long start = System.nanoTime();
        NDManager manager = NDManager.newBaseManager();
        ToyModel model = new ToyModel(problem, manager);
        try (StochasticTrainer trainer = StochasticTrainer.builder()
                .setModel(model)
                .setManager(manager)
                .setEstimators(estimator)
                .setNoise(new NoiseSource(seed))
                .setModelOptimizer(
                        StatefulAdam.builder().optLearningRate(learningRate).build())
                .setEstimatorOptimizer(
                        StatefulAdam.builder().optLearningRate(cvLearningRate).build())
                .optReportEvery(logEvery)
                .build()) {
            ToyMeasurements measurements = new ToyMeasurements(model, seed, varianceSamples, log);
            trainer.addListener(measurements)
                    .addListener(ProgressListener.shared(
                            progress, offset, e -> e.step() % 100 == 0 || e.step() == steps, e -> status));
            try {
                trainer.fit(0, steps);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            double finalTheta = 1 / (1 + Math.exp(-model.logit()));
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Result(finalTheta, measurements.meanLogVariance(), seconds / steps);
        }
    }
}

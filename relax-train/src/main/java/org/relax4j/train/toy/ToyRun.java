package org.relax4j.train.toy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.GradientCollector;
import ai.djl.training.initializer.ConstantInitializer;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongConsumer;
import org.relax4j.core.estimator.ControlVariateEstimator;
import org.relax4j.core.estimator.EstimationProblem;
import org.relax4j.core.estimator.GradientEstimate;
import org.relax4j.core.estimator.GradientEstimator;
import org.relax4j.core.optim.GradientStep;
import org.relax4j.core.optim.StatefulAdam;
import org.relax4j.core.random.NoiseSource;
import org.relax4j.core.variance.GradientStatistics;
import org.relax4j.models.toy.ToyProblem;
import org.relax4j.train.metrics.MetricsLog;

/**
 * One training run on the toy problem (Grathwohl et al. 2018 §6.1; docs/estimators.md, "The toy
 * problem"): one sample per step, Adam on the logit ℓ (ℓ₀ = 0) and a separate Adam on the
 * estimator's parameters; at every logged step the exact loss and gradient, and the mean and
 * log-variance of the estimator from fresh samples at the current ℓ.
 */
public final class ToyRun {

    private final GradientEstimator estimator;
    private final ToyProblem problem;
    private final long seed;
    private final float learningRate;
    private final float cvLearningRate;
    private final int varianceSamples;

    /** A run of {@code estimator} on {@code problem}. */
    public ToyRun(
            GradientEstimator estimator,
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
     * {@code log}; {@code onStep} is told each finished step.
     */
    public Result run(long steps, int logEvery, MetricsLog log, LongConsumer onStep) throws IOException {
        NoiseSource trainingNoise = new NoiseSource(seed);
        NoiseSource measurementNoise = new NoiseSource(seed ^ 0x6A09E667F3BCC909L);
        StatefulAdam modelAdam = StatefulAdam.builder().optLearningRate(learningRate).build();
        StatefulAdam cvAdam = StatefulAdam.builder().optLearningRate(cvLearningRate).build();
        double logVarianceSum = 0;
        int logged = 0;
        long start = System.nanoTime();
        try (NDManager manager = NDManager.newBaseManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            Parameter logit = Parameter.builder()
                    .setName("logit")
                    .setType(Parameter.Type.OTHER)
                    .optShape(new Shape(1, 1))
                    .optInitializer(new ConstantInitializer(0f))
                    .build();
            logit.initialize(manager, DataType.FLOAT32);
            ParameterList model = new ParameterList();
            model.add("logit", logit);
            NDArray conditioning = manager.ones(new Shape(1, 1));
            for (long step = 0; step <= steps; step++) {
                if (step % logEvery == 0 || step == steps) {
                    double logVariance = measure(manager, logit, step, measurementNoise, log);
                    logVarianceSum += logVariance;
                    logged++;
                }
                if (step == steps) {
                    break;
                }
                try (NDScope scope = new NDScope()) {
                    NDArray alpha = logit.getArray();
                    GradientEstimate e = estimator.estimate(EstimationProblem.builder()
                            .setLogits(alpha)
                            .setObjective(problem)
                            .setNoise(trainingNoise.forStep(step))
                            .optConditioning(conditioning)
                            .build());
                    // both gradients first: the estimator loss's graph reads ℓ's storage
                    ParameterList cv = estimator.parameters();
                    NDList cvGrads = e.estimatorLoss() == null ? null : GradientStep.gradients(e.estimatorLoss(), cv);
                    NDList modelGrads = GradientStep.gradients(e.surrogate(alpha).mean(), model);
                    if (cvGrads != null && GradientStep.allFinite(cvGrads)) {
                        GradientStep.apply(cvAdam, cv, cvGrads);
                    }
                    if (GradientStep.allFinite(modelGrads)) {
                        GradientStep.apply(modelAdam, model, modelGrads);
                    }
                }
                onStep.accept(step + 1);
            }
            double finalTheta = 1 / (1 + Math.exp(-logit.getArray().getFloat(0, 0)));
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Result(finalTheta, logVarianceSum / logged, seconds / steps);
        }
    }

    private double measure(NDManager manager, Parameter logit, long step, NoiseSource noise, MetricsLog log)
            throws IOException {
        try (NDScope scope = new NDScope()) {
            double l = logit.getArray().getFloat(0, 0);
            NDArray replicated = manager.full(new Shape(varianceSamples, 1), (float) l);
            GradientEstimate e = estimator.estimate(EstimationProblem.builder()
                    .setLogits(replicated)
                    .setObjective(problem)
                    .setNoise(noise.forStep(step))
                    .optConditioning(manager.ones(new Shape(varianceSamples, 1)))
                    .optTrainEstimator(false)
                    .build());
            GradientStatistics stats = GradientStatistics.of(e.logitGradient());
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("estimator", estimator.name());
            record.put("seed", seed);
            record.put("step", step);
            record.put("logit", l);
            record.put("theta", 1 / (1 + Math.exp(-l)));
            record.put("exact_loss", problem.exactLoss(l));
            record.put("exact_grad", problem.exactGradient(l));
            record.put("grad_mean", stats.mean()[0]);
            record.put("grad_logvar", stats.logMeanVariance());
            if (estimator instanceof ControlVariateEstimator cv) {
                double eta = cv.controlVariate().eta();
                double temperature = cv.controlVariate().temperature();
                if (!Double.isNaN(eta)) {
                    record.put("eta", eta);
                }
                if (!Double.isNaN(temperature)) {
                    record.put("temperature", temperature);
                }
            }
            log.log(record);
            return stats.logMeanVariance();
        }
    }
}

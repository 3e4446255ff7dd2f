package org.relax4j.train.toy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.relax4j.core.estimator.ControlVariateEstimator;
import org.relax4j.core.estimator.EstimationProblem;
import org.relax4j.core.estimator.GradientEstimate;
import org.relax4j.core.estimator.GradientEstimator;
import org.relax4j.core.random.NoiseSource;
import org.relax4j.core.training.StepEvent;
import org.relax4j.core.training.StochasticTrainer;
import org.relax4j.core.training.TrainingListener;
import org.relax4j.core.variance.GradientStatistics;
import org.relax4j.models.toy.ToyModel;
import org.relax4j.train.metrics.MetricsLog;

/**
 * At the start and on every report step of a toy run, logs the exact loss E[(b − t)²] and its
 * gradient at the current logit ℓ, and the mean and log-variance of {@code samples} fresh
 * estimates at ℓ (measurement noise independent of training noise, estimator not trained).
 */
public final class ToyMeasurements implements TrainingListener {

    private final ToyModel model;
    private final long seed;
    private final int samples;
    private final MetricsLog log;
    private final NoiseSource noise;
    private double logVarianceSum;
    private int measured;

    /** Measures {@code model}'s estimator with {@code samples} estimates per measurement into {@code log}. */
    public ToyMeasurements(ToyModel model, long seed, int samples, MetricsLog log) {
        this.model = model;
        this.seed = seed;
        this.samples = samples;
        this.log = log;
        this.noise = new NoiseSource(seed ^ 0x6A09E667F3BCC909L);
    }

    /** The mean of the measured log-variances. */
    public double meanLogVariance() {
        return logVarianceSum / measured;
    }

    @Override
    public void onTrainingBegin(StochasticTrainer trainer, long step) {
        measure(trainer, step);
    }

    @Override
    public void onStep(StochasticTrainer trainer, StepEvent event) {
        if (event.report()) {
            measure(trainer, event.step());
        }
    }

    private void measure(StochasticTrainer trainer, long step) {
        GradientEstimator estimator = trainer.estimators().get(0);
        NDManager manager = trainer.manager();
        try (NDScope scope = new NDScope();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            double l = model.logit();
            GradientEstimate e = estimator.estimate(EstimationProblem.builder()
                    .setLogits(manager.full(new Shape(samples, 1), (float) l))
                    .setObjective(model.problem())
                    .setNoise(noise.forStep(step))
                    .optConditioning(manager.ones(new Shape(samples, 1)))
                    .optTrainEstimator(false)
                    .build());
            GradientStatistics stats = GradientStatistics.of(e.logitGradient());
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("estimator", estimator.name());
            record.put("seed", seed);
            record.put("step", step);
            record.put("logit", l);
            record.put("theta", 1 / (1 + Math.exp(-l)));
            record.put("exact_loss", model.problem().exactLoss(l));
            record.put("exact_grad", model.problem().exactGradient(l));
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
            logVarianceSum += stats.logMeanVariance();
            measured++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

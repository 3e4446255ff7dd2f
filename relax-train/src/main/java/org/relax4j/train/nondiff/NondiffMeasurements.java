package org.relax4j.train.nondiff;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.relax4j.core.nondiff.inference.Elbo;
import org.relax4j.core.nondiff.inference.MeanFieldGaussian;
import org.relax4j.core.training.StepEvent;
import org.relax4j.core.training.StochasticTrainer;
import org.relax4j.core.training.TrainingListener;
import org.relax4j.core.variance.GradientStatistics;
import org.relax4j.models.nondiff.VariationalNondiffModel;

/**
 * The measurements of a {@code relax4j nondiff} run, as a listener: at the start, on every report
 * step (every {@code logEvery} iterations and the last) the ELBO from {@code elboSamples} samples,
 * and every {@code varianceEvery} iterations (and the last) the gradient variance from {@code
 * varianceSamples} independent estimates at the current θ (Avg(V) and V(‖·‖₂) of {@link
 * GradientStatistics}). Both draw from streams of their own, so the training trajectory does not
 * depend on how often they run; the ELBO draws at a given iteration are the same for every
 * estimator (common random numbers). The time per iteration counts only the trainer's step (the
 * gradient estimate and the Adam update), not the measurements: this listener must be the first
 * one added.
 */
public final class NondiffMeasurements implements TrainingListener {

    /**
     * One logged point of a run. {@code elbo}/{@code elboStandardError} are null where the ELBO was
     * not measured at this iteration, {@code avgVar}/{@code normVar} where the variance was not.
     */
    public record LogPoint(
            String estimator,
            int iteration,
            Double elbo,
            Double elboStandardError,
            Double avgVar,
            Double normVar,
            double msPerIteration,
            double trainSeconds,
            double wallSeconds,
            long skippedUpdates) {

        /** The metrics.jsonl record (fields not measured at this iteration are left out). */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("estimator", estimator);
            m.put("iteration", iteration);
            if (elbo != null) {
                m.put("elbo", elbo);
                m.put("elbo_se", elboStandardError);
            }
            if (avgVar != null) {
                m.put("avg_var", avgVar);
                m.put("norm_var", normVar);
            }
            m.put("ms_per_iter", msPerIteration);
            m.put("train_s", trainSeconds);
            m.put("wall_s", wallSeconds);
            m.put("skipped_updates", skippedUpdates);
            return m;
        }
    }

    private final VariationalNondiffModel model;
    private final NondiffRunConfig cfg;
    private final SplittableRandom rng;
    private final Consumer<LogPoint> sink;
    private final List<LogPoint> points = new ArrayList<>();
    private long start;
    private long trainNanos;
    private long blockNanos;
    private int blockIterations;
    private long steps;
    private long skipped;
    private double lastElbo = Double.NaN;

    /**
     * Measures {@code model} as {@code cfg} says, the variance estimates drawing from {@code rng};
     * each point is also passed to {@code sink}.
     */
    public NondiffMeasurements(
            VariationalNondiffModel model, NondiffRunConfig cfg, SplittableRandom rng, Consumer<LogPoint> sink) {
        this.model = model;
        this.cfg = cfg;
        this.rng = rng;
        this.sink = sink;
    }

    @Override
    public void onTrainingBegin(StochasticTrainer trainer, long step) {
        start = System.nanoTime();
        log(measure(trainer.manager(), (int) step, true, true, Double.NaN));
    }

    @Override
    public void onStep(StochasticTrainer trainer, StepEvent event) {
        long dt = System.nanoTime() - event.startNanos();
        trainNanos += dt;
        blockNanos += dt;
        blockIterations++;
        steps++;
        if (!event.result().applied()) {
            skipped++;
        }
        long t = event.step();
        boolean last = t == event.totalSteps();
        boolean logElbo = event.report();
        boolean logVariance = last || t % cfg.varianceEvery() == 0;
        if (logElbo || logVariance) {
            LogPoint p = measure(
                    trainer.manager(), Math.toIntExact(t), logElbo, logVariance, blockNanos / 1e6 / blockIterations);
            log(p);
            blockNanos = 0;
            blockIterations = 0;
        }
    }

    /** The logged points so far. */
    public List<LogPoint> points() {
        return Collections.unmodifiableList(points);
    }

    /** The last measured ELBO (NaN before the first). */
    public double lastElbo() {
        return lastElbo;
    }

    /** The mean time per step of the trainer, in milliseconds. */
    public double msPerIteration() {
        return trainNanos / 1e6 / Math.max(1, steps);
    }

    /** Steps whose gradient was not finite (nothing updated). */
    public long skippedUpdates() {
        return skipped;
    }

    private void log(LogPoint p) {
        points.add(p);
        if (p.elbo() != null) {
            lastElbo = p.elbo();
        }
        sink.accept(p);
    }

    private LogPoint measure(
            NDManager manager, int iteration, boolean logElbo, boolean logVariance, double msPerIteration) {
        MeanFieldGaussian q = model.q();
        Elbo.Estimate elbo = null;
        GradientStatistics var = null;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            if (logElbo) {
                // common random numbers across estimators: the ELBO at iteration t uses the same
                // draws for every estimator, so curves start together and differ only through θ
                long elboSeed = NondiffRun.seed(cfg.seed(), "elbo", 2) + 31L * iteration;
                SplittableRandom elboRng = new SplittableRandom(elboSeed);
                elbo = Elbo.estimate(model.model(), q, cfg.elboSamples(), elboRng, manager);
            }
            if (logVariance) {
                double[][] g = model.estimator()
                        .estimate(model.model(), q, cfg.varianceSamples(), cfg.samples(), rng, manager);
                var = GradientStatistics.of(g);
            }
        }
        return new LogPoint(
                model.estimator().name(),
                iteration,
                elbo == null ? null : elbo.mean(),
                elbo == null ? null : elbo.standardError(),
                var == null ? null : var.meanVariance(),
                var == null ? null : var.normVariance(),
                msPerIteration,
                trainNanos / 1e9,
                (System.nanoTime() - start) / 1e9,
                skipped);
    }
}

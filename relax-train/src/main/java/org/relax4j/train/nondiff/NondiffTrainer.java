package org.relax4j.train.nondiff;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.relax4j.core.nondiff.estimator.NondiffEstimator;
import org.relax4j.core.nondiff.inference.Elbo;
import org.relax4j.core.nondiff.inference.MeanFieldGaussian;
import org.relax4j.core.nondiff.lang.NondiffModel;
import org.relax4j.core.optim.AdamRule;
import org.relax4j.core.optim.DoubleAdam;
import org.relax4j.core.variance.GradientStatistics;
import org.relax4j.train.progress.Progress;

/**
 * Adam ascent on the ELBO of a {@link NondiffModel} with one gradient estimator, from the model's
 * initial q. Every {@code logEvery} iterations (and at 0 and at the end) it logs the ELBO from
 * {@code elboSamples} samples, and every {@code varianceEvery} iterations the gradient variance
 * from {@code varianceSamples} independent estimates at the current θ (Avg(V) and V(‖·‖₂) of {@link
 * GradientStatistics}). Logging draws from its own random streams,
 * so the training trajectory does not depend on how often it logs; the ELBO draws at a given
 * iteration are the same for every estimator (common random numbers). The time per
 * iteration counts only the gradient estimate and the Adam step.
 */
public final class NondiffTrainer {

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

    /** What a run leaves: its logged points, the final θ and the mean time per iteration. */
    public record Result(String estimator, List<LogPoint> points, double[] theta, double msPerIteration, long skippedUpdates) {}

    private NondiffTrainer() {}

    /** A seed for one estimator's stream (0: training, 1: logging), independent of run order. */
    static long seed(long base, String estimator, int stream) {
        long h = base * 0x9E3779B97F4A7C15L;
        h ^= (estimator.hashCode() + 0x632BE59BD9B4E019L) * 0xBF58476D1CE4E5B9L;
        return h + stream * 0x94D049BB133111EBL;
    }

    /** Runs {@code estimatorName} on {@code model}; each logged point is also passed to {@code sink}. */
    public static Result run(
            NondiffModel model, NondiffRunConfig cfg, String estimatorName, NDManager manager, Consumer<LogPoint> sink) {
        NondiffEstimator estimator = cfg.estimator(estimatorName);
        double[] theta = MeanFieldGaussian.initial(model).toVector();
        DoubleAdam adam = new DoubleAdam(theta.length, AdamRule.withDefaults(cfg.learningRate()));
        SplittableRandom trainRng = new SplittableRandom(seed(cfg.seed(), estimatorName, 0));
        SplittableRandom logRng = new SplittableRandom(seed(cfg.seed(), estimatorName, 1));
        List<LogPoint> points = new ArrayList<>();
        long start = System.nanoTime();
        long trainNanos = 0;
        long blockNanos = 0;
        int blockIterations = 0;
        long skipped = 0;
        String label = model.name() + "/" + estimatorName;
        try (Progress progress = Progress.start(label, 0, cfg.iterations())) {
            LogPoint p0 = measure(model, cfg, estimator, theta, 0, true, true, Double.NaN, 0, start, skipped, logRng, manager);
            points.add(p0);
            sink.accept(p0);
            double lastElbo = p0.elbo();
            for (int t = 1; t <= cfg.iterations(); t++) {
                long t0 = System.nanoTime();
                double[] g;
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    g = estimator.estimate(model, MeanFieldGaussian.fromVector(theta), cfg.samples(), trainRng, manager);
                }
                if (allFinite(g)) {
                    adam.ascend(theta, g);
                } else {
                    skipped++;
                }
                long dt = System.nanoTime() - t0;
                trainNanos += dt;
                blockNanos += dt;
                blockIterations++;
                boolean last = t == cfg.iterations();
                boolean logElbo = last || t % cfg.logEvery() == 0;
                boolean logVariance = last || t % cfg.varianceEvery() == 0;
                if (logElbo || logVariance) {
                    double ms = blockNanos / 1e6 / blockIterations;
                    LogPoint p = measure(model, cfg, estimator, theta, t, logElbo, logVariance, ms, trainNanos / 1e9,
                            start, skipped, logRng, manager);
                    points.add(p);
                    sink.accept(p);
                    blockNanos = 0;
                    blockIterations = 0;
                    if (logElbo) {
                        lastElbo = p.elbo();
                    }
                }
                if (t % 100 == 0 || last) {
                    progress.update(t, String.format(" elbo %.5g", lastElbo));
                }
            }
        }
        return new Result(estimatorName, points, theta, trainNanos / 1e6 / cfg.iterations(), skipped);
    }

    private static LogPoint measure(
            NondiffModel model,
            NondiffRunConfig cfg,
            NondiffEstimator estimator,
            double[] theta,
            int iteration,
            boolean logElbo,
            boolean logVariance,
            double msPerIteration,
            double trainSeconds,
            long start,
            long skipped,
            SplittableRandom rng,
            NDManager manager) {
        MeanFieldGaussian q = MeanFieldGaussian.fromVector(theta);
        Elbo.Estimate elbo = null;
        GradientStatistics var = null;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            if (logElbo) {
                // common random numbers across estimators: the ELBO at iteration t uses the same
                // draws for every estimator, so curves start together and differ only through θ
                SplittableRandom elboRng = new SplittableRandom(seed(cfg.seed(), "elbo", 2) + 31L * iteration);
                elbo = Elbo.estimate(model, q, cfg.elboSamples(), elboRng, manager);
            }
            if (logVariance) {
                double[][] g = estimator.estimate(model, q, cfg.varianceSamples(), cfg.samples(), rng, manager);
                var = GradientStatistics.of(g);
            }
        }
        return new LogPoint(estimator.name(), iteration,
                elbo == null ? null : elbo.mean(), elbo == null ? null : elbo.standardError(),
                var == null ? null : var.meanVariance(), var == null ? null : var.normVariance(),
                msPerIteration, trainSeconds, (System.nanoTime() - start) / 1e9, skipped);
    }

    private static boolean allFinite(double[] g) {
        for (double v : g) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}

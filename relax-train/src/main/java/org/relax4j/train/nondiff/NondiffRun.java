package org.relax4j.train.nondiff;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.relax4j.core.nondiff.lang.NondiffModel;
import org.relax4j.core.optim.AdamRule;
import org.relax4j.core.optim.StatefulAdam;
import org.relax4j.core.training.Outcome;
import org.relax4j.core.training.StochasticTrainer;
import org.relax4j.models.nondiff.VariationalNondiffModel;
import org.relax4j.train.listener.ProgressListener;

/**
 * One estimator's run of {@code relax4j nondiff} through the {@link StochasticTrainer}: Adam
 * ascent on the ELBO of a {@link NondiffModel} from the model's initial q ({@link
 * VariationalNondiffModel}, θ in float64, Adam's {@link StatefulAdam.Kernel#ELEMENTWISE
 * elementwise} kernel so the iterates are {@link AdamRule}'s double arithmetic), measured by a
 * {@link NondiffMeasurements} listener and shown by a progress bar.
 */
public final class NondiffRun {

    /** What a run leaves: its logged points, the final θ and the mean time per iteration. */
    public record Result(
            String estimator,
            List<NondiffMeasurements.LogPoint> points,
            double[] theta,
            double msPerIteration,
            long skippedUpdates) {}

    private NondiffRun() {}

    /** A seed for one estimator's stream (0: training, 1: logging), independent of run order. */
    static long seed(long base, String estimator, int stream) {
        long h = base * 0x9E3779B97F4A7C15L;
        h ^= (estimator.hashCode() + 0x632BE59BD9B4E019L) * 0xBF58476D1CE4E5B9L;
        return h + stream * 0x94D049BB133111EBL;
    }

    /**
     * Runs {@code estimatorName} on {@code model}; each logged point is also passed to {@code sink}.
     *
     * @throws IllegalArgumentException if θ became non-finite (the learning rate is too large)
     */
    public static Result run(
            NondiffModel model,
            NondiffRunConfig cfg,
            String estimatorName,
            Consumer<NondiffMeasurements.LogPoint> sink) {
        NDManager manager = NDManager.newBaseManager();
        VariationalNondiffModel variational = new VariationalNondiffModel(
                model,
                cfg.estimator(estimatorName),
                cfg.samples(),
                new SplittableRandom(seed(cfg.seed(), estimatorName, 0)),
                manager);
        try (StochasticTrainer trainer = StochasticTrainer.builder()
                .setModel(variational)
                .setManager(manager)
                .setModelOptimizer(StatefulAdam.builder()
                        .optRule(AdamRule.withDefaults(cfg.learningRate()))
                        .optKernel(StatefulAdam.Kernel.ELEMENTWISE)
                        .build())
                .optReportEvery(cfg.logEvery())
                .build()) {
            NondiffMeasurements measurements = new NondiffMeasurements(
                    variational, cfg, new SplittableRandom(seed(cfg.seed(), estimatorName, 1)), sink);
            int total = cfg.iterations();
            trainer.addListener(measurements)
                    .addListener(ProgressListener.owned(
                            model.name() + "/" + estimatorName,
                            total,
                            e -> e.step() % 100 == 0 || e.step() == total,
                            e -> String.format(" elbo %.5g", measurements.lastElbo())));
            Outcome outcome = trainer.fit(0, total);
            if (outcome.failed()) {
                throw new IllegalArgumentException(
                        model.name() + "/" + estimatorName + ": " + outcome.stopReason() + "; lower --lr");
            }
            return new Result(
                    estimatorName,
                    measurements.points(),
                    variational.theta(),
                    measurements.msPerIteration(),
                    measurements.skippedUpdates());
        }
    }
}

package org.relax4j.train.vae;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.relax4j.core.training.Outcome;
import org.relax4j.core.training.StochasticTrainer;
import org.relax4j.core.training.listener.ControlVariateListener;
import org.relax4j.core.training.listener.DivergenceGuard;
import org.relax4j.core.training.listener.TimingListener;
import org.relax4j.core.training.listener.TrainingMetricsListener;
import org.relax4j.train.listener.CheckpointListener;
import org.relax4j.train.listener.MetricsFileListener;
import org.relax4j.train.listener.ProgressListener;
import org.relax4j.train.listener.SummaryListener;
import org.relax4j.train.listener.ValidationListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code relax4j train} into a run directory: the run's trainer with, in order, the training
 * metrics, timing, divergence guard, control-variate scalars, validation, metrics file, progress,
 * checkpoint and summary listeners; a fresh start or a resume from the directory's checkpoint; and
 * a shutdown hook so Ctrl-C stops after the current step and checkpoints.
 */
public final class VaeTraining {

    private static final Logger LOG = LoggerFactory.getLogger(VaeTraining.class);

    private VaeTraining() {}

    /**
     * Trains {@code run} from a fresh start ({@code resume == false}: writes config.json and a new
     * metrics.jsonl) or from {@code dir}'s checkpoint, up to {@code config.steps()} total steps.
     */
    public static Outcome run(VaeRun run, Path dir, boolean resume, boolean showProgress) throws IOException {
        TrainConfig config = run.config();
        StochasticTrainer trainer = run.trainer();
        Path ckpt = dir.resolve(Checkpoint.FILE);
        String restart = "; restart with a smaller --lr (--resume keeps the run's settings)";
        trainer.setDivergenceAdvice("; the last good checkpoint is " + ckpt + restart);
        DivergenceGuard guard = new DivergenceGuard(
                config.maxBadSteps(),
                ". The last good checkpoint is " + ckpt
                        + "; restart with a smaller --lr or --cv-lr (--resume keeps the run's settings)");
        ValidationListener validation = new ValidationListener(run);
        trainer.addListener(new TrainingMetricsListener(
                        "train_elbo", config.batch(), run.data().train().size()))
                .addListener(new TimingListener(config.batch()))
                .addListener(guard)
                .addListener(new ControlVariateListener())
                .addListener(validation)
                .addListener(new MetricsFileListener(dir.resolve("metrics.jsonl"), resume));
        if (showProgress) {
            trainer.addListener(ProgressListener.owned(
                    "train",
                    config.steps(),
                    e -> e.report(),
                    e -> String.format("ELBO %.2f", e.record().get("train_elbo"))));
        }
        trainer.addListener(
                        new CheckpointListener(config.checkpointEvery(), s -> run.saveCheckpoint(ckpt, s, Map.of())))
                .addListener(new SummaryListener(run, dir, guard, validation));
        long step = 0;
        if (resume) {
            step = run.loadCheckpoint(ckpt).step();
            LOG.info("resumed {} at step {} of {}", dir, step, config.steps());
        } else {
            config.write(dir);
        }
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    trainer.requestStop();
                    try {
                        finished.await(120, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "relax4j-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return trainer.fit(step, config.steps());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting because of the signal that stopped us
            }
        }
    }

    /** Whether {@code dir} holds a run that can be resumed. */
    public static boolean isRunDirectory(Path dir) {
        return Files.exists(dir.resolve(TrainConfig.FILE));
    }
}

package org.relax4j.train.vae;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.relax4j.core.training.Outcome;
import org.relax4j.core.training.StochasticTrainer;
import org.relax4j.core.training.TrainingListener;
import org.relax4j.core.training.listener.ControlVariateListener;
import org.relax4j.core.training.listener.DivergenceGuard;
import org.relax4j.core.training.listener.TimingListener;
import org.relax4j.core.training.listener.TrainingMetricsListener;
import org.relax4j.train.listener.CheckpointListener;
import org.relax4j.train.listener.MetricsFileListener;
import org.relax4j.train.listener.ProgressListener;
import org.relax4j.train.listener.SummaryListener;
import org.relax4j.train.listener.ValidationListener;
import org.relax4j.train.metrics.MetricsLog;
import org.relax4j.train.run.RunDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code relax4j train} into a run directory: the run's trainer with, in order, the training
 * metrics, timing, divergence guard, control-variate scalars, validation, metrics file, progress,
 * checkpoint and summary listeners; a fresh start or a resume from the directory's checkpoint
 * (from step 0 if it has none yet), all while holding the directory ({@link RunDirectory}); and a
 * shutdown hook so Ctrl-C stops after the current step and checkpoints.
 */
public final class VaeTraining {

    private static final Logger LOG = LoggerFactory.getLogger(VaeTraining.class);

    private VaeTraining() {}

    /**
     * As {@link #run(VaeRun, RunDirectory, boolean, boolean)}, holding {@code dir} (see
     * {@link RunDirectory#open(Path)}) for the duration.
     */
    public static Outcome run(VaeRun run, Path dir, boolean resume, boolean showProgress) throws IOException {
        try (RunDirectory held = RunDirectory.open(dir)) {
            return run(run, held, resume, showProgress);
        }
    }

    /**
     * Trains {@code run} in the held directory {@code held} up to {@code config.steps()} total
     * steps: from a fresh start ({@code resume == false}: a new metrics.jsonl), or continuing the
     * run there ({@code resume == true}) from its checkpoint, or from step 0 when it stopped before
     * writing one (its metrics records are then discarded). Either way config.json is written
     * (atomically) first, so a new total of steps given on resume is what the directory records.
     */
    public static Outcome run(VaeRun run, RunDirectory held, boolean resume, boolean showProgress) throws IOException {
        Path dir = held.path();
        TrainConfig config = run.config();
        StochasticTrainer trainer = run.trainer();
        Path ckpt = dir.resolve(Checkpoint.FILE);
        trainer.setDivergenceAdvice(() -> divergenceAdvice(dir, ckpt));
        listeners(run, dir, resume, showProgress).forEach(trainer::addListener);
        long step = restore(run, dir, resume);
        config.write(dir);
        return fit(trainer, step, config.steps());
    }

    /**
     * Runs {@code trainer} from {@code step} to {@code steps} with a shutdown hook, so Ctrl-C
     * stops after the current step and lets the listeners checkpoint; a listener's I/O failure is
     * rethrown as the IOException it wraps.
     */
    public static Outcome fit(StochasticTrainer trainer, long step, long steps) throws IOException {
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
            return trainer.fit(step, steps);
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

    /**
     * The step a run continues from: 0 for a fresh start; on resume, its checkpoint's step (the
     * checkpoint restored into the run's components, its listeners included, and the metrics
     * file checked to continue from there), or 0 when it stopped before writing one.
     */
    public static long restore(VaeRun run, Path dir, boolean resume) throws IOException {
        TrainConfig config = run.config();
        Path ckpt = dir.resolve(Checkpoint.FILE);
        long step = 0;
        if (resume && Files.exists(ckpt)) {
            step = run.loadCheckpoint(ckpt).step();
            // nothing is written before the run directory is known to be able to continue
            MetricsLog.checkResumable(dir.resolve(MetricsLog.FILE), step, step - step % config.logEvery());
            LOG.info("resumed {} at step {} of {}", dir, step, config.steps());
        } else if (resume) {
            LOG.info(
                    "{} has no checkpoint (the run stopped before its first one): starting it at step 0 of {}",
                    dir,
                    config.steps());
        }
        return step;
    }

    /**
     * The listeners of a run training into {@code dir}, in the order they are added to its
     * trainer: training metrics, timing, divergence guard, control-variate scalars, validation,
     * metrics file, progress (if shown), checkpoint and summary.
     */
    public static List<TrainingListener> listeners(VaeRun run, Path dir, boolean resume, boolean showProgress) {
        TrainConfig config = run.config();
        Path ckpt = dir.resolve(Checkpoint.FILE);
        DivergenceGuard guard = new DivergenceGuard(config.maxBadSteps());
        ValidationListener validation = new ValidationListener(run);
        List<TrainingListener> listeners = new ArrayList<>();
        listeners.add(new TrainingMetricsListener(
                "train_elbo", config.batch(), run.data().train().size()));
        listeners.add(new TimingListener(config.batch()));
        listeners.add(guard);
        listeners.add(new ControlVariateListener());
        listeners.add(validation);
        listeners.add(new MetricsFileListener(dir.resolve(MetricsLog.FILE), resume));
        if (showProgress) {
            listeners.add(ProgressListener.owned(
                    "train",
                    config.steps(),
                    e -> e.report(),
                    e -> String.format("ELBO %.2f", e.record().get("train_elbo"))));
        }
        listeners.add(new CheckpointListener(config.checkpointEvery(), s -> run.saveCheckpoint(ckpt, s, Map.of())));
        listeners.add(new SummaryListener(run, dir, guard, validation));
        return listeners;
    }

    /**
     * What to do after the model diverged: continue from the last good checkpoint if one was
     * written, otherwise start again with a smaller learning rate.
     */
    static String divergenceAdvice(Path dir, Path ckpt) {
        if (Files.exists(ckpt)) {
            return "; the last good checkpoint is " + ckpt + " (--resume " + dir + " continues it with the run's "
                    + "settings); or start a new run with a smaller --lr or --cv-lr";
        }
        return "; no checkpoint was written before it, so start again with a smaller --lr or --cv-lr and "
                + "another --out (or delete " + dir + ")";
    }

    /** Whether {@code dir} holds a run that can be resumed (it has a config.json; a checkpoint is optional). */
    public static boolean isRunDirectory(Path dir) {
        return Files.exists(dir.resolve(TrainConfig.FILE));
    }
}

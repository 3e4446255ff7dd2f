package org.relax4j.train.vae;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.relax4j.datasets.io.AtomicFiles;
import org.relax4j.train.metrics.MetricsLog;
import org.relax4j.train.plot.PlotUnavailableException;
import org.relax4j.train.progress.Progress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop of {@code relax4j train}: steps, metrics every {@code logEvery} steps,
 * validation every {@code evalEvery}, atomic checkpoints every {@code checkpointEvery} and at exit
 * (Ctrl-C included), plots and a summary at the end. Non-finite steps are skipped and logged;
 * {@code maxBadSteps} of them in a row stop the run with the last good checkpoint intact.
 */
public final class VaeTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(VaeTrainer.class);

    private final VaeSession session;
    private final Path dir;
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final boolean showProgress;

    /** A trainer for {@code session} writing into {@code dir}. */
    public VaeTrainer(VaeSession session, Path dir, boolean showProgress) {
        this.session = session;
        this.dir = dir;
        this.showProgress = showProgress;
    }

    /** Asks the loop to stop after the current step (it then checkpoints and returns). */
    public void requestStop() {
        stopRequested.set(true);
    }

    /** How the run ended. */
    public record Outcome(long step, boolean completed, String stopReason) {}

    /**
     * Trains from a fresh start ({@code resume == false}: creates metrics.jsonl) or from the
     * run directory's checkpoint, up to {@code config.steps()} total steps.
     */
    public Outcome run(boolean resume) throws IOException {
        TrainConfig config = session.config();
        long step = 0;
        Checkpoint.Extra extra = Checkpoint.Extra.initial();
        MetricsLog metrics;
        Path ckpt = dir.resolve(Checkpoint.FILE);
        if (resume) {
            Checkpoint.Restored restored = session.loadCheckpoint(ckpt);
            step = restored.step();
            extra = restored.extra();
            final long at = step;
            metrics = MetricsLog.append(dir.resolve("metrics.jsonl"), r -> r.get("step").getAsLong() <= at);
            LOG.info("resumed {} at step {} of {}", dir, step, config.steps());
        } else {
            config.write(dir);
            metrics = MetricsLog.create(dir.resolve("metrics.jsonl"));
        }
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            requestStop();
            try {
                finished.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "relax4j-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        long startStep = step;
        long start = System.nanoTime();
        long windowStart = start;
        long windowStartStep = step;
        int consecutiveBad = 0;
        String stopReason = null;
        try (metrics; Progress progress = showProgress ? Progress.start("train", step, config.steps()) : null) {
            while (step < config.steps()) {
                if (stopRequested.get()) {
                    stopReason = "interrupted";
                    break;
                }
                boolean warmup = step < config.warmupSteps();
                VaeSession.StepResult r;
                try {
                    r = session.step(step, !warmup, true);
                } catch (VaeSession.DivergenceException e) {
                    stopReason = e.getMessage() + ". Nothing was saved after it; the last good checkpoint is " + ckpt
                            + "; restart with a smaller --lr (--resume keeps the run's settings)";
                    break;
                }
                step++;
                if (r.applied()) {
                    consecutiveBad = 0;
                    extra = new Checkpoint.Extra(extra.windowElboSum() + r.elbo(), extra.windowSteps() + 1,
                            extra.skippedSteps(), extra.bestValidIwae(), extra.bestValidStep());
                } else {
                    consecutiveBad++;
                    extra = new Checkpoint.Extra(extra.windowElboSum(), extra.windowSteps(), extra.skippedSteps() + 1,
                            extra.bestValidIwae(), extra.bestValidStep());
                    LOG.warn("step {} skipped: {} (ELBO {})", step, r.problem(), r.elbo());
                    if (consecutiveBad >= config.maxBadSteps()) {
                        stopReason = consecutiveBad + " consecutive steps had non-finite losses or gradients (last: "
                                + r.problem() + "); the model diverged. The last good checkpoint is " + ckpt
                                + "; restart with a smaller --lr or --cv-lr (--resume keeps the run's settings)";
                        break;
                    }
                }
                boolean log = step % config.logEvery() == 0 || step == config.steps();
                boolean eval = config.evalEvery() > 0 && step % config.evalEvery() == 0 || step == config.steps();
                if (log || eval) {
                    long now = System.nanoTime();
                    long windowSteps = Math.max(1, extra.windowSteps());
                    double stepMs = (now - windowStart) / 1e6 / Math.max(1, step - windowStartStep);
                    Map<String, Object> record = new LinkedHashMap<>();
                    record.put("step", step);
                    record.put("epoch", (double) step * config.batch() / session.data().train().size());
                    record.put("train_elbo", extra.windowSteps() == 0 ? Double.NaN : extra.windowElboSum() / windowSteps);
                    record.put("grad_logvar", session.gradientVariance().logVariance());
                    record.put("step_ms", stepMs);
                    record.put("examples_per_s", 1000.0 * config.batch() / stepMs);
                    record.put("skipped_steps", extra.skippedSteps());
                    addControlVariateScalars(record);
                    if (eval) {
                        VaeSession.Evaluation v = session.evaluate(
                                session.data().validation(), config.evalK(), config.evalExamples());
                        record.put("valid_iwae", v.iwae());
                        record.put("valid_elbo", v.elbo());
                        record.put("valid_k", v.k());
                        if (Double.isNaN(extra.bestValidIwae()) || v.iwae() > extra.bestValidIwae()) {
                            extra = new Checkpoint.Extra(extra.windowElboSum(), extra.windowSteps(),
                                    extra.skippedSteps(), v.iwae(), step);
                        }
                    }
                    metrics.log(record);
                    extra = new Checkpoint.Extra(0, 0, extra.skippedSteps(), extra.bestValidIwae(), extra.bestValidStep());
                    if (progress != null) {
                        progress.update(step, String.format("ELBO %.2f", record.get("train_elbo")));
                    }
                    windowStart = System.nanoTime();
                    windowStartStep = step;
                }
                if (step % config.checkpointEvery() == 0) {
                    session.saveCheckpoint(ckpt, step, extra);
                }
            }
            if (stopReason == null || "interrupted".equals(stopReason)) {
                session.saveCheckpoint(ckpt, step, extra);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            writeSummary(step, startStep, seconds, extra, stopReason);
            try {
                VaeReport.writeCurves(dir, config.model().name().toLowerCase() + " / " + config.estimator());
            } catch (PlotUnavailableException e) {
                LOG.warn("no plots: {}", e.getMessage());
            }
            VaeReport.writeImages(session, dir);
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting because of the signal that stopped us
            }
        }
        return new Outcome(step, step >= config.steps() && stopReason == null, stopReason);
    }

    private void addControlVariateScalars(Map<String, Object> record) {
        List<double[]> scalars = session.controlVariateScalars();
        for (int l = 0; l < scalars.size(); l++) {
            String suffix = scalars.size() == 1 ? "" : "_" + (l + 1);
            if (!Double.isNaN(scalars.get(l)[0])) {
                record.put("eta" + suffix, scalars.get(l)[0]);
            }
            if (!Double.isNaN(scalars.get(l)[1])) {
                record.put("temperature" + suffix, scalars.get(l)[1]);
            }
        }
    }

    private void writeSummary(long step, long startStep, double seconds, Checkpoint.Extra extra, String stopReason)
            throws IOException {
        List<JsonObject> records = MetricsLog.read(dir.resolve("metrics.jsonl"));
        JsonObject s = new JsonObject();
        TrainConfig c = session.config();
        s.addProperty("model", c.model().name().toLowerCase());
        s.addProperty("estimator", c.estimator());
        s.addProperty("dataset", c.dataset().id());
        s.addProperty("binarization", c.binarization().name().toLowerCase());
        s.addProperty("steps", step);
        s.addProperty("completed", step >= c.steps() && stopReason == null);
        if (stopReason != null) {
            s.addProperty("stop_reason", stopReason);
        }
        if (!records.isEmpty()) {
            JsonObject last = records.get(records.size() - 1);
            s.add("final_train_elbo", last.get("train_elbo"));
            s.add("final_grad_logvar", last.get("grad_logvar"));
            for (int i = records.size() - 1; i >= 0; i--) {
                if (records.get(i).has("valid_iwae")) {
                    s.add("last_valid_iwae", records.get(i).get("valid_iwae"));
                    s.add("last_valid_step", records.get(i).get("step"));
                    s.add("valid_k", records.get(i).get("valid_k"));
                    break;
                }
            }
        }
        s.addProperty("best_valid_iwae", extra.bestValidIwae());
        s.addProperty("best_valid_step", extra.bestValidStep());
        s.addProperty("skipped_steps", extra.skippedSteps());
        s.addProperty("session_seconds", seconds);
        s.addProperty("session_steps_per_second", (step - startStep) / Math.max(seconds, 1e-9));
        AtomicFiles.writeString(dir.resolve("summary.json"), MetricsLog.GSON.toJson(s) + "\n");
    }

    /** Whether {@code dir} holds a run that can be resumed. */
    public static boolean isRunDirectory(Path dir) {
        return Files.exists(dir.resolve(TrainConfig.FILE));
    }
}

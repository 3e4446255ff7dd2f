package org.relax4j.train.listener;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.relax4j.core.training.Outcome;
import org.relax4j.core.training.StochasticTrainer;
import org.relax4j.core.training.TrainingListener;
import org.relax4j.core.training.listener.DivergenceGuard;
import org.relax4j.datasets.io.AtomicFiles;
import org.relax4j.train.metrics.MetricsLog;
import org.relax4j.train.plot.LineChart;
import org.relax4j.train.plot.PlotUnavailableException;
import org.relax4j.train.vae.TrainConfig;
import org.relax4j.train.vae.VaeReport;
import org.relax4j.train.vae.VaeRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At the end of a VAE run, writes {@code summary.json} (the last record's train ELBO and gradient
 * log-variance, the last and best validation IWAE, skipped steps, speed), the bound and variance
 * curves and the reconstruction and sample images. Add it last.
 */
public final class SummaryListener implements TrainingListener {

    /** The summary's file name in a run directory. */
    public static final String FILE = "summary.json";

    private static final Logger LOG = LoggerFactory.getLogger(SummaryListener.class);

    private final VaeRun run;
    private final Path dir;
    private final DivergenceGuard guard;
    private final ValidationListener validation;
    private long start;

    /** Summarises {@code run} into {@code dir}, reading skipped steps and the best bound from the given listeners. */
    public SummaryListener(VaeRun run, Path dir, DivergenceGuard guard, ValidationListener validation) {
        this.run = run;
        this.dir = dir;
        this.guard = guard;
        this.validation = validation;
        LineChart.prepareForShutdown();
    }

    @Override
    public void onTrainingBegin(StochasticTrainer trainer, long step) {
        start = System.nanoTime();
    }

    /**
     * Writes the summary, curves and images, then prints the run directory and the summary on
     * stdout: also when Ctrl-C or SIGTERM stopped the run, since this runs before the JVM's
     * shutdown hook lets it exit. A plot that cannot be drawn is a warning.
     */
    @Override
    public void onTrainingEnd(StochasticTrainer trainer, Outcome outcome) {
        double seconds = (System.nanoTime() - start) / 1e9;
        try {
            writeSummary(outcome, seconds);
            TrainConfig c = run.config();
            try {
                VaeReport.writeCurves(dir, c.model().cliName() + " / " + c.estimator());
                VaeReport.writeImages(run, dir);
            } catch (PlotUnavailableException | IllegalStateException e) {
                LOG.warn("no plots: {}", e.getMessage());
            }
            System.out.println("run directory: " + dir.toAbsolutePath());
            System.out.println(Files.readString(dir.resolve(FILE)).strip());
            System.out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeSummary(Outcome outcome, double seconds) throws IOException {
        List<JsonObject> records = MetricsLog.read(dir.resolve("metrics.jsonl"));
        JsonObject s = new JsonObject();
        TrainConfig c = run.config();
        s.addProperty("model", c.model().cliName());
        s.addProperty("estimator", c.estimator());
        s.addProperty("dataset", c.dataset().id());
        s.addProperty("binarization", c.binarization().name().toLowerCase());
        s.addProperty("steps", outcome.step());
        s.addProperty("completed", outcome.completed());
        if (outcome.stopReason() != null) {
            s.addProperty("stop_reason", outcome.stopReason());
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
        s.addProperty("best_valid_iwae", validation.bestIwae());
        s.addProperty("best_valid_step", validation.bestStep());
        s.addProperty("skipped_steps", guard.skippedSteps());
        s.addProperty("session_seconds", seconds);
        s.addProperty("session_steps_per_second", (outcome.step() - outcome.startStep()) / Math.max(seconds, 1e-9));
        AtomicFiles.writeString(dir.resolve(FILE), MetricsLog.GSON.toJson(finiteOrNull(s)) + "\n");
    }

    /**
     * {@code o} with every non-finite number (NaN, ±Infinity, which JSON cannot hold) replaced by
     * null, so that summary.json is strict JSON.
     */
    static JsonObject finiteOrNull(JsonObject o) {
        JsonObject out = new JsonObject();
        for (var e : o.entrySet()) {
            JsonElement v = e.getValue();
            boolean nonFinite = v != null
                    && v.isJsonPrimitive()
                    && v.getAsJsonPrimitive().isNumber()
                    && !Double.isFinite(v.getAsDouble());
            out.add(e.getKey(), nonFinite || v == null ? JsonNull.INSTANCE : v);
        }
        return out;
    }
}

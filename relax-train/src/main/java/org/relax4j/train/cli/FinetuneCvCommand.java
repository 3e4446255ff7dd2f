package org.relax4j.train.cli;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.relax4j.core.estimator.EstimatorRegistry;
import org.relax4j.core.estimator.Preset;
import org.relax4j.core.training.StepEvent;
import org.relax4j.core.training.StochasticTrainer;
import org.relax4j.core.training.TrainingListener;
import org.relax4j.datasets.io.AtomicFiles;
import org.relax4j.train.listener.ProgressListener;
import org.relax4j.train.metrics.MetricsLog;
import org.relax4j.train.progress.Progress;
import org.relax4j.train.run.RunDirectory;
import org.relax4j.train.vae.Checkpoint;
import org.relax4j.train.vae.TrainConfig;
import org.relax4j.train.vae.VaeRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code relax4j finetune-cv}: with the model frozen, train only the estimator's parameters (the
 * control variate) on the variance objective, and measure the encoder-gradient log-variance before
 * and after (the RELAX draft's "stop halfway, optimise the variance" experiment). With
 * {@code --estimator}, a fresh control variate of another estimator is trained on the same frozen
 * model instead, so estimators can be compared at one set of model parameters.
 */
@Command(
        name = "finetune-cv",
        mixinStandardHelpOptions = true,
        description = {
            "Freeze a run's model and fine-tune only its control variate on the variance objective.",
            "Reports log Var of the encoder gradient before and after, measured from",
            "--variance-samples independent draws on fixed minibatches.",
            "With --estimator NAME (and its options), a fresh control variate of that estimator",
            "is trained on the frozen model instead: estimators compared at the same model.",
            "The run is not modified: the result goes to --out (default DIR/finetune-cv[-NAME])."
        })
public final class FinetuneCvCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(FinetuneCvCommand.class);

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "run directory of `relax4j train`")
    Path run;

    @Option(names = "--steps", defaultValue = "1000", description = "fine-tuning steps (default: ${DEFAULT-VALUE})")
    long steps;

    @Option(
            names = "--variance-samples",
            defaultValue = "200",
            description = "gradient draws per measurement (default: ${DEFAULT-VALUE})")
    int varianceSamples;

    @Option(
            names = "--variance-batches",
            defaultValue = "3",
            description = "minibatches averaged per measurement (default: ${DEFAULT-VALUE})")
    int varianceBatches;

    @Option(names = "--out", description = "output directory (default: DIR/finetune-cv, or DIR/finetune-cv-NAME)")
    Path out;

    @Option(
            names = "--estimator",
            paramLabel = "NAME",
            description = "train a fresh control variate of this estimator on the run's model (default: the run's own)")
    String estimator;

    @Mixin
    EstimatorOptions estimatorOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (steps <= 0 || varianceSamples < 2 || varianceBatches < 1) {
            throw new IllegalArgumentException(
                    "--steps must be positive, --variance-samples >= 2, --variance-batches >= 1");
        }
        TrainConfig source = TrainConfig.read(run);
        TrainConfig config = source;
        if (estimator != null) {
            config = source.toBuilder()
                    .optEstimator(estimator, estimatorOptions.toConfig(Preset.VAE, source.seed()))
                    .build();
            EstimatorRegistry.standard()
                    .create(estimator, config.estimatorConfig())
                    .close(); // a bad name fails here
        } else if (estimatorOptionsGiven()) {
            throw new IllegalArgumentException(
                    "estimator options apply to a fresh control variate: add --estimator NAME "
                            + "(the run's own control variate keeps the options it was trained with)");
        }
        Path dir = out != null ? out : run.resolve(estimator == null ? "finetune-cv" : "finetune-cv-" + estimator);
        try (RunDirectory held = RunDirectory.open(dir);
                VaeRun session = VaeRun.create(config)) {
            StochasticTrainer trainer = session.trainer();
            if (trainer.estimatorParameters().isEmpty()) {
                throw new IllegalArgumentException(
                        "estimator '" + config.estimator() + "' has no parameters to fine-tune; "
                                + "use rebar, relax, relax-net or reinforce --baseline learned");
            }
            Path checkpoint = run.resolve(Checkpoint.FILE);
            Checkpoint.Restored restored =
                    estimator == null ? session.loadCheckpoint(checkpoint) : session.loadModel(checkpoint, source);
            long at = restored.step();
            double before = measure(session, at);
            LOG.info("log-variance before fine-tuning: {}", String.format("%.4f", before));
            // steps beyond the run's own, so the minibatches and noise are fresh
            long first = at + 1_000_000_000L;
            long[] skipped = {0};
            try (Progress progress = Progress.start("finetune-cv", 0, steps)) {
                trainer.addListener(new TrainingListener() {
                            @Override
                            public void onStep(StochasticTrainer t, StepEvent e) {
                                skipped[0] += e.result().applied() ? 0 : 1;
                            }
                        })
                        .addListener(ProgressListener.shared(
                                progress,
                                -first,
                                e -> (e.step() - first) % 50 == 0 || e.step() == e.totalSteps(),
                                e -> String.format("ELBO %.2f", e.result().objective())));
                trainer.fitEstimators(first, first + steps);
            }
            double after = measure(session, at);
            Map<String, byte[]> carried = new LinkedHashMap<>(restored.otherSections());
            carried.keySet().removeIf(name -> !name.startsWith("listener/")); // the run's loop state, for --resume
            session.saveCheckpoint(dir.resolve(Checkpoint.FILE), at, carried);
            config.write(dir);
            JsonObject result = new JsonObject();
            result.addProperty("run", run.toAbsolutePath().toString());
            result.addProperty("estimator", config.estimator());
            result.addProperty("run_estimator", source.estimator());
            result.addProperty("model_step", at);
            result.addProperty("finetune_steps", steps);
            result.addProperty("skipped_steps", skipped[0]);
            result.addProperty("variance_samples", varianceSamples);
            result.addProperty("variance_batches", varianceBatches);
            result.addProperty("grad_logvar_before", before);
            result.addProperty("grad_logvar_after", after);
            AtomicFiles.writeString(dir.resolve("finetune.json"), MetricsLog.GSON.toJson(result) + "\n");
            System.out.printf(
                    "encoder-gradient log-variance: before %.4f, after %.4f (change %.4f) -> %s%n",
                    before, after, after - before, dir.resolve("finetune.json"));
        }
        return 0;
    }

    private boolean estimatorOptionsGiven() {
        var mixed = spec.mixins().get("estimatorOptions").options();
        return spec.commandLine().getParseResult().matchedOptions().stream().anyMatch(mixed::contains);
    }

    private double measure(VaeRun session, long at) {
        double total = 0;
        for (int b = 0; b < varianceBatches; b++) {
            total += session.measureGradientLogVariance(varianceSamples, at + b);
        }
        return total / varianceBatches;
    }
}

package org.relax4j.train.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.relax4j.core.estimator.EstimatorRegistry;
import org.relax4j.core.estimator.Preset;
import org.relax4j.core.training.Outcome;
import org.relax4j.datasets.Binarization;
import org.relax4j.datasets.DatasetName;
import org.relax4j.models.sbn.ModelArchitecture;
import org.relax4j.train.run.RunDirectory;
import org.relax4j.train.stack.StackedTraining;
import org.relax4j.train.stack.StackedVaeRun;
import org.relax4j.train.vae.Checkpoint;
import org.relax4j.train.vae.TrainConfig;
import org.relax4j.train.vae.VaeData;
import org.relax4j.train.vae.VaeRun;
import org.relax4j.train.vae.VaeTraining;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code relax4j train}: a binary VAE / sigmoid belief net on MNIST with a chosen estimator.
 *
 * <p>Each option's Java field has the name under which {@link TrainConfig} stores its value in
 * config.json ({@code learningRate} for {@code --lr}), so that {@code --config} reads a run's own
 * config.json through these options ({@code TrainSettings}).
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Train a binary VAE / sigmoid belief net on MNIST with a gradient estimator.",
            "Data is fetched and verified on first use.",
            "The run directory gets config.json, metrics.jsonl, summary.json, elbo.png, logvar.png,",
            "reconstructions.png, samples.png and checkpoint.bin (every --checkpoint-every steps and on",
            "exit, Ctrl-C included). Continue with --resume DIR [--steps N] (other options come from",
            "DIR/config.json; a run that stopped before its first checkpoint restarts at step 0).",
            "One process at a time writes a run directory (DIR/.lock names it).",
            "Estimators: reinforce (--baseline none|ema|learned), concrete (BIASED), straight-through",
            "(BIASED), rebar, relax, relax-net, arm, disarm, rloo and vimco (one stochastic layer),",
            "arms, double-cv and rodeo (K samples, --samples; one stochastic layer)."
        })
public final class TrainCommand implements Callable<Integer> {

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "take the settings from FILE (YAML or JSON; keys are these options without the "
                    + "leading --, or a run's config.json); options given here override the file's")
    Path configFile;

    @Option(
            names = "--resume",
            paramLabel = "DIR",
            description = "continue the run in DIR with the settings in DIR/config.json (only --steps may change)")
    Path resume;

    @Option(
            names = "--model",
            defaultValue = "linear",
            description =
                    "linear (L1), linear2 (L2), nonlinear (NL), or the categorical VAEs (20 variables of 10 classes) "
                            + "categorical-linear, categorical-nonlinear (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--estimator", defaultValue = "relax", description = "estimator name (default: ${DEFAULT-VALUE})")
    String estimator;

    @Option(
            names = "--dataset",
            defaultValue = "mnist",
            description = "mnist or fashion-mnist (default: ${DEFAULT-VALUE})")
    String dataset;

    @Option(names = "--data-dir", description = "data directory (default: $RELAX4J_DATA or ~/.relax4j/data)")
    Path dataDir;

    @Option(
            names = "--binarization",
            defaultValue = "dynamic",
            description = "dynamic, static or threshold (default: ${DEFAULT-VALUE})")
    Binarization binarization;

    @Option(
            names = "--train-examples",
            defaultValue = "0",
            description = "train on the first N training examples only, 0 = all 50000 (default: ${DEFAULT-VALUE})")
    int trainExamples;

    @Option(
            names = "--batch",
            defaultValue = "24",
            description = "minibatch size (default: ${DEFAULT-VALUE}, as in REBAR/RELAX)")
    int batch;

    @Option(names = "--steps", description = "total training steps (default: 5000; with --resume, the new total)")
    Long steps;

    @Option(
            names = "--lr",
            paramLabel = "<lr>",
            defaultValue = "1e-3",
            description = "model Adam learning rate (default: ${DEFAULT-VALUE})")
    float learningRate;

    @Option(
            names = "--cv-lr",
            paramLabel = "<cvLr>",
            description = "Adam learning rate of the estimator's parameters (default: same as --lr)")
    Float cvLearningRate;

    @Option(
            names = "--beta2",
            defaultValue = "0.99999",
            description = "Adam beta2 (default: ${DEFAULT-VALUE}, as in the reference code)")
    float beta2;

    @Option(
            names = "--warmup",
            paramLabel = "<warmup>",
            defaultValue = "0",
            description =
                    "initial steps that train only the estimator's parameters (default: ${DEFAULT-VALUE}; the papers used 1000)")
    long warmupSteps;

    @Option(names = "--seed", defaultValue = "0", description = "seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--seeds",
            paramLabel = "LIST",
            description = "train one run per seed (e.g. 0-7 or 0,3,5) as one batched computation, into "
                    + "--out/seed-<s> (relax, rebar, relax-net, reinforce; linear or nonlinear); "
                    + "--resume --out continues them all")
    String seeds;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--out", description = "run directory (default: runs/<model>-<estimator>-s<seed>)")
    Path out;

    @Option(
            names = "--log-every",
            defaultValue = "100",
            description = "steps between metrics records (default: ${DEFAULT-VALUE})")
    int logEvery;

    @Option(
            names = "--eval-every",
            defaultValue = "1000",
            description = "steps between validation bounds, 0 = end only (default: ${DEFAULT-VALUE})")
    long evalEvery;

    @Option(
            names = "--eval-k",
            defaultValue = "100",
            description = "k of the validation IWAE bound (default: ${DEFAULT-VALUE})")
    int evalK;

    @Option(
            names = "--eval-examples",
            defaultValue = "1000",
            description = "validation examples per evaluation, 0 = all 10000 (default: ${DEFAULT-VALUE})")
    int evalExamples;

    @Option(
            names = "--checkpoint-every",
            defaultValue = "1000",
            description = "steps between checkpoints (default: ${DEFAULT-VALUE})")
    long checkpointEvery;

    @Option(
            names = "--max-bad-steps",
            defaultValue = "10",
            description = "consecutive non-finite steps before stopping (default: ${DEFAULT-VALUE})")
    int maxBadSteps;

    @Option(names = "--no-progress", description = "no progress bar")
    boolean noProgress;

    @Mixin
    EstimatorOptions estimatorOptions;

    @Spec
    CommandSpec spec;

    /** Options that may accompany --resume: the new total, and how the run is shown. */
    private static final Set<String> RESUME_OPTIONS = Set.of("--resume", "--steps", "--no-progress", "--debug");

    @Override
    public Integer call() throws IOException {
        TrainConfig config;
        Path dir;
        if (resume != null) {
            refuseSettingsWithResume();
            if (StackedTraining.isStackDirectory(resume)) {
                return resumeStack();
            }
            dir = resume;
            config = TrainConfig.read(dir);
            if (steps != null) {
                config = config.toBuilder().optSteps(steps).build();
            }
        } else {
            if (configFile != null) {
                TrainSettings.apply(configFile, spec);
            }
            config = TrainConfig.builder()
                    .optModel(ModelArchitecture.parse(model))
                    .optEstimator(estimator)
                    .setEstimatorConfig(estimatorOptions.toConfig(Preset.VAE, seed))
                    .optDataset(DatasetName.parse(dataset))
                    .optDataDir(
                            dataDir == null ? null : dataDir.toAbsolutePath().toString())
                    .optBinarization(binarization)
                    .optTrainExamples(trainExamples)
                    .optBatch(batch)
                    .optSteps(steps == null ? 5000 : steps)
                    .optLearningRate(learningRate)
                    .optCvLearningRate(cvLearningRate == null ? learningRate : cvLearningRate)
                    .optBeta2(beta2)
                    .optWarmupSteps(warmupSteps)
                    .optSeed(seed)
                    .optDevice(device)
                    .optLogEvery(logEvery)
                    .optEvalEvery(evalEvery)
                    .optEvalK(evalK)
                    .optEvalExamples(evalExamples)
                    .optCheckpointEvery(checkpointEvery)
                    .optMaxBadSteps(maxBadSteps)
                    .build();
            EstimatorRegistry.standard()
                    .create(estimator, config.estimatorConfig())
                    .close();
            if (seeds != null) {
                return trainStack(config);
            }
            dir = out != null ? out : Path.of("runs", model + "-" + estimator + "-s" + seed);
        }
        try (RunDirectory held = RunDirectory.open(dir)) {
            if (resume == null) {
                refuseExistingRun(dir);
            }
            try (VaeRun run = VaeRun.create(config)) {
                Outcome outcome = VaeTraining.run(run, held, resume != null, !noProgress);
                if (outcome.stopReason() != null && !Outcome.INTERRUPTED.equals(outcome.stopReason())) {
                    throw new IllegalStateException("training stopped: " + outcome.stopReason());
                }
            }
        }
        return 0;
    }

    /** {@code --seeds}: one run per seed, stacked, each in {@code --out/seed-<s>}. */
    private int trainStack(TrainConfig config) throws IOException {
        if (spec.commandLine().getParseResult().hasMatchedOption("--seed")) {
            throw new IllegalArgumentException("--seeds gives every run's seed; drop --seed");
        }
        long[] list = SeedList.parse(seeds);
        StackedVaeRun.checkSupported(config);
        List<TrainConfig> configs = StackedVaeRun.configs(config, list);
        Path dir = out != null ? out : Path.of("runs", model + "-" + estimator + "-s" + seeds.replace(',', '_'));
        if (VaeTraining.isRunDirectory(dir)) {
            throw new IllegalArgumentException(dir + " holds a single run; choose another --out for the stack");
        }
        if (StackedTraining.isStackDirectory(dir)) {
            throw new IllegalArgumentException(dir + " already holds stacked runs; continue them with --resume " + dir
                    + " or choose another --out");
        }
        List<Path> dirs = new ArrayList<>();
        for (long s : list) {
            dirs.add(StackedTraining.runDirectory(dir, s));
        }
        return trainStack(configs, dirs, false);
    }

    /** {@code --resume DIR} of a stack: every run in DIR/seed-&lt;s&gt;, continued together. */
    private int resumeStack() throws IOException {
        List<Path> dirs = StackedTraining.runDirectories(resume);
        List<TrainConfig> configs = new ArrayList<>();
        for (Path d : dirs) {
            TrainConfig c = TrainConfig.read(d);
            configs.add(steps == null ? c : c.toBuilder().optSteps(steps).build());
        }
        return trainStack(configs, dirs, true);
    }

    private int trainStack(List<TrainConfig> configs, List<Path> dirs, boolean resuming) throws IOException {
        List<RunDirectory> held = new ArrayList<>();
        try {
            for (Path d : dirs) {
                held.add(RunDirectory.open(d));
                if (!resuming) {
                    refuseExistingRun(d);
                }
            }
            try (StackedVaeRun stack = StackedVaeRun.create(configs, VaeData.load(configs.get(0)))) {
                Outcome outcome = StackedTraining.run(stack, held, resuming, !noProgress);
                if (outcome.stopReason() != null && !Outcome.INTERRUPTED.equals(outcome.stopReason())) {
                    throw new IllegalStateException("training stopped: " + outcome.stopReason());
                }
            }
        } finally {
            for (RunDirectory h : held) {
                h.close();
            }
        }
        return 0;
    }

    /**
     * A fresh run never overwrites another: with a checkpoint, the run continues with --resume; a
     * run that stopped before its first checkpoint also continues with --resume (from step 0, with
     * its stored settings), and new settings need another --out (or the old directory deleted).
     */
    private static void refuseExistingRun(Path dir) {
        if (!VaeTraining.isRunDirectory(dir)) {
            return;
        }
        if (Files.exists(dir.resolve(Checkpoint.FILE))) {
            throw new IllegalArgumentException(
                    dir + " already holds a run; continue it with --resume " + dir + " or choose another --out");
        }
        throw new IllegalArgumentException(dir + " holds a run that stopped before its first checkpoint; start it "
                + "again from step 0 with --resume " + dir + " (its stored settings), or choose another --out (or "
                + "delete " + dir + ") to use new settings");
    }

    /** --resume takes the run's settings from its config.json: any other training option is refused. */
    private void refuseSettingsWithResume() {
        Set<String> given = new LinkedHashSet<>();
        for (OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
            if (!RESUME_OPTIONS.contains(o.longestName())) {
                given.add(o.longestName());
            }
        }
        if (!given.isEmpty()) {
            throw new IllegalArgumentException("--resume continues " + resume + " with the settings in its "
                    + TrainConfig.FILE + ", so " + String.join(", ", given) + " cannot be changed; drop "
                    + (given.size() == 1 ? "it" : "them")
                    + " (only --steps, --no-progress and --debug go with --resume) "
                    + "or start a new run with another --out");
        }
    }
}

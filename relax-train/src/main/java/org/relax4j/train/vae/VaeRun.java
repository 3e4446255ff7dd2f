package org.relax4j.train.vae;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.relax4j.core.estimator.EstimatorRegistry;
import org.relax4j.core.estimator.GradientEstimator;
import org.relax4j.core.optim.StatefulAdam;
import org.relax4j.core.random.NoiseSource;
import org.relax4j.core.training.StochasticTrainer;
import org.relax4j.core.variance.EmaGradientVariance;
import org.relax4j.datasets.MinibatchStream;
import org.relax4j.datasets.MnistData;
import org.relax4j.datasets.SplitData;
import org.relax4j.models.categorical.CategoricalVae;
import org.relax4j.models.categorical.CategoricalVaeModel;
import org.relax4j.models.sbn.ImageVae;
import org.relax4j.models.sbn.SigmoidBeliefNet;
import org.relax4j.models.sbn.VaeModel;

/**
 * A VAE run built from its configuration: the data, the model (initialized right after seeding
 * the engine with the run's seed), one estimator per stochastic layer, and the
 * {@link StochasticTrainer} with both optimizers and the encoder-gradient variance tracker. Used
 * by {@code train}, {@code eval} and {@code finetune-cv}.
 */
public final class VaeRun implements AutoCloseable {

    private final TrainConfig config;
    private final MnistData data;
    private final ImageVae model;
    private final StochasticTrainer trainer;

    private VaeRun(TrainConfig config, MnistData data) {
        this.config = config;
        this.data = data;
        NDManager manager = NDManager.newBaseManager(DeviceChoice.of(config.device()));
        Engine.getInstance().setRandomSeed((int) config.seed());
        this.model = config.model().isCategorical()
                ? categoricalModel(config, data, manager)
                : binaryModel(config, data, manager);
        MinibatchStream stream = VaeData.trainingStream(config, data);
        this.trainer = StochasticTrainer.builder()
                .setModel(model)
                .setManager(manager)
                .setEstimators(() -> EstimatorRegistry.standard().create(config.estimator(), config.estimatorConfig()))
                .setNoise(new NoiseSource(config.seed()))
                .optBatches(stream::batch)
                .setModelOptimizer(StatefulAdam.builder()
                        .optLearningRate(config.learningRate())
                        .optBeta2(config.beta2())
                        .build())
                .setEstimatorOptimizer(StatefulAdam.builder()
                        .optLearningRate(config.cvLearningRate())
                        .optBeta2(config.beta2())
                        .build())
                .optGradientVariance(new EmaGradientVariance(config.gradVarianceDecay()))
                .optWarmupSteps(config.warmupSteps())
                .optReportEvery(config.logEvery())
                .optEvaluateEvery(config.evalEvery())
                .build();
    }

    private static VaeModel binaryModel(TrainConfig config, MnistData data, NDManager manager) {
        SigmoidBeliefNet net = config.model().builder(data.trainingMean()).build();
        if (net.stochasticLayers() > 1 && jointSamples(config) > 1) {
            manager.close();
            throw new IllegalArgumentException(config.estimator() + " draws several joint samples and works with "
                    + "one stochastic layer; use --model linear or nonlinear, or a single-sample estimator");
        }
        net.initialize(manager);
        return new VaeModel(net, manager, config.batch());
    }

    /** {@link GradientEstimator#jointSamples} of the configured estimator. */
    private static int jointSamples(TrainConfig config) {
        try (GradientEstimator e = EstimatorRegistry.standard().create(config.estimator(), config.estimatorConfig())) {
            return e.jointSamples();
        }
    }

    private static CategoricalVaeModel categoricalModel(TrainConfig config, MnistData data, NDManager manager) {
        CategoricalVae net =
                CategoricalVae.of(config.model(), data.trainingMean()).build();
        net.initialize(manager);
        return new CategoricalVaeModel(net, manager, config.batch());
    }

    /** Loads the data and builds a fresh run. */
    public static VaeRun create(TrainConfig config) throws IOException {
        return new VaeRun(config, VaeData.load(config));
    }

    /** A run on data already loaded (tests, subsets). */
    public static VaeRun create(TrainConfig config, MnistData data) {
        return new VaeRun(config, data);
    }

    /** The configuration. */
    public TrainConfig config() {
        return config;
    }

    /** The data. */
    public MnistData data() {
        return data;
    }

    /** The model: a binary {@link VaeModel} or a {@link CategoricalVaeModel}. */
    public ImageVae model() {
        return model;
    }

    /** The trainer. */
    public StochasticTrainer trainer() {
        return trainer;
    }

    /** Training examples used per epoch. */
    public int trainingExamples() {
        return VaeData.trainingSet(config, data).size();
    }

    /**
     * IWAE-k and a one-sample ELBO averaged over the first {@code examples} examples of a split
     * (0 = all), with evaluation noise fixed by the seed.
     */
    public VaeModel.Evaluation evaluate(SplitData split, int k, int examples) {
        return evaluate(split, k, examples, done -> {});
    }

    /**
     * As {@link #evaluate(SplitData, int, int)}, telling {@code progress} the examples done after
     * each evaluation batch.
     */
    public VaeModel.Evaluation evaluate(SplitData split, int k, int examples, LongConsumer progress) {
        return model.evaluate(
                split,
                config.binarization(),
                k,
                examples,
                new NoiseSource(config.seed() ^ VaeModel.EVAL_NOISE),
                progress);
    }

    /**
     * log mean_k Var(g_k) of the encoder gradient over {@code samples} noise draws on the
     * minibatch of training step {@code batchStep}, the model fixed.
     */
    public double measureGradientLogVariance(int samples, long batchStep) {
        return trainer.measureGradientLogVariance(
                batchStep, new NoiseSource(config.seed() ^ VaeModel.EVAL_NOISE ^ batchStep), samples);
    }

    /** Writes a checkpoint of every component of the trainer and its listeners at {@code step}. */
    public void saveCheckpoint(Path file, long step, Map<String, byte[]> carried) throws IOException {
        Checkpoint.write(file, config.identity(), step, trainer.components(), carried);
    }

    /** Restores every component of the trainer and its listeners from a checkpoint of this run. */
    public Checkpoint.Restored loadCheckpoint(Path file) throws IOException {
        return Checkpoint.read(file, config.identity(), trainer.components(), trainer.manager());
    }

    /**
     * Restores only the model of a checkpoint written by a run configured as {@code writtenBy}
     * (any estimator, same architecture); the estimators, optimizers and tracker stay fresh.
     */
    public Checkpoint.Restored loadModel(Path file, TrainConfig writtenBy) throws IOException {
        if (writtenBy.model() != config.model()) {
            throw new IOException(file + " holds a " + writtenBy.model().cliName()
                    + " model; this session builds " + config.model().cliName()
                    + " (--model must match the run's)");
        }
        return Checkpoint.read(file, writtenBy.identity(), List.of(model), trainer.manager());
    }

    @Override
    public void close() {
        trainer.close();
    }
}

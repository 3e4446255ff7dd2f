package org.relax4j.train.vae;

import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.relax4j.core.estimator.EstimatorConfig;
import org.relax4j.datasets.Binarization;
import org.relax4j.datasets.DatasetName;
import org.relax4j.datasets.io.AtomicFiles;
import org.relax4j.models.sbn.ModelArchitecture;
import org.relax4j.train.metrics.MetricsLog;

/**
 * Everything needed to rerun a VAE training run; written to {@code config.json} in the run
 * directory and read back by {@code --resume}, {@code eval} and {@code finetune-cv}.
 *
 * @param model architecture
 * @param estimator estimator name (one per stochastic layer, each with its own parameters)
 * @param estimatorConfig the estimator's options
 * @param dataset dataset
 * @param dataDir data directory, or null for the default
 * @param binarization binarization of the grey levels
 * @param trainExamples training examples used, the first N of the split (0 = all 50,000)
 * @param batch minibatch size
 * @param steps total training steps
 * @param learningRate model Adam learning rate
 * @param cvLearningRate estimator-parameter Adam learning rate
 * @param beta2 Adam β₂ for both optimizers
 * @param warmupSteps initial steps that train only the estimator's parameters
 * @param seed seed of initialisation, minibatches and estimator noise
 * @param device "cpu" or "gpu"
 * @param logEvery steps between metrics records
 * @param evalEvery steps between validation evaluations (0 = only at the end)
 * @param evalK k of the validation IWAE bound
 * @param evalExamples validation examples used during training (0 = all)
 * @param checkpointEvery steps between checkpoints
 * @param gradVarianceDecay EMA decay of the gradient-variance tracker
 * @param maxBadSteps consecutive non-finite steps after which the run stops
 */
public record TrainConfig(
        ModelArchitecture model,
        String estimator,
        EstimatorConfig estimatorConfig,
        DatasetName dataset,
        String dataDir,
        Binarization binarization,
        int trainExamples,
        int batch,
        long steps,
        float learningRate,
        float cvLearningRate,
        float beta2,
        long warmupSteps,
        long seed,
        String device,
        int logEvery,
        long evalEvery,
        int evalK,
        int evalExamples,
        long checkpointEvery,
        double gradVarianceDecay,
        int maxBadSteps) {

    /** File name inside a run directory. */
    public static final String FILE = "config.json";

    /** Checks every value, with messages that name the option. */
    public TrainConfig {
        require(trainExamples >= 0, "--train-examples must be >= 0, got " + trainExamples);
        require(batch > 0, "--batch must be positive, got " + batch);
        require(trainExamples == 0 || trainExamples >= batch,
                "--train-examples (" + trainExamples + ") must be at least --batch (" + batch + ")");
        require(steps > 0, "--steps must be positive, got " + steps);
        require(finitePositive(learningRate), "--lr must be positive and finite, got " + learningRate);
        require(finitePositive(cvLearningRate), "--cv-lr must be positive and finite, got " + cvLearningRate);
        require(beta2 > 0 && beta2 < 1, "--beta2 must be in (0, 1), got " + beta2);
        require(warmupSteps >= 0, "--warmup must be >= 0, got " + warmupSteps);
        require("cpu".equals(device) || "gpu".equals(device), "--device must be cpu or gpu, got " + device);
        require(logEvery > 0, "--log-every must be positive, got " + logEvery);
        require(evalEvery >= 0, "--eval-every must be >= 0, got " + evalEvery);
        require(evalK > 0, "--eval-k must be positive, got " + evalK);
        require(evalExamples >= 0, "--eval-examples must be >= 0, got " + evalExamples);
        require(checkpointEvery > 0, "--checkpoint-every must be positive, got " + checkpointEvery);
        require(gradVarianceDecay > 0 && gradVarianceDecay < 1, "gradient-variance decay must be in (0, 1)");
        require(maxBadSteps > 0, "--max-bad-steps must be positive, got " + maxBadSteps);
    }

    private static boolean finitePositive(float v) {
        return v > 0 && Float.isFinite(v);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** A copy with a different number of total steps. */
    public TrainConfig withSteps(long newSteps) {
        return new TrainConfig(model, estimator, estimatorConfig, dataset, dataDir, binarization, trainExamples, batch,
                newSteps,
                learningRate, cvLearningRate, beta2, warmupSteps, seed, device, logEvery, evalEvery, evalK,
                evalExamples, checkpointEvery, gradVarianceDecay, maxBadSteps);
    }

    /** A copy with another estimator (e.g. a new control variate for a trained model). */
    public TrainConfig withEstimator(String newEstimator, EstimatorConfig newEstimatorConfig) {
        return new TrainConfig(model, newEstimator, newEstimatorConfig, dataset, dataDir, binarization, trainExamples,
                batch, steps, learningRate, cvLearningRate, beta2, warmupSteps, seed, device, logEvery, evalEvery, evalK,
                evalExamples, checkpointEvery, gradVarianceDecay, maxBadSteps);
    }

    /** The same run's identity without its length: what a checkpoint must agree with. */
    public String identity() {
        return MetricsLog.GSON.toJson(withSteps(1));
    }

    /** Writes {@code dir/config.json} atomically. */
    public void write(Path dir) throws IOException {
        AtomicFiles.writeString(dir.resolve(FILE), MetricsLog.GSON.toJson(this) + "\n");
    }

    /** Reads {@code dir/config.json}. */
    public static TrainConfig read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IOException(dir + " is not a training run directory (no " + FILE + "); give the --out "
                    + "directory of a `relax4j train` run", e);
        }
        try {
            TrainConfig config = MetricsLog.GSON.fromJson(json, TrainConfig.class);
            if (config == null || config.model() == null || config.estimator() == null) {
                throw new JsonParseException("missing fields");
            }
            return config;
        } catch (JsonParseException e) {
            throw new IOException(file + " is not a valid run configuration (" + e.getMessage() + "); it may "
                    + "have been edited or written by another version", e);
        }
    }
}

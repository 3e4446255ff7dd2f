package org.relax4j.train.vae;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.relax4j.core.estimator.EstimatorConfig;
import org.relax4j.datasets.Binarization;
import org.relax4j.datasets.DatasetName;
import org.relax4j.datasets.io.AtomicFiles;
import org.relax4j.datasets.io.IoErrors;
import org.relax4j.models.sbn.ModelArchitecture;
import org.relax4j.train.metrics.MetricsLog;

/**
 * Everything needed to rerun a VAE training run; written to {@code config.json} in the run
 * directory (Gson, one field per value) and read back by {@code --resume}, {@code eval} and
 * {@code finetune-cv}. Built with {@link #builder()}; {@link #toBuilder()} copies it for changes
 * (a longer run, another estimator). Every value is checked in {@link Builder#build()} with a
 * message naming its option.
 */
public final class TrainConfig {

    /** File name inside a run directory. */
    public static final String FILE = "config.json";

    private final ModelArchitecture model;
    private final String estimator;
    private final EstimatorConfig estimatorConfig;
    private final DatasetName dataset;
    private final String dataDir;
    private final Binarization binarization;
    private final int trainExamples;
    private final int batch;
    private final long steps;
    private final float learningRate;
    private final float cvLearningRate;
    private final float beta2;
    private final long warmupSteps;
    private final long seed;
    private final String device;
    private final int logEvery;
    private final long evalEvery;
    private final int evalK;
    private final int evalExamples;
    private final long checkpointEvery;
    private final double gradVarianceDecay;
    private final int maxBadSteps;

    private TrainConfig(Builder b) {
        this.model = b.model;
        this.estimator = b.estimator;
        this.estimatorConfig = b.estimatorConfig;
        this.dataset = b.dataset;
        this.dataDir = b.dataDir;
        this.binarization = b.binarization;
        this.trainExamples = b.trainExamples;
        this.batch = b.batch;
        this.steps = b.steps;
        this.learningRate = b.learningRate;
        this.cvLearningRate = Float.isNaN(b.cvLearningRate) ? b.learningRate : b.cvLearningRate;
        this.beta2 = b.beta2;
        this.warmupSteps = b.warmupSteps;
        this.seed = b.seed;
        this.device = b.device;
        this.logEvery = b.logEvery;
        this.evalEvery = b.evalEvery;
        this.evalK = b.evalK;
        this.evalExamples = b.evalExamples;
        this.checkpointEvery = b.checkpointEvery;
        this.gradVarianceDecay = b.gradVarianceDecay;
        this.maxBadSteps = b.maxBadSteps;
        validate();
    }

    /** The command-line option of each field, for messages about built configurations. */
    private static final Map<String, String> OPTIONS = Map.ofEntries(
            Map.entry("model", "--model"),
            Map.entry("estimator", "--estimator"),
            Map.entry("trainExamples", "--train-examples"),
            Map.entry("batch", "--batch"),
            Map.entry("steps", "--steps"),
            Map.entry("learningRate", "--lr"),
            Map.entry("cvLearningRate", "--cv-lr"),
            Map.entry("beta2", "--beta2"),
            Map.entry("warmupSteps", "--warmup"),
            Map.entry("device", "--device"),
            Map.entry("logEvery", "--log-every"),
            Map.entry("evalEvery", "--eval-every"),
            Map.entry("evalK", "--eval-k"),
            Map.entry("evalExamples", "--eval-examples"),
            Map.entry("checkpointEvery", "--checkpoint-every"),
            Map.entry("gradVarianceDecay", "gradient-variance decay"),
            Map.entry("maxBadSteps", "--max-bad-steps"));

    /** Checks every value, with messages that name the option. */
    private void validate() {
        validate(OPTIONS::get);
    }

    /** Checks every value, with messages naming each value by {@code name} (an option or a file's field). */
    private void validate(Function<String, String> name) {
        require(
                model != null
                        && estimator != null
                        && estimatorConfig != null
                        && dataset != null
                        && binarization != null
                        && device != null,
                "a run configuration needs a model, an estimator "
                        + "with its options, a dataset, a binarization and a device");
        require(trainExamples >= 0, name.apply("trainExamples") + " must be >= 0, got " + trainExamples);
        require(batch > 0, name.apply("batch") + " must be positive, got " + batch);
        require(
                trainExamples == 0 || trainExamples >= batch,
                name.apply("trainExamples") + " (" + trainExamples + ") must be at least " + name.apply("batch") + " ("
                        + batch + ")");
        require(steps > 0, name.apply("steps") + " must be positive, got " + steps);
        require(
                finitePositive(learningRate),
                name.apply("learningRate") + " must be positive and finite, got " + learningRate);
        require(
                finitePositive(cvLearningRate),
                name.apply("cvLearningRate") + " must be positive and finite, got " + cvLearningRate);
        require(beta2 > 0 && beta2 < 1, name.apply("beta2") + " must be in (0, 1), got " + beta2);
        require(warmupSteps >= 0, name.apply("warmupSteps") + " must be >= 0, got " + warmupSteps);
        require(
                "cpu".equals(device) || "gpu".equals(device),
                name.apply("device") + " must be cpu or gpu, got " + device);
        require(logEvery > 0, name.apply("logEvery") + " must be positive, got " + logEvery);
        require(evalEvery >= 0, name.apply("evalEvery") + " must be >= 0, got " + evalEvery);
        require(evalK > 0, name.apply("evalK") + " must be positive, got " + evalK);
        require(evalExamples >= 0, name.apply("evalExamples") + " must be >= 0, got " + evalExamples);
        require(checkpointEvery > 0, name.apply("checkpointEvery") + " must be positive, got " + checkpointEvery);
        require(
                gradVarianceDecay > 0 && gradVarianceDecay < 1,
                name.apply("gradVarianceDecay") + " must be in (0, 1), got " + gradVarianceDecay);
        require(maxBadSteps > 0, name.apply("maxBadSteps") + " must be positive, got " + maxBadSteps);
    }

    private static boolean finitePositive(float v) {
        return v > 0 && Float.isFinite(v);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** A builder with the defaults of {@code relax4j train} (the estimator's options must be set). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.model = model;
        b.estimator = estimator;
        b.estimatorConfig = estimatorConfig;
        b.dataset = dataset;
        b.dataDir = dataDir;
        b.binarization = binarization;
        b.trainExamples = trainExamples;
        b.batch = batch;
        b.steps = steps;
        b.learningRate = learningRate;
        b.cvLearningRate = cvLearningRate;
        b.beta2 = beta2;
        b.warmupSteps = warmupSteps;
        b.seed = seed;
        b.device = device;
        b.logEvery = logEvery;
        b.evalEvery = evalEvery;
        b.evalK = evalK;
        b.evalExamples = evalExamples;
        b.checkpointEvery = checkpointEvery;
        b.gradVarianceDecay = gradVarianceDecay;
        b.maxBadSteps = maxBadSteps;
        return b;
    }

    /** The architecture. */
    public ModelArchitecture model() {
        return model;
    }

    /** The estimator name (one per stochastic layer, each with its own parameters). */
    public String estimator() {
        return estimator;
    }

    /** The the estimator's options. */
    public EstimatorConfig estimatorConfig() {
        return estimatorConfig;
    }

    /** The dataset. */
    public DatasetName dataset() {
        return dataset;
    }

    /** The data directory, or null for the default. */
    public String dataDir() {
        return dataDir;
    }

    /** The binarization of the grey levels. */
    public Binarization binarization() {
        return binarization;
    }

    /** The training examples used, the first N of the split (0 = all 50,000). */
    public int trainExamples() {
        return trainExamples;
    }

    /** The minibatch size. */
    public int batch() {
        return batch;
    }

    /** The total training steps. */
    public long steps() {
        return steps;
    }

    /** The model Adam learning rate. */
    public float learningRate() {
        return learningRate;
    }

    /** The estimator-parameter Adam learning rate (default: the model's). */
    public float cvLearningRate() {
        return cvLearningRate;
    }

    /** The Adam β₂ for both optimizers. */
    public float beta2() {
        return beta2;
    }

    /** The initial steps that train only the estimator's parameters. */
    public long warmupSteps() {
        return warmupSteps;
    }

    /** The seed of initialisation, minibatches and estimator noise. */
    public long seed() {
        return seed;
    }

    /** The "cpu" or "gpu". */
    public String device() {
        return device;
    }

    /** The steps between metrics records. */
    public int logEvery() {
        return logEvery;
    }

    /** The steps between validation evaluations (0 = only at the end). */
    public long evalEvery() {
        return evalEvery;
    }

    /** The k of the validation IWAE bound. */
    public int evalK() {
        return evalK;
    }

    /** The validation examples used during training (0 = all). */
    public int evalExamples() {
        return evalExamples;
    }

    /** The steps between checkpoints. */
    public long checkpointEvery() {
        return checkpointEvery;
    }

    /** The EMA decay of the gradient-variance tracker. */
    public double gradVarianceDecay() {
        return gradVarianceDecay;
    }

    /** The consecutive non-finite steps after which the run stops. */
    public int maxBadSteps() {
        return maxBadSteps;
    }

    /** The same run's identity without its length: what a checkpoint must agree with. */
    public String identity() {
        return MetricsLog.GSON.toJson(toBuilder().optSteps(1).build());
    }

    /** Writes {@code dir/config.json} atomically. */
    public void write(Path dir) throws IOException {
        AtomicFiles.writeString(dir.resolve(FILE), MetricsLog.GSON.toJson(this) + "\n");
    }

    /**
     * Reads {@code dir/config.json}, checking every field (present, of the right type, a known
     * name, a valid value); a problem is an {@link IOException} with a one-line message naming the
     * file, the field and the fix.
     */
    public static TrainConfig read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IOException(
                    dir + " is not a training run directory (no " + FILE + "); give the --out "
                            + "directory of a `relax4j train` run",
                    e);
        } catch (IOException e) {
            throw IoErrors.describe(file, e);
        }
        return StoredConfig.parse(file, json);
    }

    /** Checks a configuration read from {@code file}, naming fields as the file does. */
    void validateStored() {
        validate(field -> "field '" + field + "'");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainConfig c && MetricsLog.GSON.toJson(this).equals(MetricsLog.GSON.toJson(c));
    }

    @Override
    public int hashCode() {
        return MetricsLog.GSON.toJson(this).hashCode();
    }

    @Override
    public String toString() {
        return MetricsLog.GSON.toJson(this);
    }

    /** Builds a {@link TrainConfig}; every value has the default of {@code relax4j train} except the estimator's options. */
    public static final class Builder {
        private ModelArchitecture model = ModelArchitecture.LINEAR;
        private String estimator = "relax";
        private EstimatorConfig estimatorConfig = null;
        private DatasetName dataset = DatasetName.MNIST;
        private String dataDir = null;
        private Binarization binarization = Binarization.DYNAMIC;
        private int trainExamples = 0;
        private int batch = 24;
        private long steps = 5000;
        private float learningRate = 1e-3f;
        private float cvLearningRate = Float.NaN;
        private float beta2 = 0.99999f;
        private long warmupSteps = 0;
        private long seed = 0;
        private String device = "cpu";
        private int logEvery = 100;
        private long evalEvery = 1000;
        private int evalK = 100;
        private int evalExamples = 1000;
        private long checkpointEvery = 1000;
        private double gradVarianceDecay = 0.999;
        private int maxBadSteps = 10;

        private Builder() {}

        /** Sets the architecture. */
        public Builder optModel(ModelArchitecture value) {
            this.model = value;
            return this;
        }

        /** Sets the estimator name (one per stochastic layer, each with its own parameters). */
        public Builder optEstimator(String value) {
            this.estimator = value;
            return this;
        }

        /** Sets the the estimator's options. */
        public Builder setEstimatorConfig(EstimatorConfig value) {
            this.estimatorConfig = value;
            return this;
        }

        /** Sets the dataset. */
        public Builder optDataset(DatasetName value) {
            this.dataset = value;
            return this;
        }

        /** Sets the data directory, or null for the default. */
        public Builder optDataDir(String value) {
            this.dataDir = value;
            return this;
        }

        /** Sets the binarization of the grey levels. */
        public Builder optBinarization(Binarization value) {
            this.binarization = value;
            return this;
        }

        /** Sets the training examples used, the first N of the split (0 = all 50,000). */
        public Builder optTrainExamples(int value) {
            this.trainExamples = value;
            return this;
        }

        /** Sets the minibatch size. */
        public Builder optBatch(int value) {
            this.batch = value;
            return this;
        }

        /** Sets the total training steps. */
        public Builder optSteps(long value) {
            this.steps = value;
            return this;
        }

        /** Sets the model Adam learning rate. */
        public Builder optLearningRate(float value) {
            this.learningRate = value;
            return this;
        }

        /** Sets the estimator-parameter Adam learning rate (default: the model's). */
        public Builder optCvLearningRate(float value) {
            this.cvLearningRate = value;
            return this;
        }

        /** Sets the Adam β₂ for both optimizers. */
        public Builder optBeta2(float value) {
            this.beta2 = value;
            return this;
        }

        /** Sets the initial steps that train only the estimator's parameters. */
        public Builder optWarmupSteps(long value) {
            this.warmupSteps = value;
            return this;
        }

        /** Sets the seed of initialisation, minibatches and estimator noise. */
        public Builder optSeed(long value) {
            this.seed = value;
            return this;
        }

        /** Sets the "cpu" or "gpu". */
        public Builder optDevice(String value) {
            this.device = value;
            return this;
        }

        /** Sets the steps between metrics records. */
        public Builder optLogEvery(int value) {
            this.logEvery = value;
            return this;
        }

        /** Sets the steps between validation evaluations (0 = only at the end). */
        public Builder optEvalEvery(long value) {
            this.evalEvery = value;
            return this;
        }

        /** Sets the k of the validation IWAE bound. */
        public Builder optEvalK(int value) {
            this.evalK = value;
            return this;
        }

        /** Sets the validation examples used during training (0 = all). */
        public Builder optEvalExamples(int value) {
            this.evalExamples = value;
            return this;
        }

        /** Sets the steps between checkpoints. */
        public Builder optCheckpointEvery(long value) {
            this.checkpointEvery = value;
            return this;
        }

        /** Sets the EMA decay of the gradient-variance tracker. */
        public Builder optGradVarianceDecay(double value) {
            this.gradVarianceDecay = value;
            return this;
        }

        /** Sets the consecutive non-finite steps after which the run stops. */
        public Builder optMaxBadSteps(int value) {
            this.maxBadSteps = value;
            return this;
        }

        /** Sets the estimator and its options together (e.g. a new control variate for a trained model). */
        public Builder optEstimator(String name, EstimatorConfig config) {
            this.estimator = name;
            this.estimatorConfig = config;
            return this;
        }

        /** Checks every value and builds the configuration. */
        public TrainConfig build() {
            return new TrainConfig(this);
        }
    }
}

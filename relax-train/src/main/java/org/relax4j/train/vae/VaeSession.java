package org.relax4j.train.vae;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.relax4j.core.controlvariate.RelaxControlVariate;
import org.relax4j.core.estimator.ControlVariateEstimator;
import org.relax4j.core.estimator.EstimationProblem;
import org.relax4j.core.estimator.EstimatorRegistry;
import org.relax4j.core.estimator.GradientEstimate;
import org.relax4j.core.estimator.GradientEstimator;
import org.relax4j.core.optim.GradientStep;
import org.relax4j.core.optim.StatefulAdam;
import org.relax4j.core.random.NoiseSource;
import org.relax4j.core.variance.EmaGradientVariance;
import org.relax4j.datasets.MinibatchStream;
import org.relax4j.datasets.MnistData;
import org.relax4j.datasets.SplitData;
import org.relax4j.models.sbn.Bounds;
import org.relax4j.models.sbn.SigmoidBeliefNet;

/**
 * A VAE training session: data, model, one estimator per stochastic layer, the two optimizers
 * and the gradient-variance tracker, with the training step, evaluation and checkpointing that
 * {@code train}, {@code eval} and {@code finetune-cv} share.
 *
 * <p>One step (Grathwohl et al. 2018 §6.2; docs/estimators.md, "Sigmoid belief nets and binary
 * VAEs"): sample b = (b₁…b_L) from q with noise u; for each layer l, the layer's estimator returns
 * ĝ_l ≈ ∂E[f]/∂α_l (with the layers below held at their samples and the layers above recomputed
 * from layer l's values) and its variance loss; the model's gradient is that of the surrogate
 * f(b) + Σ_l α_l·stop(ĝ_l) (b fixed), the estimators' that of Σ_l loss_l. Both gradients are computed
 * before either update; each step runs in an {@link NDScope}.
 */
public final class VaeSession implements AutoCloseable {

    /** Salt of the noise used by evaluations, independent of training noise. */
    static final long EVAL_NOISE = 0x51ED270B27AB4E6BL;

    private final TrainConfig config;
    private final NDManager manager;
    private final MnistData data;
    private final SigmoidBeliefNet model;
    private final List<GradientEstimator> estimators = new ArrayList<>();
    private final ParameterList modelParameters;
    private final ParameterList encoderParameters;
    private final ParameterList estimatorParameters = new ParameterList();
    private final StatefulAdam modelAdam;
    private final StatefulAdam cvAdam;
    private final EmaGradientVariance gradVariance;
    private final MinibatchStream stream;
    private final NoiseSource noise;

    private VaeSession(TrainConfig config, MnistData data) {
        this.config = config;
        this.data = data;
        Device device = device(config.device());
        this.manager = NDManager.newBaseManager(device);
        Engine.getInstance().setRandomSeed((int) config.seed());
        this.model = config.model().builder(data.trainingMean()).build();
        model.initialize(manager);
        this.modelParameters = model.getParameters();
        this.encoderParameters = new ParameterList();
        for (Pair<String, Parameter> p : modelParameters) {
            if (p.getKey().contains("encoder")) {
                encoderParameters.add(p.getKey(), p.getValue());
            }
        }
        int layers = model.stochasticLayers();
        for (int l = 1; l <= layers; l++) {
            GradientEstimator e = EstimatorRegistry.standard().create(config.estimator(), config.estimatorConfig());
            Shape logits = new Shape(config.batch(), model.units());
            Shape conditioning = new Shape(config.batch(), model.inputDim() + (long) (l - 1) * model.units());
            e.initialize(manager, logits, conditioning);
            estimators.add(e);
            for (Pair<String, Parameter> p : e.parameters()) {
                estimatorParameters.add("layer" + l + "/" + p.getKey(), p.getValue());
            }
        }
        if (layers > 1 && (config.estimator().equals("rloo") || config.estimator().equals("vimco"))) {
            throw new IllegalArgumentException(config.estimator() + " draws several joint samples and works with "
                    + "one stochastic layer; use --model linear or nonlinear, or a single-sample estimator");
        }
        this.modelAdam = StatefulAdam.builder().optLearningRate(config.learningRate()).optBeta2(config.beta2()).build();
        this.cvAdam = StatefulAdam.builder().optLearningRate(config.cvLearningRate()).optBeta2(config.beta2()).build();
        this.gradVariance = new EmaGradientVariance(config.gradVarianceDecay());
        SplitData train = data.train();
        if (config.trainExamples() > 0 && config.trainExamples() < train.size()) {
            train = train.subset(0, config.trainExamples());
        }
        this.stream = new MinibatchStream(train, config.binarization(), config.batch(), config.seed());
        this.noise = new NoiseSource(config.seed());
    }

    /** Loads the data and builds a fresh session. */
    public static VaeSession create(TrainConfig config) throws IOException {
        MnistData data = MnistData.load(config.dataset(), config.dataDir() == null ? null : Path.of(config.dataDir()));
        return new VaeSession(config, data);
    }

    /** A session on data already loaded (tests, subsets). */
    public static VaeSession create(TrainConfig config, MnistData data) {
        return new VaeSession(config, data);
    }

    static Device device(String name) {
        if ("gpu".equals(name)) {
            if (Engine.getInstance().getGpuCount() == 0) {
                throw new IllegalArgumentException("--device gpu: DJL's PyTorch engine sees no CUDA device. This build "
                        + "bundles the CPU libtorch; build with RELAX4J_PROFILE=gpu and point PYTORCH_LIBRARY_PATH at a "
                        + "CUDA libtorch 2.7.1 (see README, GPU), or use --device cpu");
            }
            return Device.gpu();
        }
        return Device.cpu();
    }

    /** The configuration. */
    public TrainConfig config() {
        return config;
    }

    /** The model. */
    public SigmoidBeliefNet model() {
        return model;
    }

    /** The data. */
    public MnistData data() {
        return data;
    }

    /** One estimator per stochastic layer. */
    public List<GradientEstimator> estimators() {
        return estimators;
    }

    /** The estimators' parameters, named "layerL/…". */
    public ParameterList estimatorParameters() {
        return estimatorParameters;
    }

    /** The model optimizer. */
    StatefulAdam modelOptimizer() {
        return modelAdam;
    }

    /** The estimator optimizer. */
    StatefulAdam estimatorOptimizer() {
        return cvAdam;
    }

    /** The gradient-variance tracker. */
    EmaGradientVariance gradientVariance() {
        return gradVariance;
    }

    /** The manager that owns the model (its device is the session's). */
    public NDManager manager() {
        return manager;
    }

    /** What one step did. */
    public record StepResult(boolean applied, double elbo, String problem) {}

    /**
     * Runs training step {@code step} (its minibatch and noise are functions of the seed and the
     * step). Nothing is updated if the ELBO, a loss or a gradient is not finite.
     *
     * @param updateModel whether to update the model (false during warm-up and fine-tuning)
     * @param updateEstimators whether to update the estimators' parameters
     */
    public StepResult step(long step, boolean updateModel, boolean updateEstimators) {
        try (NDScope scope = new NDScope();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            Gradients g = gradients(stream.batch(step, manager), noise.forStep(step), updateEstimators);
            if (!Double.isFinite(g.elbo)) {
                return new StepResult(false, g.elbo, "the ELBO is not finite");
            }
            if (!GradientStep.allFinite(g.model)) {
                return new StepResult(false, g.elbo, "a model gradient is not finite");
            }
            if (g.estimators != null && !GradientStep.allFinite(g.estimators)) {
                return new StepResult(false, g.elbo, "an estimator-parameter gradient is not finite");
            }
            if (g.estimators != null) {
                GradientStep.apply(cvAdam, estimatorParameters, g.estimators);
            }
            if (updateModel) {
                GradientStep.apply(modelAdam, modelParameters, g.model);
            }
            gradVariance.update(encoderGradients(g.model));
            if (updateModel && !parametersFinite()) {
                throw new DivergenceException("the model's parameters became non-finite at step " + (step + 1)
                        + " although its gradients were finite: the learning rate " + config.learningRate()
                        + " is too large");
            }
            return new StepResult(true, g.elbo, null);
        }
    }

    /** The model's parameters became unusable: the run cannot continue from memory. */
    public static final class DivergenceException extends IllegalStateException {
        DivergenceException(String message) {
            super(message);
        }
    }

    private record Gradients(double elbo, NDList model, NDList estimators) {}

    /** The model's (and optionally the estimators') gradients on one batch with one noise draw. */
    private Gradients gradients(NDArray x, NoiseSource.StepNoise stepNoise, boolean withEstimators) {
        int layers = model.stochasticLayers();
        List<NDArray> u = new ArrayList<>(layers);
        for (int l = 0; l < layers; l++) {
            u.add(stepNoise.uniform(manager, new Shape(x.getShape().get(0), model.units())));
        }
        SigmoidBeliefNet.Sample sample = model.sample(x, u);
        NDArray centred = model.centred(x);
        NDArray surrogate = null;
        NDArray estimatorLoss = null;
        double elbo = Double.NaN;
        for (int l = 1; l <= layers; l++) {
            NDArray alpha = sample.logits().get(l - 1);
            EstimationProblem.Builder problem = EstimationProblem.builder()
                    .setLogits(alpha)
                    .setObjective(model.layerObjective(l, x, sample, u))
                    .setNoise(stepNoise)
                    .optConditioning(conditioning(centred, sample, l))
                    .optTrainEstimator(withEstimators);
            if (layers > 1) {
                problem.optSamplingNoise(u.get(l - 1));
            }
            GradientEstimate e = estimators.get(l - 1).estimate(problem.build());
            if (l == 1) {
                surrogate = e.surrogate(alpha);
                elbo = e.objective().mean().getFloat();
            } else {
                surrogate = surrogate.add(e.linearTerm(alpha));
            }
            if (e.estimatorLoss() != null) {
                estimatorLoss = estimatorLoss == null ? e.estimatorLoss() : estimatorLoss.add(e.estimatorLoss());
            }
        }
        NDList estimatorGrads = null;
        ParameterList cv = estimatorParameters;
        if (withEstimators && estimatorLoss != null && !cv.isEmpty()) {
            estimatorGrads = GradientStep.gradients(estimatorLoss, cv);
        }
        NDList modelGrads = GradientStep.gradients(surrogate.mean().neg(), modelParameters);
        return new Gradients(elbo, modelGrads, estimatorGrads);
    }

    /** The inputs of layer l's baseline or network: x − x̄ and 2b_{<l} − 1. */
    private static NDArray conditioning(NDArray centred, SigmoidBeliefNet.Sample sample, int layer) {
        if (layer == 1) {
            return centred;
        }
        NDList parts = new NDList(centred);
        for (int l = 1; l < layer; l++) {
            parts.add(SigmoidBeliefNet.signed(sample.samples().get(l - 1)));
        }
        return NDArrays.concat(parts, 1);
    }

    private NDList encoderGradients(NDList all) {
        NDList out = new NDList(encoderParameters.size());
        for (int i = 0; i < modelParameters.size(); i++) {
            if (modelParameters.keyAt(i).contains("encoder")) {
                out.add(all.get(i));
            }
        }
        return out;
    }

    private boolean parametersFinite() {
        for (Pair<String, Parameter> p : modelParameters) {
            if (!Float.isFinite(p.getValue().getArray().abs().max().getFloat())) {
                return false;
            }
        }
        return true;
    }

    /**
     * log mean_k Var(g_k) of the encoder gradient over {@code samples} independent noise draws on
     * the fixed minibatch of training step {@code batchStep}, with the model held fixed: an exact
     * (non-EMA) measurement for before/after comparisons.
     */
    public double measureGradientLogVariance(int samples, long batchStep) {
        if (samples < 2) {
            throw new IllegalArgumentException("need at least 2 samples to measure a variance");
        }
        NoiseSource measurement = new NoiseSource(config.seed() ^ EVAL_NOISE ^ batchStep);
        NDList sum = null;
        NDList sumSq = null;
        try (NDScope outer = new NDScope()) {
            NDArray x = stream.batch(batchStep, manager);
            for (int s = 0; s < samples; s++) {
                try (NDScope scope = new NDScope();
                        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDList g = encoderGradients(gradients(x, measurement.forStep(s), false).model);
                    if (sum == null) {
                        sum = new NDList();
                        sumSq = new NDList();
                        for (NDArray a : g) {
                            NDArray z = a.zerosLike();
                            NDArray z2 = a.zerosLike();
                            NDScope.unregister(z, z2);
                            sum.add(z);
                            sumSq.add(z2);
                        }
                    }
                    for (int i = 0; i < g.size(); i++) {
                        sum.get(i).addi(g.get(i));
                        sumSq.get(i).addi(g.get(i).mul(g.get(i)));
                    }
                }
            }
            double total = 0;
            long count = 0;
            for (int i = 0; i < sum.size(); i++) {
                NDArray mean = sum.get(i).div(samples);
                NDArray var = sumSq.get(i).div(samples).sub(mean.mul(mean)).mul((double) samples / (samples - 1));
                total += var.sum().getFloat();
                count += var.size();
            }
            return Math.log(total / count);
        } finally {
            if (sum != null) {
                sum.close();
                sumSq.close();
            }
        }
    }

    /** Bounds on a split, averaged over its examples. */
    public record Evaluation(double iwae, double elbo, int k, int examples) {}

    /**
     * IWAE-k and a one-sample ELBO averaged over the first {@code examples} examples of a split
     * (0 = all), with evaluation noise fixed by the seed.
     */
    public Evaluation evaluate(SplitData split, int k, int examples) {
        int n = examples <= 0 ? split.size() : Math.min(examples, split.size());
        SplitData subset = n == split.size() ? split : split.subset(0, n);
        int batch = 100;
        int chunk = Math.max(1, Math.min(k, 20_000 / batch));
        NoiseSource evalNoise = new NoiseSource(config.seed() ^ EVAL_NOISE);
        double iwae = 0;
        double elbo = 0;
        int batches = MinibatchStream.evaluationBatchCount(subset, batch);
        for (int i = 0; i < batches; i++) {
            try (NDScope scope = new NDScope()) {
                NDArray x = MinibatchStream.evaluationBatch(subset, config.binarization(), batch, i, manager);
                iwae += Bounds.iwae(model, x, k, chunk, evalNoise.forStep(2L * i)).sum().getFloat();
                elbo += Bounds.elbo(model, x, evalNoise.forStep(2L * i + 1)).sum().getFloat();
            }
        }
        return new Evaluation(iwae / n, elbo / n, k, n);
    }

    /** Writes a checkpoint of everything needed to continue after {@code step} steps. */
    public void saveCheckpoint(Path file, long step, Checkpoint.Extra extra) throws IOException {
        Checkpoint.write(file, this, step, extra);
    }

    /** Restores a checkpoint; returns the step it was taken at and its extra state. */
    public Checkpoint.Restored loadCheckpoint(Path file) throws IOException {
        return Checkpoint.read(file, this);
    }

    /**
     * Restores only the model parameters of a checkpoint written by a run configured as
     * {@code writtenBy} (any estimator, same model architecture); this session's estimators and
     * optimizers stay fresh. Returns the step the checkpoint was taken at.
     */
    public Checkpoint.Restored loadModel(Path file, TrainConfig writtenBy) throws IOException {
        return Checkpoint.readModel(file, this, writtenBy);
    }

    /** The η and λ of each layer's control variate (NaN where absent). */
    public List<double[]> controlVariateScalars() {
        List<double[]> out = new ArrayList<>();
        for (GradientEstimator e : estimators) {
            if (e instanceof ControlVariateEstimator cv) {
                RelaxControlVariate c = cv.controlVariate();
                out.add(new double[] {c.eta(), c.temperature()});
            } else {
                out.add(new double[] {Double.NaN, Double.NaN});
            }
        }
        return out;
    }

    @Override
    public void close() {
        estimators.forEach(GradientEstimator::close);
        gradVariance.close();
        modelAdam.clear();
        cvAdam.clear();
        manager.close();
    }
}

package org.relax4j.models.nondiff;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.relax4j.core.engine.NativeArrays;
import org.relax4j.core.estimator.GradientEstimator;
import org.relax4j.core.io.ArrayIO;
import org.relax4j.core.nondiff.estimator.NondiffEstimator;
import org.relax4j.core.nondiff.inference.MeanFieldGaussian;
import org.relax4j.core.nondiff.lang.NondiffModel;
import org.relax4j.core.random.NoiseSource;
import org.relax4j.core.training.StepOutput;
import org.relax4j.core.training.StochasticModel;
import org.relax4j.core.training.StochasticNode;

/**
 * Variational inference on a {@link NondiffModel} as a {@link StochasticModel}, so that the
 * {@link org.relax4j.core.training.StochasticTrainer} runs it: the parameters are q's θ = (μ, ρ)
 * of the {@link MeanFieldGaussian} family, one float64 vector laid out [μ | ρ]; the gradient
 * estimator is a {@link NondiffEstimator} held by the model (the latents are continuous, not
 * Bernoulli nodes, so the model has no {@link StochasticNode}s).
 *
 * <p>Each {@link #forward} asks the estimator for ĝ ≈ ∇_θ ELBO(θ) from {@code samples} samples
 * drawn from the model's own training stream and returns the surrogate loss L(θ) = ⟨θ, −stop(ĝ)⟩,
 * whose gradient is exactly −ĝ (in float64, each entry a product by 1): a trainer that descends L
 * ascends the ELBO along ĝ, as Lee, Yu and Yang (NeurIPS 2018) do with Adam in their experiments.
 * The step's ELBO is not computed (the output's objective is null).
 *
 * <p>The training draws come from one sequential generator, not from the step's noise, so a run's
 * iterates equal those of the original loop; its state is not checkpointed, so only θ
 * ({@link #save}) can be restored, not the stream.
 */
public final class VariationalNondiffModel implements StochasticModel {

    private final NondiffModel model;
    private final NondiffEstimator estimator;
    private final int samples;
    private final RandomGenerator rng;
    private final NDManager manager;
    private final Parameter theta;
    private final ParameterList parameters = new ParameterList();

    /**
     * {@code model}'s variational inference with θ starting at the model's initial q ({@link
     * MeanFieldGaussian#initial}), on {@code manager}.
     *
     * @param model the model
     * @param estimator the gradient estimator of the ELBO
     * @param samples samples per gradient estimate (N), at least 1
     * @param rng the training stream every estimate draws from
     * @param manager the manager θ and the steps' arrays live on
     */
    public VariationalNondiffModel(
            NondiffModel model, NondiffEstimator estimator, int samples, RandomGenerator rng, NDManager manager) {
        this.model = Objects.requireNonNull(model, "model");
        this.estimator = Objects.requireNonNull(estimator, "estimator");
        if (samples < 1) {
            throw new IllegalArgumentException("samples per gradient estimate must be at least 1, got " + samples);
        }
        this.samples = samples;
        this.rng = Objects.requireNonNull(rng, "rng");
        this.manager = Objects.requireNonNull(manager, "manager");
        double[] initial = MeanFieldGaussian.initial(model).toVector();
        this.theta = Parameter.builder()
                .setName("theta")
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(initial.length))
                .optInitializer((m, shape, type) -> NativeArrays.copyOf(m, initial, shape))
                .build();
        theta.initialize(manager, DataType.FLOAT64);
        parameters.add("theta", theta);
    }

    /** The model. */
    public NondiffModel model() {
        return model;
    }

    /** The gradient estimator. */
    public NondiffEstimator estimator() {
        return estimator;
    }

    /** The current θ = [μ | ρ]. */
    public double[] theta() {
        return theta.getArray().toDoubleArray();
    }

    /** The current q. */
    public MeanFieldGaussian q() {
        return MeanFieldGaussian.fromVector(theta());
    }

    @Override
    public ParameterList parameters() {
        return parameters;
    }

    /** None: the latents are continuous and the estimator is the model's own. */
    @Override
    public List<StochasticNode> stochasticNodes() {
        return List.of();
    }

    /**
     * One gradient estimate ĝ at the current θ from the training stream (the noise and the
     * trainer's estimators, none, are not used); the model loss is ⟨θ, −ĝ⟩.
     */
    @Override
    public StepOutput forward(
            NDArray batch, NoiseSource.StepNoise noise, List<GradientEstimator> estimators, boolean trainEstimators) {
        double[] g = estimator.estimate(model, q(), samples, rng, manager);
        double[] minusG = new double[g.length];
        for (int i = 0; i < g.length; i++) {
            minusG[i] = -g[i];
        }
        NDArray weights = NativeArrays.copyOf(manager, minusG, new Shape(minusG.length));
        return new StepOutput(null, theta.getArray().mul(weights).sum(), null);
    }

    @Override
    public String stateName() {
        return "model";
    }

    @Override
    public void save(DataOutputStream out) throws IOException {
        ArrayIO.write(out, theta.getArray());
    }

    @Override
    public void load(DataInputStream in, NDManager target) throws IOException {
        ArrayIO.readInto(in, theta.getArray());
    }
}

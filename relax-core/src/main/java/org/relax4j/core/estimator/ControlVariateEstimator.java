package org.relax4j.core.estimator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.ParameterList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import org.relax4j.core.controlvariate.RelaxControlVariate;
import org.relax4j.core.distribution.NoiseMode;

/**
 * REBAR (Tucker et al. 2017) and RELAX (Grathwohl et al. 2018), one estimator with a pluggable
 * control variate c_φ ({@link RelaxControlVariate}):
 *
 * <pre>
 *   ĝ = [f(b) − c_φ(z̃)] ∂log p(b)/∂α + ∂c_φ(z)/∂α − ∂c_φ(z̃)/∂α,
 *   z = g(α, u), b = H(z), z̃ ~ p(z | b)                     (Grathwohl et al. 2018, eq. 8)
 * </pre>
 *
 * With c_φ(z) = η f(σ_λ(z)) this is REBAR (Tucker et al. eq. 6); with a learned network it is
 * RELAX. The estimator is unbiased for every φ, so the control variate is trained on
 * ∂/∂φ E[ĝ²] = ∂/∂φ Var(ĝ) (Grathwohl et al. 2018 §3, the variance-gradient identity): {@link GradientEstimate#estimatorLoss()} is
 * mean(ĝ²) (+ weight decay), built with second-order gradients.
 *
 * <p>Cost per step: one hard evaluation f(b), and c_φ(z), c_φ(z̃) in one batched pass with one
 * reverse-mode call that yields ∂c(z)/∂α − ∂c(z̃)/∂α directly (seed +1 for z, −1 for z̃).
 */
public final class ControlVariateEstimator extends AbstractEstimator {

    private final RelaxControlVariate controlVariate;
    private final NoiseMode noiseMode;
    private final LayerShape layerShape;
    private final ReverseSeed seed = new ReverseSeed();

    private ControlVariateEstimator(Builder b) {
        super(b.name, EstimatorTarget.EXPECTATION, 3);
        this.controlVariate = b.controlVariate;
        this.noiseMode = b.noiseMode;
        this.layerShape = new LayerShape(b.name, true);
        controlVariate.setInitializationSeed(b.seed);
    }

    /**
     * A new builder.
     *
     * <pre>{@code
     * GradientEstimator relax = ControlVariateEstimator.builder()
     *         .setName("relax")
     *         .setControlVariate(Preset.VAE.applyTo(RelaxControlVariate.builder().optNetwork(true)).build())
     *         .build();
     * }</pre>
     */
    public static Builder builder() {
        return new Builder();
    }

    /** How z̃'s noise relates to z's. */
    public NoiseMode noiseMode() {
        return noiseMode;
    }

    /** The control variate. */
    public RelaxControlVariate controlVariate() {
        return controlVariate;
    }

    @Override
    public GradientEstimate estimate(EstimationProblem problem) {
        EstimatorSupport.requireGradMode(name());
        layerShape.check(
                problem.logits().getShape(),
                problem.conditioning() == null ? null : problem.conditioning().getShape());
        RelaxedSamples draws = RelaxedSamples.draw(problem, noiseMode);
        NDArray c = controlVariate.evaluate(EstimatorSupport.stack(draws.z(), draws.zTilde()), problem);
        boolean train = problem.trainEstimator();
        NDManager manager = c.getManager();
        NDArray g = draws.gradient(problem, c, seed.get(manager, problem.batchSize()), train);

        NDArray loss = null;
        if (train) {
            loss = g.mul(g).mean();
            NDArray penalty = controlVariate.regularization(manager);
            if (penalty != null) {
                loss = loss.add(penalty);
            }
        }
        return new GradientEstimate(g.stopGradient(), draws.fValue(), draws.f(), loss);
    }

    @Override
    public void initialize(NDManager manager, Shape logitsShape, Shape conditioningShape) {
        layerShape.check(logitsShape, conditioningShape);
        controlVariate.initialize(manager, logitsShape, conditioningShape);
    }

    @Override
    public Optional<Block> block() {
        return Optional.of(controlVariate);
    }

    @Override
    public ParameterList parameters() {
        return controlVariate.trainableParameters();
    }

    @Override
    public void close() {
        seed.close();
        controlVariate.close();
    }

    @Override
    public void saveState(DataOutputStream out) throws IOException {
        controlVariate.saveParameters(out);
    }

    @Override
    public void loadState(DataInputStream in) throws IOException {
        controlVariate.loadParameters(in);
    }

    /** Builder of {@link ControlVariateEstimator}. */
    public static final class Builder {
        private String name;
        private RelaxControlVariate controlVariate;
        private NoiseMode noiseMode = NoiseMode.INDEPENDENT;
        private long seed;

        private Builder() {}

        /**
         * Sets the seed of the control variate's initial parameters (default 0): the engine's
         * global generator is reseeded with it immediately before they are created (see {@link
         * RelaxControlVariate#setInitializationSeed}).
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Sets the estimator's name ("rebar", "relax", ...). */
        public Builder setName(String name) {
            this.name = name;
            return this;
        }

        /** Sets the control variate c_φ. */
        public Builder setControlVariate(RelaxControlVariate controlVariate) {
            this.controlVariate = controlVariate;
            return this;
        }

        /** Sets how z̃'s noise relates to z's (default {@link NoiseMode#INDEPENDENT}, the paper's Alg. 1). */
        public Builder optNoiseMode(NoiseMode noiseMode) {
            this.noiseMode = Objects.requireNonNull(noiseMode, "noiseMode");
            return this;
        }

        /** Builds the estimator. */
        public ControlVariateEstimator build() {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("a control-variate estimator needs a name: call setName");
            }
            if (controlVariate == null) {
                throw new IllegalArgumentException(
                        "a control-variate estimator needs a control variate: call setControlVariate");
            }
            return new ControlVariateEstimator(this);
        }
    }
}

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
import org.relax4j.core.controlvariate.EstimatorBlock;
import org.relax4j.core.estimator.baseline.Baseline;
import org.relax4j.core.estimator.baseline.EmaBaseline;

/**
 * REINFORCE (Williams 1992), the score-function estimator with a baseline c:
 *
 * <pre>
 *   ĝ = (f(b) − c) ∂log p_α(b)/∂α,   b ~ p_α
 * </pre>
 *
 * Unbiased for ∂E[f]/∂α whenever c does not depend on b, since E[∂log p_α(b)/∂α] = 0. The
 * baseline is a strategy ({@link Baseline}): none (the default), {@link EmaBaseline}, or {@link
 * org.relax4j.core.estimator.baseline.LearnedBaseline} trained through {@link
 * GradientEstimate#estimatorLoss()}.
 *
 * <pre>{@code
 * Reinforce reinforce = Reinforce.builder().optBaseline(EmaBaseline.builder().build()).build();
 * }</pre>
 */
public final class Reinforce extends AbstractEstimator {

    private final Baseline baseline;
    private final LayerShape layerShape = new LayerShape("reinforce", false);

    private Reinforce(Builder builder) {
        super("reinforce", EstimatorTarget.EXPECTATION, 1);
        this.baseline = builder.baseline;
        if (baseline.block().orElse(null) instanceof EstimatorBlock learned) {
            learned.setInitializationSeed(builder.seed);
        }
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The baseline. */
    public Baseline baseline() {
        return baseline;
    }

    @Override
    public GradientEstimate estimate(EstimationProblem problem) {
        EstimatorSupport.requireGradMode(name());
        if (baseline.block().isPresent()) {
            layerShape.check(problem.logits().getShape(), shapeOf(problem.conditioning()));
        }
        NDArray logits = problem.logits().stopGradient();
        NDArray u = problem.samplingNoise();
        NDArray b = problem.distribution().hard(problem.distribution().reparameterize(logits, u));
        NDArray f = EstimatorSupport.hardObjective(problem, b);
        NDArray fValue = f.stopGradient();
        NDArray score = problem.distribution().score(logits, b);
        Baseline.Centred centred = baseline.centre(fValue, problem);
        NDArray g = EstimatorSupport.perUnit(centred.signal(), score).mul(score);
        return new GradientEstimate(g, fValue, f, centred.loss());
    }

    private static Shape shapeOf(NDArray array) {
        return array == null ? null : array.getShape();
    }

    @Override
    public void initialize(NDManager manager, Shape logitsShape, Shape conditioningShape) {
        if (baseline.block().isPresent()) {
            layerShape.check(logitsShape, conditioningShape);
        }
        baseline.initialize(manager, conditioningShape);
    }

    @Override
    public ParameterList parameters() {
        return baseline.parameters();
    }

    @Override
    public Optional<Block> block() {
        return baseline.block();
    }

    @Override
    public void close() {
        baseline.close();
    }

    /**
     * Writes the baseline's state. The layout of earlier versions is kept: two doubles (the EMA
     * baseline's running sums, zero for other baselines), then the other baselines' own state.
     */
    @Override
    public void saveState(DataOutputStream out) throws IOException {
        if (!(baseline instanceof EmaBaseline)) {
            out.writeDouble(0);
            out.writeDouble(0);
        }
        baseline.saveState(out);
    }

    @Override
    public void loadState(DataInputStream in) throws IOException {
        if (!(baseline instanceof EmaBaseline)) {
            in.readDouble();
            in.readDouble();
        }
        baseline.loadState(in);
    }

    /** Builder of {@link Reinforce}. */
    public static final class Builder {
        private Baseline baseline = Baseline.none();
        private long seed;

        private Builder() {}

        /**
         * Sets the seed of a learned baseline's initial parameters (default 0): the engine's global
         * generator is reseeded with it immediately before they are created (see {@link
         * EstimatorBlock#setInitializationSeed}).
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Sets the baseline (default {@link Baseline#none()}). */
        public Builder optBaseline(Baseline baseline) {
            this.baseline = Objects.requireNonNull(baseline, "baseline");
            return this;
        }

        /** Builds the estimator. */
        public Reinforce build() {
            return new Reinforce(this);
        }
    }
}

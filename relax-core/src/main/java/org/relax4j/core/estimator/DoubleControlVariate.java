package org.relax4j.core.estimator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.ParameterList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Optional;
import org.relax4j.core.controlvariate.LinearControlVariate;

/**
 * Double control variates (Titsias and Shi 2022), for Bernoulli units: leave-one-out REINFORCE
 * over K ≥ 2 samples whose learning signal adds a linear (first-order Taylor) control variate
 * built from the other samples' derivatives of f, with its expectation subtracted analytically.
 * With ∇_j = ∂f(b_j)/∂b_j and ∇̄_{−k} = (1/(K − 1)) Σ_{j≠k} ∇_j,
 *
 * <pre>
 *   f̃_k = f(b_k) + α ∇̄_{−k}·(b_k − θ)
 *   ĝ = (1/K) Σ_k (f̃_k − (1/(K − 1)) Σ_{j≠k} f̃_j)(b_k − θ)  −  α ∇̄ ⊙ θ(1 − θ),   ∇̄ = (1/K) Σ_k ∇_k.
 * </pre>
 *
 * The leave-one-out part is unbiased as in RLOO: f̃_j for j ≠ k depends on b_k only through
 * ∇̄_{−j}, and E[b_j − θ | b_{−j}] = 0. The added term α ∇̄_{−k}·(b_k − θ)(b_k − θ) has, given
 * the other samples, mean α ∇̄_{−k} ⊙ θ(1 − θ) (the Bernoulli variance), whose average over k is
 * the subtracted correction; so ĝ is unbiased for ∂E[f]/∂α for every α. α starts at 0 (plain
 * RLOO) and is trained on the variance objective mean ĝ². Cost: K evaluations of f and one reverse
 * pass through f at the samples, which needs f differentiable in its input (where it is not, ∇ = 0
 * and the estimator is RLOO). The form for general K is the authors' (thjashin/rodeo,
 * networks.py, {@code grad_type == 'double_cv'}).
 */
public final class DoubleControlVariate extends AbstractEstimator {

    /** The default number of samples K per example. */
    public static final int DEFAULT_SAMPLES = 2;

    private final int samples;
    private final LinearControlVariate coefficient = new LinearControlVariate();

    private DoubleControlVariate(Builder builder) {
        super("double-cv", EstimatorTarget.EXPECTATION, builder.samples);
        this.samples = builder.samples;
        coefficient.setInitializationSeed(builder.seed);
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** K, the samples per example. */
    public int samples() {
        return samples;
    }

    /** K: every estimate draws K joint samples per example. */
    @Override
    public int jointSamples() {
        return samples();
    }

    @Override
    public GradientEstimate estimate(EstimationProblem problem) {
        EstimatorSupport.requireGradMode(name());
        EstimatorSupport.requireBernoulli(problem, name());
        MultiSample draw = MultiSample.draw(problem, samples, name(), true);
        NDArray gradient = draw.objectiveGradient();
        NDArray f = draw.f().stopGradient();
        NDArray score = draw.score();
        NDArray theta = problem.logits().stopGradient().getNDArrayInternal().sigmoid();
        NDArray alpha = coefficient.coefficient(problem.logits());
        NDArray taylor = EstimatorSupport.leaveOneOutMean(gradient)
                .mul(score)
                .reshape(samples, problem.batchSize(), -1)
                .sum(new int[] {-1})
                .mul(alpha);
        NDArray shaped = f.add(taylor);
        NDArray signal = shaped.sub(EstimatorSupport.leaveOneOutMean(shaped));
        NDArray correction = EstimatorSupport.meanOverSamples(gradient)
                .mul(theta)
                .mul(theta.neg().add(1))
                .mul(alpha);
        NDArray g = EstimatorSupport.meanOverSamples(
                        EstimatorSupport.perUnit(signal, score).mul(score))
                .sub(correction);
        NDArray loss = problem.trainEstimator() ? g.mul(g).mean() : null;
        NDArray direct = EstimatorSupport.meanOverSamples(draw.f());
        return new GradientEstimate(g.stopGradient(), direct.stopGradient(), direct, loss);
    }

    /** The learned coefficient α. */
    public LinearControlVariate controlVariate() {
        return coefficient;
    }

    @Override
    public void initialize(NDManager manager, Shape logitsShape, Shape conditioningShape) {
        coefficient.initialize(manager);
    }

    @Override
    public Optional<Block> block() {
        return Optional.of(coefficient);
    }

    @Override
    public ParameterList parameters() {
        return coefficient.getParameters();
    }

    @Override
    public void saveState(DataOutputStream out) throws IOException {
        coefficient.saveParameters(out);
    }

    @Override
    public void loadState(DataInputStream in) throws IOException {
        coefficient.loadParameters(in);
    }

    @Override
    public void close() {
        coefficient.close();
    }

    /** Builder of {@link DoubleControlVariate}. */
    public static final class Builder {
        private int samples = DEFAULT_SAMPLES;
        private long seed;

        private Builder() {}

        /** Sets K &gt;= 2, the samples per example (default {@link DoubleControlVariate#DEFAULT_SAMPLES}). */
        public Builder optSamples(int samples) {
            this.samples = samples;
            return this;
        }

        /** Sets the seed of the parameters' initialization (default 0; α starts at 0 whatever the seed). */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Builds the estimator. */
        public DoubleControlVariate build() {
            MultiSample.checkSamples("double-cv", samples);
            return new DoubleControlVariate(this);
        }
    }
}

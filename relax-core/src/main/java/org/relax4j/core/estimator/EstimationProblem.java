package org.relax4j.core.estimator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Objects;
import org.relax4j.core.distribution.Bernoulli;
import org.relax4j.core.distribution.DiscreteDistribution;
import org.relax4j.core.objective.RelaxableObjective;
import org.relax4j.core.random.NoiseSource;

/**
 * One gradient-estimation problem: the logits α of a layer of discrete units for a batch of B
 * independent examples, the objective f, and the noise to use.
 *
 * <p>Build with {@link #builder()}. The logits may carry a graph to model parameters; estimators
 * never backpropagate into it, they return ĝ ≈ ∂E[f]/∂α and leave the chain rule to the caller
 * (see {@link GradientEstimate#surrogate}).
 */
public final class EstimationProblem {

    private final NDArray logits;
    private final RelaxableObjective objective;
    private final DiscreteDistribution distribution;
    private final NoiseSource.StepNoise noise;
    private final NDArray samplingNoise;
    private final NDArray conditioning;
    private final boolean trainEstimator;

    private EstimationProblem(Builder b) {
        this.logits =
                require(b.logits, "no logits set: call setLogits(alpha) with the layer's logits, shape (batch, units)");
        this.objective = new CheckedObjective(require(
                b.objective,
                "no objective set: call setObjective((h, temperature) -> f) with f returning shape (S, B)"));
        this.distribution = b.distribution;
        this.noise = require(
                b.noise,
                "no noise set: call setNoise(new NoiseSource(seed).forStep(step)) on the EstimationProblem builder");
        this.samplingNoise = b.samplingNoise;
        this.conditioning = b.conditioning;
        this.trainEstimator = b.trainEstimator;
        Shape shape = logits.getShape();
        if (shape.dimension() < 2 + distribution.eventRank()) {
            throw new IllegalArgumentException("logits must have shape (batch, units"
                    + (distribution.eventRank() == 1 ? ", categories" : "") + "), got " + shape);
        }
        if (distribution.eventRank() == 1 && shape.get(shape.dimension() - 1) < 2) {
            throw new IllegalArgumentException("categorical logits need at least 2 categories on their last axis, got "
                    + shape + "; use Bernoulli units for a single logit per unit");
        }
        requireFloat32("logits", logits);
        if (samplingNoise != null) {
            if (!samplingNoise.getShape().equals(shape)) {
                throw new IllegalArgumentException(
                        "sampling noise has shape " + samplingNoise.getShape() + " but logits have shape " + shape);
            }
            requireFloat32("sampling noise", samplingNoise);
            requireSameDevice("sampling noise", samplingNoise);
        }
        if (conditioning != null) {
            if (conditioning.getShape().dimension() != 2
                    || conditioning.getShape().get(0) != shape.get(0)) {
                throw new IllegalArgumentException("conditioning must have shape (batch, d) with the logits' batch "
                        + shape.get(0) + ", got " + conditioning.getShape());
            }
            requireFloat32("conditioning", conditioning);
            requireSameDevice("conditioning", conditioning);
        }
    }

    private static <T> T require(T value, String message) {
        if (value == null) {
            throw new IllegalArgumentException(message);
        }
        return value;
    }

    private static void requireFloat32(String what, NDArray array) {
        if (array.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException(
                    what + " must be float32, got " + array.getDataType().name().toLowerCase(java.util.Locale.ROOT)
                            + "; convert with " + (what.equals("logits") ? "logits" : "array")
                            + ".toType(DataType.FLOAT32, false)");
        }
    }

    private void requireSameDevice(String what, NDArray array) {
        if (!array.getDevice().equals(logits.getDevice())) {
            throw new IllegalArgumentException(what + " is on " + array.getDevice() + " but the logits are on "
                    + logits.getDevice() + "; move it with toDevice(logits.getDevice(), false)");
        }
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** α, shape (B, units…). */
    public NDArray logits() {
        return logits;
    }

    /**
     * f, checked on every evaluation: for inputs of shape (S, B, units…) it must return shape
     * (S, B), float32 (see {@link CheckedObjective}).
     */
    public RelaxableObjective objective() {
        return objective;
    }

    /** The distribution of the units (Bernoulli by default). */
    public DiscreteDistribution distribution() {
        return distribution;
    }

    /**
     * The unit type: the number of classes C of each unit, 2 for Bernoulli units (a binary unit
     * is a 2-class categorical), the logits' last axis for categorical units. Set by {@link
     * Builder#optDistribution}: Bernoulli logits have shape (B, units…), categorical logits (B,
     * units…, C).
     */
    public int categories() {
        return distribution.eventRank() == 0
                ? 2
                : Math.toIntExact(logits.getShape().get(logits.getShape().dimension() - 1));
    }

    /** Whether the units are categorical (one-hot samples over the logits' last axis). */
    public boolean isCategorical() {
        return distribution.eventRank() == 1;
    }

    /** Noise for this step. */
    public NoiseSource.StepNoise noise() {
        return noise;
    }

    /** Batch size B. */
    public long batchSize() {
        return logits.getShape().get(0);
    }

    /**
     * The noise u from which the sample b = H(g(α, u)) is drawn: the one given to the builder
     * (so a caller can know b in advance, as multi-layer models do), else fresh noise.
     */
    public NDArray samplingNoise() {
        return samplingNoise != null ? samplingNoise : uniform(logits.getShape());
    }

    /** Whether the caller supplied the sampling noise. */
    public boolean hasFixedSamplingNoise() {
        return samplingNoise != null;
    }

    /** Fresh Uniform(0, 1) noise of the given shape on the logits' device. */
    public NDArray uniform(Shape shape) {
        return noise.uniform(logits.getManager(), shape);
    }

    /** Per-example inputs for learned baselines and control variates, shape (B, d), or null. */
    public NDArray conditioning() {
        return conditioning;
    }

    /** Whether to build the loss that trains the estimator's own parameters. */
    public boolean trainEstimator() {
        return trainEstimator;
    }

    /** Builder of {@link EstimationProblem}. */
    public static final class Builder {
        private NDArray logits;
        private RelaxableObjective objective;
        private DiscreteDistribution distribution = Bernoulli.INSTANCE;
        private NoiseSource.StepNoise noise;
        private NDArray samplingNoise;
        private NDArray conditioning;
        private boolean trainEstimator = true;

        private Builder() {}

        /** Sets the logits α, shape (B, units…). */
        public Builder setLogits(NDArray logits) {
            this.logits = logits;
            return this;
        }

        /** Sets f. */
        public Builder setObjective(RelaxableObjective objective) {
            this.objective = objective;
            return this;
        }

        /** Sets the noise of this step. */
        public Builder setNoise(NoiseSource.StepNoise noise) {
            this.noise = noise;
            return this;
        }

        /** Sets the unit distribution (default Bernoulli). */
        public Builder optDistribution(DiscreteDistribution distribution) {
            this.distribution = Objects.requireNonNull(distribution);
            return this;
        }

        /** Fixes the sampling noise u (shape of the logits); single-sample estimators only. */
        public Builder optSamplingNoise(NDArray u) {
            this.samplingNoise = u;
            return this;
        }

        /** Sets per-example conditioning inputs (B, d) for learned baselines and networks. */
        public Builder optConditioning(NDArray conditioning) {
            this.conditioning = conditioning;
            return this;
        }

        /**
         * Whether to build the estimator's own training loss (default true). Turn off when only
         * measuring: it saves the second-order graph.
         */
        public Builder optTrainEstimator(boolean trainEstimator) {
            this.trainEstimator = trainEstimator;
            return this;
        }

        /** Builds the problem. */
        public EstimationProblem build() {
            return new EstimationProblem(this);
        }
    }
}

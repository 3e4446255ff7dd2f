package org.relax4j.core.estimator;

import ai.djl.ndarray.NDArray;
import org.relax4j.core.distribution.DiscreteDistribution;
import org.relax4j.core.engine.Autograd;
import org.relax4j.core.engine.NativeArrays;

/**
 * The Concrete / Gumbel-softmax estimator (Maddison et al. 2017; Jang et al. 2017):
 * ĝ = ∂f(σ_λ(z))/∂α with z = g(α, u), at a fixed temperature λ.
 *
 * <p><b>Biased</b>: it differentiates the relaxed objective E[f(σ_λ(z))], not E[f(b)]; the bias
 * vanishes only as λ → 0, where the variance grows without bound. The reported objective is f(b)
 * at the hard sample b = H(z).
 */
public final class Concrete extends AbstractEstimator {

    /** The default temperature λ. */
    public static final double DEFAULT_TEMPERATURE = 0.5;

    private final double temperature;

    private Concrete(Builder builder) {
        super("concrete", EstimatorTarget.NONE, 1);
        this.temperature = builder.temperature;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The temperature λ. */
    public double temperature() {
        return temperature;
    }

    @Override
    public GradientEstimate estimate(EstimationProblem problem) {
        EstimatorSupport.requireGradMode(name());
        DiscreteDistribution dist = problem.distribution();
        NDArray logits = EstimatorSupport.leaf(problem.logits());
        NDArray z = dist.reparameterize(logits, problem.samplingNoise());
        NDArray lambda = NativeArrays.constant(logits, temperature);
        NDArray relaxed = problem.objective()
                .apply(dist.relax(z, lambda).expandDims(0), lambda)
                .squeeze(0);
        NDArray g = Autograd.gradKeepingGraph(relaxed, logits); // relaxed is also the direct objective
        NDArray hard = EstimatorSupport.hardObjective(problem, dist.hard(z)).stopGradient();
        return new GradientEstimate(g, hard, relaxed, null);
    }

    /** Builder of {@link Concrete}. */
    public static final class Builder {
        private double temperature = DEFAULT_TEMPERATURE;

        private Builder() {}

        /** Sets the temperature λ &gt; 0 (default {@link Concrete#DEFAULT_TEMPERATURE}). */
        public Builder optTemperature(double temperature) {
            this.temperature = temperature;
            return this;
        }

        /** Builds the estimator. */
        public Concrete build() {
            if (!(temperature > 0)) {
                throw new IllegalArgumentException("the Concrete temperature must be positive, got " + temperature);
            }
            return new Concrete(this);
        }
    }
}

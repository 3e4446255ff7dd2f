package org.relax4j.core.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.ParameterList;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import org.relax4j.core.distribution.Bernoulli;
import org.relax4j.core.distribution.DiscreteDistribution;
import org.relax4j.core.engine.Autograd;
import org.relax4j.core.estimator.EstimationProblem;
import org.relax4j.core.estimator.GradientEstimate;
import org.relax4j.core.estimator.GradientEstimator;
import org.relax4j.core.objective.RelaxableObjective;
import org.relax4j.core.optim.GradientStep;
import org.relax4j.core.optim.StatefulAdam;
import org.relax4j.core.random.NoiseSource;

/**
 * A DJL {@link Loss} whose gradient with respect to the model is a Relax4J estimator's: put it in a
 * {@link ai.djl.training.DefaultTrainingConfig} and train with {@link ai.djl.training.EasyTrain}
 * (or your own {@code trainer.forward} / {@code collector.backward} / {@code trainer.step} loop)
 * a model whose block outputs the logits α of discrete units, shape (B, units…).
 *
 * <p>For predictions α and a sample b ~ p_α, with ĝ the estimator's per-example estimate of
 * ∂E[f]/∂α and F its per-example objective, the loss of a training batch is
 *
 * <pre>
 *   L = ± mean_B( s − stop(s) + F ),   s = directObjective + Σ_units α ⊙ stop(ĝ)
 * </pre>
 *
 * (minus when maximizing). Its value is the mean objective F and its gradient is the estimator's:
 * ∂L/∂ψ = ± mean_B ∂s/∂ψ for every model parameter ψ (the surrogate of {@link
 * GradientEstimate#surrogate}; the chain rule through α, plus the direct term when f itself has
 * parameters).
 *
 * <p>The estimator's own parameters (RELAX's control variate, REBAR's η and λ, a learned
 * baseline) are trained here, inside {@link #evaluate}, on the estimator's loss (the variance
 * objective mean ĝ², Grathwohl et al. 2018 §3) with their own optimizer: their gradients are
 * taken with {@link Autograd#grad} with respect to exactly those parameters and applied at once,
 * because DJL's {@code EasyTrain} calls {@code collector.backward(loss)} right after {@code
 * evaluate}, which frees the graph. That loss never enters L, so none of its gradient reaches the
 * model; the model's optimizer is the trainer's.
 *
 * <p>With grad mode off (validation, and the second call DJL's {@link
 * ai.djl.training.listener.EvaluatorTrainingListener} makes after each training batch to record
 * the loss) nothing is estimated or trained: the value is ± mean f(b) of a fresh sample b ~ p_α.
 *
 * <p>Noise is reproducible: training call t (counted from 0) uses {@code noise.forStep(t)};
 * evaluations without grad mode draw from a second stream of the same seed. All arrays a call
 * creates are closed before it returns, except the returned loss, which belongs to the manager of
 * the predictions (closed with the batch).
 */
public final class EstimatorLoss extends Loss {

    private static final long SAMPLE_STREAM = 0x5DEECE66DL;

    private final GradientEstimator estimator;
    private final RelaxableObjective objective;
    private final NoiseSource noise;
    private final NoiseSource sampleNoise;
    private final Optimizer estimatorOptimizer;
    private final DiscreteDistribution distribution;
    private final boolean maximize;
    private long trainingSteps;
    private long samples;
    private long skippedEstimatorSteps;

    private EstimatorLoss(Builder b) {
        super(b.name);
        this.estimator = b.estimator;
        this.objective = b.objective;
        this.noise = b.noise;
        this.sampleNoise = new NoiseSource(b.noise.seed() ^ SAMPLE_STREAM);
        this.estimatorOptimizer = b.estimatorOptimizer;
        this.distribution = b.distribution;
        this.maximize = b.maximize;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The estimator whose gradient this loss carries. */
    public GradientEstimator estimator() {
        return estimator;
    }

    /** Training evaluations so far (the step index of the next one's noise). */
    public long trainingSteps() {
        return trainingSteps;
    }

    /** Training evaluations whose estimator step was skipped for a non-finite loss or gradient. */
    public long skippedEstimatorSteps() {
        return skippedEstimatorSteps;
    }

    /**
     * The loss of a batch, see the class comment.
     *
     * @param labels ignored (the objective defines the task)
     * @param predictions one array, the logits α of shape (B, units…)
     * @return a scalar whose gradient is the estimator's
     */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        if (predictions == null || predictions.size() != 1) {
            throw new IllegalArgumentException(
                    "EstimatorLoss needs the block to output exactly one array (the logits), got "
                            + (predictions == null ? "none" : predictions.size() + " arrays"));
        }
        NDArray logits = predictions.head();
        NDManager owner = logits.getManager();
        try (NDScope scope = new NDScope()) {
            NDArray loss = Autograd.isGradMode() ? trainingLoss(logits) : sampledLoss(logits);
            if (maximize) {
                loss = loss.neg();
            }
            NDScope.unregister(loss);
            loss.attach(owner);
            return loss;
        }
    }

    private NDArray trainingLoss(NDArray logits) {
        GradientEstimate e = estimator.estimate(EstimationProblem.builder()
                .setLogits(logits)
                .setObjective(objective)
                .setNoise(noise.forStep(trainingSteps++))
                .optDistribution(distribution)
                .build());
        trainEstimator(e.estimatorLoss());
        NDArray s = e.surrogate(logits);
        return s.sub(s.stopGradient()).add(e.objective()).mean();
    }

    /** One step of the estimator's optimizer on its own loss, before the trainer frees the graph. */
    private void trainEstimator(NDArray estimatorLoss) {
        ParameterList parameters = estimator.parameters();
        if (estimatorLoss == null || parameters.isEmpty()) {
            return;
        }
        if (!GradientStep.minimize(estimatorOptimizer, estimatorLoss, parameters)) {
            skippedEstimatorSteps++;
        }
    }

    private NDArray sampledLoss(NDArray logits) {
        NDArray u = sampleNoise.forStep(samples++).uniform(logits.getManager(), logits.getShape());
        NDArray b = distribution.hard(distribution.reparameterize(logits.stopGradient(), u));
        return objective.apply(b.expandDims(0), null).mean();
    }

    /** Builder of {@link EstimatorLoss}. */
    public static final class Builder {
        private String name = "EstimatorLoss";
        private GradientEstimator estimator;
        private RelaxableObjective objective;
        private NoiseSource noise;
        private Optimizer estimatorOptimizer;
        private DiscreteDistribution distribution = Bernoulli.INSTANCE;
        private boolean maximize;

        private Builder() {}

        /** Sets the estimator (required), e.g. {@code EstimatorRegistry.standard().create("relax", …)}. */
        public Builder setEstimator(GradientEstimator estimator) {
            this.estimator = estimator;
            return this;
        }

        /** Sets f (required); it receives b of shape (S, B, units…) and returns (S, B). */
        public Builder setObjective(RelaxableObjective objective) {
            this.objective = objective;
            return this;
        }

        /** Sets the noise source (required): training call t uses {@code noise.forStep(t)}. */
        public Builder setNoise(NoiseSource noise) {
            this.noise = noise;
            return this;
        }

        /**
         * Sets the optimizer of the estimator's own parameters (default {@link StatefulAdam} with
         * learning rate 1e-3). Its state outlives steps even though it is updated inside one.
         */
        public Builder optEstimatorOptimizer(Optimizer optimizer) {
            this.estimatorOptimizer = optimizer;
            return this;
        }

        /** Sets the unit distribution (default Bernoulli). */
        public Builder optDistribution(DiscreteDistribution distribution) {
            this.distribution = distribution;
            return this;
        }

        /** Whether training should maximize E[f] (default false: minimize). */
        public Builder optMaximize(boolean maximize) {
            this.maximize = maximize;
            return this;
        }

        /** Sets the name DJL reports the loss under (default "EstimatorLoss"). */
        public Builder optName(String name) {
            this.name = name;
            return this;
        }

        /**
         * Builds the loss.
         *
         * @throws IllegalArgumentException if the estimator, objective or noise is missing
         */
        public EstimatorLoss build() {
            require(estimator, "an estimator: setEstimator(EstimatorRegistry.standard().create(\"relax\", config))");
            require(objective, "an objective: setObjective(yourRelaxableObjective)");
            require(noise, "a noise source: setNoise(new NoiseSource(seed))");
            require(distribution, "a distribution: optDistribution(Bernoulli.INSTANCE)");
            require(name, "a name: optName(\"loss\")");
            if (estimatorOptimizer == null) {
                estimatorOptimizer =
                        StatefulAdam.builder().optLearningRate(1e-3f).build();
            }
            return new EstimatorLoss(this);
        }

        private static void require(Object value, String what) {
            if (value == null) {
                throw new IllegalArgumentException("EstimatorLoss needs " + what);
            }
        }
    }
}

package org.relax4j.core.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.relax4j.core.estimator.GradientEstimator;
import org.relax4j.core.optim.GradientStep;
import org.relax4j.core.optim.StatefulAdam;
import org.relax4j.core.random.NoiseSource;
import org.relax4j.core.variance.EmaGradientVariance;

/**
 * Trains any {@link StochasticModel} with any gradient estimator, one estimator per stochastic
 * node.
 *
 * <p>One step t, inside an {@link NDScope} and a gradient collector: the model's
 * {@link StochasticModel#forward forward} on minibatch t with noise t gives the model loss L_θ
 * (whose θ-gradient is the estimated gradient of the expected objective, e.g. the RELAX estimator of
 * Grathwohl et al. 2018, eq. 8, per layer) and the estimators' loss L_φ (e.g. RELAX's variance objective mean ĝ²). Both
 * gradients, ∂L_φ/∂φ and ∂L_θ/∂θ, are computed before either update, since the estimator loss's
 * graph reads the model parameters' storage. If the objective or a gradient is not finite nothing
 * is updated and the step is reported as skipped; otherwise Adam updates φ and, after the warm-up
 * steps, θ. The variance tracker then follows the tracked parameters' gradients. Minibatches and
 * noise are pure functions of (seed, t), so a run resumes exactly from a checkpoint of its
 * {@link #components()}.
 *
 * <p>A model whose gradient estimator is part of the model itself (the non-differentiable models'
 * variational inference: no Bernoulli nodes, the estimator inside the model, its surrogate loss
 * carrying minus the estimated ELBO gradient) runs through the same loop with no stochastic nodes,
 * no estimator factory or estimator optimizer, and optionally no noise source.
 *
 * <p>{@link #fit} runs steps until a total, telling {@link TrainingListener}s of each.
 */
public final class StochasticTrainer implements AutoCloseable {

    /** Draws the minibatch of a step. */
    @FunctionalInterface
    public interface BatchSource {
        /** The minibatch of step {@code step}, on {@code manager}'s device. */
        NDArray batch(long step, NDManager manager);
    }

    private final StochasticModel model;
    private final NDManager manager;
    private final BatchSource batches;
    private final NoiseSource noise;
    private final List<StochasticNode> nodes;
    private final List<GradientEstimator> estimators = new ArrayList<>();
    private final ParameterList modelParameters;
    private final ParameterList estimatorParameters = new ParameterList();
    private final List<Integer> tracked = new ArrayList<>();
    private final StatefulAdam modelOptimizer;
    private final StatefulAdam estimatorOptimizer;
    private final EmaGradientVariance variance;
    private final long warmupSteps;
    private final int reportEvery;
    private final long evaluateEvery;
    private Supplier<String> divergenceAdvice = () -> "";
    private final List<TrainingListener> listeners = new ArrayList<>();
    private volatile boolean stopRequested;
    private String failure;

    private StochasticTrainer(Builder b) {
        this.model = b.model;
        this.manager = b.manager;
        this.batches = b.batches;
        this.noise = b.noise;
        this.modelOptimizer = b.modelOptimizer;
        this.estimatorOptimizer = b.estimatorOptimizer;
        this.variance = b.variance;
        this.warmupSteps = b.warmupSteps;
        this.reportEvery = b.reportEvery;
        this.evaluateEvery = b.evaluateEvery;
        this.modelParameters = model.parameters();
        for (int i = 0; i < modelParameters.size(); i++) {
            if (model.tracksVariance(modelParameters.keyAt(i))) {
                tracked.add(i);
            }
        }
        this.nodes = List.copyOf(model.stochasticNodes());
        for (StochasticNode node : nodes) {
            GradientEstimator e = b.estimators.get();
            e.initialize(manager, node.logitsShape(), node.conditioningShape());
            estimators.add(e);
            for (Pair<String, Parameter> p : e.parameters()) {
                estimatorParameters.add(node.name() + "/" + p.getKey(), p.getValue());
            }
        }
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The model. */
    public StochasticModel model() {
        return model;
    }

    /** The manager the model and estimators live on. */
    public NDManager manager() {
        return manager;
    }

    /** One estimator per stochastic node, in node order. */
    public List<GradientEstimator> estimators() {
        return Collections.unmodifiableList(estimators);
    }

    /** The stochastic nodes. */
    public List<StochasticNode> nodes() {
        return nodes;
    }

    /** The estimators' parameters, named "node/parameter". */
    public ParameterList estimatorParameters() {
        return estimatorParameters;
    }

    /** The gradient-variance tracker, or null. */
    public EmaGradientVariance gradientVariance() {
        return variance;
    }

    /** Adds a listener; listeners run in the order they were added. */
    public StochasticTrainer addListener(TrainingListener listener) {
        listeners.add(listener);
        return this;
    }

    /**
     * The components a checkpoint saves, in order: the model, each node's estimator, both
     * optimizers, the variance tracker, then every {@link Stateful} listener.
     */
    public List<Stateful> components() {
        List<Stateful> out = new ArrayList<>();
        out.add(model);
        for (int i = 0; i < nodes.size(); i++) {
            GradientEstimator e = estimators.get(i);
            out.add(Stateful.of("estimator/" + nodes.get(i).name(), e::saveState, (in, m) -> e.loadState(in)));
        }
        out.add(Stateful.of("optimizer/model", modelOptimizer::save, modelOptimizer::load));
        if (estimatorOptimizer != null) {
            out.add(Stateful.of("optimizer/estimators", estimatorOptimizer::save, estimatorOptimizer::load));
        }
        if (variance != null) {
            out.add(Stateful.of("gradient-variance", variance::save, variance::load));
        }
        for (TrainingListener l : listeners) {
            if (l instanceof Stateful s) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * Runs step {@code step}: its minibatch and noise are functions of the seed and the step.
     * Nothing is updated if the objective, a loss or a gradient is not finite.
     *
     * @param updateModel whether to update the model (false during warm-up and fine-tuning)
     * @param updateEstimators whether to train the estimators' parameters
     * @throws DivergenceException if the model's parameters became non-finite from finite gradients
     */
    public StepResult step(long step, boolean updateModel, boolean updateEstimators) {
        try (NDScope scope = new NDScope();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray x = batches == null ? null : batches.batch(step, manager);
            StepOutput out = model.forward(x, noise == null ? null : noise.forStep(step), estimators, updateEstimators);
            double objective = out.objective() == null
                    ? Double.NaN
                    : out.objective().mean().getFloat();
            NDList estimatorGrads = null;
            if (updateEstimators && out.estimatorLoss() != null && !estimatorParameters.isEmpty()) {
                estimatorGrads = GradientStep.gradients(out.estimatorLoss(), estimatorParameters);
            }
            NDList modelGrads = GradientStep.gradients(out.modelLoss(), modelParameters);
            if (out.objective() != null && !Double.isFinite(objective)) {
                return new StepResult(false, objective, "the objective is not finite");
            }
            if (!GradientStep.allFinite(modelGrads)) {
                return new StepResult(false, objective, "a model gradient is not finite");
            }
            if (estimatorGrads != null && !GradientStep.allFinite(estimatorGrads)) {
                return new StepResult(false, objective, "an estimator-parameter gradient is not finite");
            }
            if (estimatorGrads != null) {
                GradientStep.apply(estimatorOptimizer, estimatorParameters, estimatorGrads);
            }
            if (updateModel) {
                GradientStep.apply(modelOptimizer, modelParameters, modelGrads);
            }
            if (variance != null) {
                variance.update(trackedGradients(modelGrads));
            }
            if (updateModel && !parametersFinite()) {
                throw new DivergenceException("the model's parameters became non-finite at step " + (step + 1)
                        + " although its gradients were finite: the learning rate "
                        + modelOptimizer.learningRate() + " is too large");
            }
            return new StepResult(true, objective, null);
        }
    }

    /**
     * Runs steps {@code fromStep} … {@code toStep − 1} (the model frozen during the warm-up
     * steps), telling the listeners of each, until the total is reached, a listener
     * {@link #fail fails} the run, the model diverges or {@link #requestStop()} is called.
     */
    public Outcome fit(long fromStep, long toStep) {
        return fit(fromStep, toStep, false);
    }

    /**
     * Runs steps {@code fromStep} … {@code toStep − 1} training only the estimators, the model
     * frozen (fine-tuning a control variate), with the listeners told of each as in {@link #fit}.
     */
    public Outcome fitEstimators(long fromStep, long toStep) {
        return fit(fromStep, toStep, true);
    }

    private Outcome fit(long fromStep, long toStep, boolean frozenModel) {
        failure = null;
        long step = fromStep;
        for (TrainingListener l : listeners) {
            l.onTrainingBegin(this, fromStep);
        }
        String stopReason = null;
        while (step < toStep) {
            if (stopRequested) {
                stopReason = Outcome.INTERRUPTED;
                break;
            }
            long startNanos = System.nanoTime();
            StepResult r;
            try {
                r = step(step, !frozenModel && step >= warmupSteps, true);
            } catch (DivergenceException e) {
                stopReason = e.getMessage() + ". Nothing was saved after it" + divergenceAdvice();
                break;
            }
            step++;
            boolean evaluate = evaluateEvery > 0 && step % evaluateEvery == 0 || step == toStep;
            boolean report = evaluate || step % reportEvery == 0;
            StepEvent event = new StepEvent(step, toStep, r, report, evaluate, startNanos);
            for (TrainingListener l : listeners) {
                l.onStep(this, event);
                if (failure != null) {
                    break;
                }
            }
            if (failure != null) {
                stopReason = failure;
                break;
            }
        }
        Outcome outcome = new Outcome(step, fromStep, step >= toStep && stopReason == null, stopReason);
        for (TrainingListener l : listeners) {
            l.onTrainingEnd(this, outcome);
        }
        return outcome;
    }

    /**
     * Sets what is appended to the stop reason when the model diverges or a listener ends the
     * run for non-finite steps (e.g. where the last good checkpoint is); asked at that moment, so
     * it can depend on what has been saved by then.
     */
    public void setDivergenceAdvice(Supplier<String> advice) {
        this.divergenceAdvice = Objects.requireNonNull(advice, "advice");
    }

    /** The advice to append to a divergence's stop reason, as of now. */
    public String divergenceAdvice() {
        return divergenceAdvice.get();
    }

    /** Asks the loop to stop before its next step (thread-safe: Ctrl-C handlers call it). */
    public void requestStop() {
        stopRequested = true;
    }

    /** Ends the run as failed (called by a listener from {@code onStep}); the state is not saved. */
    public void fail(String reason) {
        failure = reason;
    }

    /**
     * log mean_k Var(g_k) of the tracked model gradients over {@code samples} independent noise
     * draws on the fixed minibatch of step {@code batchStep}, the model held fixed: an exact
     * (non-EMA) measurement for before/after comparisons.
     */
    public double measureGradientLogVariance(long batchStep, NoiseSource measurement, int samples) {
        if (samples < 2) {
            throw new IllegalArgumentException("need at least 2 samples to measure a variance");
        }
        NDList sum = null;
        NDList sumSq = null;
        try (NDScope outer = new NDScope()) {
            NDArray x = batches == null ? null : batches.batch(batchStep, manager);
            for (int s = 0; s < samples; s++) {
                try (NDScope scope = new NDScope();
                        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    StepOutput out = model.forward(x, measurement.forStep(s), estimators, false);
                    NDList g = trackedGradients(GradientStep.gradients(out.modelLoss(), modelParameters));
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

    private NDList trackedGradients(NDList all) {
        NDList out = new NDList(tracked.size());
        for (int i : tracked) {
            out.add(all.get(i));
        }
        return out;
    }

    private boolean parametersFinite() {
        for (Pair<String, Parameter> p : modelParameters) {
            if (!GradientStep.isFinite(p.getValue().getArray())) {
                return false;
            }
        }
        return true;
    }

    /** Closes the estimators, the variance tracker, the optimizers' state and the manager. */
    @Override
    public void close() {
        estimators.forEach(GradientEstimator::close);
        if (variance != null) {
            variance.close();
        }
        modelOptimizer.clear();
        if (estimatorOptimizer != null) {
            estimatorOptimizer.clear();
        }
        manager.close();
    }

    /** Builds a {@link StochasticTrainer}; {@code set…} values are required, {@code opt…} have defaults. */
    public static final class Builder {
        private StochasticModel model;
        private NDManager manager;
        private Supplier<GradientEstimator> estimators;
        private BatchSource batches;
        private NoiseSource noise;
        private StatefulAdam modelOptimizer;
        private StatefulAdam estimatorOptimizer;
        private EmaGradientVariance variance;
        private long warmupSteps;
        private int reportEvery = 100;
        private long evaluateEvery;

        private Builder() {}

        /** The model (already initialized on the manager). */
        public Builder setModel(StochasticModel model) {
            this.model = model;
            return this;
        }

        /** The manager the model lives on; the trainer closes it. */
        public Builder setManager(NDManager manager) {
            this.manager = manager;
            return this;
        }

        /**
         * Creates one estimator per stochastic node, called in node order at {@link #build()};
         * required when the model has stochastic nodes.
         */
        public Builder setEstimators(Supplier<GradientEstimator> factory) {
            this.estimators = factory;
            return this;
        }

        /**
         * The step noise, a pure function of its seed and the step; null for a model that draws
         * from a stream of its own (its {@code forward} then gets null noise).
         */
        public Builder setNoise(NoiseSource noise) {
            this.noise = noise;
            return this;
        }

        /** The optimizer of the model's parameters. */
        public Builder setModelOptimizer(StatefulAdam optimizer) {
            this.modelOptimizer = optimizer;
            return this;
        }

        /** The optimizer of the estimators' parameters; required when the estimators have parameters. */
        public Builder setEstimatorOptimizer(StatefulAdam optimizer) {
            this.estimatorOptimizer = optimizer;
            return this;
        }

        /** The minibatches (default: none, for a model without data). */
        public Builder optBatches(BatchSource batches) {
            this.batches = batches;
            return this;
        }

        /** A tracker of the gradient variance of the model's tracked parameters (default: none). */
        public Builder optGradientVariance(EmaGradientVariance variance) {
            this.variance = variance;
            return this;
        }

        /** Initial steps that train only the estimators (default 0; Long.MAX_VALUE freezes the model). */
        public Builder optWarmupSteps(long steps) {
            this.warmupSteps = steps;
            return this;
        }

        /** Steps between reported steps (default 100). */
        public Builder optReportEvery(int steps) {
            this.reportEvery = steps;
            return this;
        }

        /** Steps between evaluation steps, 0 = the last step only (default 0). */
        public Builder optEvaluateEvery(long steps) {
            this.evaluateEvery = steps;
            return this;
        }

        /** Checks the settings, initializes one estimator per node and builds the trainer. */
        public StochasticTrainer build() {
            if (model == null || manager == null || modelOptimizer == null) {
                throw new IllegalArgumentException("a trainer needs a model, a manager and a model optimizer");
            }
            if (estimators == null && !model.stochasticNodes().isEmpty()) {
                throw new IllegalArgumentException("a model with stochastic nodes needs an estimator factory");
            }
            if (reportEvery <= 0 || evaluateEvery < 0 || warmupSteps < 0) {
                throw new IllegalArgumentException(
                        "report interval must be positive, evaluation interval and " + "warm-up >= 0");
            }
            StochasticTrainer trainer = new StochasticTrainer(this);
            if (estimatorOptimizer == null && !trainer.estimatorParameters.isEmpty()) {
                trainer.close();
                throw new IllegalArgumentException("the estimators have parameters: set an estimator optimizer");
            }
            return trainer;
        }
    }
}

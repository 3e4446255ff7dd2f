package org.relax4j.core.controlvariate;

import ai.djl.ndarray.NDArray;
import org.relax4j.core.engine.NativeArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import org.relax4j.core.estimator.EstimationProblem;

/**
 * The control variate c_φ of REBAR and RELAX (Tucker et al. 2017 eq. 6; Grathwohl et al. 2018
 * §3, eq. 5 and §6.2):
 *
 * <pre>
 *   c_φ(z) = η · f(σ_λ(z))  +  s · r_ρ(features(z), x)
 * </pre>
 *
 * <ul>
 *   <li>the first term (the relaxed objective, REBAR's control variate) is present when {@link
 *       Builder#optRelaxedObjective} is on; η starts at 1 and λ = exp(log λ) at 0.5;
 *   <li>the second term is an MLP r_ρ with a learned output scale s, present when {@link
 *       Builder#optNetwork} is set; its input is the logit-scale z itself ({@link
 *       Features#LOGIT}, as in the RELAX VAE code) or 2σ_λ(z) − 1 ({@link Features#RELAXED}, as in
 *       the toy experiment), concatenated with the problem's conditioning inputs x if any.
 * </ul>
 *
 * REBAR is this block with the relaxed objective alone; RELAX adds the network; "RELAX, network
 * only" drops the objective. All of φ = {η, log λ, s, ρ} is trained on the variance objective.
 */
public final class RelaxControlVariate extends EstimatorBlock {

    /** What the network sees of z. */
    public enum Features {
        /** z itself, on the logit scale. */
        LOGIT,
        /** 2σ_λ(z) − 1, in (−1, 1). */
        RELAXED
    }

    private final boolean relaxedObjective;
    private final Features features;
    private final double weightDecay;
    private final boolean learnTemperature;
    private final Parameter eta;
    private final Parameter logTemperature;
    private final Parameter scale;
    private final SequentialBlock network;

    private RelaxControlVariate(Builder b) {
        this.relaxedObjective = b.relaxedObjective;
        this.features = b.features;
        this.weightDecay = b.weightDecay;
        this.learnTemperature = b.learnTemperature;
        if (!relaxedObjective && b.depth < 0) {
            throw new IllegalArgumentException(
                    "a control variate needs the relaxed objective, a network, or both");
        }
        eta = relaxedObjective ? addParameter(scalar("eta", b.etaInit, true)) : null;
        boolean usesTemperature = relaxedObjective || (b.depth >= 0 && features == Features.RELAXED);
        logTemperature =
                usesTemperature
                        ? addParameter(scalar("log_temperature", Math.log(b.temperature), learnTemperature))
                        : null;
        if (b.depth >= 0) {
            scale = addParameter(scalar("scale", b.scaleInit, true));
            network = addChildBlock("network", Mlp.create(b.depth, b.width, b.nonlinearity, 1));
        } else {
            scale = null;
            network = null;
        }
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    private static Parameter scalar(String name, double value, boolean trainable) {
        return Parameter.builder()
                .setName(name)
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(1))
                .optInitializer(new ConstantInitializer((float) value))
                .optRequiresGrad(trainable)
                .build();
    }

    /**
     * Creates the parameters for samples z of shape (B, units…) and conditioning of shape (B, d)
     * or null.
     */
    public void initialize(NDManager manager, Shape unitShape, Shape conditioningShape) {
        Shape features = new Shape(1, unitShape.get(0), unitShape.size() / unitShape.get(0));
        if (conditioningShape == null) {
            initializeOn(manager, features);
        } else {
            initializeOn(manager, features, conditioningShape);
        }
    }

    /**
     * c_φ(z) for a stack of samples z (S, B, units…), shape (S, B), differentiable in z and φ.
     */
    public NDArray evaluate(NDArray z, EstimationProblem problem) {
        if (!isReady()) {
            NDArray x = problem.conditioning();
            initialize(ownManagerLike(problem.logits()), problem.logits().getShape(), x == null ? null : x.getShape());
        }
        NDArray temperature = logTemperature == null ? null : value(logTemperature).exp();
        NDArray c = null;
        if (relaxedObjective) {
            NDArray relaxed = problem.distribution().relax(z, temperature);
            c = problem.objective().apply(relaxed, temperature).mul(value(eta));
        }
        if (network != null) {
            long s = z.getShape().get(0);
            long batch = z.getShape().get(1);
            // 2σ(z/λ) − 1 = tanh(z / 2λ)
            NDArray input = features == Features.LOGIT ? z : z.div(temperature.add(temperature)).tanh();
            input = input.reshape(s, batch, -1);
            NDList inputs =
                    problem.conditioning() == null
                            ? new NDList(input)
                            : new NDList(input, problem.conditioning());
            NDArray r = forward(store(), inputs, true).singletonOrThrow();
            c = c == null ? r : c.add(r);
        }
        return c;
    }

    /** The weight-decay penalty wd · Σ‖W‖² over the network's weight matrices (0 if none). */
    public NDArray regularization(NDManager manager) {
        if (network == null || weightDecay == 0) {
            return null;
        }
        NDArray total = null;
        for (var entry : network.getParameters()) {
            Parameter p = entry.getValue();
            if (p.getType() == Parameter.Type.WEIGHT) {
                NDArray w = value(p);
                NDArray sq = w.mul(w).sum();
                total = total == null ? sq : total.add(sq);
            }
        }
        return total == null ? null : NativeArrays.times(total, weightDecay);
    }

    /** The trainable parameters φ, by their names in this block. */
    public ParameterList trainableParameters() {
        ParameterList list = new ParameterList();
        getParameters().forEach(p -> {
            if (p.getValue().requiresGradient()) {
                list.add(p.getKey(), p.getValue());
            }
        });
        return list;
    }

    /** λ = exp(log λ), or NaN if this control variate has no temperature. */
    public double temperature() {
        return logTemperature == null ? Double.NaN : Math.exp(logTemperature.getArray().getFloat(0));
    }

    /** η, or NaN if this control variate has no relaxed-objective term. */
    public double eta() {
        return eta == null ? Double.NaN : eta.getArray().getFloat(0);
    }

    private NDArray value(Parameter p) {
        return store().getValue(p, p.getArray().getDevice(), true);
    }

    /**
     * The learned part s·r_ρ: inputs (features (S, B, d₁)[, conditioning (B, d₂)]) → (S, B).
     */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray features = inputs.get(0);
        if (inputs.size() > 1) {
            NDArray x = inputs.get(1);
            long s = features.getShape().get(0);
            NDArray broadcast = x.expandDims(0).broadcast(new Shape(s, x.getShape().get(0), x.getShape().get(1)));
            features = features.concat(broadcast, -1);
        }
        NDArray r = network.forward(parameterStore, new NDList(features), training).singletonOrThrow().squeeze(-1);
        NDArray s = parameterStore.getValue(scale, r.getDevice(), training);
        return new NDList(r.mul(s));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), inputShapes[0].get(1))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        if (network != null) {
            long d = inputShapes[0].get(2) + (inputShapes.length > 1 ? inputShapes[1].get(1) : 0);
            network.initialize(manager, dataType, new Shape(inputShapes[0].get(0), inputShapes[0].get(1), d));
        }
    }

    /** Builder of {@link RelaxControlVariate}. */
    public static final class Builder {
        private boolean relaxedObjective = true;
        private double etaInit = 1;
        private double temperature = 0.5;
        private boolean learnTemperature = true;
        private int depth = -1;
        private int width = 200;
        private Mlp.Nonlinearity nonlinearity = Mlp.Nonlinearity.RELU;
        private Features features = Features.LOGIT;
        private double scaleInit = 1;
        private double weightDecay;

        private Builder() {}

        /** Whether c includes η·f(σ_λ(z)) (default true). */
        public Builder optRelaxedObjective(boolean on) {
            this.relaxedObjective = on;
            return this;
        }

        /** Initial η (default 1). */
        public Builder optEtaInit(double eta) {
            this.etaInit = eta;
            return this;
        }

        /** Initial (or fixed) temperature λ (default 0.5). */
        public Builder optTemperature(double temperature) {
            if (!(temperature > 0)) {
                throw new IllegalArgumentException("temperature must be positive, got " + temperature);
            }
            this.temperature = temperature;
            return this;
        }

        /** Whether log λ is learned (default true). */
        public Builder optLearnTemperature(boolean learn) {
            this.learnTemperature = learn;
            return this;
        }

        /**
         * Adds the network r: {@code depth} hidden layers of {@code width} units (depth 0 is a
         * linear map).
         */
        public Builder optNetwork(int depth, int width, Mlp.Nonlinearity nonlinearity, Features features) {
            if (depth < 0 || width <= 0) {
                throw new IllegalArgumentException(
                        "network depth must be >= 0 and width > 0, got depth " + depth + ", width " + width);
            }
            this.depth = depth;
            this.width = width;
            this.nonlinearity = nonlinearity;
            this.features = features;
            return this;
        }

        /** Initial output scale s of the network (default 1; the toy experiment starts at 0). */
        public Builder optScaleInit(double scale) {
            this.scaleInit = scale;
            return this;
        }

        /** Weight decay on the network's weight matrices, added to the variance loss (default 0). */
        public Builder optWeightDecay(double weightDecay) {
            if (weightDecay < 0) {
                throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
            }
            this.weightDecay = weightDecay;
            return this;
        }

        /** Builds the control variate. */
        public RelaxControlVariate build() {
            return new RelaxControlVariate(this);
        }
    }
}

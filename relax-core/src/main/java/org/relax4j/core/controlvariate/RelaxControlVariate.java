package org.relax4j.core.controlvariate;

import ai.djl.ndarray.NDArray;
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
import org.relax4j.core.engine.NativeArrays;
import org.relax4j.core.estimator.EstimationProblem;

/**
 * The control variate c_φ of REBAR and RELAX (Tucker et al. 2017 eq. 6; Grathwohl et al. 2018
 * eq. 8 and §6.2):
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
 *
 * <p>As a DJL {@link ai.djl.nn.Block}, it holds all of φ ({@code getParameters}, {@code
 * saveParameters}, {@code loadParameters} cover η, log λ, s and ρ) and its {@code forward} is the
 * network term alone: (features (S, B, d₁)[, conditioning x (B, d₂)]) → s · r_ρ(features, x),
 * shape (S, B), zero when there is no network. The relaxed term η f(σ_λ(z)) needs the objective f,
 * which is not an array, so the whole c_φ(z) is {@link #evaluate(NDArray, EstimationProblem)}.
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
    private final Mlp.Nonlinearity nonlinearity;
    private final Parameter eta;
    private final Parameter logTemperature;
    private final Parameter scale;
    private final SequentialBlock network;

    private RelaxControlVariate(Builder b) {
        this.relaxedObjective = b.relaxedObjective;
        this.features = b.features;
        this.weightDecay = b.network ? b.weightDecay : 0;
        this.learnTemperature = b.learnTemperature;
        this.nonlinearity = b.nonlinearity;
        eta = relaxedObjective ? addParameter(scalar("eta", b.etaInit, true)) : null;
        boolean usesTemperature = relaxedObjective || (b.network && features == Features.RELAXED);
        logTemperature = usesTemperature
                ? addParameter(scalar("log_temperature", Math.log(b.temperature), learnTemperature))
                : null;
        if (b.network) {
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
        NDArray temperature =
                logTemperature == null ? null : value(logTemperature).exp();
        NDArray c = null;
        if (relaxedObjective) {
            NDArray relaxed = problem.distribution().relax(z, temperature);
            c = problem.objective().apply(relaxed, temperature).mul(value(eta));
        }
        if (network != null) {
            long s = z.getShape().get(0);
            long batch = z.getShape().get(1);
            // 2σ(z/λ) − 1 = tanh(z / 2λ)
            NDArray input = features == Features.LOGIT
                    ? z
                    : z.div(temperature.add(temperature)).tanh();
            input = input.reshape(s, batch, -1);
            NDList inputs =
                    problem.conditioning() == null ? new NDList(input) : new NDList(input, problem.conditioning());
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

    /** Whether c includes the relaxed objective η·f(σ_λ(z)). */
    public boolean hasRelaxedObjective() {
        return relaxedObjective;
    }

    /** Whether c includes the network term s·r_ρ. */
    public boolean hasNetwork() {
        return network != null;
    }

    /** What the network sees of z. */
    public Features features() {
        return features;
    }

    /** The network's hidden-layer nonlinearity. */
    public Mlp.Nonlinearity nonlinearity() {
        return nonlinearity;
    }

    /** The weight decay wd of the network's weight matrices (0 without a network). */
    public double weightDecay() {
        return weightDecay;
    }

    /** λ = exp(log λ), or NaN if this control variate has no temperature. */
    public double temperature() {
        return logTemperature == null
                ? Double.NaN
                : Math.exp(logTemperature.getArray().getFloat(0));
    }

    /** η, or NaN if this control variate has no relaxed-objective term. */
    public double eta() {
        return eta == null ? Double.NaN : eta.getArray().getFloat(0);
    }

    private NDArray value(Parameter p) {
        return store().getValue(p, p.getArray().getDevice(), true);
    }

    /**
     * The network term s·r_ρ: inputs (features (S, B, d₁)[, conditioning (B, d₂)]) → (S, B); zeros
     * of that shape when this control variate has no network (REBAR).
     */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray features = inputs.get(0);
        if (network == null) {
            Shape shape = features.getShape();
            return new NDList(
                    features.getManager().zeros(new Shape(shape.get(0), shape.get(1)), features.getDataType()));
        }
        if (inputs.size() > 1) {
            NDArray x = inputs.get(1);
            long s = features.getShape().get(0);
            NDArray broadcast = x.expandDims(0)
                    .broadcast(new Shape(s, x.getShape().get(0), x.getShape().get(1)));
            features = features.concat(broadcast, -1);
        }
        NDArray r = network.forward(parameterStore, new NDList(features), training)
                .singletonOrThrow()
                .squeeze(-1);
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

    /** Builder of {@link RelaxControlVariate}: each option's default is stated, and checked, here only. */
    public static final class Builder {
        /** Default initial (or fixed) temperature λ. */
        public static final double DEFAULT_TEMPERATURE = 0.5;
        /** Default initial η. */
        public static final double DEFAULT_ETA = 1;
        /** Default hidden layers of r_ρ. */
        public static final int DEFAULT_DEPTH = 2;
        /** Default units per hidden layer of r_ρ. */
        public static final int DEFAULT_WIDTH = 200;
        /** Default initial output scale s. */
        public static final double DEFAULT_SCALE = 1;
        /** Default weight decay of r_ρ's weight matrices. */
        public static final double DEFAULT_WEIGHT_DECAY = 0;

        private boolean relaxedObjective = true;
        private double etaInit = DEFAULT_ETA;
        private double temperature = DEFAULT_TEMPERATURE;
        private boolean learnTemperature = true;
        private boolean network;
        private int depth = DEFAULT_DEPTH;
        private int width = DEFAULT_WIDTH;
        private Mlp.Nonlinearity nonlinearity = Mlp.Nonlinearity.RELU;
        private Features features = Features.LOGIT;
        private double scaleInit = DEFAULT_SCALE;
        private double weightDecay = DEFAULT_WEIGHT_DECAY;

        private Builder() {}

        /** Whether c includes η·f(σ_λ(z)) (default true). */
        public Builder optRelaxedObjective(boolean on) {
            this.relaxedObjective = on;
            return this;
        }

        /** Initial η (default {@link #DEFAULT_ETA}). */
        public Builder optEtaInit(double eta) {
            this.etaInit = eta;
            return this;
        }

        /** Initial (or fixed) temperature λ &gt; 0 (default {@link #DEFAULT_TEMPERATURE}). */
        public Builder optTemperature(double temperature) {
            this.temperature = temperature;
            return this;
        }

        /** Whether log λ is learned (default true). */
        public Builder optLearnTemperature(boolean learn) {
            this.learnTemperature = learn;
            return this;
        }

        /** Whether c includes the network term s·r_ρ (default false: REBAR's control variate). */
        public Builder optNetwork(boolean on) {
            this.network = on;
            return this;
        }

        /** Hidden layers of r_ρ, 0 for a linear map (default {@link #DEFAULT_DEPTH}). */
        public Builder optNetworkDepth(int depth) {
            this.depth = depth;
            return this;
        }

        /** Units per hidden layer of r_ρ (default {@link #DEFAULT_WIDTH}). */
        public Builder optNetworkWidth(int width) {
            this.width = width;
            return this;
        }

        /** Nonlinearity of r_ρ (default ReLU). */
        public Builder optNonlinearity(Mlp.Nonlinearity nonlinearity) {
            this.nonlinearity = java.util.Objects.requireNonNull(nonlinearity, "nonlinearity");
            return this;
        }

        /** What r_ρ sees of z (default {@link Features#LOGIT}). */
        public Builder optFeatures(Features features) {
            this.features = java.util.Objects.requireNonNull(features, "features");
            return this;
        }

        /** Initial output scale s of the network (default {@link #DEFAULT_SCALE}; the toy experiment starts at 0). */
        public Builder optScaleInit(double scale) {
            this.scaleInit = scale;
            return this;
        }

        /** Weight decay wd ≥ 0 on r_ρ's weight matrices, added to the variance loss (default {@link #DEFAULT_WEIGHT_DECAY}). */
        public Builder optWeightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /**
         * One line describing the options as set, e.g. for listing presets:
         * "network depth 3, width 200, relu, logit features, scale 1.0, weight decay 0.001; eta 1.0, temperature 0.5 learned".
         */
        public String describe() {
            String lower = nonlinearity.name().toLowerCase(java.util.Locale.ROOT);
            return "network depth " + depth + ", width " + width + ", " + lower + ", "
                    + features.name().toLowerCase(java.util.Locale.ROOT) + " features, scale " + scaleInit
                    + ", weight decay " + weightDecay + "; eta " + etaInit + ", temperature " + temperature
                    + (learnTemperature ? " learned" : " fixed");
        }

        /** Builds the control variate, checking the options. */
        public RelaxControlVariate build() {
            if (!relaxedObjective && !network) {
                throw new IllegalArgumentException("a control variate needs the relaxed objective, a network, or both");
            }
            if (!(temperature > 0)) {
                throw new IllegalArgumentException("the temperature must be positive, got " + temperature);
            }
            if (network && (depth < 0 || width <= 0)) {
                throw new IllegalArgumentException(
                        "the control variate's network needs depth >= 0 and width > 0, got depth " + depth + ", width "
                                + width);
            }
            if (!(weightDecay >= 0)) {
                throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
            }
            return new RelaxControlVariate(this);
        }
    }
}

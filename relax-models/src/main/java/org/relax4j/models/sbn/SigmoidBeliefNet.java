package org.relax4j.models.sbn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.relax4j.core.controlvariate.Mlp;
import org.relax4j.core.distribution.Bernoulli;
import org.relax4j.core.engine.NativeArrays;
import org.relax4j.core.objective.RelaxableObjective;

/**
 * A binary variational autoencoder / sigmoid belief net with L stochastic layers of Bernoulli
 * units (Tucker et al. 2017 §5; Grathwohl et al. 2018 §6.2; docs/estimators.md, "Sigmoid belief
 * nets and binary VAEs").
 *
 * <p>Generative model p(x, b₁…b_L) = p(b_L) Π_{l&lt;L} p(b_l | b_{l+1}) p(x | b₁), inference model
 * q(b₁…b_L | x) = q(b₁ | x) Π_{l>1} q(b_l | b_{l−1}); every conditional is factorised Bernoulli
 * with logits from a map that has {@code hidden} tanh layers then a linear one. Inputs to the
 * first encoder map are x − x̄ (training mean); latent inputs are fed as 2b − 1; the decoder's
 * output bias starts at logit(clip(x̄, 0.001, 0.999)); the prior logits are learned, starting at
 * 0.
 *
 * <p>The per-example objective is the ELBO's integrand
 * f(x, b) = log p(x, b) − log q(b | x), evaluated by {@link #elbo} with any (also relaxed) values
 * of the units: log Bern(h; ℓ) = h·ℓ − softplus(ℓ) extends to h ∈ [0, 1].
 */
public final class SigmoidBeliefNet extends AbstractBlock {

    private final int inputDim;
    private final int layers;
    private final int units;
    private final int hidden;
    private final int hiddenUnits;
    private final float[] dataMean;
    private final List<SequentialBlock> encoders = new ArrayList<>();
    private final List<SequentialBlock> decoders = new ArrayList<>();
    private final Parameter priorLogits;
    private ParameterStore store;
    private NDArray mean;

    private SigmoidBeliefNet(Builder b) {
        this.inputDim = b.dataMean.length;
        this.layers = b.layers;
        this.units = b.units;
        this.hidden = b.hidden;
        this.hiddenUnits = b.hiddenUnits;
        this.dataMean = b.dataMean.clone();
        for (int l = 1; l <= layers; l++) {
            encoders.add(addChildBlock("encoder" + l, Mlp.create(hidden, hiddenUnits, Mlp.Nonlinearity.TANH, units)));
        }
        for (int l = 1; l <= layers; l++) {
            int out = l == 1 ? inputDim : units;
            decoders.add(addChildBlock("decoder" + l, Mlp.create(hidden, hiddenUnits, Mlp.Nonlinearity.TANH, out)));
        }
        priorLogits = addParameter(Parameter.builder()
                .setName("prior_logits")
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(units))
                .optInitializer(new ConstantInitializer(0f))
                .build());
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Number of stochastic layers L. */
    public int stochasticLayers() {
        return layers;
    }

    /** Units per stochastic layer. */
    public int units() {
        return units;
    }

    /** Dimension of x. */
    public int inputDim() {
        return inputDim;
    }

    /** A short description, e.g. "2x200 stochastic, 0 hidden". */
    public String describe() {
        return layers + "x" + units + " stochastic, " + hidden + "x" + hiddenUnits + " tanh per map";
    }

    /**
     * Creates the parameters on {@code manager} for inputs x of shape (B, D) and sets the decoder's
     * output bias from x̄: the same as {@code initialize(manager, DataType.FLOAT32, new Shape(1, D))}.
     *
     * @param manager the manager that owns the parameters
     */
    public void initialize(NDManager manager) {
        initialize(manager, DataType.FLOAT32, new Shape(1, inputDim));
    }

    /**
     * DJL's initialisation (the encoder and decoder maps, the prior logits), then the decoder's
     * output bias logit(clip(x̄, 0.001, 0.999)) and the training mean x̄ used by {@link #centred}.
     */
    @Override
    public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
        super.initialize(manager, dataType, inputShapes);
        mean = NativeArrays.copyOf(manager, dataMean);
        float[] bias = new float[inputDim];
        for (int i = 0; i < inputDim; i++) {
            double p = Math.min(0.999, Math.max(0.001, dataMean[i]));
            bias[i] = (float) Math.log(p / (1 - p));
        }
        outputBias().getArray().set(bias);
        store = new ParameterStore(manager, false);
    }

    private Parameter outputBias() {
        PairList<String, Parameter> params = decoders.get(0).getParameters();
        Parameter last = null;
        for (var p : params) {
            if (p.getValue().getType() == Parameter.Type.BIAS) {
                last = p.getValue();
            }
        }
        return last;
    }

    /** x − x̄, the first encoder's input. */
    public NDArray centred(NDArray x) {
        return x.sub(mean);
    }

    /** Logits of q(b_l | input): input is x − x̄ for l = 1 and 2b_{l−1} − 1 otherwise. */
    public NDArray encoderLogits(int layer, NDArray input) {
        return map(encoders.get(layer - 1), input);
    }

    /** Logits of p(b_{l−1} | b_l) (x for l = 1) from h_l. */
    public NDArray decoderLogits(int layer, NDArray h) {
        return map(decoders.get(layer - 1), signed(h));
    }

    /** The prior's logits, shape (units). */
    public NDArray priorLogits() {
        return store.getValue(priorLogits, priorLogits.getArray().getDevice(), true);
    }

    private NDArray map(SequentialBlock block, NDArray input) {
        return block.forward(store, new NDList(input), true).singletonOrThrow();
    }

    /** 2h − 1 (as h + h − 1: see {@link org.relax4j.core.engine.NativeArrays}). */
    public static NDArray signed(NDArray h) {
        return h.add(h).sub(1);
    }

    /**
     * One joint sample from q: b_l = H(α_l + logit u_l) layer by layer.
     *
     * @param x data, shape (…, B, D), or (1, B, D) for noise (S, B, units): S samples per
     *     example, the first layer's logits computed once per example and broadcast
     * @param noise one uniform array per layer, shape (…, B, units)
     */
    public Sample sample(NDArray x, List<NDArray> noise) {
        List<NDArray> logits = new ArrayList<>(layers);
        List<NDArray> samples = new ArrayList<>(layers);
        NDArray input = centred(x);
        for (int l = 1; l <= layers; l++) {
            NDArray alpha = encoderLogits(l, input);
            NDArray b = Bernoulli.INSTANCE.hard(Bernoulli.INSTANCE.reparameterize(alpha, noise.get(l - 1)));
            logits.add(alpha);
            samples.add(b);
            if (l < layers) {
                input = signed(b);
            }
        }
        return new Sample(logits, samples);
    }

    /**
     * f = log p(x | h₁) + Σ_{l&lt;L} log p(h_l | h_{l+1}) + log p(h_L) − Σ_l log q(h_l | ·), summed
     * over units, shape (…, B).
     *
     * @param x data (B, D) or broadcastable to the units' leading axes
     * @param h unit values per layer (…, B, units), hard or relaxed
     * @param qLogits the encoder logits that produced each layer
     */
    public NDArray elbo(NDArray x, List<NDArray> h, List<NDArray> qLogits) {
        NDArray f = logBernoulli(x, decoderLogits(1, h.get(0)));
        for (int l = 1; l < layers; l++) {
            f = f.add(logBernoulli(h.get(l - 1), decoderLogits(l + 1, h.get(l))));
        }
        f = f.add(logBernoulli(h.get(layers - 1), priorLogits()));
        for (int l = 0; l < layers; l++) {
            f = f.sub(logBernoulli(h.get(l), qLogits.get(l)));
        }
        return f;
    }

    /** Σ over the last axis of h·ℓ − softplus(ℓ). */
    static NDArray logBernoulli(NDArray h, NDArray logits) {
        return Bernoulli.INSTANCE.logProbability(logits, h).sum(new int[] {-1});
    }

    /**
     * The objective of layer l's estimator (the per-layer scheme of the RELAX authors' VAE code,
     * Grathwohl et al. 2018 §6.2; docs/estimators.md, "Sigmoid belief nets and binary VAEs"): f as
     * a function of layer l's values h (S, B, units), with the hard samples of the layers below l
     * (nearer x) held fixed, layer l's encoder logits α_l, and the layers above recomputed from h
     * with the same noise u — hard when h is hard, relaxed σ(z/λ) at the estimator's temperature
     * when h is relaxed.
     */
    public RelaxableObjective layerObjective(int layer, NDArray x, Sample sample, List<NDArray> noise) {
        return (h, temperature) -> {
            List<NDArray> values = new ArrayList<>(layers);
            List<NDArray> logits = new ArrayList<>(layers);
            for (int l = 1; l < layer; l++) {
                values.add(sample.samples().get(l - 1).expandDims(0));
                logits.add(sample.logits().get(l - 1).expandDims(0));
            }
            values.add(h);
            logits.add(sample.logits().get(layer - 1).expandDims(0));
            NDArray previous = h;
            for (int l = layer + 1; l <= layers; l++) {
                NDArray alpha = encoderLogits(l, signed(previous));
                NDArray z = Bernoulli.INSTANCE.reparameterize(alpha, noise.get(l - 1));
                previous = temperature == null ? Bernoulli.INSTANCE.hard(z) : Bernoulli.INSTANCE.relax(z, temperature);
                values.add(previous);
                logits.add(alpha);
            }
            return elbo(x, values, logits);
        };
    }

    /** Mean image p(x | b₁) of a sample's first layer, shape (…, B, D). */
    public NDArray reconstruction(NDArray b1) {
        return decoderLogits(1, b1).getNDArrayInternal().sigmoid();
    }

    /**
     * Ancestral samples from the generative model: b_L from the prior, then each layer given the
     * one above; returns the mean images p(x | b₁), shape (n, D).
     */
    public NDArray generate(int n, List<NDArray> noise) {
        NDArray logits = priorLogits().expandDims(0).repeat(0, n);
        NDArray b = Bernoulli.INSTANCE.hard(Bernoulli.INSTANCE.reparameterize(logits, noise.get(layers - 1)));
        for (int l = layers; l > 1; l--) {
            NDArray below = decoderLogits(l, b);
            b = Bernoulli.INSTANCE.hard(Bernoulli.INSTANCE.reparameterize(below, noise.get(l - 2)));
        }
        return reconstruction(b);
    }

    /**
     * The ELBO integrand at one joint sample from q: inputs are x (B, D) and one Uniform(0, 1)
     * noise array (B, units) per stochastic layer; the output is f(x, b) of {@link #elbo}, shape
     * (B), at b = {@link #sample}(x, noise). Its gradient reaches the decoder and the prior with b
     * held fixed; the encoder's gradient through the discrete sample is what a
     * {@link org.relax4j.core.estimator.GradientEstimator} supplies (see {@link #layerObjective}).
     * Parameters are read from the block itself, as by the other methods.
     */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        if (store == null) {
            throw new IllegalStateException("initialize the SigmoidBeliefNet before its forward pass");
        }
        if (inputs.size() != 1 + layers) {
            throw new IllegalArgumentException("a SigmoidBeliefNet with " + layers + " stochastic layer(s) takes x and "
                    + layers + " noise array(s) of shape (B, " + units + "), got " + inputs.size() + " inputs");
        }
        NDArray x = inputs.get(0);
        List<NDArray> noise = inputs.subNDList(1);
        Sample s = sample(x, noise);
        return new NDList(elbo(x, s.samples(), s.logits()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (int l = 1; l <= layers; l++) {
            encoders.get(l - 1).initialize(manager, dataType, new Shape(1, l == 1 ? inputDim : units));
            decoders.get(l - 1).initialize(manager, dataType, new Shape(1, units));
        }
    }

    /**
     * A joint sample: the encoder logits α_l (with their graph) and hard samples b_l, per layer.
     */
    public record Sample(List<NDArray> logits, List<NDArray> samples) {}

    /** Builder of {@link SigmoidBeliefNet}. */
    public static final class Builder {
        private int layers = 1;
        private int units = 200;
        private int hidden;
        private int hiddenUnits = 200;
        private float[] dataMean;

        private Builder() {}

        /** Sets the number of stochastic layers (default 1). */
        public Builder optStochasticLayers(int layers) {
            this.layers = layers;
            return this;
        }

        /** Sets units per stochastic layer (default 200). */
        public Builder optUnits(int units) {
            this.units = units;
            return this;
        }

        /** Sets deterministic tanh layers per map and their width (default 0, 200). */
        public Builder optHidden(int layers, int width) {
            this.hidden = layers;
            this.hiddenUnits = width;
            return this;
        }

        /** Sets x̄, the training-set pixel mean, which also fixes the data dimension. */
        public Builder setDataMean(float[] mean) {
            this.dataMean = mean;
            return this;
        }

        /** Builds the network. */
        public SigmoidBeliefNet build() {
            if (dataMean == null || dataMean.length == 0) {
                throw new IllegalArgumentException("the data mean x̄ must be set (it fixes the input size)");
            }
            if (layers < 1 || units < 1 || hidden < 0 || (hidden > 0 && hiddenUnits < 1)) {
                throw new IllegalArgumentException(
                        "need >= 1 stochastic layer of >= 1 unit and >= 0 hidden layers; got " + layers + " layers of "
                                + units + " units, " + hidden + " hidden of " + hiddenUnits);
            }
            return new SigmoidBeliefNet(this);
        }
    }
}

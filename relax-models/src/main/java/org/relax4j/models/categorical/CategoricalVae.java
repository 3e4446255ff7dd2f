package org.relax4j.models.categorical;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.relax4j.core.controlvariate.Mlp;
import org.relax4j.core.distribution.Bernoulli;
import org.relax4j.core.distribution.Categorical;
import org.relax4j.core.engine.NativeArrays;
import org.relax4j.models.sbn.ModelArchitecture;

/**
 * A categorical VAE (Jang, Gu and Poole 2017 §4.2; Dong, Mnih and Tucker 2021 §6): D latent
 * variables of C classes, a uniform prior p(h_d = c) = 1/C, an encoder q(h | x) = Π_d Cat(h_d;
 * softmax(α_d(x))) and a Bernoulli decoder p(x | h); each map has {@code hidden} tanh layers then
 * a linear one (0 hidden layers: the linear model). The encoder reads x − x̄, the decoder the
 * one-hot (or relaxed) latents flattened to D·C values; the decoder's output bias starts at
 * logit(clip(x̄, 0.001, 0.999)).
 *
 * <p>The per-example objective is the ELBO's integrand
 * f(x, h) = log p(x | h) − D log C − Σ_{d,c} h_{dc} log softmax(α_d)_c, defined for relaxed h on
 * the simplex too.
 */
public final class CategoricalVae extends AbstractBlock {

    private final int inputDim;
    private final int variables;
    private final int classes;
    private final int hidden;
    private final int hiddenUnits;
    private final float[] dataMean;
    private final SequentialBlock encoder;
    private final SequentialBlock decoder;
    private ParameterStore store;
    private NDArray mean;

    private CategoricalVae(Builder b) {
        this.inputDim = b.dataMean.length;
        this.variables = b.variables;
        this.classes = b.classes;
        this.hidden = b.hidden;
        this.hiddenUnits = b.hiddenUnits;
        this.dataMean = b.dataMean.clone();
        this.encoder =
                addChildBlock("encoder", Mlp.create(hidden, hiddenUnits, Mlp.Nonlinearity.TANH, variables * classes));
        this.decoder = addChildBlock("decoder", Mlp.create(hidden, hiddenUnits, Mlp.Nonlinearity.TANH, inputDim));
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The builder of a categorical architecture ({@link ModelArchitecture#CATEGORICAL_LINEAR} or
     * {@link ModelArchitecture#CATEGORICAL_NONLINEAR}) over data with mean x̄: 20 variables of 10
     * classes, maps with the architecture's tanh(200) layers.
     */
    public static Builder of(ModelArchitecture architecture, float[] dataMean) {
        if (!architecture.isCategorical()) {
            throw new IllegalArgumentException(
                    architecture.cliName() + " has Bernoulli units: build it with ModelArchitecture.builder");
        }
        return builder()
                .optVariables(20)
                .optClasses(10)
                .optHidden(architecture.hiddenLayers(), 200)
                .setDataMean(dataMean);
    }

    /** D, the latent variables. */
    public int variables() {
        return variables;
    }

    /** C, the classes per variable. */
    public int classes() {
        return classes;
    }

    /** Dimension of x. */
    public int inputDim() {
        return inputDim;
    }

    /** A short description, e.g. "20x10 categorical, 2x200 tanh per map". */
    public String describe() {
        return variables + "x" + classes + " categorical, " + hidden + "x" + hiddenUnits + " tanh per map";
    }

    /** Creates the parameters for inputs x of shape (B, D) and sets the decoder's output bias from x̄. */
    public void initialize(NDManager manager) {
        initialize(manager, DataType.FLOAT32, new Shape(1, inputDim));
    }

    @Override
    public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
        super.initialize(manager, dataType, inputShapes);
        mean = NativeArrays.copyOf(manager, dataMean);
        float[] bias = new float[inputDim];
        for (int i = 0; i < inputDim; i++) {
            double p = Math.min(0.999, Math.max(0.001, dataMean[i]));
            bias[i] = (float) Math.log(p / (1 - p));
        }
        Parameter last = null;
        for (var p : decoder.getParameters()) {
            if (p.getValue().getType() == Parameter.Type.BIAS) {
                last = p.getValue();
            }
        }
        last.getArray().set(bias);
        store = new ParameterStore(manager, false);
    }

    /** x − x̄, the encoder's input. */
    public NDArray centred(NDArray x) {
        return x.sub(mean);
    }

    /** The encoder logits α(x), shape (…, B, D, C). */
    public NDArray encoderLogits(NDArray x) {
        NDArray flat = map(encoder, centred(x));
        return flat.reshape(
                flat.getShape().slice(0, flat.getShape().dimension() - 1).addAll(new Shape(variables, classes)));
    }

    /** The decoder's Bernoulli logits of p(x | h) for latents h (…, B, D, C), shape (…, B, inputDim). */
    public NDArray decoderLogits(NDArray h) {
        Shape s = h.getShape();
        return map(decoder, h.reshape(s.slice(0, s.dimension() - 2).add((long) variables * classes)));
    }

    /** Hard samples one_hot(argmax(log θ + G)) from uniforms u of the logits' shape. */
    public NDArray sample(NDArray logits, NDArray u) {
        return Categorical.INSTANCE.hard(Categorical.INSTANCE.reparameterize(logits, u));
    }

    /**
     * f(x, h) = log p(x | h) − D log C − Σ h log softmax(α), shape (…, B).
     *
     * @param x data (B, D_x)
     * @param h latents (…, B, D, C), one-hot or relaxed
     * @param logits the encoder logits α that produced h, broadcastable to h
     */
    public NDArray elbo(NDArray x, NDArray h, NDArray logits) {
        NDArray logLikelihood =
                Bernoulli.INSTANCE.logProbability(decoderLogits(h), x).sum(new int[] {-1});
        NDArray logQ = h.mul(logits.logSoftmax(-1)).sum(new int[] {-1, -2});
        return logLikelihood.sub(logQ).sub((float) (variables * Math.log(classes)));
    }

    /** Mean image p(x | h), shape (…, B, D_x). */
    public NDArray reconstruction(NDArray h) {
        return decoderLogits(h).getNDArrayInternal().sigmoid();
    }

    private NDArray map(SequentialBlock block, NDArray input) {
        return block.forward(store, new NDList(input), true).singletonOrThrow();
    }

    /** The ELBO integrand at one sample: inputs x (B, D_x) and uniforms (B, D, C); output shape (B). */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        if (store == null) {
            throw new IllegalStateException("initialize the CategoricalVae before its forward pass");
        }
        NDArray x = inputs.get(0);
        NDArray logits = encoderLogits(x);
        return new NDList(elbo(x, sample(logits, inputs.get(1)), logits));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, new Shape(1, inputDim));
        decoder.initialize(manager, dataType, new Shape(1, (long) variables * classes));
    }

    /** Builder of {@link CategoricalVae}. */
    public static final class Builder {
        private int variables = 20;
        private int classes = 10;
        private int hidden;
        private int hiddenUnits = 200;
        private float[] dataMean;

        private Builder() {}

        /** Sets D, the latent variables (default 20). */
        public Builder optVariables(int variables) {
            this.variables = variables;
            return this;
        }

        /** Sets C, the classes per variable (default 10). */
        public Builder optClasses(int classes) {
            this.classes = classes;
            return this;
        }

        /** Sets the tanh layers per map and their width (default 0, 200: linear maps). */
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
        public CategoricalVae build() {
            if (dataMean == null || dataMean.length == 0) {
                throw new IllegalArgumentException("the data mean x̄ must be set (it fixes the input size)");
            }
            if (variables < 1 || classes < 2 || hidden < 0 || (hidden > 0 && hiddenUnits < 1)) {
                throw new IllegalArgumentException("need >= 1 variable of >= 2 classes and >= 0 hidden layers; got "
                        + variables + " variables of " + classes + " classes, " + hidden + " hidden of "
                        + hiddenUnits);
            }
            return new CategoricalVae(this);
        }
    }
}

package org.relax4j.core.estimator;

import java.util.Objects;
import org.relax4j.core.controlvariate.Mlp;
import org.relax4j.core.controlvariate.RelaxControlVariate;
import org.relax4j.core.distribution.NoiseMode;
import org.relax4j.core.estimator.baseline.BaselineKind;

/**
 * What a user chose when building an estimator by name ({@link EstimatorRegistry}): the seed of
 * learned parameters' initialization, an optional named {@link Preset}, and the options set
 * explicitly. Every option is {@code null} unless set;
 * the defaults, and the checks, live in each estimator's own builder ({@link Reinforce.Builder},
 * {@link Concrete.Builder}, {@link RelaxControlVariate.Builder}, {@link ControlVariateEstimator.Builder},
 * {@link Rloo.Builder}, {@link Vimco.Builder}), never here. The registry applies, in order, the
 * builder's defaults, the preset, then the options set here. Each estimator reads the options that
 * concern it and ignores the rest.
 *
 * <p>A plain value class: Gson writes it into a run's {@code config.json} (unset options are
 * omitted) and reads it back.
 *
 * <pre>{@code
 * EstimatorConfig vae = EstimatorConfig.builder().optPreset(Preset.VAE).build();   // what relax4j train uses
 * EstimatorConfig wide = EstimatorConfig.builder().optPreset(Preset.VAE).optNetworkWidth(400).build();
 * }</pre>
 */
public final class EstimatorConfig {

    private final Preset preset;
    private final long seed;
    private final BaselineKind baseline;
    private final Double emaDecay;
    private final Integer baselineHiddenUnits;
    private final Double temperature;
    private final Boolean learnTemperature;
    private final NoiseMode noiseMode;
    private final Double etaInit;
    private final Integer networkDepth;
    private final Integer networkWidth;
    private final Mlp.Nonlinearity networkNonlinearity;
    private final RelaxControlVariate.Features networkFeatures;
    private final Double networkScaleInit;
    private final Double networkWeightDecay;
    private final Integer samples;

    private EstimatorConfig(Builder b) {
        preset = b.preset;
        seed = b.seed;
        baseline = b.baseline;
        emaDecay = b.emaDecay;
        baselineHiddenUnits = b.baselineHiddenUnits;
        temperature = b.temperature;
        learnTemperature = b.learnTemperature;
        noiseMode = b.noiseMode;
        etaInit = b.etaInit;
        networkDepth = b.networkDepth;
        networkWidth = b.networkWidth;
        networkNonlinearity = b.networkNonlinearity;
        networkFeatures = b.networkFeatures;
        networkScaleInit = b.networkScaleInit;
        networkWeightDecay = b.networkWeightDecay;
        samples = b.samples;
    }

    /** An empty builder: no preset, no options set. */
    public static Builder builder() {
        return new Builder();
    }

    /** No preset and no options: every estimator as its builder's defaults make it. */
    public static EstimatorConfig defaults() {
        return builder().build();
    }

    /** A builder holding this configuration's choices. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.preset = preset;
        b.seed = seed;
        b.baseline = baseline;
        b.emaDecay = emaDecay;
        b.baselineHiddenUnits = baselineHiddenUnits;
        b.temperature = temperature;
        b.learnTemperature = learnTemperature;
        b.noiseMode = noiseMode;
        b.etaInit = etaInit;
        b.networkDepth = networkDepth;
        b.networkWidth = networkWidth;
        b.networkNonlinearity = networkNonlinearity;
        b.networkFeatures = networkFeatures;
        b.networkScaleInit = networkScaleInit;
        b.networkWeightDecay = networkWeightDecay;
        b.samples = samples;
        return b;
    }

    /**
     * The seed of the estimator's learned parameters' initialization (default 0): estimators with
     * learned parts reseed the engine's global generator with it immediately before creating them,
     * so two estimators built from one configuration start identical.
     */
    public long seed() {
        return seed;
    }

    /** The named preset, or null. */
    public Preset preset() {
        return preset;
    }

    /** REINFORCE's baseline (Reinforce: none), or null if not set. */
    public BaselineKind baseline() {
        return baseline;
    }

    /** The EMA baseline's decay β (EmaBaseline.DEFAULT_DECAY), or null if not set. */
    public Double emaDecay() {
        return emaDecay;
    }

    /** The learned baseline's hidden width (LearnedBaseline.DEFAULT_HIDDEN_UNITS), or null if not set. */
    public Integer baselineHiddenUnits() {
        return baselineHiddenUnits;
    }

    /** Concrete's temperature, or the initial λ of REBAR/RELAX (Concrete.DEFAULT_TEMPERATURE, RelaxControlVariate.Builder.DEFAULT_TEMPERATURE), or null if not set. */
    public Double temperature() {
        return temperature;
    }

    /** Whether REBAR/RELAX learn log λ (default true), or null if not set. */
    public Boolean learnTemperature() {
        return learnTemperature;
    }

    /** How z̃'s noise relates to z's (ControlVariateEstimator: independent), or null if not set. */
    public NoiseMode noiseMode() {
        return noiseMode;
    }

    /** Initial η of REBAR/RELAX (RelaxControlVariate.Builder.DEFAULT_ETA), or null if not set. */
    public Double etaInit() {
        return etaInit;
    }

    /** Hidden layers of RELAX's network r_ρ (RelaxControlVariate.Builder.DEFAULT_DEPTH), or null if not set. */
    public Integer networkDepth() {
        return networkDepth;
    }

    /** Units per hidden layer of r_ρ (RelaxControlVariate.Builder.DEFAULT_WIDTH) and of RODEO's h (SteinControlVariate.DEFAULT_HIDDEN_UNITS), or null if not set. */
    public Integer networkWidth() {
        return networkWidth;
    }

    /** Nonlinearity of r_ρ (ReLU), or null if not set. */
    public Mlp.Nonlinearity networkNonlinearity() {
        return networkNonlinearity;
    }

    /** What r_ρ sees of z (the logit-scale z), or null if not set. */
    public RelaxControlVariate.Features networkFeatures() {
        return networkFeatures;
    }

    /** Initial output scale s of r_ρ (RelaxControlVariate.Builder.DEFAULT_SCALE), or null if not set. */
    public Double networkScaleInit() {
        return networkScaleInit;
    }

    /** Weight decay on r_ρ's weights (RelaxControlVariate.Builder.DEFAULT_WEIGHT_DECAY), or null if not set. */
    public Double networkWeightDecay() {
        return networkWeightDecay;
    }

    /** K, samples per example of RLOO, VIMCO, ARMS, double-CV and RODEO (2 by default: Rloo.DEFAULT_SAMPLES…), or null if not set. */
    public Integer samples() {
        return samples;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof EstimatorConfig c)) {
            return false;
        }
        return seed == c.seed
                && Objects.equals(preset, c.preset)
                && Objects.equals(baseline, c.baseline)
                && Objects.equals(emaDecay, c.emaDecay)
                && Objects.equals(baselineHiddenUnits, c.baselineHiddenUnits)
                && Objects.equals(temperature, c.temperature)
                && Objects.equals(learnTemperature, c.learnTemperature)
                && Objects.equals(noiseMode, c.noiseMode)
                && Objects.equals(etaInit, c.etaInit)
                && Objects.equals(networkDepth, c.networkDepth)
                && Objects.equals(networkWidth, c.networkWidth)
                && Objects.equals(networkNonlinearity, c.networkNonlinearity)
                && Objects.equals(networkFeatures, c.networkFeatures)
                && Objects.equals(networkScaleInit, c.networkScaleInit)
                && Objects.equals(networkWeightDecay, c.networkWeightDecay)
                && Objects.equals(samples, c.samples);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                seed,
                preset,
                baseline,
                emaDecay,
                baselineHiddenUnits,
                temperature,
                learnTemperature,
                noiseMode,
                etaInit,
                networkDepth,
                networkWidth,
                networkNonlinearity,
                networkFeatures,
                networkScaleInit,
                networkWeightDecay,
                samples);
    }

    /** The preset and the options set, e.g. "EstimatorConfig{preset=VAE, networkWidth=400}". */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("EstimatorConfig{seed=").append(seed);
        String sep = ", ";
        if (preset != null) {
            s.append(sep).append("preset=").append(preset);
            sep = ", ";
        }
        if (baseline != null) {
            s.append(sep).append("baseline=").append(baseline);
            sep = ", ";
        }
        if (emaDecay != null) {
            s.append(sep).append("emaDecay=").append(emaDecay);
            sep = ", ";
        }
        if (baselineHiddenUnits != null) {
            s.append(sep).append("baselineHiddenUnits=").append(baselineHiddenUnits);
            sep = ", ";
        }
        if (temperature != null) {
            s.append(sep).append("temperature=").append(temperature);
            sep = ", ";
        }
        if (learnTemperature != null) {
            s.append(sep).append("learnTemperature=").append(learnTemperature);
            sep = ", ";
        }
        if (noiseMode != null) {
            s.append(sep).append("noiseMode=").append(noiseMode);
            sep = ", ";
        }
        if (etaInit != null) {
            s.append(sep).append("etaInit=").append(etaInit);
            sep = ", ";
        }
        if (networkDepth != null) {
            s.append(sep).append("networkDepth=").append(networkDepth);
            sep = ", ";
        }
        if (networkWidth != null) {
            s.append(sep).append("networkWidth=").append(networkWidth);
            sep = ", ";
        }
        if (networkNonlinearity != null) {
            s.append(sep).append("networkNonlinearity=").append(networkNonlinearity);
            sep = ", ";
        }
        if (networkFeatures != null) {
            s.append(sep).append("networkFeatures=").append(networkFeatures);
            sep = ", ";
        }
        if (networkScaleInit != null) {
            s.append(sep).append("networkScaleInit=").append(networkScaleInit);
            sep = ", ";
        }
        if (networkWeightDecay != null) {
            s.append(sep).append("networkWeightDecay=").append(networkWeightDecay);
            sep = ", ";
        }
        if (samples != null) {
            s.append(sep).append("samples=").append(samples);
            sep = ", ";
        }
        return s.append('}').toString();
    }

    /** Builder of {@link EstimatorConfig}: each {@code opt} call records one choice ({@code null} unsets it). */
    public static final class Builder {
        private Preset preset;
        private long seed;
        private BaselineKind baseline;
        private Double emaDecay;
        private Integer baselineHiddenUnits;
        private Double temperature;
        private Boolean learnTemperature;
        private NoiseMode noiseMode;
        private Double etaInit;
        private Integer networkDepth;
        private Integer networkWidth;
        private Mlp.Nonlinearity networkNonlinearity;
        private RelaxControlVariate.Features networkFeatures;
        private Double networkScaleInit;
        private Double networkWeightDecay;
        private Integer samples;

        private Builder() {}

        /** Sets the seed of learned parameters' initialization (default 0; see {@link EstimatorConfig#seed()}). */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Sets the named preset ({@code null} for none). */
        public Builder optPreset(Preset preset) {
            this.preset = preset;
            return this;
        }

        /** Sets REINFORCE's baseline. */
        public Builder optBaseline(BaselineKind baseline) {
            this.baseline = baseline;
            return this;
        }

        /** Sets the EMA baseline's decay β. */
        public Builder optEmaDecay(Double emaDecay) {
            this.emaDecay = emaDecay;
            return this;
        }

        /** Sets the learned baseline's hidden width. */
        public Builder optBaselineHiddenUnits(Integer units) {
            this.baselineHiddenUnits = units;
            return this;
        }

        /** Sets Concrete's temperature, or the initial λ of REBAR/RELAX. */
        public Builder optTemperature(Double temperature) {
            this.temperature = temperature;
            return this;
        }

        /** Sets whether REBAR/RELAX learn log λ. */
        public Builder optLearnTemperature(Boolean learn) {
            this.learnTemperature = learn;
            return this;
        }

        /** Sets how z̃'s noise relates to z's. */
        public Builder optNoiseMode(NoiseMode mode) {
            this.noiseMode = mode;
            return this;
        }

        /** Sets initial η of REBAR/RELAX. */
        public Builder optEtaInit(Double eta) {
            this.etaInit = eta;
            return this;
        }

        /** Sets hidden layers of RELAX's network r_ρ. */
        public Builder optNetworkDepth(Integer depth) {
            this.networkDepth = depth;
            return this;
        }

        /** Sets units per hidden layer of r_ρ. */
        public Builder optNetworkWidth(Integer width) {
            this.networkWidth = width;
            return this;
        }

        /** Sets nonlinearity of r_ρ. */
        public Builder optNetworkNonlinearity(Mlp.Nonlinearity nonlinearity) {
            this.networkNonlinearity = nonlinearity;
            return this;
        }

        /** Sets what r_ρ sees of z. */
        public Builder optNetworkFeatures(RelaxControlVariate.Features features) {
            this.networkFeatures = features;
            return this;
        }

        /** Sets initial output scale s of r_ρ. */
        public Builder optNetworkScaleInit(Double scale) {
            this.networkScaleInit = scale;
            return this;
        }

        /** Sets weight decay on r_ρ's weights. */
        public Builder optNetworkWeightDecay(Double weightDecay) {
            this.networkWeightDecay = weightDecay;
            return this;
        }

        /** Sets K, samples per example of RLOO and VIMCO. */
        public Builder optSamples(Integer samples) {
            this.samples = samples;
            return this;
        }

        /** Sets RELAX's network depth, width and nonlinearity. */
        public Builder optNetwork(int depth, int width, Mlp.Nonlinearity nonlinearity) {
            return optNetworkDepth(depth).optNetworkWidth(width).optNetworkNonlinearity(nonlinearity);
        }

        /** Builds the configuration. */
        public EstimatorConfig build() {
            return new EstimatorConfig(this);
        }
    }
}

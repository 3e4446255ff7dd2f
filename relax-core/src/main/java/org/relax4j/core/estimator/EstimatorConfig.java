package org.relax4j.core.estimator;

import org.relax4j.core.controlvariate.Mlp;
import org.relax4j.core.controlvariate.RelaxControlVariate;
import org.relax4j.core.distribution.NoiseMode;

/**
 * Options for building estimators by name ({@link EstimatorRegistry}). Each estimator reads the
 * options that concern it and ignores the rest; defaults follow the papers' reference code.
 */
public final class EstimatorConfig {

    private final Reinforce.BaselineKind baseline;
    private final double emaDecay;
    private final int baselineHiddenUnits;
    private final double temperature;
    private final boolean learnTemperature;
    private final NoiseMode noiseMode;
    private final double etaInit;
    private final int networkDepth;
    private final int networkWidth;
    private final Mlp.Nonlinearity networkNonlinearity;
    private final RelaxControlVariate.Features networkFeatures;
    private final double networkScaleInit;
    private final double networkWeightDecay;
    private final int samples;

    private EstimatorConfig(Builder b) {
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

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The default options. */
    public static EstimatorConfig defaults() {
        return builder().build();
    }

    /** REINFORCE baseline (default none). */
    public Reinforce.BaselineKind baseline() {
        return baseline;
    }

    /** EMA baseline decay (default 0.99). */
    public double emaDecay() {
        return emaDecay;
    }

    /** Hidden width of the learned baseline (default 100). */
    public int baselineHiddenUnits() {
        return baselineHiddenUnits;
    }

    /** Concrete temperature, or the initial λ of REBAR/RELAX (default 0.5). */
    public double temperature() {
        return temperature;
    }

    /** Whether REBAR/RELAX learn log λ (default true). */
    public boolean learnTemperature() {
        return learnTemperature;
    }

    /** How z̃'s noise relates to z's (default independent). */
    public NoiseMode noiseMode() {
        return noiseMode;
    }

    /** Initial η of REBAR/RELAX (default 1). */
    public double etaInit() {
        return etaInit;
    }

    /** Hidden layers of RELAX's network (default 2). */
    public int networkDepth() {
        return networkDepth;
    }

    /** Width of RELAX's hidden layers (default 200). */
    public int networkWidth() {
        return networkWidth;
    }

    /** Nonlinearity of RELAX's network (default ReLU). */
    public Mlp.Nonlinearity networkNonlinearity() {
        return networkNonlinearity;
    }

    /** What RELAX's network sees of z (default the logit-scale z). */
    public RelaxControlVariate.Features networkFeatures() {
        return networkFeatures;
    }

    /** Initial output scale of RELAX's network (default 1). */
    public double networkScaleInit() {
        return networkScaleInit;
    }

    /** Weight decay on RELAX's network weights (default 0). */
    public double networkWeightDecay() {
        return networkWeightDecay;
    }

    /** Samples per example of RLOO and VIMCO (default 2). */
    public int samples() {
        return samples;
    }

    /** Builder of {@link EstimatorConfig}. */
    public static final class Builder {
        private Reinforce.BaselineKind baseline = Reinforce.BaselineKind.NONE;
        private double emaDecay = 0.99;
        private int baselineHiddenUnits = 100;
        private double temperature = 0.5;
        private boolean learnTemperature = true;
        private NoiseMode noiseMode = NoiseMode.INDEPENDENT;
        private double etaInit = 1;
        private int networkDepth = 2;
        private int networkWidth = 200;
        private Mlp.Nonlinearity networkNonlinearity = Mlp.Nonlinearity.RELU;
        private RelaxControlVariate.Features networkFeatures = RelaxControlVariate.Features.LOGIT;
        private double networkScaleInit = 1;
        private double networkWeightDecay;
        private int samples = 2;

        private Builder() {}

        /** Sets REINFORCE's baseline. */
        public Builder optBaseline(Reinforce.BaselineKind baseline) {
            this.baseline = baseline;
            return this;
        }

        /** Sets the EMA baseline's decay. */
        public Builder optEmaDecay(double emaDecay) {
            this.emaDecay = emaDecay;
            return this;
        }

        /** Sets the learned baseline's hidden width. */
        public Builder optBaselineHiddenUnits(int units) {
            this.baselineHiddenUnits = units;
            return this;
        }

        /** Sets the (initial) temperature λ. */
        public Builder optTemperature(double temperature) {
            this.temperature = temperature;
            return this;
        }

        /** Sets whether REBAR/RELAX learn log λ. */
        public Builder optLearnTemperature(boolean learn) {
            this.learnTemperature = learn;
            return this;
        }

        /** Sets the noise mode of z̃. */
        public Builder optNoiseMode(NoiseMode mode) {
            this.noiseMode = mode;
            return this;
        }

        /** Sets the initial η. */
        public Builder optEtaInit(double eta) {
            this.etaInit = eta;
            return this;
        }

        /** Sets RELAX's network shape. */
        public Builder optNetwork(int depth, int width, Mlp.Nonlinearity nonlinearity) {
            this.networkDepth = depth;
            this.networkWidth = width;
            this.networkNonlinearity = nonlinearity;
            return this;
        }

        /** Sets what RELAX's network sees of z. */
        public Builder optNetworkFeatures(RelaxControlVariate.Features features) {
            this.networkFeatures = features;
            return this;
        }

        /** Sets the initial output scale of RELAX's network. */
        public Builder optNetworkScaleInit(double scale) {
            this.networkScaleInit = scale;
            return this;
        }

        /** Sets the weight decay of RELAX's network. */
        public Builder optNetworkWeightDecay(double weightDecay) {
            this.networkWeightDecay = weightDecay;
            return this;
        }

        /** Sets K for RLOO and VIMCO. */
        public Builder optSamples(int samples) {
            this.samples = samples;
            return this;
        }

        /** Builds the configuration. */
        public EstimatorConfig build() {
            return new EstimatorConfig(this);
        }
    }
}

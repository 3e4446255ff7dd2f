package org.relax4j.train.cli;

import org.relax4j.core.controlvariate.Mlp;
import org.relax4j.core.controlvariate.RelaxControlVariate;
import org.relax4j.core.distribution.NoiseMode;
import org.relax4j.core.estimator.EstimatorConfig;
import org.relax4j.core.estimator.Reinforce;
import picocli.CommandLine.Option;

/**
 * Command-line options shared by every command that builds estimators. Unset options keep the
 * command's defaults (which differ between the toy problem and the VAE).
 */
public final class EstimatorOptions {

    @Option(names = "--baseline", paramLabel = "none|ema|learned",
            description = "REINFORCE baseline (default: ${DEFAULT-VALUE})", defaultValue = "none")
    Reinforce.BaselineKind baseline;

    @Option(names = "--ema-decay", description = "decay of the EMA baseline (default: ${DEFAULT-VALUE})",
            defaultValue = "0.99")
    double emaDecay;

    @Option(names = "--temperature", description = "Concrete temperature; initial lambda of REBAR/RELAX")
    Double temperature;

    @Option(names = "--fixed-temperature", description = "do not learn log lambda (REBAR/RELAX)")
    boolean fixedTemperature;

    @Option(names = "--noise", paramLabel = "independent|tied",
            description = "noise of the conditional sample z~ (default: ${DEFAULT-VALUE}); tied is the official code's choice",
            defaultValue = "independent")
    NoiseMode noise;

    @Option(names = "--cv-depth", description = "hidden layers of RELAX's network r_phi")
    Integer cvDepth;

    @Option(names = "--cv-width", description = "units per hidden layer of r_phi")
    Integer cvWidth;

    @Option(names = "--cv-activation", paramLabel = "relu|tanh", description = "nonlinearity of r_phi")
    Mlp.Nonlinearity cvActivation;

    @Option(names = "--cv-features", paramLabel = "logit|relaxed",
            description = "what r_phi sees of z: z itself (logit) or 2*sigma(z/lambda)-1 (relaxed)")
    RelaxControlVariate.Features cvFeatures;

    @Option(names = "--cv-weight-decay", description = "weight decay of r_phi's weights")
    Double cvWeightDecay;

    @Option(names = "--cv-scale-init", description = "initial output scale s of r_phi")
    Double cvScaleInit;

    @Option(names = "--samples", description = "K, samples per example for rloo and vimco (default: ${DEFAULT-VALUE})",
            defaultValue = "2")
    int samples;

    /** The options, over {@code defaults} for anything not given on the command line. */
    public EstimatorConfig toConfig(EstimatorConfig defaults) {
        Mlp.Nonlinearity activation = cvActivation != null ? cvActivation : defaults.networkNonlinearity();
        return EstimatorConfig.builder()
                .optBaseline(baseline)
                .optEmaDecay(emaDecay)
                .optBaselineHiddenUnits(defaults.baselineHiddenUnits())
                .optTemperature(temperature != null ? temperature : defaults.temperature())
                .optLearnTemperature(!fixedTemperature && defaults.learnTemperature())
                .optNoiseMode(noise)
                .optEtaInit(defaults.etaInit())
                .optNetwork(
                        cvDepth != null ? cvDepth : defaults.networkDepth(),
                        cvWidth != null ? cvWidth : defaults.networkWidth(),
                        activation)
                .optNetworkFeatures(cvFeatures != null ? cvFeatures : defaults.networkFeatures())
                .optNetworkScaleInit(cvScaleInit != null ? cvScaleInit : defaults.networkScaleInit())
                .optNetworkWeightDecay(cvWeightDecay != null ? cvWeightDecay : defaults.networkWeightDecay())
                .optSamples(samples)
                .build();
    }
}

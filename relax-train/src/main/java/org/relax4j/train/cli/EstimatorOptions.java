package org.relax4j.train.cli;

import org.relax4j.core.controlvariate.Mlp;
import org.relax4j.core.controlvariate.RelaxControlVariate;
import org.relax4j.core.distribution.NoiseMode;
import org.relax4j.core.estimator.Concrete;
import org.relax4j.core.estimator.EstimatorConfig;
import org.relax4j.core.estimator.Preset;
import org.relax4j.core.estimator.Rloo;
import org.relax4j.core.estimator.baseline.BaselineKind;
import org.relax4j.core.estimator.baseline.EmaBaseline;
import picocli.CommandLine.Option;

/**
 * Command-line options shared by every command that builds estimators. Each option is an override:
 * unset options stay {@code null} in the {@link EstimatorConfig}, so the estimator's own builder
 * and the command's {@link Preset} decide them (the defaults shown in help are read from the
 * builders; {@code relax4j info} lists the presets).
 *
 * <p>Each option's Java field has the name of the {@link EstimatorConfig} field it sets (as a
 * run's {@code config.json} stores it), so that {@code relax4j train --config} reads a stored
 * configuration through these options ({@code --fixed-temperature} is the one exception: it is
 * stored as {@code learnTemperature: false}).
 */
public final class EstimatorOptions {

    private static final String PRESET_DEFAULT = "default: the command's preset, see relax4j info";

    @Option(names = "--baseline", paramLabel = "none|ema|learned", description = "REINFORCE baseline (default: none)")
    BaselineKind baseline;

    @Option(
            names = "--ema-decay",
            description = "decay of the EMA baseline (default: " + EmaBaseline.DEFAULT_DECAY + ")")
    Double emaDecay;

    @Option(
            names = "--temperature",
            description =
                    "Concrete temperature; initial lambda of REBAR/RELAX (default: " + Concrete.DEFAULT_TEMPERATURE
                            + ", REBAR/RELAX " + RelaxControlVariate.Builder.DEFAULT_TEMPERATURE + ")")
    Double temperature;

    @Option(names = "--fixed-temperature", description = "do not learn log lambda (REBAR/RELAX)")
    boolean fixedTemperature;

    @Option(
            names = "--noise",
            paramLabel = "independent|tied",
            description = "noise of the conditional sample z~ (default: independent, the paper's algorithm); "
                    + "tied is the official code's choice")
    NoiseMode noiseMode;

    @Option(
            names = "--cv-depth",
            paramLabel = "<cvDepth>",
            description = "hidden layers of RELAX's network r_phi (" + PRESET_DEFAULT + ")")
    Integer networkDepth;

    @Option(
            names = "--cv-width",
            paramLabel = "<cvWidth>",
            description = "units per hidden layer of r_phi (" + PRESET_DEFAULT + ")")
    Integer networkWidth;

    @Option(
            names = "--cv-activation",
            paramLabel = "relu|tanh",
            description = "nonlinearity of r_phi (" + PRESET_DEFAULT + ")")
    Mlp.Nonlinearity networkNonlinearity;

    @Option(
            names = "--cv-features",
            paramLabel = "logit|relaxed",
            description =
                    "what r_phi sees of z: z itself (logit) or 2*sigma(z/lambda)-1 (relaxed) (" + PRESET_DEFAULT + ")")
    RelaxControlVariate.Features networkFeatures;

    @Option(
            names = "--cv-weight-decay",
            paramLabel = "<cvWeightDecay>",
            description = "weight decay of r_phi's weights (" + PRESET_DEFAULT + ")")
    Double networkWeightDecay;

    @Option(
            names = "--cv-scale-init",
            paramLabel = "<cvScaleInit>",
            description = "initial output scale s of r_phi (default: " + RelaxControlVariate.Builder.DEFAULT_SCALE
                    + " unless the preset sets it)")
    Double networkScaleInit;

    @Option(
            names = "--samples",
            description = "K, samples per example for rloo, vimco, arms, double-cv and rodeo (default: "
                    + Rloo.DEFAULT_SAMPLES + ")")
    Integer samples;

    /**
     * The preset and the options given on the command line (the others unset), with {@code seed}
     * for the initialization of the estimator's learned parameters.
     */
    public EstimatorConfig toConfig(Preset preset, long seed) {
        return EstimatorConfig.builder()
                .optSeed(seed)
                .optPreset(preset)
                .optBaseline(baseline)
                .optEmaDecay(emaDecay)
                .optTemperature(temperature)
                .optLearnTemperature(fixedTemperature ? Boolean.FALSE : null)
                .optNoiseMode(noiseMode)
                .optNetworkDepth(networkDepth)
                .optNetworkWidth(networkWidth)
                .optNetworkNonlinearity(networkNonlinearity)
                .optNetworkFeatures(networkFeatures)
                .optNetworkScaleInit(networkScaleInit)
                .optNetworkWeightDecay(networkWeightDecay)
                .optSamples(samples)
                .build();
    }
}

package org.relax4j.models.sbn;

import java.util.Locale;

/**
 * The architectures of the REBAR and RELAX papers (Tucker et al. 2017 §5; Grathwohl et al. 2018
 * §6.2), plus a general one, and the categorical VAEs of the Gumbel-softmax and categorical DisARM
 * papers (Jang et al. 2017 §4.2; Dong, Mnih and Tucker 2021 §6): 20 variables of 10 classes.
 */
public enum ModelArchitecture {
    /** L1: one stochastic layer of 200, linear maps (784 → 200 → 784). */
    LINEAR(1, 0, false),
    /** L2: two stochastic layers of 200, linear maps (784 → 200 → 200 and back). */
    LINEAR2(2, 0, false),
    /** NL: one stochastic layer of 200, each map two tanh(200) layers then linear. */
    NONLINEAR(1, 2, false),
    /** Categorical, linear maps: 784 → 20 × 10 classes → 784. */
    CATEGORICAL_LINEAR(1, 0, true),
    /** Categorical, each map two tanh(200) layers then linear. */
    CATEGORICAL_NONLINEAR(1, 2, true);

    private final int stochasticLayers;
    private final int hiddenLayers;
    private final boolean categorical;

    ModelArchitecture(int stochasticLayers, int hiddenLayers, boolean categorical) {
        this.stochasticLayers = stochasticLayers;
        this.hiddenLayers = hiddenLayers;
        this.categorical = categorical;
    }

    /**
     * Whether the latent units are categorical (build with {@code CategoricalVae.of} in package
     * org.relax4j.models.categorical, not with {@link #builder}).
     */
    public boolean isCategorical() {
        return categorical;
    }

    /** Deterministic tanh(200) layers per map (0: linear maps). */
    public int hiddenLayers() {
        return hiddenLayers;
    }

    /** The name on the command line: "linear", "categorical-nonlinear", … */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The builder for this binary architecture over data with mean x̄. */
    public SigmoidBeliefNet.Builder builder(float[] dataMean) {
        if (categorical) {
            throw new IllegalStateException(cliName() + " is categorical: build it with CategoricalVae.of");
        }
        return SigmoidBeliefNet.builder()
                .optStochasticLayers(stochasticLayers)
                .optUnits(200)
                .optHidden(hiddenLayers, 200)
                .setDataMean(dataMean);
    }

    /**
     * Parses "linear", "linear2", "nonlinear", "categorical-linear", "categorical-nonlinear"
     * (case-insensitive; '_' for '-' accepted).
     */
    public static ModelArchitecture parse(String name) {
        for (ModelArchitecture a : values()) {
            if (a.cliName().equalsIgnoreCase(name) || a.name().equalsIgnoreCase(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown model '" + name
                + "'; choose linear, linear2, nonlinear, categorical-linear or categorical-nonlinear");
    }
}

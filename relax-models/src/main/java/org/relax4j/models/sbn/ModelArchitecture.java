package org.relax4j.models.sbn;

/**
 * The architectures of the REBAR and RELAX papers (Tucker et al. 2017 §5; Grathwohl et al. 2018
 * §6.2), plus a general one.
 */
public enum ModelArchitecture {
    /** L1: one stochastic layer of 200, linear maps (784 → 200 → 784). */
    LINEAR(1, 0),
    /** L2: two stochastic layers of 200, linear maps (784 → 200 → 200 and back). */
    LINEAR2(2, 0),
    /** NL: one stochastic layer of 200, each map two tanh(200) layers then linear. */
    NONLINEAR(1, 2);

    private final int stochasticLayers;
    private final int hiddenLayers;

    ModelArchitecture(int stochasticLayers, int hiddenLayers) {
        this.stochasticLayers = stochasticLayers;
        this.hiddenLayers = hiddenLayers;
    }

    /** The builder for this architecture over data with mean x̄. */
    public SigmoidBeliefNet.Builder builder(float[] dataMean) {
        return SigmoidBeliefNet.builder()
                .optStochasticLayers(stochasticLayers)
                .optUnits(200)
                .optHidden(hiddenLayers, 200)
                .setDataMean(dataMean);
    }

    /** Parses "linear", "linear2", "nonlinear" (case-insensitive). */
    public static ModelArchitecture parse(String name) {
        for (ModelArchitecture a : values()) {
            if (a.name().equalsIgnoreCase(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown model '" + name + "'; choose linear, linear2 or nonlinear");
    }
}

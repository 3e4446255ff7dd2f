package org.relax4j.core.estimator;

import org.relax4j.core.controlvariate.Mlp;
import org.relax4j.core.controlvariate.RelaxControlVariate;

/**
 * Named settings of RELAX's control-variate network r_ρ, the same in the library
 * ({@link EstimatorConfig.Builder#optPreset}) and on the command line ({@code relax4j train} uses
 * {@link #VAE}, {@code relax4j toy} {@link #TOY}). A preset is applied to the control variate's
 * builder after its defaults and before the options a user sets, so a user's option always wins;
 * estimators without a network ignore it.
 */
public enum Preset {
    /**
     * The RELAX paper's VAE control variate (Grathwohl et al. 2018, appendix on the discrete VAE
     * experiments): r_ρ with three hidden ReLU layers of 200 units on the logit-scale z, weight
     * decay 1e-3.
     */
    VAE {
        @Override
        public RelaxControlVariate.Builder applyTo(RelaxControlVariate.Builder b) {
            return b.optNetworkDepth(3)
                    .optNetworkWidth(200)
                    .optNonlinearity(Mlp.Nonlinearity.RELU)
                    .optFeatures(RelaxControlVariate.Features.LOGIT)
                    .optWeightDecay(1e-3);
        }
    },
    /**
     * The RELAX paper's toy problem (Grathwohl et al. 2018 §6.1): r_ρ with one hidden tanh layer of
     * 10 units on 2σ_λ(z) − 1, output scale starting at 0 (so c starts as REBAR's).
     */
    TOY {
        @Override
        public RelaxControlVariate.Builder applyTo(RelaxControlVariate.Builder b) {
            return b.optNetworkDepth(1)
                    .optNetworkWidth(10)
                    .optNonlinearity(Mlp.Nonlinearity.TANH)
                    .optFeatures(RelaxControlVariate.Features.RELAXED)
                    .optScaleInit(0);
        }
    };

    /** Sets this preset's options on a control variate's builder; returns it. */
    public abstract RelaxControlVariate.Builder applyTo(RelaxControlVariate.Builder builder);

    /** One line with this preset's resulting options (read from the builder, for help texts). */
    public String describe() {
        return applyTo(RelaxControlVariate.builder().optNetwork(true)).describe();
    }
}

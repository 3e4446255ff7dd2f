package org.relax4j.core.estimator;

import java.util.function.Consumer;
import org.relax4j.core.controlvariate.RelaxControlVariate;
import org.relax4j.core.estimator.baseline.Baseline;
import org.relax4j.core.estimator.baseline.BaselineKind;
import org.relax4j.core.estimator.baseline.EmaBaseline;
import org.relax4j.core.estimator.baseline.LearnedBaseline;
import org.relax4j.core.registry.Registry;

/**
 * Estimators by name. {@link #standard()} holds the built-in ones; {@link #register} adds your
 * own (to the standard registry or to a registry of your own).
 *
 * <pre>{@code
 * GradientEstimator relax = EstimatorRegistry.standard().create("relax",
 *         EstimatorConfig.builder().optPreset(Preset.VAE).build());
 * }</pre>
 *
 * Each standard factory builds its estimator from the estimator's own builder: the builder's
 * defaults, then the config's {@link Preset}, then the options the config sets.
 */
public final class EstimatorRegistry extends Registry<EstimatorConfig, GradientEstimator> {

    private static final EstimatorRegistry STANDARD = createStandard();

    /** An empty registry. */
    public EstimatorRegistry() {
        super("estimator");
    }

    /**
     * The registry of built-in estimators (shared; registrations are visible everywhere).
     *
     * @return the standard registry
     */
    public static EstimatorRegistry standard() {
        return STANDARD;
    }

    private static EstimatorRegistry createStandard() {
        EstimatorRegistry r = new EstimatorRegistry();
        String expectation = EstimatorTarget.EXPECTATION.description();
        r.register(
                "reinforce",
                "score function with a baseline (none, ema, learned); " + expectation,
                c -> Reinforce.builder()
                        .optBaseline(baseline(c))
                        .optSeed(c.seed())
                        .build());
        r.register(
                "concrete",
                "Concrete / Gumbel-softmax relaxation at fixed temperature; " + EstimatorTarget.NONE.description(),
                c -> {
                    Concrete.Builder b = Concrete.builder();
                    ifSet(c.temperature(), b::optTemperature);
                    return b.build();
                });
        r.register(
                "straight-through",
                "straight-through; " + EstimatorTarget.NONE.description(),
                c -> new StraightThrough());
        r.register(
                "rebar",
                "REBAR: control variate eta*f(sigma_lambda(z)), eta and lambda learned; " + expectation,
                c -> controlVariateEstimator("rebar", c, true, false));
        r.register(
                "relax",
                "RELAX: eta*f(sigma_lambda(z)) + r_phi(z, x), trained on the variance; " + expectation,
                c -> controlVariateEstimator("relax", c, true, true));
        r.register(
                "relax-net",
                "RELAX with the network r_phi(z, x) alone (no f in the control variate); " + expectation,
                c -> controlVariateEstimator("relax-net", c, false, true));
        r.register("arm", "ARM, antithetic pair, Bernoulli only; " + expectation, c -> new Arm());
        r.register(
                "disarm",
                "DisARM, Rao-Blackwellised ARM; categorical units by stick-breaking; " + expectation,
                c -> new DisArm());
        r.register("rloo", "REINFORCE leave-one-out over K samples; " + expectation, c -> {
            Rloo.Builder b = Rloo.builder();
            ifSet(c.samples(), b::optSamples);
            return b.build();
        });
        r.register("vimco", "VIMCO over K samples; " + EstimatorTarget.MULTI_SAMPLE_BOUND.description(), c -> {
            Vimco.Builder b = Vimco.builder();
            ifSet(c.samples(), b::optSamples);
            return b.build();
        });
        r.register(
                "arms",
                "ARMS: K antithetic samples (Dirichlet copula), debiased leave-one-out weights, Bernoulli only; "
                        + expectation,
                c -> {
                    Arms.Builder b = Arms.builder();
                    ifSet(c.samples(), b::optSamples);
                    return b.build();
                });
        r.register(
                "double-cv",
                "double control variates: RLOO plus a learned linear (Taylor) term, one backward through f, "
                        + "Bernoulli only; " + expectation,
                c -> {
                    DoubleControlVariate.Builder b =
                            DoubleControlVariate.builder().optSeed(c.seed());
                    ifSet(c.samples(), b::optSamples);
                    return b.build();
                });
        r.register(
                "rodeo",
                "RODEO: RLOO plus learned discrete-Stein control variates, one backward through f, "
                        + "Bernoulli only; " + expectation,
                c -> {
                    Rodeo.Builder b = Rodeo.builder().optSeed(c.seed());
                    ifSet(c.samples(), b::optSamples);
                    ifSet(c.networkWidth(), b::optHiddenUnits);
                    return b.build();
                });
        registerCategorical(r, expectation);
        return r;
    }

    /** The estimators after RELAX for categorical units (and binary ones where natural). */
    private static void registerCategorical(EstimatorRegistry r, String expectation) {
        r.register("carms", "CARMS, K copula-coupled antithetic samples, categorical only; " + expectation, c -> {
            Carms.Builder b = Carms.builder();
            ifSet(c.samples(), b::optSamples);
            return b.build();
        });
        r.register(
                "indecater",
                "IndeCateR, exact sum over each unit's classes, N*D*C evaluations of f; " + expectation,
                c -> {
                    IndeCateR.Builder b = IndeCateR.builder();
                    ifSet(c.samples(), b::optSamples);
                    return b.build();
                });
        String biased = EstimatorTarget.NONE.description();
        r.register(
                "gumbel-rao",
                "Gumbel-Rao, straight-through Gumbel-softmax Rao-Blackwellised over K noises; " + biased,
                c -> {
                    GumbelRao.Builder b = GumbelRao.builder();
                    ifSet(c.temperature(), b::optTemperature);
                    ifSet(c.samples(), b::optSamples);
                    return b.build();
                });
        r.register("gapped-st", "gapped straight-through, deterministic gap instead of noise; " + biased, c -> {
            GappedStraightThrough.Builder b = GappedStraightThrough.builder();
            ifSet(c.temperature(), b::optTemperature);
            return b.build();
        });
        r.register("reinmax", "ReinMax, second-order straight-through; " + biased, c -> {
            ReinMax.Builder b = ReinMax.builder();
            ifSet(c.temperature(), b::optTemperature);
            return b.build();
        });
    }

    /** Calls {@code setter} with {@code value} if the user set it. */
    private static <T> void ifSet(T value, Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }

    private static Baseline baseline(EstimatorConfig c) {
        BaselineKind kind = c.baseline() == null ? BaselineKind.NONE : c.baseline();
        switch (kind) {
            case NONE:
                return Baseline.none();
            case EMA:
                EmaBaseline.Builder ema = EmaBaseline.builder();
                ifSet(c.emaDecay(), ema::optDecay);
                return ema.build();
            case LEARNED:
                LearnedBaseline.Builder learned = LearnedBaseline.builder();
                ifSet(c.baselineHiddenUnits(), learned::optHiddenUnits);
                return learned.build();
            default:
                throw new AssertionError(kind);
        }
    }

    /** REBAR (relaxed objective only), RELAX (both) or RELAX-net (network only): defaults, preset, then the user's options. */
    private static GradientEstimator controlVariateEstimator(
            String name, EstimatorConfig c, boolean relaxedObjective, boolean network) {
        RelaxControlVariate.Builder b = RelaxControlVariate.builder()
                .optRelaxedObjective(relaxedObjective)
                .optNetwork(network);
        if (c.preset() != null) {
            c.preset().applyTo(b);
        }
        ifSet(c.etaInit(), b::optEtaInit);
        ifSet(c.temperature(), b::optTemperature);
        ifSet(c.learnTemperature(), b::optLearnTemperature);
        ifSet(c.networkDepth(), b::optNetworkDepth);
        ifSet(c.networkWidth(), b::optNetworkWidth);
        ifSet(c.networkNonlinearity(), b::optNonlinearity);
        ifSet(c.networkFeatures(), b::optFeatures);
        ifSet(c.networkScaleInit(), b::optScaleInit);
        ifSet(c.networkWeightDecay(), b::optWeightDecay);
        ControlVariateEstimator.Builder e = ControlVariateEstimator.builder()
                .setName(name)
                .setControlVariate(b.build())
                .optSeed(c.seed());
        ifSet(c.noiseMode(), e::optNoiseMode);
        return e.build();
    }
}

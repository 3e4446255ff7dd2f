package org.relax4j.core.estimator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.relax4j.core.controlvariate.RelaxControlVariate;

/**
 * Estimators by name. {@link #standard()} holds the built-in ones; {@link #register} adds your
 * own (to the standard registry or to a registry of your own).
 *
 * <pre>{@code
 * GradientEstimator relax = EstimatorRegistry.standard().create("relax", EstimatorConfig.defaults());
 * }</pre>
 */
public final class EstimatorRegistry {

    private static final EstimatorRegistry STANDARD = createStandard();

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /** An empty registry. */
    public EstimatorRegistry() {}

    /** The registry of built-in estimators (shared; registrations are visible everywhere). */
    public static EstimatorRegistry standard() {
        return STANDARD;
    }

    /**
     * Registers an estimator factory under {@code name}.
     *
     * @param name the name users select it by
     * @param description one line for help texts, saying whether it is biased
     * @param factory builds an estimator from options
     * @throws IllegalArgumentException if the name is taken
     */
    public synchronized void register(
            String name, String description, Function<EstimatorConfig, GradientEstimator> factory) {
        if (entries.containsKey(name)) {
            throw new IllegalArgumentException("an estimator named '" + name + "' is already registered");
        }
        entries.put(name, new Entry(description, factory));
    }

    /** Builds the estimator registered as {@code name}. */
    public synchronized GradientEstimator create(String name, EstimatorConfig config) {
        Entry entry = entries.get(name);
        if (entry == null) {
            throw new IllegalArgumentException(
                    "unknown estimator '" + name + "'; choose one of " + String.join(", ", entries.keySet()));
        }
        return entry.factory.apply(config);
    }

    /** Registered names in registration order. */
    public synchronized List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(entries.keySet()));
    }

    /** The description of {@code name}. */
    public synchronized String describe(String name) {
        Entry entry = entries.get(name);
        return entry == null ? null : entry.description;
    }

    private static EstimatorRegistry createStandard() {
        EstimatorRegistry r = new EstimatorRegistry();
        r.register(
                "reinforce",
                "score function with optional baseline (none, ema, learned); unbiased",
                c -> Reinforce.builder()
                        .optBaseline(c.baseline())
                        .optEmaDecay(c.emaDecay())
                        .optBaselineHiddenUnits(c.baselineHiddenUnits())
                        .build());
        r.register(
                "concrete",
                "Concrete / Gumbel-softmax relaxation at fixed temperature; BIASED",
                c -> new Concrete(c.temperature()));
        r.register("straight-through", "straight-through; BIASED", c -> new StraightThrough());
        r.register(
                "rebar",
                "REBAR: control variate eta*f(sigma_lambda(z)), eta and lambda learned; unbiased",
                c -> new ControlVariateEstimator("rebar", rebarControlVariate(c).build(), c.noiseMode()));
        r.register(
                "relax",
                "RELAX: eta*f(sigma_lambda(z)) + r_phi(z, x), trained on the variance; unbiased",
                c -> new ControlVariateEstimator(
                        "relax", withNetwork(rebarControlVariate(c), c).build(), c.noiseMode()));
        r.register(
                "relax-net",
                "RELAX with the network r_phi(z, x) alone (no f in the control variate); unbiased",
                c -> new ControlVariateEstimator(
                        "relax-net",
                        withNetwork(RelaxControlVariate.builder().optRelaxedObjective(false), c)
                                .optTemperature(c.temperature())
                                .optLearnTemperature(c.learnTemperature())
                                .build(),
                        c.noiseMode()));
        r.register("arm", "ARM, antithetic pair, Bernoulli only; unbiased", c -> new Arm());
        r.register("disarm", "DisARM, Rao-Blackwellised ARM, Bernoulli only; unbiased", c -> new DisArm());
        r.register("rloo", "REINFORCE leave-one-out over K samples; unbiased", c -> new Rloo(c.samples()));
        r.register(
                "vimco",
                "VIMCO for the K-sample bound log mean exp f; unbiased for that bound",
                c -> new Vimco(c.samples()));
        return r;
    }

    private static RelaxControlVariate.Builder rebarControlVariate(EstimatorConfig c) {
        return RelaxControlVariate.builder()
                .optRelaxedObjective(true)
                .optEtaInit(c.etaInit())
                .optTemperature(c.temperature())
                .optLearnTemperature(c.learnTemperature());
    }

    private static RelaxControlVariate.Builder withNetwork(RelaxControlVariate.Builder b, EstimatorConfig c) {
        return b.optNetwork(c.networkDepth(), c.networkWidth(), c.networkNonlinearity(), c.networkFeatures())
                .optScaleInit(c.networkScaleInit())
                .optWeightDecay(c.networkWeightDecay());
    }

    private record Entry(String description, Function<EstimatorConfig, GradientEstimator> factory) {}
}

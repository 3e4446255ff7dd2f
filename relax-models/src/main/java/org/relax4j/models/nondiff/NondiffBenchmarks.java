package org.relax4j.models.nondiff;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.relax4j.core.nondiff.lang.Dist;
import org.relax4j.core.nondiff.lang.Expr;
import org.relax4j.core.nondiff.lang.Latent;
import org.relax4j.core.nondiff.lang.NondiffModel;
import org.relax4j.core.nondiff.lang.SpecialFunctions;

/**
 * The three benchmarks of Lee, Yu &amp; Yang (NeurIPS 2018), written in the {@link NondiffModel}
 * language. Structure, constants, observations and initial variational parameters follow the
 * official code (GitHub wonyeol/reparam-nondiff, {@code bm/bm-tcl.py}, {@code bm/bm-sns.py},
 * {@code bm/bm-time.py}); the observed values below are transcribed from those files.
 *
 * <table>
 *   <caption>sizes</caption>
 *   <tr><th>model</th><th>latents</th><th>observations</th><th>guards</th><th>hyperplanes</th></tr>
 *   <tr><td>temperature</td><td>41</td><td>21</td><td>80</td><td>60</td></tr>
 *   <tr><td>textmsg</td><td>3</td><td>37</td><td>37</td><td>37</td></tr>
 *   <tr><td>influenza</td><td>37</td><td>12</td><td>24</td><td>13</td></tr>
 * </table>
 */
public final class NondiffBenchmarks {

    private NondiffBenchmarks() {}

    /** The benchmark names accepted by {@link #byName}. */
    public static List<String> names() {
        return List.of("temperature", "textmsg", "influenza");
    }

    /** The benchmark called {@code name}. */
    public static NondiffModel byName(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "temperature":
                return temperature();
            case "textmsg":
                return textmsg();
            case "influenza":
                return influenza();
            default:
                throw new IllegalArgumentException(
                        "unknown model '" + name + "'; choose one of: " + String.join(", ", names()));
        }
    }

    // ------------------------------------------------------------------ temperature

    /**
     * Observed room temperatures of the thermostat model, t = 0 … 20 (bm/bm-tcl.py, "dataset in
     * NIPS18model-tcl.clj", second entry of each row).
     */
    static final double[] TEMPERATURE_OBS = {
        19.793315726903277,
        20.57447277591924,
        23.318166935159923,
        21.732074976392273,
        23.419968943481056,
        23.45150129902584,
        20.849568706918458,
        20.547137185277485,
        18.211539341750292,
        18.505305155632083,
        16.33716312726332,
        16.381854726212698,
        19.404931063949995,
        19.042584619340943,
        20.646440471252035,
        22.021474886012076,
        21.767275215344945,
        22.59452466844986,
        20.437738111776696,
        21.478557643265425,
        18.513733108301032
    };

    /**
     * Thermostatically controlled load (Soudjani et al., QEST'17), 20 time steps. θ₀ ~ N(20,
     * 0.001²); for t = 1 … 20, with q₀ = 0:
     *
     * <pre>
     *   qnoise_t ~ N(if 18 − θ_{t−1} &gt; 0 then 0 else if θ_{t−1} − 22 &gt; 0 then 1 else q_{t−1}, 0.001²)
     *   q_t      = if qnoise_t − 0.5 &gt; 0 then 1 else 0             (heater on/off)
     *   σ_t      = if qnoise_t − 0.5 &gt; 0 then 0.22 else 0.2        (second guard, same hyperplane)
     *   θ_t      ~ N(θ_{t−1} + (32 − θ_{t−1} − 21 q_t)/15, (2 σ_t)²)
     *   obs_t    ~ N(θ_t, 1)                                         (also obs₀ ~ N(θ₀, 1))
     * </pre>
     *
     * 41 latents, 21 observations, 80 guards; the guards of q_t and σ_t coincide, so there are 60
     * hyperplanes. Initial q as in the reference: θ₀: (20, 0.001); qnoise_t: (0.5, 0.001); θ_t:
     * mean obs_{t−1} (the reference's choice), std 0.4.
     */
    public static NondiffModel temperature() {
        final double thetaA = 32.0;
        final double invCR = 1.0 / (10.0 * 1.5);
        final double rpRate = 1.5 * 14.0;
        final double sigma0 = 0.2;
        final double sigma1 = 0.22;
        final double timeStepScale = 2.0;
        final double lower = 18.0;
        final double upper = 22.0;
        final double qStd = 0.001;
        NondiffModel.Builder b = NondiffModel.builder("temperature");
        Latent theta = b.latent("theta0", 20.0, 0.001).initialize(20.0, 0.001);
        b.observe("obs0", Dist.normal(theta, Expr.constant(1)), TEMPERATURE_OBS[0]);
        Expr q = Expr.constant(0);
        Expr prev = theta;
        for (int t = 1; t <= 20; t++) {
            Expr qMean = Expr.ifPositive(
                    "cold" + t,
                    Expr.constant(lower).minus(prev),
                    Expr.constant(0),
                    Expr.ifPositive("hot" + t, prev.minus(upper), Expr.constant(1), q));
            Latent qNoise = b.latent("qnoise" + t, qMean, Expr.constant(qStd)).initialize(0.5, qStd);
            Expr qT = Expr.ifPositive("on" + t, qNoise.minus(0.5), Expr.constant(1), Expr.constant(0));
            Expr drift =
                    Expr.constant(thetaA).minus(prev.plus(qT.times(rpRate))).times(invCR);
            Expr sigmaT =
                    Expr.ifPositive("onsigma" + t, qNoise.minus(0.5), Expr.constant(sigma1), Expr.constant(sigma0));
            Latent thetaT = b.latent("theta" + t, prev.plus(drift), sigmaT.times(timeStepScale))
                    .initialize(TEMPERATURE_OBS[t - 1], sigma0 * timeStepScale);
            b.observe("obs" + t, Dist.normal(thetaT, Expr.constant(1)), TEMPERATURE_OBS[t]);
            q = qT;
            prev = thetaT;
        }
        return b.build();
    }

    // ------------------------------------------------------------------ textmsg

    /**
     * Daily text-message counts, days 1 … 74 (bm/bm-sns.py; "Bayesian Methods for Hackers",
     * chapter 1).
     */
    static final double[] TEXTMSG_COUNTS = {
        13, 24, 8, 24, 7, 35, 14, 11, 15, 11, 22, 22, 11, 57, 11, 19, 29, 6, 19, 12,
        22, 12, 18, 72, 32, 9, 7, 13, 19, 23, 27, 20, 6, 17, 13, 10, 14, 6, 16, 15,
        7, 2, 15, 15, 19, 70, 49, 7, 53, 22, 21, 31, 19, 11, 18, 20, 12, 35, 17, 23,
        17, 4, 2, 31, 30, 13, 27, 0, 39, 37, 5, 14, 13, 22
    };

    /**
     * Switchpoint model for text-message counts, with log-normal priors on the two rates:
     *
     * <pre>
     *   x₀, x₁ ~ N(m, s²), s = √(log 2), m = log(mean count) − s²/2   (so e^{xᵢ} has mean = mean count)
     *   z ~ N(0, 1)                                                  (switch day = 75 Φ(z))
     *   for days d = 2, 4, …, 74:  count_d ~ Poisson(if z − Φ⁻¹(d/75) &gt; 0 then e^{x₀} else e^{x₁})
     * </pre>
     *
     * 3 latents, 37 observations (every second day, as in the reference), 37 guards on distinct
     * parallel hyperplanes. q starts at the prior.
     */
    public static NondiffModel textmsg() {
        double mean = 0;
        for (double c : TEXTMSG_COUNTS) {
            mean += c;
        }
        mean /= TEXTMSG_COUNTS.length;
        double s = Math.sqrt(Math.log(2.0));
        double m = Math.log(mean) - s * s / 2;
        NondiffModel.Builder b = NondiffModel.builder("textmsg");
        Latent x0 = b.latent("x0", m, s).initialize(m, s);
        Latent x1 = b.latent("x1", m, s).initialize(m, s);
        Latent z = b.latent("z", 0, 1).initialize(0, 1);
        Expr rate0 = x0.exp();
        Expr rate1 = x1.exp();
        for (int day = 2; day <= 74; day += 2) {
            double cut = SpecialFunctions.normalQuantile(day / 75.0);
            Expr rate = Expr.ifPositive("before" + day, z.minus(cut), rate0, rate1);
            b.observe("day" + day, Dist.poisson(rate), TEXTMSG_COUNTS[day - 1]);
        }
        return b.build();
    }

    // ------------------------------------------------------------------ influenza

    /**
     * Monthly influenza mortality, first 12 months (bm/bm-time.py; Shumway &amp; Stoffer, "Time
     * Series Analysis and Its Applications", example 6.22).
     */
    static final double[] INFLUENZA_DATA = {
        0.2902977, 0.5702096, 0.6384278, 0.3135166, 0.2047724, 0.1885323,
        0.1798065, 0.1867087, 0.1871117, 0.2157304, 0.2385934, 0.2572363
    };

    /**
     * Switching linear Gaussian state-space model for influenza mortality (Shumway &amp; Stoffer
     * 6.22), 12 steps, with the reference's constants α₁ = 1.406, α₂ = −0.622, β₀ = 0.210, β₁ =
     * −0.312, σ₁ = 0.023, σ₂ = 0.112, σᵥ = 0.002 and a₀ = b₀ = c₀ = d₀ = 0:
     *
     * <pre>
     *   f₀ ~ N(0, 1)
     *   for t = 1 … 12:
     *     v_t ~ N(0, σ₁²),  w_t ~ N(0, σ₂²)
     *     a_t = α₁ a_{t−1} + α₂ b_{t−1} + v_t,  b_t = a_{t−1},  c_t = β₁ c_{t−1} + β₀ + w_t,  d_t = d_{t−1}
     *     f_t ~ N(if f_{t−1} &gt; 0 then 0.67 else −0.67, 1)
     *     y_t ~ N(if f_t &gt; 0 then a_t + d_t else a_t + c_t + d_t, σᵥ²)
     * </pre>
     *
     * 37 latents (f₀ and v_t, w_t, f_t), 12 observations, 24 guards. Each f_t (t &lt; 12) is
     * guarded twice, by y_t and by f_{t+1}'s prior, so there are 13 hyperplanes. q starts at
     * μ = 0, ρ = 0 (σ = log 2), as in the reference.
     */
    public static NondiffModel influenza() {
        final double alpha1 = 1.406;
        final double alpha2 = -0.622;
        final double beta0 = 0.210;
        final double beta1 = -0.312;
        final double sigma1 = 0.023;
        final double sigma2 = 0.112;
        final double sigmaV = 0.002;
        final double initStd = Math.log(2.0);
        NondiffModel.Builder b = NondiffModel.builder("influenza");
        Expr a = Expr.constant(0);
        Expr bPrev = Expr.constant(0);
        Expr c = Expr.constant(0);
        Expr d = Expr.constant(0);
        Expr f = b.latent("f0", 0, 1).initialize(0, initStd);
        for (int t = 1; t <= INFLUENZA_DATA.length; t++) {
            Latent v = b.latent("v" + t, 0, sigma1).initialize(0, initStd);
            Latent w = b.latent("w" + t, 0, sigma2).initialize(0, initStd);
            Expr aT = a.times(alpha1).plus(bPrev.times(alpha2)).plus(v);
            Expr bT = a;
            Expr cT = c.times(beta1).plus(beta0).plus(w);
            Expr dT = d;
            Latent fT = b.latent(
                            "f" + t,
                            Expr.ifPositive("regime" + t, f, Expr.constant(0.67), Expr.constant(-0.67)),
                            Expr.constant(1))
                    .initialize(0, initStd);
            Expr mean = Expr.ifPositive("obs" + t, fT, aT.plus(dT), aT.plus(cT).plus(dT));
            b.observe("y" + t, Dist.normal(mean, Expr.constant(sigmaV)), INFLUENZA_DATA[t - 1]);
            a = aT;
            bPrev = bT;
            c = cT;
            d = dT;
            f = fT;
        }
        return b.build();
    }

    /** All three benchmarks, in {@link #names()} order. */
    public static List<NondiffModel> all() {
        List<NondiffModel> out = new ArrayList<>();
        for (String n : names()) {
            out.add(byName(n));
        }
        return out;
    }
}

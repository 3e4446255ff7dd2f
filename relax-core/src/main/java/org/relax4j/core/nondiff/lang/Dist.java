package org.relax4j.core.nondiff.lang;

import java.util.function.BiFunction;
import java.util.function.DoublePredicate;

/**
 * A distribution whose parameters are {@link Expr}s, used for latent priors and observations. Its
 * log density at a value is again an expression, so parameters may depend on latents and on
 * branches. Constant observed values are checked against the support when observed.
 */
public final class Dist {

    private final String name;
    private final BiFunction<Dist, Expr, Expr> logDensity;
    private final DoublePredicate support;
    private final String supportText;

    private Dist(String name, String supportText, DoublePredicate support, BiFunction<Dist, Expr, Expr> logDensity) {
        this.name = name;
        this.supportText = supportText;
        this.support = support;
        this.logDensity = logDensity;
    }

    /** The log density (or log mass) at {@code value}, as an expression. */
    public Expr logDensity(Expr value) {
        if (value.isConstant()) {
            checkSupport(value.constantValue());
        }
        return logDensity.apply(this, value);
    }

    /** The log density at a constant value, which must lie in the support. */
    public Expr logDensity(double value) {
        return logDensity(Expr.constant(value));
    }

    private void checkSupport(double v) {
        if (!support.test(v)) {
            throw new IllegalArgumentException(
                    name + " cannot produce the value " + v + " (support: " + supportText + ")");
        }
    }

    /** The distribution's name, e.g. {@code normal}. */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }

    private static final double HALF_LOG_2PI = 0.5 * SpecialFunctions.LOG_2PI;

    private static boolean isCount(double v) {
        return v >= 0 && v == Math.rint(v) && !Double.isInfinite(v);
    }

    /** Normal N(mean, std²): −½((x − mean)/std)² − log std − ½ log 2π. */
    public static Dist normal(Expr mean, Expr std) {
        if (std.isConstant() && !(std.constantValue() > 0)) {
            throw new IllegalArgumentException("normal std must be positive, got " + std.constantValue());
        }
        return new Dist("normal", "all reals", Double::isFinite, (d, x) -> {
            if (std.isConstant()) {
                double s = std.constantValue();
                return x.minus(mean).square().times(-0.5 / (s * s)).plus(-Math.log(s) - HALF_LOG_2PI);
            }
            return x.minus(mean).div(std).square().times(-0.5).minus(std.log()).minus(HALF_LOG_2PI);
        });
    }

    /** Normal N(mean, std²) with constant parameters. */
    public static Dist normal(double mean, double std) {
        return normal(Expr.constant(mean), Expr.constant(std));
    }

    /** Poisson(rate): k log rate − rate − log k!. */
    public static Dist poisson(Expr rate) {
        return new Dist(
                "poisson",
                "non-negative integers",
                Dist::isCount,
                (d, k) -> k.times(rate.log()).minus(rate).minus(k.plus(1).logGamma()));
    }

    /** Bernoulli(p) on {0, 1}: k log p + (1 − k) log(1 − p). */
    public static Dist bernoulli(Expr p) {
        return new Dist("bernoulli", "{0, 1}", v -> v == 0 || v == 1, (d, k) -> {
            if (k.isConstant()) {
                return k.constantValue() == 1
                        ? p.log()
                        : Expr.constant(1).minus(p).log();
            }
            return k.times(p.log())
                    .plus(Expr.constant(1)
                            .minus(k)
                            .times(Expr.constant(1).minus(p).log()));
        });
    }

    /** Bernoulli with logit ℓ: k ℓ − softplus(ℓ). */
    public static Dist bernoulliLogit(Expr logit) {
        return new Dist(
                "bernoulli",
                "{0, 1}",
                v -> v == 0 || v == 1,
                (d, k) -> k.times(logit).minus(logit.softplus()));
    }

    /** Gamma(shape α, rate β): α log β − log Γ(α) + (α − 1) log x − β x. */
    public static Dist gamma(Expr shape, Expr rate) {
        return new Dist(
                "gamma",
                "x > 0",
                v -> v > 0 && Double.isFinite(v),
                (d, x) -> shape.times(rate.log())
                        .minus(shape.logGamma())
                        .plus(shape.minus(1).times(x.log()))
                        .minus(rate.times(x)));
    }

    /** Beta(a, b): (a − 1) log x + (b − 1) log(1 − x) − log B(a, b). */
    public static Dist beta(Expr a, Expr b) {
        return new Dist(
                "beta",
                "0 < x < 1",
                v -> v > 0 && v < 1,
                (d, x) -> a.minus(1)
                        .times(x.log())
                        .plus(b.minus(1).times(Expr.constant(1).minus(x).log()))
                        .plus(a.plus(b).logGamma())
                        .minus(a.logGamma())
                        .minus(b.logGamma()));
    }

    /** Exponential(rate λ): log λ − λ x. */
    public static Dist exponential(Expr rate) {
        return new Dist(
                "exponential",
                "x >= 0",
                v -> v >= 0 && Double.isFinite(v),
                (d, x) -> rate.log().minus(rate.times(x)));
    }

    /** Log-normal: log x ~ N(mu, sigma²); density −(log x − mu)²/(2σ²) − log σ − log x − ½ log 2π. */
    public static Dist logNormal(Expr mu, Expr sigma) {
        return new Dist("lognormal", "x > 0", v -> v > 0 && Double.isFinite(v), (d, x) -> {
            Expr lx = x.log();
            return lx.minus(mu)
                    .div(sigma)
                    .square()
                    .times(-0.5)
                    .minus(sigma.log())
                    .minus(lx)
                    .minus(HALF_LOG_2PI);
        });
    }
}

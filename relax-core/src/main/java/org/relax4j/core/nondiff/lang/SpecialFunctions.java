package org.relax4j.core.nondiff.lang;

/**
 * Scalar special functions in double precision, used for constants of models (log-factorials of
 * observed counts, normal quantiles of fixed probabilities) and by the surface term of the
 * non-differentiable reparameterization estimator (the standard normal density).
 */
public final class SpecialFunctions {

    /** log(2π). */
    public static final double LOG_2PI = Math.log(2 * Math.PI);

    private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);

    // Lanczos approximation, g = 7, n = 9 (relative error below 1e-15 for x > 0).
    private static final double LANCZOS_G = 7;
    private static final double[] LANCZOS = {
        0.99999999999980993,
        676.5203681218851,
        -1259.1392167224028,
        771.32342877765313,
        -176.61502916214059,
        12.507343278686905,
        -0.13857109526572012,
        9.9843695780195716e-6,
        1.5056327351493116e-7
    };

    private SpecialFunctions() {}

    /** log Γ(x) for x > 0. */
    public static double logGamma(double x) {
        if (!(x > 0)) {
            throw new IllegalArgumentException("logGamma needs x > 0, got " + x);
        }
        if (x < 0.5) {
            // reflection: Γ(x) Γ(1 − x) = π / sin(πx)
            return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
        }
        double z = x - 1;
        double sum = LANCZOS[0];
        for (int i = 1; i < LANCZOS.length; i++) {
            sum += LANCZOS[i] / (z + i);
        }
        double t = z + LANCZOS_G + 0.5;
        return 0.5 * LOG_2PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
    }

    /** The standard normal density φ(x). */
    public static double normalPdf(double x) {
        return Math.exp(-0.5 * x * x) / SQRT_2PI;
    }

    /** log φ(x). */
    public static double normalLogPdf(double x) {
        return -0.5 * x * x - 0.5 * LOG_2PI;
    }

    /**
     * The standard normal distribution function Φ(x), accurate to about 1e-15 relative: a
     * positive-term series for |x| &lt; 3 and a continued fraction for the tail beyond.
     */
    public static double normalCdf(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x < -3) {
            return upperTail(-x);
        }
        if (x > 3) {
            return 1 - upperTail(x);
        }
        // Φ(x) = 1/2 + φ(x) Σ_{k≥0} x^{2k+1} / (1·3·5···(2k+1))
        double term = x;
        double sum = x;
        double x2 = x * x;
        for (int k = 1; k < 500; k++) {
            term *= x2 / (2 * k + 1);
            sum += term;
            if (Math.abs(term) < 1e-17 * Math.abs(sum)) {
                break;
            }
        }
        return 0.5 + normalPdf(x) * sum;
    }

    /** 1 − Φ(x) for x ≥ 3, by Lentz's continued fraction for the Mills ratio. */
    private static double upperTail(double x) {
        // R(x) = (1 − Φ(x)) / φ(x) = 1/(x + 1/(x + 2/(x + 3/(x + ...))))
        double tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0;
        for (int k = 1; k < 1000; k++) {
            d = x + k * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = x + k / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return normalPdf(x) / f;
    }

    /**
     * The standard normal quantile Φ⁻¹(p) for 0 &lt; p &lt; 1: Acklam's rational approximation
     * refined by Halley steps on {@link #normalCdf}, accurate to about 1e-15.
     */
    public static double normalQuantile(double p) {
        if (!(p > 0 && p < 1)) {
            if (p == 0) {
                return Double.NEGATIVE_INFINITY;
            }
            if (p == 1) {
                return Double.POSITIVE_INFINITY;
            }
            throw new IllegalArgumentException("normalQuantile needs 0 <= p <= 1, got " + p);
        }
        double x = acklam(p);
        for (int i = 0; i < 3; i++) {
            double e = normalCdf(x) - p;
            double u = e / normalPdf(x);
            x -= u / (1 + 0.5 * x * u);
        }
        return x;
    }

    private static double acklam(double p) {
        double[] a = {
            -3.969683028665376e+01,
            2.209460984245205e+02,
            -2.759285104469687e+02,
            1.383577518672690e+02,
            -3.066479806614716e+01,
            2.506628277459239e+00
        };
        double[] b = {
            -5.447609879822406e+01,
            1.615858368580409e+02,
            -1.556989798598866e+02,
            6.680131188771972e+01,
            -1.328068155288572e+01
        };
        double[] c = {
            -7.784894002430293e-03,
            -3.223964580411365e-01,
            -2.400758277161838e+00,
            -2.549732539343734e+00,
            4.374664141464968e+00,
            2.938163982698783e+00
        };
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double low = 0.02425;
        if (p < low) {
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low) {
            double q = Math.sqrt(-2 * Math.log(1 - p));
            return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5])
                * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }

    /** softplus(x) = log(1 + eˣ), computed without overflow. */
    public static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    /** The inverse of {@link #softplus}: log(eʸ − 1) for y > 0. */
    public static double softplusInverse(double y) {
        if (!(y > 0)) {
            throw new IllegalArgumentException("softplusInverse needs y > 0, got " + y);
        }
        // log(e^y − 1) = y + log(1 − e^{−y})
        return y + Math.log(-Math.expm1(-y));
    }

    /** The logistic sigmoid 1/(1 + e⁻ˣ), the derivative of {@link #softplus}. */
    public static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }
}

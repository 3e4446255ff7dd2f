package org.relax4j.core.nondiff.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.relax4j.core.nondiff.lang.NondiffModel;
import org.relax4j.core.nondiff.lang.SpecialFunctions;

/**
 * The variational family: independent Gaussians q_θ(x) = Πᵢ N(xᵢ; μᵢ, σᵢ²) with σᵢ = softplus(ρᵢ),
 * θ = (μ, ρ). Reparameterised as x = f_θ(ε) = μ + σ ⊙ ε, ε ~ N(0, I). Parameter vectors are laid
 * out as [μ₀ … μₙ₋₁, ρ₀ … ρₙ₋₁].
 */
public final class MeanFieldGaussian {

    private final double[] mu;
    private final double[] rho;

    /** θ = (μ, ρ); the arrays are copied. */
    public MeanFieldGaussian(double[] mu, double[] rho) {
        if (mu.length != rho.length) {
            throw new IllegalArgumentException("mu has " + mu.length + " entries but rho " + rho.length);
        }
        this.mu = mu.clone();
        this.rho = rho.clone();
    }

    /** The model's initial θ (its latents' initial means and standard deviations). */
    public static MeanFieldGaussian initial(NondiffModel model) {
        double[] s = model.initialStds();
        double[] r = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            r[i] = SpecialFunctions.softplusInverse(s[i]);
        }
        return new MeanFieldGaussian(model.initialMeans(), r);
    }

    /** θ from a [μ | ρ] vector. */
    public static MeanFieldGaussian fromVector(double[] theta) {
        if (theta.length % 2 != 0) {
            throw new IllegalArgumentException("a [mu | rho] vector has even length, got " + theta.length);
        }
        int n = theta.length / 2;
        double[] m = new double[n];
        double[] r = new double[n];
        System.arraycopy(theta, 0, m, 0, n);
        System.arraycopy(theta, n, r, 0, n);
        return new MeanFieldGaussian(m, r);
    }

    /** The [μ | ρ] vector. */
    public double[] toVector() {
        double[] t = new double[2 * mu.length];
        System.arraycopy(mu, 0, t, 0, mu.length);
        System.arraycopy(rho, 0, t, mu.length, rho.length);
        return t;
    }

    /** Number of latents n. */
    public int size() {
        return mu.length;
    }

    /** μ (copy). */
    public double[] mu() {
        return mu.clone();
    }

    /** ρ (copy). */
    public double[] rho() {
        return rho.clone();
    }

    /** σ = softplus(ρ). */
    public double[] sigma() {
        double[] s = new double[rho.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = SpecialFunctions.softplus(rho[i]);
        }
        return s;
    }

    /** dσ/dρ = sigmoid(ρ). */
    public double[] sigmaPrime() {
        double[] s = new double[rho.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = SpecialFunctions.sigmoid(rho[i]);
        }
        return s;
    }

    /** Names of the parameters in vector order: {@code mu[name]}, then {@code rho[name]}. */
    public static List<String> parameterNames(NondiffModel model) {
        List<String> names = new ArrayList<>();
        for (String n : model.latentNames()) {
            names.add("mu[" + n + "]");
        }
        for (String n : model.latentNames()) {
            names.add("rho[" + n + "]");
        }
        return names;
    }

    /** Fills {@code out} with independent N(0, 1) draws. */
    public static void standardNormals(RandomGenerator rng, double[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = rng.nextGaussian();
        }
    }

    /**
     * {@code rows} independent draws x = μ + σ ⊙ ε, ε ~ N(0, I); ε takes {@code rows × n}
     * Gaussians from {@code rng}, row by row, and nothing else.
     */
    public Draws draw(int rows, RandomGenerator rng) {
        int n = mu.length;
        double[] eps = new double[rows * n];
        standardNormals(rng, eps);
        double[] sigma = sigma();
        double[] x = new double[rows * n];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < n; i++) {
                x[r * n + i] = mu[i] + sigma[i] * eps[r * n + i];
            }
        }
        double logSigmaSum = 0;
        for (double s : sigma) {
            logSigmaSum += Math.log(s);
        }
        return new Draws(n, eps, x, logSigmaSum);
    }

    /** Draws from q: ε and x = μ + σ ⊙ ε, row-major (rows × n), with log q of each row. */
    public static final class Draws {

        private final int n;
        private final double[] eps;
        private final double[] x;
        private final double logSigmaSum;

        private Draws(int n, double[] eps, double[] x, double logSigmaSum) {
            this.n = n;
            this.eps = eps;
            this.x = x;
            this.logSigmaSum = logSigmaSum;
        }

        /** εᵢ of row r. */
        public double eps(int r, int i) {
            return eps[r * n + i];
        }

        /** The draws x, row-major (the array itself, not a copy: a caller may move its points). */
        public double[] x() {
            return x;
        }

        /** The noise ε, row-major (the array itself, not a copy: it moves with x). */
        public double[] eps() {
            return eps;
        }

        /** log q_θ(x) of row r, from its ε: −½‖ε‖² − Σᵢ log σᵢ − (n/2) log 2π. */
        public double logQ(int r) {
            double sq = 0;
            for (int i = 0; i < n; i++) {
                double e = eps[r * n + i];
                sq += e * e;
            }
            return -0.5 * sq - logSigmaSum - 0.5 * n * SpecialFunctions.LOG_2PI;
        }
    }
}

package org.relax4j.core.estimator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.relax4j.core.distribution.DiscreteDistribution;

/**
 * IndeCateR (De Smet, Sansone and Zuidberg Dos Martires, "Differentiable Sampling of Categorical
 * Distributions Using the CatLog-Derivative Trick", NeurIPS 2023, the IndeCateR estimator;
 * reference code ML-KULeuven/catlog, e.g. DVAE/dave.py {@code indecater_grads} for Bernoulli
 * units): for independent units
 * x = (x₁, …, x_D) the gradient is a sum over dimensions of an exact sum over each dimension's
 * categories, ∂E[f]/∂α_d = E_{x_{−d}}[Σ_k ∂θ_{dk}/∂α_d · f(x_{−d}, x_d = k)], estimated with N
 * samples x⁽ⁿ⁾:
 * ĝ_{dj} = (1/N) Σ_n θ_{dj} (f(x⁽ⁿ⁾_{−d}, x_d = j) − Σ_k θ_{dk} f(x⁽ⁿ⁾_{−d}, x_d = k)).
 *
 * <p>Unbiased. <b>Cost: N·D·C evaluations of f per example</b> (D units of C classes; C = 2 for
 * Bernoulli units, where the estimate reads ĝ_d = θ_d(1 − θ_d)(f(x_{−d}, 1) − f(x_{−d}, 0))): a
 * costly reference point rather than a training default. The D·C evaluations of a sample go to f in
 * one batched call of N·D·C rows, so memory grows as N·D·C × batch × units. f(x⁽ⁿ⁾) itself is one
 * of those rows, so it costs nothing extra.
 */
public final class IndeCateR implements GradientEstimator {

    /** The default number of samples N per example. */
    public static final int DEFAULT_SAMPLES = 1;

    private final int samples;
    private volatile int lastEvaluations;

    private IndeCateR(Builder builder) {
        this.samples = builder.samples;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** N, the samples per example. */
    public int samples() {
        return samples;
    }

    @Override
    public String name() {
        return "indecater";
    }

    @Override
    public EstimatorTarget unbiasedFor() {
        return EstimatorTarget.EXPECTATION;
    }

    /**
     * N·D·C for the last problem estimated (it depends on the layer: D units of C classes); 0
     * before the first estimate.
     */
    @Override
    public int objectiveEvaluations() {
        return lastEvaluations;
    }

    @Override
    public GradientEstimate estimate(EstimationProblem problem) {
        EstimatorSupport.requireGradMode(name());
        if (problem.hasFixedSamplingNoise() && samples > 1) {
            throw new IllegalArgumentException("indecater with " + samples + " samples per example cannot use fixed "
                    + "sampling noise; use --samples 1 or a single-sample estimator here");
        }
        DiscreteDistribution dist = problem.distribution();
        NDArray logits = problem.logits().stopGradient();
        Shape shape = logits.getShape();
        boolean categorical = problem.isCategorical();
        int classes = problem.categories();
        long batch = shape.get(0);
        long units = shape.slice(1, shape.dimension() - (categorical ? 1 : 0)).size();
        int variants = Math.toIntExact(units * classes);
        lastEvaluations = samples * variants;

        NDArray b = samples(problem, dist, logits);
        NDArray oneHot = categorical ? b : Units.twoClassOneHot(b); // (N, B, units…, C)
        NDArray flat = oneHot.reshape(samples, 1, 1, batch, units, classes);
        NDManager m = logits.getManager();
        NDArray unitEye = m.eye(Math.toIntExact(units)).toType(logits.getDataType(), false);
        NDArray classEye = m.eye(classes).toType(logits.getDataType(), false);
        // variant (d, k) of a sample: unit d set to class k, the other units as sampled
        NDArray keep = unitEye.neg().add(1).reshape(1, units, 1, 1, units, 1);
        NDArray set = unitEye.reshape(1, units, 1, 1, units, 1).mul(classEye.reshape(1, 1, classes, 1, 1, classes));
        NDArray variantsOneHot = flat.mul(keep).add(set); // (N, D, C, B, D, C)
        Shape evalShape = new Shape((long) samples * variants).addAll(shape);
        NDArray input = categorical
                ? variantsOneHot.reshape(evalShape)
                : Units.classOne(variantsOneHot).reshape(evalShape);
        NDArray f = problem.objective().apply(input, null).reshape(samples, units, classes, batch);
        NDArray fd = f.stopGradient().transpose(0, 3, 1, 2); // (N, B, D, C)

        NDArray theta = categorical
                ? logits.reshape(batch, units, classes).softmax(-1)
                : Units.twoClassOneHot(dist.mean(logits)).reshape(batch, units, classes);
        NDArray centred = fd.sub(fd.mul(theta).sum(new int[] {-1}, true));
        NDArray g = theta.mul(centred).mean(new int[] {0}); // (B, D, C)
        g = categorical ? g.reshape(shape) : Units.classOne(g).reshape(shape);

        // f(x⁽ⁿ⁾) = Σ_k 1[x⁽ⁿ⁾_0 = k] f(x⁽ⁿ⁾_{−0}, x_0 = k): the variants of unit 0, with their graph
        NDArray firstUnit = oneHot.reshape(samples, batch, units, classes).get(":, :, 0, :"); // (N, B, C)
        NDArray fFirst = f.get(":, 0, :, :").transpose(0, 2, 1); // (N, B, C)
        NDArray direct = fFirst.mul(firstUnit).sum(new int[] {-1}).mean(new int[] {0});
        return new GradientEstimate(g, direct.stopGradient(), direct, null);
    }

    /** N hard samples, shape (N, B, units…): from the fixed sampling noise when N = 1 and it is set. */
    private NDArray samples(EstimationProblem problem, DiscreteDistribution dist, NDArray logits) {
        if (samples == 1) {
            return dist.hard(dist.reparameterize(logits, problem.samplingNoise()))
                    .expandDims(0);
        }
        Shape shape = new Shape(samples).addAll(logits.getShape());
        NDArray broadcast = logits.expandDims(0).broadcast(shape);
        return dist.hard(dist.reparameterize(broadcast, problem.uniform(shape)));
    }

    /** Builder of {@link IndeCateR}. */
    public static final class Builder {
        private int samples = DEFAULT_SAMPLES;

        private Builder() {}

        /** Sets N &gt;= 1, the samples per example (default {@link IndeCateR#DEFAULT_SAMPLES}). */
        public Builder optSamples(int samples) {
            this.samples = samples;
            return this;
        }

        /** Builds the estimator. */
        public IndeCateR build() {
            if (samples < 1) {
                throw new IllegalArgumentException("indecater needs at least 1 sample per example, got " + samples);
            }
            return new IndeCateR(this);
        }
    }
}

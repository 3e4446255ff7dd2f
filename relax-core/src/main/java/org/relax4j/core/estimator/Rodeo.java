package org.relax4j.core.estimator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.ParameterList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Optional;
import org.relax4j.core.controlvariate.SteinControlVariate;

/**
 * RODEO (Shi, Zhou, Hwang, Titsias and Mackey 2022), for Bernoulli units: leave-one-out REINFORCE
 * over K ≥ 2 samples with control variates built from a discrete Stein operator, learned online
 * and needing no evaluation of f beyond the K samples.
 *
 * <p>For the factorised q(x) = Π_i θ_i^{x_i}(1 − θ_i)^{1−x_i}, the Stein operator over single-unit
 * flips x^{(i)} (x with unit i flipped) is
 *
 * <pre>
 *   (𝒜h)(x) = Σ_i q(x^{(i)}_i | x_{−i}) [h(x^{(i)}) − h(x)],   q(x^{(i)}_i | x_{−i}) = θ_i(1 − x_i) + (1 − θ_i)x_i,
 * </pre>
 *
 * and E_q[(𝒜h)(x)] = 0 for every h (swapping x and x^{(i)} leaves q(x) q(x^{(i)}_i | x_{−i})
 * unchanged). For sample k the function h_k may depend on the other samples x_{−k}: then still
 * E[(𝒜h_k)(x_k) | x_{−k}] = 0. RODEO uses one network h: R² → R² ({@link SteinControlVariate}) fed
 * with f̄_{−k}, the mean of the other samples' values, and the Taylor surrogate built from their
 * derivatives ∇_j = ∂f(x_j)/∂x_j,
 *
 * <pre>
 *   s_k(y) = (1/(K − 1)) Σ_{j≠k} ∇_j·(y − x_j),    h_k(y) = h(s_k(y), f̄_{−k}) = (h_k¹(y), h_k²(y)),
 * </pre>
 *
 * and forms (with D the number of units; the 1/D, from the authors' code, only rescales α and β)
 *
 * <pre>
 *   f̃_j = f(x_j) + α (1/D)(𝒜h_j¹)(x_j)
 *   ĝ = (1/K) Σ_k [ (f(x_k) − (1/(K − 1)) Σ_{j≠k} f̃_j)(x_k − θ) + β (1/D)(𝒜H_k)(x_k) ],   H_k(y) = h_k²(y)(y − θ).
 * </pre>
 *
 * Both additions have zero mean, so ĝ is unbiased for ∂E[f]/∂α whatever α, β and h are: the
 * baseline's extra term for j ≠ k has zero mean given x_{−j}, which fixes x_k; the vector term is
 * a Stein image in x_k given x_{−k}. This is the paper's RODEO estimator, in the variant
 * the authors' code calls {@code discrete_stein_avg} (thjashin/rodeo, networks.py). For binary
 * units (𝒜H)(x)_d = (x_d − θ_d)(𝒜h²)(x) + q(x^{(d)}_d | x_{−d}) h²(x^{(d)})(1 − 2x_d), so h is
 * evaluated at the K(D + 1) points x_k and x_k^{(i)} only, and s_k(x_k^{(i)}) = s_k(x_k) +
 * ∇̄_{−k,i}(1 − 2x_{k,i}). α = β = 0 at the start (plain RLOO); α, β and h are trained on the
 * variance objective mean ĝ². The authors' {@code discrete_stein_avg} subtracts Σ_{j≠k} ∇_j·x_j
 * without the 1/(K − 1) in s_k, so for K &gt; 2 it feeds h a shifted Taylor feature (the same as
 * here at K = 2, the default); either feature leaves ĝ unbiased. Cost: K evaluations of f, one
 * reverse pass through f at the samples (f must be differentiable in its input for the Taylor
 * feature; where it is not, ∇ = 0 and h sees f̄_{−k} alone), and K(D + 1) passes of the small
 * network.
 */
public final class Rodeo extends AbstractEstimator {

    /** The default number of samples K per example (the paper's binary-VAE setting). */
    public static final int DEFAULT_SAMPLES = 2;

    private final int samples;
    private final SteinControlVariate controlVariate;

    private Rodeo(Builder builder) {
        super("rodeo", EstimatorTarget.EXPECTATION, builder.samples);
        this.samples = builder.samples;
        this.controlVariate = new SteinControlVariate(builder.hiddenUnits);
        controlVariate.setInitializationSeed(builder.seed);
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** K, the samples per example. */
    public int samples() {
        return samples;
    }

    /** K: every estimate draws K joint samples per example. */
    @Override
    public int jointSamples() {
        return samples();
    }

    /** The learned parts α, β and h. */
    public SteinControlVariate controlVariate() {
        return controlVariate;
    }

    @Override
    public GradientEstimate estimate(EstimationProblem problem) {
        EstimatorSupport.requireGradMode(name());
        EstimatorSupport.requireBernoulli(problem, name());
        MultiSample draw = MultiSample.draw(problem, samples, name(), true);
        long batch = problem.batchSize();
        Shape logitsShape = problem.logits().getShape();
        NDArray x = draw.b().stopGradient().reshape(samples, batch, -1);
        NDArray gradient = draw.objectiveGradient().reshape(samples, batch, -1);
        NDArray score = draw.score().reshape(samples, batch, -1);
        NDArray theta =
                problem.logits().stopGradient().getNDArrayInternal().sigmoid().reshape(batch, -1);
        long units = x.getShape().get(2);
        NDArray f = draw.f().stopGradient();

        // the Taylor feature at x_k and at its D neighbours, and the others' mean value
        NDArray others = EstimatorSupport.leaveOneOutMean(gradient);
        NDArray expansionPoints =
                EstimatorSupport.leaveOneOutMean(gradient.mul(x).sum(new int[] {-1}));
        NDArray atSample = others.mul(x).sum(new int[] {-1}).sub(expansionPoints);
        NDArray flip = x.mul(-2).add(1);
        NDArray atNeighbours = atSample.expandDims(-1).add(others.mul(flip));
        NDArray taylor = atSample.expandDims(-1).concat(atNeighbours, -1);
        NDArray meanOthers = EstimatorSupport.leaveOneOutMean(f).expandDims(-1).broadcast(taylor.getShape());
        NDArray h = controlVariate.evaluate(taylor.expandDims(-1).concat(meanOthers.expandDims(-1), -1));
        NDArray hSample = h.get(":, :, 0, :");
        NDArray hNeighbours = h.get(":, :, 1:, :");

        // q(x^{(i)}_i | x_{−i}): the probability of the flipped value
        NDArray flipProbability =
                theta.mul(x.neg().add(1)).add(theta.neg().add(1).mul(x));
        NDArray stein = hNeighbours
                .sub(hSample.expandDims(2))
                .mul(flipProbability.expandDims(-1))
                .mean(new int[] {2});
        NDArray alpha = controlVariate.alpha(f);
        NDArray beta = controlVariate.beta(f);
        NDArray shaped = f.add(stein.get(":, :, 0").mul(alpha));
        NDArray signal = f.sub(EstimatorSupport.leaveOneOutMean(shaped));
        NDArray vectorStein = score.mul(stein.get(":, :, 1").expandDims(-1))
                .add(flipProbability
                        .mul(hNeighbours.get(":, :, :, 1"))
                        .mul(flip)
                        .div(units));
        NDArray perSample = EstimatorSupport.perUnit(signal, score).mul(score).add(vectorStein.mul(beta));
        NDArray g = EstimatorSupport.meanOverSamples(perSample).reshape(logitsShape);
        NDArray loss = problem.trainEstimator() ? g.mul(g).mean() : null;
        NDArray direct = EstimatorSupport.meanOverSamples(draw.f());
        return new GradientEstimate(g.stopGradient(), direct.stopGradient(), direct, loss);
    }

    @Override
    public void initialize(NDManager manager, Shape logitsShape, Shape conditioningShape) {
        controlVariate.initialize(manager);
    }

    @Override
    public Optional<Block> block() {
        return Optional.of(controlVariate);
    }

    @Override
    public ParameterList parameters() {
        return controlVariate.getParameters();
    }

    @Override
    public void saveState(DataOutputStream out) throws IOException {
        controlVariate.saveParameters(out);
    }

    @Override
    public void loadState(DataInputStream in) throws IOException {
        controlVariate.loadParameters(in);
    }

    @Override
    public void close() {
        controlVariate.close();
    }

    /** Builder of {@link Rodeo}. */
    public static final class Builder {
        private int samples = DEFAULT_SAMPLES;
        private int hiddenUnits = SteinControlVariate.DEFAULT_HIDDEN_UNITS;
        private long seed;

        private Builder() {}

        /** Sets K &gt;= 2, the samples per example (default {@link Rodeo#DEFAULT_SAMPLES}). */
        public Builder optSamples(int samples) {
            this.samples = samples;
            return this;
        }

        /** Sets the hidden width of h (default {@link SteinControlVariate#DEFAULT_HIDDEN_UNITS}). */
        public Builder optHiddenUnits(int hiddenUnits) {
            this.hiddenUnits = hiddenUnits;
            return this;
        }

        /**
         * Sets the seed of h's initial parameters (default 0): the engine's global generator is
         * reseeded with it immediately before they are created.
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Builds the estimator. */
        public Rodeo build() {
            MultiSample.checkSamples("RODEO", samples);
            if (hiddenUnits <= 0) {
                throw new IllegalArgumentException("RODEO's network needs a positive hidden width, got " + hiddenUnits);
            }
            return new Rodeo(this);
        }
    }
}

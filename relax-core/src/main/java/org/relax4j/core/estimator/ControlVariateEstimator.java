package org.relax4j.core.estimator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.ParameterList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.relax4j.core.engine.Autograd;
import org.relax4j.core.controlvariate.RelaxControlVariate;
import org.relax4j.core.distribution.DiscreteDistribution;
import org.relax4j.core.distribution.NoiseMode;

/**
 * REBAR (Tucker et al. 2017) and RELAX (Grathwohl et al. 2018), one estimator with a pluggable
 * control variate c_φ ({@link RelaxControlVariate}):
 *
 * <pre>
 *   ĝ = [f(b) − c_φ(z̃)] ∂log p(b)/∂α + ∂c_φ(z)/∂α − ∂c_φ(z̃)/∂α,
 *   z = g(α, u), b = H(z), z̃ ~ p(z | b)                     (Grathwohl et al. eq. 5)
 * </pre>
 *
 * With c_φ(z) = η f(σ_λ(z)) this is REBAR (Tucker et al. eq. 6); with a learned network it is
 * RELAX. The estimator is unbiased for every φ, so the control variate is trained on
 * ∂/∂φ E[ĝ²] = ∂/∂φ Var(ĝ) (Grathwohl et al. eq. 7): {@link GradientEstimate#estimatorLoss()} is
 * mean(ĝ²) (+ weight decay), built with second-order gradients.
 *
 * <p>Cost per step: one hard evaluation f(b), and c_φ(z), c_φ(z̃) in one batched pass with one
 * reverse-mode call that yields ∂c(z)/∂α − ∂c(z̃)/∂α directly (seed +1 for z, −1 for z̃).
 */
public final class ControlVariateEstimator extends AbstractEstimator {

    private final RelaxControlVariate controlVariate;
    private final NoiseMode noiseMode;

    /**
     * An estimator named {@code name} with control variate {@code controlVariate} and the given
     * noise mode for z̃.
     */
    public ControlVariateEstimator(String name, RelaxControlVariate controlVariate, NoiseMode noiseMode) {
        super(name, true, 3);
        this.controlVariate = controlVariate;
        this.noiseMode = noiseMode;
    }

    /** The control variate. */
    public RelaxControlVariate controlVariate() {
        return controlVariate;
    }

    @Override
    public GradientEstimate estimate(EstimationProblem problem) {
        EstimatorSupport.requireGradMode(name());
        DiscreteDistribution dist = problem.distribution();
        NDArray logits = EstimatorSupport.leaf(problem.logits());
        NDArray u = problem.samplingNoise();
        NDArray z = dist.reparameterize(logits, u);
        NDArray b = dist.hard(z);
        NDArray v =
                noiseMode == NoiseMode.TIED
                        ? dist.tiedNoise(logits, u, b)
                        : problem.uniform(logits.getShape());
        NDArray zTilde = dist.conditional(logits, b, v);

        NDArray f = EstimatorSupport.hardObjective(problem, b);
        NDArray fValue = f.stopGradient();
        NDArray c = controlVariate.evaluate(EstimatorSupport.stack(z, zTilde), problem);
        boolean train = problem.trainEstimator();
        long batch = problem.batchSize();
        NDManager manager = c.getManager();
        NDArray seed = EstimatorSupport.stack(manager.ones(new Shape(batch)), manager.ones(new Shape(batch)).neg());
        NDArray pathwise = Autograd.grad(new NDList(c), new NDList(logits), new NDList(seed), train).get(0);
        NDArray score = dist.score(problem.logits().stopGradient(), b);
        NDArray g = EstimatorSupport.perUnit(fValue.sub(c.get(1)), score).mul(score).add(pathwise);

        NDArray loss = null;
        if (train) {
            loss = g.mul(g).mean();
            NDArray penalty = controlVariate.regularization(manager);
            if (penalty != null) {
                loss = loss.add(penalty);
            }
        }
        return new GradientEstimate(g.stopGradient(), fValue, f, loss);
    }

    @Override
    public void initialize(NDManager manager, Shape logitsShape, Shape conditioningShape) {
        controlVariate.initialize(manager, logitsShape, conditioningShape);
    }

    @Override
    public ParameterList parameters() {
        return controlVariate.trainableParameters();
    }

    @Override
    public void close() {
        controlVariate.close();
    }

    @Override
    public void saveState(DataOutputStream out) throws IOException {
        controlVariate.saveParameters(out);
    }

    @Override
    public void loadState(DataInputStream in) throws IOException {
        controlVariate.loadParameters(in);
    }
}

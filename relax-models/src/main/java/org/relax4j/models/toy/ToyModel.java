package org.relax4j.models.toy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.initializer.ConstantInitializer;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.relax4j.core.estimator.EstimationProblem;
import org.relax4j.core.estimator.GradientEstimate;
import org.relax4j.core.estimator.GradientEstimator;
import org.relax4j.core.io.ArrayIO;
import org.relax4j.core.random.NoiseSource;
import org.relax4j.core.training.StepOutput;
import org.relax4j.core.training.StochasticModel;
import org.relax4j.core.training.StochasticNode;

/**
 * The toy problem as a {@link StochasticModel}: one logit ℓ (starting at 0), one Bernoulli
 * sample b ~ Bernoulli(σ(ℓ)) per step, loss f(b) = (b − t)² (RELAX paper, section 6.1). The model
 * loss is mean(f(b) + ℓ·stop(ĝ)), minimised; the estimator conditions on a constant 1.
 */
public final class ToyModel implements StochasticModel {

    private final ToyProblem problem;
    private final NDManager manager;
    private final Parameter logit;
    private final ParameterList parameters = new ParameterList();
    private final NDArray conditioning;

    /** The toy {@code problem} with ℓ = 0 on {@code manager}. */
    public ToyModel(ToyProblem problem, NDManager manager) {
        this.problem = problem;
        this.manager = manager;
        this.logit = Parameter.builder()
                .setName("logit")
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(1, 1))
                .optInitializer(new ConstantInitializer(0f))
                .build();
        logit.initialize(manager, DataType.FLOAT32);
        parameters.add("logit", logit);
        conditioning = manager.ones(new Shape(1, 1)); // the control variate's constant input, made once
        NDScope.unregister(conditioning);
    }

    /** The problem. */
    public ToyProblem problem() {
        return problem;
    }

    /** The current logit ℓ. */
    public double logit() {
        return logit.getArray().getFloat(0, 0);
    }

    @Override
    public ParameterList parameters() {
        return parameters;
    }

    @Override
    public List<StochasticNode> stochasticNodes() {
        return List.of(new StochasticNode("theta", new Shape(1, 1), new Shape(1, 1)));
    }

    @Override
    public StepOutput forward(
            NDArray batch, NoiseSource.StepNoise noise, List<GradientEstimator> estimators, boolean trainEstimators) {
        NDArray alpha = logit.getArray();
        GradientEstimate e = estimators
                .get(0)
                .estimate(EstimationProblem.builder()
                        .setLogits(alpha)
                        .setObjective(problem)
                        .setNoise(noise)
                        .optConditioning(conditioning)
                        .optTrainEstimator(trainEstimators)
                        .build());
        return new StepOutput(e.objective(), e.surrogate(alpha).mean(), e.estimatorLoss());
    }

    @Override
    public String stateName() {
        return "model";
    }

    @Override
    public void save(DataOutputStream out) throws IOException {
        ArrayIO.write(out, logit.getArray());
    }

    @Override
    public void load(DataInputStream in, NDManager target) throws IOException {
        ArrayIO.readInto(in, logit.getArray());
    }
}

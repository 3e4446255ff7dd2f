package org.relax4j.models.sbn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.relax4j.core.engine.NativeArrays;
import org.relax4j.core.estimator.EstimationProblem;
import org.relax4j.core.estimator.GradientEstimate;
import org.relax4j.core.estimator.GradientEstimator;
import org.relax4j.core.io.ArrayIO;
import org.relax4j.core.random.NoiseSource;
import org.relax4j.core.stack.RunAxis;
import org.relax4j.core.training.StepOutput;
import org.relax4j.core.training.StochasticModel;
import org.relax4j.core.training.StochasticNode;

/**
 * K independent one-stochastic-layer binary VAEs ({@link VaeModel}s of one architecture) trained
 * as one {@link StochasticModel}: every parameter of shape (K, solo shape…), each map applied to
 * all runs at once with batched matrix products.
 *
 * <p>A step's minibatch holds the K runs' minibatches of B examples run-major, shape (K·B, D), and
 * its noise draws each run's block from the run's own stream ({@link NoiseSource#stacked}), in
 * the order {@link VaeModel#forward} draws it: run k's rows of every array are then what run k's
 * own model computes (Grathwohl et al. 2018, §6.2). The model loss is the sum over runs of each
 * run's −mean_b(f(b) + α·stop(ĝ)), so its gradient with respect to the stacked parameters is the K
 * runs' own gradients; the estimator (one for the node, stacked as well) sees logits of shape
 * (K·B, units) and conditioning (K·B, D).
 *
 * <p>Built from the K runs' initialized models with {@link #stack}, under their parameter names;
 * {@link #copyToRuns} and {@link #copyFromRuns} move the parameters between the stack and the runs'
 * own models (for their evaluations and checkpoints, and on resuming).
 */
public final class StackedVaeModel implements StochasticModel {

    private final int runs;
    private final int batch;
    private final int units;
    private final int inputDim;
    private final NDManager manager;
    private final NDArray mean;
    private final ParameterList parameters = new ParameterList();
    private final List<VaeModel> models;
    private final List<Parameter> encoder = new ArrayList<>();
    private final List<Parameter> decoder = new ArrayList<>();
    private final Parameter prior;
    private float[] lastObjectives;

    private StackedVaeModel(List<VaeModel> models, float[] dataMean, NDManager manager, int batch) {
        SigmoidBeliefNet first = models.get(0).net();
        if (first.stochasticLayers() != 1) {
            throw new IllegalArgumentException("stacked runs support one stochastic layer (--model linear or "
                    + "nonlinear), not " + first.stochasticLayers());
        }
        this.models = List.copyOf(models);
        this.runs = models.size();
        this.batch = batch;
        this.units = first.units();
        this.inputDim = first.inputDim();
        this.manager = manager;
        this.mean = NativeArrays.copyOf(manager, dataMean);
        NDScope.unregister(mean);
        ParameterList names = first.getParameters();
        Parameter priorP = null;
        for (int i = 0; i < names.size(); i++) {
            String name = names.keyAt(i);
            List<NDArray> arrays = new ArrayList<>();
            for (VaeModel m : models) {
                ParameterList theirs = m.net().getParameters();
                if (theirs.size() != names.size() || !theirs.keyAt(i).equals(name)) {
                    throw new IllegalArgumentException("stacked runs need one architecture");
                }
                arrays.add(theirs.valueAt(i).getArray());
            }
            Parameter like = names.valueAt(i);
            Parameter stacked = RunAxis.stack(name, like.getType(), arrays, manager, like.requiresGradient());
            NDScope.unregister(stacked.getArray());
            parameters.add(name, stacked);
            if (name.contains("encoder")) {
                encoder.add(stacked);
            } else if (name.contains("decoder")) {
                decoder.add(stacked);
            } else if (name.contains("prior_logits")) {
                priorP = stacked;
            } else {
                throw new IllegalArgumentException("stacked runs do not know the model's parameter " + name);
            }
        }
        this.prior = priorP;
    }

    /**
     * The runs' models (one architecture with one stochastic layer, initialized, in run order)
     * stacked into one on {@code manager}, with the runs' current parameters.
     *
     * @param dataMean x̄, the training mean the runs' models centre their inputs with
     * @param batch each run's minibatch size B
     */
    public static StackedVaeModel stack(List<VaeModel> models, float[] dataMean, NDManager manager, int batch) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("nothing to stack");
        }
        return new StackedVaeModel(models, dataMean, manager, batch);
    }

    /** The number of runs K. */
    public int runs() {
        return runs;
    }

    /** Each run's mean objective (one-sample ELBO) in the last {@link #forward}, or null before the first. */
    public float[] lastObjectives() {
        return lastObjectives;
    }

    @Override
    public ParameterList parameters() {
        return parameters;
    }

    @Override
    public List<StochasticNode> stochasticNodes() {
        return List.of(new StochasticNode(
                "layer1", new Shape((long) runs * batch, units), new Shape((long) runs * batch, inputDim)));
    }

    @Override
    public boolean tracksVariance(String name) {
        return name.contains("encoder");
    }

    @Override
    public StepOutput forward(
            NDArray x, NoiseSource.StepNoise stepNoise, List<GradientEstimator> estimators, boolean trainEstimators) {
        long examples = x.getShape().get(0);
        long b = examples / runs;
        // VaeModel draws the sampling noise of its layers first (one stream); the one-layer
        // estimator then draws its own. Drawing it here keeps every later stream aligned.
        stepNoise.uniform(manager, new Shape(examples, units)).close();
        NDArray xs = x.reshape(runs, b, inputDim);
        NDArray centred = xs.sub(mean);
        NDArray alpha = map(encoder, centred);
        NDArray logits = alpha.reshape(examples, units);
        GradientEstimate e = estimators
                .get(0)
                .estimate(EstimationProblem.builder()
                        .setLogits(logits)
                        .setObjective((h, temperature) -> {
                            long s = h.getShape().get(0);
                            return elbo(xs, h.reshape(s, runs, b, units), alpha).reshape(s, examples);
                        })
                        .setNoise(stepNoise)
                        .optConditioning(centred.reshape(examples, inputDim))
                        .optTrainEstimator(trainEstimators)
                        .build());
        NDArray surrogate = e.surrogate(logits);
        NDArray objective = e.objective();
        lastObjectives = objective.reshape(runs, b).mean(new int[] {1}).toFloatArray();
        NDArray modelLoss = surrogate.reshape(runs, b).mean(new int[] {1}).sum().neg();
        return new StepOutput(objective, modelLoss, e.estimatorLoss());
    }

    /**
     * f = log p(x | h) + log p(h) − log q(h | x) per run, sample and example, shape (S, K, B), for
     * x (K, B, D), h (S, K, B, units) and the encoder logits α (K, B, units).
     */
    private NDArray elbo(NDArray xs, NDArray h, NDArray alpha) {
        NDArray f = SigmoidBeliefNet.logBernoulli(xs, map(decoder, SigmoidBeliefNet.signed(h)));
        f = f.add(SigmoidBeliefNet.logBernoulli(h, prior.getArray().reshape(runs, 1, units)));
        return f.sub(SigmoidBeliefNet.logBernoulli(h, alpha));
    }

    /**
     * A stacked map (weight, bias per linear layer, tanh between): input (…, K, B, in), weights
     * (K, out, in), biases (K, out); output (…, K, B, out).
     */
    private static NDArray map(List<Parameter> layers, NDArray input) {
        NDArray h = input;
        for (int i = 0; i < layers.size(); i += 2) {
            h = RunAxis.linear(h, layers.get(i).getArray(), layers.get(i + 1).getArray());
            if (i + 2 < layers.size()) {
                h = h.tanh();
            }
        }
        return h;
    }

    /** Copies each run's slice of the parameters into that run's own model. */
    public void copyToRuns() {
        for (int i = 0; i < parameters.size(); i++) {
            RunAxis.unstack(parameters.valueAt(i).getArray(), runArrays(i));
        }
    }

    /** Copies each run's own parameters into its slice of the stack. */
    public void copyFromRuns() {
        for (int i = 0; i < parameters.size(); i++) {
            RunAxis.restack(runArrays(i), parameters.valueAt(i).getArray());
        }
    }

    /** Parameter i of every run, read now (restoring a checkpoint replaces a run's arrays). */
    private List<NDArray> runArrays(int i) {
        List<NDArray> arrays = new ArrayList<>();
        for (VaeModel m : models) {
            arrays.add(m.net().getParameters().valueAt(i).getArray());
        }
        return arrays;
    }

    @Override
    public String stateName() {
        return "model";
    }

    /** Writes the stacked parameters (the runs' own checkpoints hold their slices in the solo format). */
    @Override
    public void save(DataOutputStream out) throws IOException {
        for (Pair<String, Parameter> p : parameters) {
            ArrayIO.write(out, p.getValue().getArray());
        }
    }

    @Override
    public void load(DataInputStream in, NDManager target) throws IOException {
        for (Pair<String, Parameter> p : parameters) {
            ArrayIO.readInto(in, p.getValue().getArray());
        }
    }
}

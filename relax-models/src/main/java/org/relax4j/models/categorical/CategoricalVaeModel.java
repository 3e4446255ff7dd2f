package org.relax4j.models.categorical;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.ParameterList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.relax4j.core.distribution.Categorical;
import org.relax4j.core.estimator.EstimationProblem;
import org.relax4j.core.estimator.GradientEstimate;
import org.relax4j.core.estimator.GradientEstimator;
import org.relax4j.core.io.BlockParameters;
import org.relax4j.core.random.NoiseSource;
import org.relax4j.core.training.StepOutput;
import org.relax4j.core.training.StochasticModel;
import org.relax4j.core.training.StochasticNode;
import org.relax4j.datasets.Binarization;
import org.relax4j.datasets.MinibatchStream;
import org.relax4j.datasets.SplitData;
import org.relax4j.models.sbn.ImageVae;
import org.relax4j.models.sbn.VaeModel;

/**
 * A {@link CategoricalVae} as a {@link StochasticModel}: one stochastic node, the D × C categorical
 * latent layer, whose estimator gets the problem with {@link Categorical} units, logits (B, D, C),
 * objective f(x, h) (the ELBO integrand) and conditioning x − x̄. The model loss is
 * −mean(f(b) + Σ α·stop(ĝ)) with b fixed; the variance tracker follows the encoder.
 */
public final class CategoricalVaeModel implements ImageVae {

    private final CategoricalVae net;
    private final NDManager manager;
    private final int batch;

    /**
     * @param net an initialized network
     * @param manager the manager it lives on
     * @param batch training minibatch size
     */
    public CategoricalVaeModel(CategoricalVae net, NDManager manager, int batch) {
        this.net = net;
        this.manager = manager;
        this.batch = batch;
    }

    /** The network. */
    public CategoricalVae net() {
        return net;
    }

    @Override
    public int inputDim() {
        return net.inputDim();
    }

    @Override
    public ParameterList parameters() {
        return net.getParameters();
    }

    @Override
    public List<StochasticNode> stochasticNodes() {
        return List.of(new StochasticNode(
                "latent", new Shape(batch, net.variables(), net.classes()), new Shape(batch, net.inputDim())));
    }

    @Override
    public boolean tracksVariance(String name) {
        return name.contains("encoder");
    }

    @Override
    public StepOutput forward(
            NDArray x, NoiseSource.StepNoise stepNoise, List<GradientEstimator> estimators, boolean trainEstimators) {
        NDArray alpha = net.encoderLogits(x);
        NDArray qLogits = alpha.expandDims(0);
        EstimationProblem problem = EstimationProblem.builder()
                .setLogits(alpha)
                .optDistribution(Categorical.INSTANCE)
                .setObjective((h, temperature) -> net.elbo(x, h, qLogits))
                .setNoise(stepNoise)
                .optConditioning(net.centred(x))
                .optTrainEstimator(trainEstimators)
                .build();
        GradientEstimate e = estimators.get(0).estimate(problem);
        return new StepOutput(e.objective(), e.surrogate(alpha).mean().neg(), e.estimatorLoss());
    }

    @Override
    public VaeModel.Evaluation evaluate(
            SplitData split,
            Binarization binarization,
            int k,
            int examples,
            NoiseSource noise,
            java.util.function.LongConsumer progress) {
        int n = examples <= 0 ? split.size() : Math.min(examples, split.size());
        SplitData subset = n == split.size() ? split : split.subset(0, n);
        int evalBatch = 100;
        double iwae = 0;
        double elbo = 0;
        int batches = MinibatchStream.evaluationBatchCount(subset, evalBatch);
        for (int i = 0; i < batches; i++) {
            try (NDScope scope = new NDScope()) {
                NDArray x = MinibatchStream.evaluationBatch(subset, binarization, evalBatch, i, manager);
                NDArray f = logWeights(x, k, noise.forStep(2L * i)); // (k, B)
                NDArray max = f.max(new int[] {0});
                iwae += f.sub(max.expandDims(0))
                        .exp()
                        .mean(new int[] {0})
                        .log()
                        .add(max)
                        .sum()
                        .getFloat();
                elbo += logWeights(x, 1, noise.forStep(2L * i + 1)).sum().getFloat();
            }
            progress.accept(Math.min((long) (i + 1) * evalBatch, n));
        }
        return new VaeModel.Evaluation(iwae / n, elbo / n, k, n);
    }

    @Override
    public float[][] reconstructionsAndSamples(SplitData split, NoiseSource.StepNoise noise) {
        try (NDScope scope = new NDScope()) {
            NDArray x = MinibatchStream.evaluationBatch(split, Binarization.THRESHOLD, 16, 0, manager);
            NDArray logits = net.encoderLogits(x);
            NDArray recon = net.reconstruction(net.sample(logits, noise.uniform(manager, logits.getShape())));
            Shape prior = new Shape(64, net.variables(), net.classes());
            NDArray h = net.sample(manager.zeros(prior), noise.uniform(manager, prior));
            return new float[][] {
                x.toFloatArray(), recon.toFloatArray(), net.reconstruction(h).toFloatArray()
            };
        }
    }

    /** f(x, h_j) for k independent samples h_j ~ q(h | x), shape (k, B). */
    public NDArray logWeights(NDArray x, int k, NoiseSource.StepNoise noise) {
        NDArray logits = net.encoderLogits(x);
        Shape shape = new Shape(k).addAll(logits.getShape());
        NDArray h = net.sample(logits.expandDims(0).broadcast(shape), noise.uniform(manager, shape));
        return net.elbo(x, h, logits.expandDims(0));
    }

    @Override
    public String stateName() {
        return "model";
    }

    @Override
    public void save(DataOutputStream out) throws IOException {
        net.saveParameters(out);
    }

    @Override
    public void load(DataInputStream in, NDManager target) throws IOException {
        BlockParameters.load(net, target, in);
    }
}

package org.relax4j.models.sbn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.ParameterList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
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

/**
 * A sigmoid belief net / binary VAE as a {@link StochasticModel}: one stochastic node per layer.
 *
 * <p>One forward pass (RELAX paper, section 6.2): sample b = (b₁…b_L) from q with the step's
 * uniform noise u; for each layer l, the layer's estimator returns ĝ_l ≈ ∂E[f]/∂α_l, with the
 * layers below held at their samples and the layers above recomputed from layer l's values, and
 * conditioned on x − x̄ and 2b_{&lt;l} − 1; with more than one layer it reuses u_l as its sampling
 * noise. The model loss is −mean(f(b) + Σ_l α_l·stop(ĝ_l)) (f the one-sample ELBO, b fixed), the
 * estimator loss Σ_l loss_l. The variance tracker follows the encoder's gradient.
 */
public final class VaeModel implements ImageVae {

    /** Salt of the noise used by evaluations, independent of training noise. */
    public static final long EVAL_NOISE = 0x51ED270B27AB4E6BL;

    /** Examples per evaluation batch. */
    public static final int EVAL_BATCH = 100;

    private final SigmoidBeliefNet net;
    private final NDManager manager;
    private final int batch;

    /**
     * @param net an initialized network
     * @param manager the manager it lives on
     * @param batch training minibatch size
     */
    public VaeModel(SigmoidBeliefNet net, NDManager manager, int batch) {
        this.net = net;
        this.manager = manager;
        this.batch = batch;
    }

    /** The network. */
    public SigmoidBeliefNet net() {
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
        List<StochasticNode> nodes = new ArrayList<>();
        for (int l = 1; l <= net.stochasticLayers(); l++) {
            nodes.add(new StochasticNode(
                    "layer" + l,
                    new Shape(batch, net.units()),
                    new Shape(batch, net.inputDim() + (long) (l - 1) * net.units())));
        }
        return nodes;
    }

    @Override
    public boolean tracksVariance(String name) {
        return name.contains("encoder");
    }

    @Override
    public StepOutput forward(
            NDArray x, NoiseSource.StepNoise stepNoise, List<GradientEstimator> estimators, boolean trainEstimators) {
        int layers = net.stochasticLayers();
        List<NDArray> u = new ArrayList<>(layers);
        for (int l = 0; l < layers; l++) {
            u.add(stepNoise.uniform(manager, new Shape(x.getShape().get(0), net.units())));
        }
        SigmoidBeliefNet.Sample sample = net.sample(x, u);
        NDArray centred = net.centred(x);
        NDArray surrogate = null;
        NDArray estimatorLoss = null;
        NDArray objective = null;
        for (int l = 1; l <= layers; l++) {
            NDArray alpha = sample.logits().get(l - 1);
            EstimationProblem.Builder problem = EstimationProblem.builder()
                    .setLogits(alpha)
                    .setObjective(net.layerObjective(l, x, sample, u))
                    .setNoise(stepNoise)
                    .optConditioning(conditioning(centred, sample, l))
                    .optTrainEstimator(trainEstimators);
            if (layers > 1) {
                problem.optSamplingNoise(u.get(l - 1));
            }
            GradientEstimate e = estimators.get(l - 1).estimate(problem.build());
            if (l == 1) {
                surrogate = e.surrogate(alpha);
                objective = e.objective();
            } else {
                surrogate = surrogate.add(e.linearTerm(alpha));
            }
            if (e.estimatorLoss() != null) {
                estimatorLoss = estimatorLoss == null ? e.estimatorLoss() : estimatorLoss.add(e.estimatorLoss());
            }
        }
        return new StepOutput(objective, surrogate.mean().neg(), estimatorLoss);
    }

    /** The inputs of layer l's baseline or network: x − x̄ and 2b_{&lt;l} − 1. */
    private static NDArray conditioning(NDArray centred, SigmoidBeliefNet.Sample sample, int layer) {
        if (layer == 1) {
            return centred;
        }
        NDList parts = new NDList(centred);
        for (int l = 1; l < layer; l++) {
            parts.add(SigmoidBeliefNet.signed(sample.samples().get(l - 1)));
        }
        return NDArrays.concat(parts, 1);
    }

    /** Bounds on a split, averaged over its examples. */
    public record Evaluation(double iwae, double elbo, int k, int examples) {}

    @Override
    public Evaluation evaluate(
            SplitData split, Binarization binarization, int k, int examples, NoiseSource noise, LongConsumer progress) {
        int n = examples <= 0 ? split.size() : Math.min(examples, split.size());
        SplitData subset = n == split.size() ? split : split.subset(0, n);
        int evalBatch = EVAL_BATCH;
        int chunk = Math.max(1, Math.min(k, 20_000 / evalBatch));
        double iwae = 0;
        double elbo = 0;
        int batches = MinibatchStream.evaluationBatchCount(subset, evalBatch);
        for (int i = 0; i < batches; i++) {
            try (NDScope scope = new NDScope()) {
                NDArray x = MinibatchStream.evaluationBatch(subset, binarization, evalBatch, i, manager);
                NDArray iwaeSum =
                        Bounds.iwae(net, x, k, chunk, noise.forStep(2L * i)).sum();
                NDArray elboSum = Bounds.elbo(net, x, noise.forStep(2L * i + 1)).sum();
                float[] sums = NDArrays.stack(new NDList(iwaeSum, elboSum)).toFloatArray(); // one host read
                iwae += sums[0];
                elbo += sums[1];
            }
            progress.accept(Math.min((long) (i + 1) * evalBatch, n));
        }
        return new Evaluation(iwae / n, elbo / n, k, n);
    }

    @Override
    public float[][] reconstructionsAndSamples(SplitData split, NoiseSource.StepNoise noise) {
        try (NDScope scope = new NDScope()) {
            NDArray x = MinibatchStream.evaluationBatch(split, Binarization.THRESHOLD, 16, 0, manager);
            List<NDArray> u = new ArrayList<>();
            for (int l = 0; l < net.stochasticLayers(); l++) {
                u.add(noise.uniform(manager, new Shape(16, net.units())));
            }
            NDArray recon = net.reconstruction(net.sample(x, u).samples().get(0));
            List<NDArray> prior = new ArrayList<>();
            for (int l = 0; l < net.stochasticLayers(); l++) {
                prior.add(noise.uniform(manager, new Shape(64, net.units())));
            }
            return new float[][] {
                x.toFloatArray(), recon.toFloatArray(), net.generate(64, prior).toFloatArray()
            };
        }
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

package org.relax4j.train.stack;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.relax4j.core.engine.NativeArrays;
import org.relax4j.core.estimator.ControlVariateEstimator;
import org.relax4j.core.estimator.EstimatorRegistry;
import org.relax4j.core.estimator.GradientEstimator;
import org.relax4j.core.estimator.StackedControlVariateEstimator;
import org.relax4j.core.estimator.baseline.BaselineKind;
import org.relax4j.core.optim.StatefulAdam;
import org.relax4j.core.random.NoiseSource;
import org.relax4j.core.stack.StackedState;
import org.relax4j.core.training.Stateful;
import org.relax4j.core.training.StochasticTrainer;
import org.relax4j.core.variance.EmaGradientVariance;
import org.relax4j.datasets.MinibatchStream;
import org.relax4j.datasets.MnistData;
import org.relax4j.models.sbn.ModelArchitecture;
import org.relax4j.models.sbn.StackedVaeModel;
import org.relax4j.models.sbn.VaeModel;
import org.relax4j.train.vae.DeviceChoice;
import org.relax4j.train.vae.TrainConfig;
import org.relax4j.train.vae.VaeData;
import org.relax4j.train.vae.VaeRun;

/**
 * K VAE runs of one configuration, differing only in their seeds, trained as one batched
 * computation: a {@link StochasticTrainer} over a {@link StackedVaeModel} whose parameters, Adam
 * moments, gradient-variance tracker and control variates ({@link StackedControlVariateEstimator})
 * carry a leading run axis, fed each run's own minibatch and noise (run k's minibatch stream and
 * {@code NoiseSource(seed_k)}, stacked). Each run step for step computes what its solo run
 * computes, up to the rounding of batched matrix products.
 *
 * <p>The K solo {@link VaeRun}s are built first, exactly as a solo run builds them (so the stack
 * starts from their initial parameters), and stay the runs' own state: {@link #copyToRuns} writes
 * each run's slice of the stack into its solo run (for its evaluations, metrics and solo-format
 * checkpoint), {@link #copyFromRuns} the reverse (after restoring the solo checkpoints).
 */
public final class StackedVaeRun implements AutoCloseable {

    /** The estimators stacked runs support. */
    public static final List<String> ESTIMATORS = List.of("relax", "rebar", "relax-net", "reinforce");

    private static final String OPTIMIZER_MODEL = "optimizer/model";
    private static final String OPTIMIZER_ESTIMATORS = "optimizer/estimators";
    private static final String VARIANCE = "gradient-variance";

    private final List<VaeRun> runs;
    private final StackedVaeModel model;
    private final StackedControlVariateEstimator estimator;
    private final StochasticTrainer trainer;

    private StackedVaeRun(List<VaeRun> runs, MnistData data) {
        this.runs = runs;
        TrainConfig first = runs.get(0).config();
        NDManager manager = NDManager.newBaseManager(DeviceChoice.of(first.device()));
        List<VaeModel> models = new ArrayList<>();
        List<MinibatchStream> streams = new ArrayList<>();
        long[] seeds = new long[runs.size()];
        for (int k = 0; k < runs.size(); k++) {
            models.add((VaeModel) runs.get(k).model()); // stacks are binary-only, checked when the runs are made
            streams.add(VaeData.trainingStream(runs.get(k).config(), data));
            seeds[k] = runs.get(k).config().seed();
        }
        this.model = StackedVaeModel.stack(models, data.trainingMean(), manager, first.batch());
        GradientEstimator soloEstimator = runs.get(0).trainer().estimators().get(0);
        if (soloEstimator instanceof ControlVariateEstimator) {
            List<ControlVariateEstimator> estimators = new ArrayList<>();
            for (VaeRun r : runs) {
                estimators.add(
                        (ControlVariateEstimator) r.trainer().estimators().get(0));
            }
            this.estimator = StackedControlVariateEstimator.stack(estimators, manager);
        } else {
            this.estimator = null;
        }
        int dim = data.train().dim();
        int batch = first.batch();
        this.trainer = StochasticTrainer.builder()
                .setModel(model)
                .setManager(manager)
                .setEstimators(() -> estimator != null
                        ? estimator
                        : EstimatorRegistry.standard().create(first.estimator(), first.estimatorConfig()))
                .setNoise(NoiseSource.stacked(seeds))
                .optBatches((step, m) -> {
                    float[] values = new float[streams.size() * batch * dim];
                    for (int k = 0; k < streams.size(); k++) {
                        System.arraycopy(streams.get(k).batchArray(step), 0, values, k * batch * dim, batch * dim);
                    }
                    return NativeArrays.copyOf(m, values, new Shape((long) streams.size() * batch, dim));
                })
                .setModelOptimizer(StatefulAdam.builder()
                        .optLearningRate(first.learningRate())
                        .optBeta2(first.beta2())
                        .build())
                .setEstimatorOptimizer(StatefulAdam.builder()
                        .optLearningRate(first.cvLearningRate())
                        .optBeta2(first.beta2())
                        .build())
                .optGradientVariance(new EmaGradientVariance(first.gradVarianceDecay()))
                .optWarmupSteps(first.warmupSteps())
                .optReportEvery(first.logEvery())
                .optEvaluateEvery(first.evalEvery())
                .build();
    }

    /**
     * Builds the K runs of {@code configs} (one configuration but for the seed, in run order) on
     * {@code data}, then their stack.
     *
     * @throws IllegalArgumentException if the configurations differ in more than the seed, or
     *     stacked runs do not support them ({@link #checkSupported})
     */
    public static StackedVaeRun create(List<TrainConfig> configs, MnistData data) {
        if (configs.isEmpty()) {
            throw new IllegalArgumentException("stacked runs need at least one seed");
        }
        TrainConfig base = withoutSeed(configs.get(0));
        for (TrainConfig c : configs) {
            checkSupported(c);
            if (!withoutSeed(c).equals(base)) {
                throw new IllegalArgumentException("stacked runs must share every setting but the seed; " + c.seed()
                        + " differs from " + configs.get(0).seed() + " in more");
            }
        }
        List<VaeRun> runs = new ArrayList<>();
        try {
            for (TrainConfig c : configs) {
                runs.add(VaeRun.create(c, data));
            }
            return new StackedVaeRun(runs, data);
        } catch (RuntimeException e) {
            runs.forEach(VaeRun::close);
            throw e;
        }
    }

    /** {@code base} with each seed of {@code seeds} (its estimator's seed too), in order. */
    public static List<TrainConfig> configs(TrainConfig base, long[] seeds) {
        List<TrainConfig> out = new ArrayList<>();
        for (long s : seeds) {
            out.add(base.toBuilder()
                    .optSeed(s)
                    .setEstimatorConfig(
                            base.estimatorConfig().toBuilder().optSeed(s).build())
                    .build());
        }
        return out;
    }

    private static TrainConfig withoutSeed(TrainConfig c) {
        return configs(c, new long[] {0}).get(0);
    }

    /**
     * Refuses, with a one-line message naming what is supported, a configuration stacked runs
     * cannot train: they support {@link #ESTIMATORS} (REINFORCE without a baseline) on the
     * one-stochastic-layer models.
     */
    public static void checkSupported(TrainConfig c) {
        if (!ESTIMATORS.contains(c.estimator())) {
            throw new IllegalArgumentException("--seeds stacks runs of " + String.join(", ", ESTIMATORS) + " only, not "
                    + c.estimator() + "; train " + c.estimator() + " with one --seed per run");
        }
        if (c.estimator().equals("reinforce")
                && c.estimatorConfig().baseline() != null
                && c.estimatorConfig().baseline() != BaselineKind.NONE) {
            throw new IllegalArgumentException("--seeds stacks reinforce with --baseline none only; train --baseline "
                    + c.estimatorConfig().baseline().name().toLowerCase(java.util.Locale.ROOT)
                    + " with one --seed per run");
        }
        if (c.model() != ModelArchitecture.LINEAR && c.model() != ModelArchitecture.NONLINEAR) {
            throw new IllegalArgumentException("--seeds stacks --model linear or nonlinear only (one stochastic "
                    + "layer of Bernoulli units); train " + c.model().cliName() + " with one --seed per run");
        }
    }

    /** The runs, in seed order. */
    public List<VaeRun> runs() {
        return runs;
    }

    /** The number of runs K. */
    public int size() {
        return runs.size();
    }

    /** The stacked model. */
    public StackedVaeModel model() {
        return model;
    }

    /** The stack's trainer. */
    public StochasticTrainer trainer() {
        return trainer;
    }

    /**
     * Writes each run's slice of the stack into its solo run: the model's and the control
     * variate's parameters and the gradient-variance tracker, and with {@code optimizers} both
     * Adam states (what a checkpoint needs besides).
     */
    public void copyToRuns(boolean optimizers) throws IOException {
        model.copyToRuns();
        if (estimator != null) {
            estimator.copyToRuns();
        }
        split(VARIANCE, StackedState.Layout.GRADIENT_VARIANCE);
        if (optimizers) {
            split(OPTIMIZER_MODEL, StackedState.Layout.ADAM);
            split(OPTIMIZER_ESTIMATORS, StackedState.Layout.ADAM);
        }
    }

    /** Writes every run's own state (restored from its checkpoint) into its slice of the stack. */
    public void copyFromRuns() throws IOException {
        model.copyFromRuns();
        if (estimator != null) {
            estimator.copyFromRuns();
        }
        join(VARIANCE, StackedState.Layout.GRADIENT_VARIANCE);
        join(OPTIMIZER_MODEL, StackedState.Layout.ADAM);
        join(OPTIMIZER_ESTIMATORS, StackedState.Layout.ADAM);
    }

    private void split(String name, StackedState.Layout layout) throws IOException {
        List<byte[]> parts = StackedState.split(layout, save(component(trainer, name)), size(), trainer.manager());
        for (int k = 0; k < size(); k++) {
            StochasticTrainer solo = runs.get(k).trainer();
            component(solo, name).load(new DataInputStream(new ByteArrayInputStream(parts.get(k))), solo.manager());
        }
    }

    private void join(String name, StackedState.Layout layout) throws IOException {
        List<byte[]> parts = new ArrayList<>();
        for (VaeRun r : runs) {
            parts.add(save(component(r.trainer(), name)));
        }
        byte[] joined = StackedState.join(layout, parts, trainer.manager());
        component(trainer, name).load(new DataInputStream(new ByteArrayInputStream(joined)), trainer.manager());
    }

    private static Stateful component(StochasticTrainer trainer, String name) {
        for (Stateful s : trainer.components()) {
            if (s.stateName().equals(name)) {
                return s;
            }
        }
        throw new IllegalStateException("the trainer has no '" + name + "' state");
    }

    private static byte[] save(Stateful s) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(buffer);
        s.save(out);
        out.flush();
        return buffer.toByteArray();
    }

    /** Closes the stack's trainer, then every run. */
    @Override
    public void close() {
        trainer.close();
        runs.forEach(VaeRun::close);
    }
}

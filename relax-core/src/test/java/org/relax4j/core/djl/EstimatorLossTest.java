package org.relax4j.core.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.relax4j.core.engine.Autograd;
import org.relax4j.core.engine.NativeArrays;
import org.relax4j.core.estimator.EstimationProblem;
import org.relax4j.core.estimator.EstimatorConfig;
import org.relax4j.core.estimator.EstimatorRegistry;
import org.relax4j.core.estimator.GradientEstimate;
import org.relax4j.core.estimator.GradientEstimator;
import org.relax4j.core.exact.BernoulliEnumeration;
import org.relax4j.core.objective.RelaxableObjective;
import org.relax4j.core.optim.StatefulAdam;
import org.relax4j.core.random.NoiseSource;

/** A DJL Trainer with {@link EstimatorLoss} trains a logits-only model with RELAX. */
class EstimatorLossTest {

    private static final int UNITS = 6;
    private static final int BATCH = 8;
    private static final long SEED = 11;

    /** f(b) = Σ (b_i − t_i)² + ½ b₀b₁: per-example, the same on hard and relaxed inputs. */
    private static final double[] TARGETS = {0.9, 0.8, 0.2, 0.7, 0.1, 0.35};

    private static final RelaxableObjective OBJECTIVE = (h, temperature) -> {
        NDArray t = NativeArrays.copyOf(h.getManager(), toFloats(TARGETS));
        NDArray d = h.sub(t);
        return d.mul(d)
                .sum(new int[] {-1})
                .add(NativeArrays.times(h.get("..., 0").mul(h.get("..., 1")), 0.5));
    };

    private static double value(double[] b) {
        double f = 0.5 * b[0] * b[1];
        for (int i = 0; i < UNITS; i++) {
            f += (b[i] - TARGETS[i]) * (b[i] - TARGETS[i]);
        }
        return f;
    }

    /** Training by EasyTrain drives E[f] from its value at α = 0 to within 0.03 of min_b f(b). */
    @Test
    void trainerWithRelaxConverges() throws Exception {
        double optimum = Double.MAX_VALUE;
        for (int mask = 0; mask < 1 << UNITS; mask++) {
            double[] b = new double[UNITS];
            for (int i = 0; i < UNITS; i++) {
                b[i] = (mask >>> i) & 1;
            }
            optimum = Math.min(optimum, value(b));
        }
        double start = new BernoulliEnumeration(new double[UNITS]).expectation(EstimatorLossTest::value);
        try (GradientEstimator relax = EstimatorRegistry.standard().create("relax", EstimatorConfig.defaults());
                Model model = Model.newInstance("logits")) {
            LogitsBlock block = new LogitsBlock(UNITS);
            model.setBlock(block);
            EstimatorLoss loss = loss(relax);
            try (Trainer trainer =
                    model.newTrainer(config(loss).addTrainingListeners(TrainingListener.Defaults.basic()))) {
                trainer.initialize(new Shape(BATCH, 1));
                EasyTrain.fit(trainer, 1, dataset(model.getNDManager(), 1000), null);
                double[] logits = toDoubles(block.logits.getArray().toFloatArray());
                double end = new BernoulliEnumeration(logits).expectation(EstimatorLossTest::value);
                assertEquals(1000, loss.trainingSteps());
                assertTrue(start - optimum > 0.5, "the problem is not trivial at the start");
                assertEquals(optimum, end, 0.03, "E[f] after training, logits " + java.util.Arrays.toString(logits));
                float recorded = trainer.getTrainingResult().getTrainLoss();
                assertTrue(Float.isFinite(recorded), "the listener's loss is a sampled objective value");
            }
        }
    }

    /**
     * On the same noise, the model gradient the trainer accumulates equals the gradient of the
     * estimator's surrogate used directly; the loss value is the mean objective; the control
     * variate's parameters move (their own step), yet the model gradient holds none of their loss.
     */
    @Test
    void modelGradientIsTheEstimatorsAndControlVariateTrainsSeparately() throws Exception {
        try (GradientEstimator relax = EstimatorRegistry.standard().create("relax", EstimatorConfig.defaults());
                Model model = Model.newInstance("logits")) {
            LogitsBlock block = new LogitsBlock(UNITS);
            model.setBlock(block);
            EstimatorLoss loss = loss(relax);
            try (Trainer trainer = model.newTrainer(config(loss))) {
                trainer.initialize(new Shape(BATCH, 1));
                NDManager manager = model.getNDManager();
                block.logits.getArray().set(new float[] {0.3f, -0.2f, 1.0f, 0.1f, -0.7f, 0.5f});
                float[] expected;
                float expectedValue;
                try (GradientCollector gc = trainer.newGradientCollector();
                        NDScope scope = new NDScope()) {
                    NDArray logits = trainer.forward(new NDList(manager.ones(new Shape(BATCH, 1))))
                            .head();
                    GradientEstimate e = relax.estimate(EstimationProblem.builder()
                            .setLogits(logits)
                            .setObjective(OBJECTIVE)
                            .setNoise(new NoiseSource(SEED).forStep(0))
                            .build());
                    expected = Autograd.grad(e.surrogate(logits).mean(), block.logits.getArray(), false)
                            .toFloatArray();
                    expectedValue = e.objective().mean().getFloat();
                }
                List<float[]> cvBefore = values(relax);
                assertFalse(cvBefore.isEmpty());

                float[] actual = null;
                for (Batch batch : trainer.iterateDataset(dataset(manager, 1))) {
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDList predictions = trainer.forward(batch.getData());
                        NDArray value = loss.evaluate(batch.getLabels(), predictions);
                        assertEquals(expectedValue, value.getFloat(), 1e-6f);
                        gc.backward(value);
                    }
                    actual = block.logits.getArray().getGradient().toFloatArray();
                    batch.close();
                }
                assertArrayEquals(expected, actual, 1e-6f);
                List<float[]> cvAfter = values(relax);
                boolean moved = false;
                for (int i = 0; i < cvBefore.size(); i++) {
                    moved |= !java.util.Arrays.equals(cvBefore.get(i), cvAfter.get(i));
                }
                assertTrue(moved, "the control variate's parameters took a step");
                assertEquals(0, loss.skippedEstimatorSteps());
            }
        }
    }

    @Test
    void missingPartsAreNamed() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> EstimatorLoss.builder()
                        .setObjective(OBJECTIVE)
                        .setNoise(new NoiseSource(1))
                        .build());
        assertTrue(e.getMessage().contains("setEstimator"), e.getMessage());
    }

    private static EstimatorLoss loss(GradientEstimator estimator) {
        return EstimatorLoss.builder()
                .setEstimator(estimator)
                .setObjective(OBJECTIVE)
                .setNoise(new NoiseSource(SEED))
                .optEstimatorOptimizer(
                        StatefulAdam.builder().optLearningRate(1e-2f).build())
                .build();
    }

    private static DefaultTrainingConfig config(EstimatorLoss loss) {
        return new DefaultTrainingConfig(loss)
                .optOptimizer(Optimizer.adam()
                        .optLearningRateTracker(Tracker.fixed(0.05f))
                        .build());
    }

    /** {@code batches} batches of B constant inputs (the model ignores them but for the batch size). */
    private static ArrayDataset dataset(NDManager manager, int batches) {
        return new ArrayDataset.Builder()
                .setData(manager.ones(new Shape((long) batches * BATCH, 1)))
                .optLabels(manager.zeros(new Shape((long) batches * BATCH, 1)))
                .setSampling(BATCH, false)
                .build();
    }

    private static List<float[]> values(GradientEstimator estimator) {
        List<float[]> out = new ArrayList<>();
        for (Pair<String, Parameter> p : estimator.parameters()) {
            out.add(p.getValue().getArray().toFloatArray());
        }
        return out;
    }

    private static float[] toFloats(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }

    private static double[] toDoubles(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }

    /** Logits α (1, units) broadcast to the batch: a model with nothing but its logits. */
    static final class LogitsBlock extends AbstractBlock {
        final Parameter logits;
        private final int units;

        LogitsBlock(int units) {
            this.units = units;
            logits = addParameter(Parameter.builder()
                    .setName("logits")
                    .setType(Parameter.Type.OTHER)
                    .optShape(new Shape(1, units))
                    .optInitializer(new ConstantInitializer(0f))
                    .build());
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray x = inputs.head();
            NDArray w = store.getValue(logits, x.getDevice(), training);
            return new NDList(
                    x.getManager().zeros(new Shape(x.getShape().get(0), units)).add(w));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {new Shape(inputShapes[0].get(0), units)};
        }
    }
}

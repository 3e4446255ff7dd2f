package org.relax4j.models.categorical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.relax4j.core.estimator.EstimatorConfig;
import org.relax4j.core.estimator.EstimatorRegistry;
import org.relax4j.core.optim.StatefulAdam;
import org.relax4j.core.random.NoiseSource;
import org.relax4j.core.training.StepResult;
import org.relax4j.core.training.StochasticTrainer;
import org.relax4j.datasets.Binarization;
import org.relax4j.datasets.MinibatchStream;
import org.relax4j.datasets.Split;
import org.relax4j.datasets.SplitData;
import org.relax4j.models.sbn.VaeModel;

/**
 * A small categorical VAE trains through the one {@link StochasticTrainer} with estimators for
 * categorical units: a few hundred steps raise its IWAE bound on synthetic binary images (four
 * prototypes with flipped pixels), which a model with 4 variables of 4 classes can encode.
 */
class CategoricalVaeModelTest {

    private static final int DIM = 36;

    private static SplitData synthetic(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        byte[] pixels = new byte[n * DIM];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int k = rng.nextInt(4);
            labels[i] = (byte) k;
            for (int j = 0; j < DIM; j++) {
                boolean on = ((j / 9) == k) ^ (rng.nextDouble() < 0.05);
                pixels[i * DIM + j] = (byte) (on ? 255 : 0);
            }
        }
        return SplitData.of(Split.TRAIN, DIM, pixels, labels);
    }

    @ParameterizedTest
    @CsvSource({"disarm, 0", "reinmax, 0", "indecater, 2"})
    void trainingRaisesTheBound(String estimator, int hidden) {
        Engine.getInstance().setRandomSeed(7);
        SplitData train = synthetic(400, 1);
        SplitData valid = synthetic(200, 2);
        try (NDManager manager = NDManager.newBaseManager()) {
            CategoricalVae net = CategoricalVae.builder()
                    .optVariables(4)
                    .optClasses(4)
                    .optHidden(hidden, 32)
                    .setDataMean(train.pixelMean())
                    .build();
            net.initialize(manager);
            CategoricalVaeModel model = new CategoricalVaeModel(net, manager, 20);
            MinibatchStream stream = new MinibatchStream(train, Binarization.THRESHOLD, 20, 3);
            try (StochasticTrainer trainer = StochasticTrainer.builder()
                    .setModel(model)
                    .setManager(manager)
                    .setEstimators(() -> EstimatorRegistry.standard().create(estimator, EstimatorConfig.defaults()))
                    .setNoise(new NoiseSource(5))
                    .optBatches(stream::batch)
                    .setModelOptimizer(
                            StatefulAdam.builder().optLearningRate(3e-3f).build())
                    .setEstimatorOptimizer(
                            StatefulAdam.builder().optLearningRate(1e-3f).build())
                    .build()) {
                VaeModel.Evaluation before = model.evaluate(valid, Binarization.THRESHOLD, 20, 0, new NoiseSource(11));
                for (int step = 0; step < 300; step++) {
                    StepResult r = trainer.step(step, true, true);
                    assertTrue(r.applied(), estimator + " step " + step + ": " + r.problem());
                }
                VaeModel.Evaluation after = model.evaluate(valid, Binarization.THRESHOLD, 20, 0, new NoiseSource(11));
                System.out.printf(
                        "categorical VAE 4x4 (%d hidden), %s: valid IWAE-20 %.2f -> %.2f, ELBO %.2f -> %.2f%n",
                        hidden, estimator, before.iwae(), after.iwae(), before.elbo(), after.elbo());
                assertEquals(200, after.examples());
                assertTrue(
                        after.iwae() > before.iwae() + 3,
                        estimator + ": IWAE-20 " + before.iwae() + " -> " + after.iwae());
                assertTrue(after.iwae() >= after.elbo() - 0.5, "IWAE should not be below the ELBO");
            }
        }
    }
}

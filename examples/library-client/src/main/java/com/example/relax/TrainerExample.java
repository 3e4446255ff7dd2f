package com.example.relax;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import org.relax4j.core.djl.EstimatorLoss;
import org.relax4j.core.estimator.EstimatorConfig;
import org.relax4j.core.estimator.EstimatorRegistry;
import org.relax4j.core.estimator.GradientEstimator;
import org.relax4j.core.optim.StatefulAdam;
import org.relax4j.core.random.NoiseSource;

/**
 * The same objective trained the DJL way: a {@link Linear} block maps a constant input to the 12
 * logits, and a {@link Trainer} with Relax4J's {@link EstimatorLoss} (RELAX inside) trains it by
 * {@link EasyTrain#fit}. Exits with status 1 unless E[f] got most of the way to min f.
 */
public final class TrainerExample {

    /** E[f] before and after training, and min f. */
    public record Result(double startLoss, double endLoss, double optimum) {

        /** Whether E[f] closed at least 90% of the gap to min f. */
        public boolean converged() {
            return endLoss - optimum < 0.1 * (startLoss - optimum);
        }
    }

    public static void main(String[] args) throws IOException, TranslateException {
        Result result = run(4_000, 42);
        System.out.println(result);
        if (!result.converged()) {
            System.exit(1);
        }
    }

    /** Trains for {@code batches} batches of 4 examples. */
    public static Result run(int batches, long seed) throws IOException, TranslateException {
        Engine.getInstance().setRandomSeed((int) seed);
        CoupledQuadratic f = new CoupledQuadratic();
        int batchSize = 4;
        try (GradientEstimator relax = EstimatorRegistry.standard().create("relax", EstimatorConfig.builder().optSeed(seed).build());
                Model model = Model.newInstance("bernoulli-logits")) {
            model.setBlock(Linear.builder().setUnits(f.units()).build());
            EstimatorLoss loss = EstimatorLoss.builder()
                    .setEstimator(relax)
                    .setObjective(f)
                    .setNoise(new NoiseSource(seed))
                    .optEstimatorOptimizer(StatefulAdam.builder().optLearningRate(0.001f).build())
                    .build();
            DefaultTrainingConfig config = new DefaultTrainingConfig(loss)
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f)).build())
                    .addTrainingListeners(TrainingListener.Defaults.basic());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(batchSize, 1));
                NDManager manager = trainer.getManager();
                NDArray ones = manager.ones(new Shape(1, 1));
                double start = RelaxLoop.expectedLoss(f, trainer.evaluate(new NDList(ones)).head().toFloatArray());
                ArrayDataset data = new ArrayDataset.Builder()
                        .setData(manager.ones(new Shape((long) batches * batchSize, 1)))
                        .optLabels(manager.zeros(new Shape((long) batches * batchSize, 1)))
                        .setSampling(batchSize, false)
                        .build();
                EasyTrain.fit(trainer, 1, data, null);
                double end = RelaxLoop.expectedLoss(f, trainer.evaluate(new NDList(ones)).head().toFloatArray());
                System.out.printf("Trainer: %,d batches, E[f] %.4f -> %.4f (min %.4f), DJL's loss %.4f%n",
                        batches, start, end, f.minimum(), trainer.getTrainingResult().getTrainLoss());
                return new Result(start, end, f.minimum());
            }
        }
    }
}

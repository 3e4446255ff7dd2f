package org.relax4j.train.vae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relax4j.core.estimator.EstimatorConfig;
import org.relax4j.core.estimator.EstimatorRegistry;
import org.relax4j.core.optim.StatefulAdam;
import org.relax4j.core.random.NoiseSource;
import org.relax4j.core.training.Outcome;
import org.relax4j.core.training.StepEvent;
import org.relax4j.core.training.StochasticTrainer;
import org.relax4j.core.training.TrainingListener;
import org.relax4j.models.toy.ToyModel;
import org.relax4j.models.toy.ToyProblem;

/** The one training loop: the toy model and the VAE through the same trainer; exact resume of every component. */
class StochasticTrainerTest {

    /** Records what a listener sees. */
    private static final class Observer implements TrainingListener {
        final List<Long> steps = new ArrayList<>();
        long begin = -1;
        Outcome end;

        @Override
        public void onTrainingBegin(StochasticTrainer trainer, long step) {
            begin = step;
        }

        @Override
        public void onStep(StochasticTrainer trainer, StepEvent event) {
            assertTrue(event.result().applied(), event.result().problem());
            steps.add(event.step());
        }

        @Override
        public void onTrainingEnd(StochasticTrainer trainer, Outcome outcome) {
            end = outcome;
        }
    }

    /**
     * The toy problem (t = 0.45, RELAX) and the linear VAE (RELAX) run through the same trainer;
     * a listener sees every step, the beginning and the end of both, and the toy's θ moves towards
     * the better end (θ &lt; 0.5 after 300 steps).
     */
    @Test
    void toyAndVaeRunThroughTheSameLoop() {
        Observer toy = new Observer();
        Engine.getInstance().setRandomSeed(0);
        NDManager manager = NDManager.newBaseManager();
        ToyModel model = new ToyModel(new ToyProblem(0.45), manager);
        try (StochasticTrainer trainer = StochasticTrainer.builder()
                .setModel(model)
                .setManager(manager)
                .setEstimators(() -> EstimatorRegistry.standard()
                        .create("relax", EstimatorConfig.builder().build()))
                .setNoise(new NoiseSource(0))
                .setModelOptimizer(StatefulAdam.builder().optLearningRate(0.05f).build())
                .setEstimatorOptimizer(
                        StatefulAdam.builder().optLearningRate(0.01f).build())
                .build()) {
            trainer.addListener(toy);
            Outcome o = trainer.fit(0, 300);
            assertTrue(o.completed());
            assertTrue(1 / (1 + Math.exp(-model.logit())) < 0.5, "theta " + model.logit());
        }
        assertEquals(0, toy.begin);
        assertEquals(300, toy.steps.size());
        assertEquals(300, toy.end.step());

        Observer vae = new Observer();
        try (VaeRun run = VaeRun.create(VaeTrainingTest.config("relax", 10, 1e-3f), SyntheticMnist.get())) {
            run.trainer().addListener(vae);
            Outcome o = run.trainer().fit(0, 10);
            assertTrue(o.completed());
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), vae.steps);
        assertEquals(10, vae.end.step());
    }

    /**
     * A run stopped at step 20 and resumed to 40 ends with a checkpoint byte-for-byte equal to an
     * uninterrupted 40-step run's: every section (model, estimator, both optimizers, variance
     * tracker, the listeners' windows, skipped steps and best bound) round-trips exactly. Loading
     * that checkpoint into a fresh run and saving it again gives the same bytes.
     */
    @Test
    void checkpointRoundTripsEveryComponent(@TempDir Path dir) throws IOException {
        Path full = Files.createDirectories(dir.resolve("full"));
        Path split = Files.createDirectories(dir.resolve("split"));
        TrainConfig c = VaeTrainingTest.config("relax", 40, 1e-3f).toBuilder()
                .optLogEvery(15)
                .optEvalEvery(30)
                .build();
        try (VaeRun run = VaeRun.create(c, SyntheticMnist.get())) {
            VaeTraining.run(run, full, false, false);
        }
        try (VaeRun run = VaeRun.create(c.toBuilder().optSteps(20).build(), SyntheticMnist.get())) {
            VaeTraining.run(run, split, false, false);
        }
        try (VaeRun run = VaeRun.create(c, SyntheticMnist.get())) {
            assertTrue(VaeTraining.run(run, split, true, false).completed());
        }
        byte[] uninterrupted = Files.readAllBytes(full.resolve(Checkpoint.FILE));
        assertArrayEquals(uninterrupted, Files.readAllBytes(split.resolve(Checkpoint.FILE)));
        Path again = dir.resolve("again.bin");
        try (VaeRun run = VaeRun.create(c, SyntheticMnist.get())) {
            Checkpoint.Restored r = run.loadCheckpoint(full.resolve(Checkpoint.FILE));
            assertEquals(40, r.step());
            run.saveCheckpoint(again, r.step(), r.otherSections());
        }
        assertArrayEquals(uninterrupted, Files.readAllBytes(again));
    }
}

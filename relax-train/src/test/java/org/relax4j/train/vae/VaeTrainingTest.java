package org.relax4j.train.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.relax4j.core.estimator.EstimatorConfig;
import org.relax4j.core.training.Outcome;
import org.relax4j.datasets.Binarization;
import org.relax4j.datasets.DatasetName;
import org.relax4j.models.sbn.ModelArchitecture;
import org.relax4j.train.metrics.MetricsLog;

class VaeTrainingTest {

    static TrainConfig config(String estimator, long steps, float lr) {
        return TrainConfig.builder()
                .optModel(ModelArchitecture.LINEAR)
                .optEstimator(estimator)
                .setEstimatorConfig(EstimatorConfig.builder()
                        .optNetwork(1, 50, org.relax4j.core.controlvariate.Mlp.Nonlinearity.RELU)
                        .build())
                .optDataset(DatasetName.MNIST)
                .optBinarization(Binarization.DYNAMIC)
                .optTrainExamples(2000)
                .optBatch(24)
                .optSteps(steps)
                .optLearningRate(lr)
                .optCvLearningRate(lr)
                .optBeta2(0.999f)
                .optSeed(3)
                .optLogEvery(20)
                .optEvalEvery(0)
                .optEvalK(10)
                .optEvalExamples(200)
                .optCheckpointEvery(20)
                .build();
    }

    /**
     * 300 steps on 2,000 synthetic training examples raise the validation IWAE-10 (200 examples,
     * fixed evaluation noise) by more than 40 nats over the untrained model, for REINFORCE, REBAR and
     * RELAX.
     */
    @ParameterizedTest
    @ValueSource(strings = {"reinforce", "rebar", "relax"})
    void shortTrainingImprovesTheValidationBound(String estimator, @TempDir Path dir) throws IOException {
        TrainConfig c = config(estimator, 300, 3e-3f);
        try (VaeRun session = VaeRun.create(c, SyntheticMnist.get())) {
            double before =
                    session.evaluate(session.data().validation(), 10, 200).iwae();
            VaeTraining.run(session, dir, false, false);
            double after =
                    session.evaluate(session.data().validation(), 10, 200).iwae();
            assertTrue(after - before > 40, estimator + ": IWAE-10 went from " + before + " to " + after);
        }
    }

    /**
     * Stopping at step 40 and resuming to 60 logs exactly what an uninterrupted 60-step run logs
     * (timings aside). Step 40 is an evaluation step in both, since a run always evaluates at its end.
     * Checked for RELAX and for the K-sample estimators with learned parts (double-cv, rodeo), whose
     * parameters and optimizer state must be restored too.
     */
    @ParameterizedTest
    @ValueSource(strings = {"relax", "double-cv", "rodeo"})
    void resumedRunMatchesUninterruptedRun(String estimator, @TempDir Path dir) throws IOException {
        Path full = dir.resolve("full");
        Path split = dir.resolve("split");
        Files.createDirectories(full);
        Files.createDirectories(split);
        try (VaeRun s = VaeRun.create(evalEvery20(config(estimator, 60, 1e-3f)), SyntheticMnist.get())) {
            VaeTraining.run(s, full, false, false);
        }
        try (VaeRun s = VaeRun.create(evalEvery20(config(estimator, 40, 1e-3f)), SyntheticMnist.get())) {
            VaeTraining.run(s, split, false, false);
        }
        try (VaeRun s =
                VaeRun.create(TrainConfig.read(split).toBuilder().optSteps(60).build(), SyntheticMnist.get())) {
            VaeTraining.run(s, split, true, false);
        }
        List<JsonObject> a = MetricsLog.read(full.resolve("metrics.jsonl"));
        List<JsonObject> b = MetricsLog.read(split.resolve("metrics.jsonl"));
        assertEquals(3, a.size());
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            for (String timing : new String[] {"step_ms", "examples_per_s"}) {
                a.get(i).remove(timing);
                b.get(i).remove(timing);
            }
            assertEquals(a.get(i), b.get(i), estimator + ": record " + i);
        }
    }

    private static TrainConfig evalEvery20(TrainConfig c) {
        return c.toBuilder().optEvalEvery(20).optEvalK(10).optEvalExamples(50).build();
    }

    /** A checkpoint with one flipped byte is refused with a message naming the file; it is not modified. */
    @Test
    void corruptCheckpointIsAClearError(@TempDir Path dir) throws IOException {
        try (VaeRun s = VaeRun.create(config("rebar", 20, 1e-3f), SyntheticMnist.get())) {
            VaeTraining.run(s, dir, false, false);
        }
        Path ckpt = dir.resolve(Checkpoint.FILE);
        byte[] bytes = Files.readAllBytes(ckpt);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(ckpt, bytes);
        try (VaeRun s =
                VaeRun.create(TrainConfig.read(dir).toBuilder().optSteps(40).build(), SyntheticMnist.get())) {
            IOException e = assertThrows(IOException.class, () -> VaeTraining.run(s, dir, true, false));
            assertTrue(
                    e.getMessage().contains(ckpt.toString()) && e.getMessage().contains("corrupt"), e.getMessage());
        }
        assertTrue(java.util.Arrays.equals(bytes, Files.readAllBytes(ckpt)));
    }

    /**
     * With a learning rate that blows the model up right after a 5-step warm-up, the run stops
     * with a clear reason and the checkpoint of step 5 is still there and loads.
     */
    @Test
    void divergenceStopsTheRunAndKeepsTheLastGoodCheckpoint(@TempDir Path dir) throws IOException {
        TrainConfig c = config("relax", 40, 1e38f).toBuilder()
                .optCvLearningRate(1e-3f)
                .optWarmupSteps(5)
                .optLogEvery(5)
                .optEvalExamples(50)
                .optCheckpointEvery(5)
                .optMaxBadSteps(3)
                .build();
        Outcome outcome;
        try (VaeRun s = VaeRun.create(c, SyntheticMnist.get())) {
            outcome = VaeTraining.run(s, dir, false, false);
        }
        assertFalse(outcome.completed());
        assertTrue(outcome.stopReason() != null && outcome.stopReason().contains("--lr"), outcome.stopReason());
        try (VaeRun s = VaeRun.create(c, SyntheticMnist.get())) {
            assertEquals(5, s.loadCheckpoint(dir.resolve(Checkpoint.FILE)).step());
        }
    }
}

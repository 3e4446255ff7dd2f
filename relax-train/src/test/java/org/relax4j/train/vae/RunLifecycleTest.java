package org.relax4j.train.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relax4j.core.training.Outcome;
import org.relax4j.core.training.StepEvent;
import org.relax4j.core.training.StochasticTrainer;
import org.relax4j.core.training.TrainingListener;
import org.relax4j.train.metrics.MetricsLog;

/**
 * Run directories through early deaths, divergence, interrupted resumes and file permissions, on
 * synthetic data.
 */
class RunLifecycleTest {

    /**
     * A run that died before its first checkpoint (config.json and some metrics, no checkpoint)
     * resumes from step 0: it completes, and the metrics file holds only the new run's records.
     */
    @Test
    void runWithoutCheckpointResumesFromStepZero(@TempDir Path dir) throws IOException {
        TrainConfig c = VaeTrainingTest.config("reinforce", 40, 1e-3f);
        c.write(dir);
        Files.writeString(dir.resolve("metrics.jsonl"), "{\"step\":20,\"stale\":1}\n{\"step\":40,\"stale\":1}\n");
        Outcome outcome;
        try (VaeRun s = VaeRun.create(TrainConfig.read(dir), SyntheticMnist.get())) {
            outcome = VaeTraining.run(s, dir, true, false);
        }
        assertTrue(outcome.completed(), String.valueOf(outcome.stopReason()));
        assertEquals(0, outcome.startStep());
        assertEquals(40, outcome.step());
        List<JsonObject> records = MetricsLog.read(dir.resolve("metrics.jsonl"));
        assertEquals(2, records.size());
        for (JsonObject r : records) {
            assertFalse(r.has("stale"), r.toString());
            assertTrue(r.has("train_elbo"), r.toString());
        }
        assertTrue(Files.exists(dir.resolve(Checkpoint.FILE)));
    }

    /**
     * A run that diverges before its first checkpoint does not point at a checkpoint that does not
     * exist: it says none was written and how to start again.
     */
    @Test
    void divergenceBeforeAnyCheckpointSaysSo(@TempDir Path dir) throws IOException {
        TrainConfig c = VaeTrainingTest.config("relax", 40, 1e38f).toBuilder()
                .optCvLearningRate(1e-3f)
                .optWarmupSteps(5)
                .optLogEvery(5)
                .optEvalExamples(50)
                .optCheckpointEvery(1000)
                .optMaxBadSteps(3)
                .build();
        Outcome outcome;
        try (VaeRun s = VaeRun.create(c, SyntheticMnist.get())) {
            outcome = VaeTraining.run(s, dir, false, false);
        }
        assertFalse(outcome.completed());
        assertFalse(Files.exists(dir.resolve(Checkpoint.FILE)));
        String reason = outcome.stopReason();
        assertTrue(reason != null && reason.contains("diverged"), reason);
        assertFalse(reason.contains(Checkpoint.FILE), reason);
        assertTrue(reason.contains("no checkpoint was written") && reason.contains("--lr"), reason);
    }

    /**
     * {@code --resume DIR --steps 60}, interrupted at 40, records 60 as the total: resuming again
     * without --steps continues to 60.
     */
    @Test
    void newTotalStepsOnResumeIsSaved(@TempDir Path dir) throws IOException {
        try (VaeRun s = VaeRun.create(VaeTrainingTest.config("reinforce", 20, 1e-3f), SyntheticMnist.get())) {
            assertTrue(VaeTraining.run(s, dir, false, false).completed());
        }
        Outcome interrupted;
        try (VaeRun s =
                VaeRun.create(TrainConfig.read(dir).toBuilder().optSteps(60).build(), SyntheticMnist.get())) {
            s.trainer().addListener(new TrainingListener() {
                @Override
                public void onStep(StochasticTrainer trainer, StepEvent event) {
                    if (event.step() == 40) {
                        trainer.requestStop();
                    }
                }
            });
            interrupted = VaeTraining.run(s, dir, true, false);
        }
        assertEquals(Outcome.INTERRUPTED, interrupted.stopReason());
        assertEquals(40, interrupted.step());
        assertEquals(60, TrainConfig.read(dir).steps());
        Outcome resumed;
        try (VaeRun s = VaeRun.create(TrainConfig.read(dir), SyntheticMnist.get())) {
            resumed = VaeTraining.run(s, dir, true, false);
        }
        assertTrue(resumed.completed());
        assertEquals(40, resumed.startStep());
        assertEquals(60, resumed.step());
    }

    /**
     * Every file of a run (config, checkpoint, summary, and metrics after a resume rewrote it) has
     * the permissions a new file of this process gets from the umask, not 0600.
     */
    @Test
    void runFilesFollowTheUmask(@TempDir Path dir) throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        try (VaeRun s = VaeRun.create(VaeTrainingTest.config("reinforce", 20, 1e-3f), SyntheticMnist.get())) {
            VaeTraining.run(s, dir, false, false);
        }
        try (VaeRun s =
                VaeRun.create(TrainConfig.read(dir).toBuilder().optSteps(40).build(), SyntheticMnist.get())) {
            VaeTraining.run(s, dir, true, false);
        }
        Path reference = dir.resolve("reference");
        try (OutputStream out = Files.newOutputStream(reference)) {
            out.write(1);
        }
        for (String name : List.of(TrainConfig.FILE, Checkpoint.FILE, "summary.json", "metrics.jsonl")) {
            assertEquals(
                    Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(dir.resolve(name)), name);
        }
    }

    /** Training a directory deletes what an interrupted checkpoint write left there. */
    @Test
    void trainingDeletesLeftoverTempFiles(@TempDir Path dir) throws IOException {
        try (VaeRun s = VaeRun.create(VaeTrainingTest.config("reinforce", 20, 1e-3f), SyntheticMnist.get())) {
            VaeTraining.run(s, dir, false, false);
        }
        Path leftover = dir.resolve(".checkpoint.bin.5550123.tmp");
        Files.write(leftover, new byte[4096]);
        try (VaeRun s =
                VaeRun.create(TrainConfig.read(dir).toBuilder().optSteps(40).build(), SyntheticMnist.get())) {
            VaeTraining.run(s, dir, true, false);
        }
        assertFalse(Files.exists(leftover));
    }
}

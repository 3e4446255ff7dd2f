package org.relax4j.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relax4j.core.estimator.EstimatorConfig;
import org.relax4j.core.estimator.Preset;
import org.relax4j.datasets.Binarization;
import org.relax4j.datasets.DatasetName;
import org.relax4j.models.sbn.ModelArchitecture;
import org.relax4j.train.vae.TrainConfig;
import picocli.CommandLine;

/**
 * Bad inputs to {@code relax4j train} and {@code finetune-cv} give one clear line and exit status
 * 1, before any work.
 */
class TrainCommandErrorsTest {

    private record Result(int status, String err) {}

    private static Result run(String... args) {
        CommandLine cli = Relax4jCommand.newCommandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        int status = cli.execute(args);
        return new Result(status, err.toString());
    }

    @Test
    void unwritableOutputDirectory(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        Result r = run("train", "--out", file.resolve("run").toString(), "--steps", "1");
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().contains(file.toString()) && r.err().contains("choose"), r.err());
    }

    @Test
    void nonFiniteLearningRate(@TempDir Path tmp) {
        Result r = run("train", "--out", tmp.resolve("run").toString(), "--lr", "NaN");
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().contains("--lr must be positive and finite"), r.err());
    }

    /** The K-sample estimators draw their own samples, so a two-layer model is refused up front. */
    @Test
    void multiSampleEstimatorOnTwoLayers(@TempDir Path tmp) {
        Result r = run("train", "--out", tmp.resolve("run").toString(), "--model", "linear2", "--estimator", "rodeo");
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().contains("rodeo draws several joint samples and works with one stochastic layer"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void unknownModelAndEstimator(@TempDir Path tmp) {
        Result model = run("train", "--out", tmp.resolve("a").toString(), "--model", "deep");
        assertTrue(
                model.status() == 1 && model.err().contains("choose linear, linear2, nonlinear, categorical-linear"),
                model.err());
        Result est = run("train", "--out", tmp.resolve("b").toString(), "--estimator", "rebarr");
        assertTrue(est.status() == 1 && est.err().contains("unknown estimator 'rebarr'"), est.err());
    }

    @Test
    void resumeOfADirectoryThatIsNotARun(@TempDir Path tmp) {
        Result r = run("train", "--resume", tmp.toString());
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().contains("is not a training run directory"), r.err());
    }

    /** A run directory holding only a config.json (all that these checks read). */
    static Path runDirectory(Path tmp) throws IOException {
        Path dir = tmp.resolve("run");
        Files.createDirectories(dir);
        TrainConfig.builder()
                .optModel(ModelArchitecture.LINEAR)
                .optEstimator("rebar")
                .setEstimatorConfig(
                        EstimatorConfig.builder().optPreset(Preset.VAE).build())
                .optDataset(DatasetName.MNIST)
                .optBinarization(Binarization.DYNAMIC)
                .optSteps(100)
                .optBeta2(0.999f)
                .optSeed(1)
                .optLogEvery(10)
                .optEvalEvery(0)
                .optEvalK(10)
                .optEvalExamples(10)
                .optCheckpointEvery(10)
                .build()
                .write(dir);
        return dir;
    }

    @Test
    void finetuneEstimatorOptionsNeedAnEstimator(@TempDir Path tmp) throws IOException {
        Path dir = runDirectory(tmp);
        Result r = run("finetune-cv", "--run", dir.toString(), "--cv-width", "10");
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().contains("add --estimator NAME"), r.err());
    }

    @Test
    void finetuneUnknownEstimatorLeavesNothingBehind(@TempDir Path tmp) throws IOException {
        Path dir = runDirectory(tmp);
        Result r = run("finetune-cv", "--run", dir.toString(), "--estimator", "relaks");
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().contains("unknown estimator 'relaks'"), r.err());
        assertFalse(Files.exists(dir.resolve("finetune-cv-relaks")));
    }
}

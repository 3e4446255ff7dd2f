package org.relax4j.train.vae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.relax4j.core.engine.NativeArrays;
import org.relax4j.core.optim.GradientStep;
import org.relax4j.core.random.NoiseSource;
import org.relax4j.core.training.StepOutput;
import org.relax4j.core.training.StochasticTrainer;
import org.relax4j.models.sbn.ModelArchitecture;
import org.relax4j.train.metrics.MetricsLog;
import org.relax4j.train.run.RunDirectory;
import org.relax4j.train.stack.StackedTraining;
import org.relax4j.train.stack.StackedVaeRun;

/** Stacked runs compute what their solo runs compute. */
class StackedRunsTest {

    private static final long[] SEEDS = {3, 4, 11};

    /**
     * The first step's gradients of a stack of three runs, for the model's parameters and the
     * control variate's, equal each solo run's own first-step gradients (same minibatch, same
     * noise) to float tolerance: |stacked − solo| ≤ 1e-4·max|solo| + 1e-6 per parameter.
     */
    @ParameterizedTest
    @CsvSource({"relax, LINEAR", "rebar, LINEAR", "reinforce, LINEAR", "relax, NONLINEAR"})
    void firstStepGradientsEqualTheSoloRuns(String estimator, ModelArchitecture model) {
        TrainConfig base = VaeTrainingTest.config(estimator, 10, 1e-3f).toBuilder()
                .optModel(model)
                .optBatch(5)
                .build();
        List<TrainConfig> configs = StackedVaeRun.configs(base, SEEDS);
        try (StackedVaeRun stack = StackedVaeRun.create(configs, SyntheticMnist.get())) {
            StochasticTrainer st = stack.trainer();
            List<float[]> batches = new ArrayList<>();
            for (TrainConfig c : configs) {
                batches.add(VaeData.trainingStream(c, SyntheticMnist.get()).batchArray(0));
            }
            List<float[]> stacked = gradients(st, concat(batches), NoiseSource.stacked(SEEDS), configs.size());
            int dim = SyntheticMnist.get().train().dim();
            for (int k = 0; k < configs.size(); k++) {
                StochasticTrainer solo = stack.runs().get(k).trainer();
                List<float[]> own = gradients(solo, batches.get(k), new NoiseSource(SEEDS[k]), 1);
                List<float[]> slices = slices(st, stacked, k, configs.size());
                assertEquals(own.size(), slices.size());
                for (int i = 0; i < own.size(); i++) {
                    float[] a = own.get(i);
                    float[] b = slices.get(i);
                    float scale = 0;
                    float diff = 0;
                    for (int j = 0; j < a.length; j++) {
                        scale = Math.max(scale, Math.abs(a[j]));
                        diff = Math.max(diff, Math.abs(a[j] - b[j]));
                    }
                    assertTrue(scale > 0 || i > 0, "gradient " + i + " of run " + k + " is zero");
                    assertTrue(
                            diff <= 1e-4 * scale + 1e-6,
                            estimator + " " + model + " run " + k + " gradient " + i + ": max difference " + diff
                                    + " for max " + scale);
                }
            }
            assertEquals(dim, batches.get(0).length / 5);
        }
    }

    /**
     * A stack of two runs trained 20 steps writes, for each run, a run directory like a solo
     * run's (config.json with the run's seed, metrics.jsonl with a record every 10 steps,
     * summary.json, checkpoint.bin); a stack stopped at step 10 and resumed to 20 ends with
     * checkpoints byte-for-byte equal to the uninterrupted stack's; and one run's directory
     * continues alone, as a solo run, to step 30.
     */
    @Test
    void stackedRunsHaveSoloRunDirectoriesAndResume(@TempDir Path tmp) throws IOException {
        TrainConfig base = VaeTrainingTest.config("relax", 20, 1e-3f).toBuilder()
                .optBatch(6)
                .optLogEvery(10)
                .optCheckpointEvery(10)
                .optEvalEvery(10)
                .optEvalExamples(50)
                .build();
        long[] seeds = {5, 8};
        Path full = tmp.resolve("full");
        Path split = tmp.resolve("split");
        train(base, seeds, full, false);
        train(base.toBuilder().optSteps(10).build(), seeds, split, false);
        train(base, seeds, split, true);
        for (long s : seeds) {
            Path dir = StackedTraining.runDirectory(full, s);
            assertEquals(s, TrainConfig.read(dir).seed());
            List<JsonObject> records = MetricsLog.read(dir.resolve(MetricsLog.FILE));
            assertEquals(
                    List.of(10L, 20L),
                    records.stream().map(r -> r.get("step").getAsLong()).toList());
            assertTrue(records.get(1).has("valid_iwae") && records.get(1).has("grad_logvar"), records.toString());
            assertTrue(Files.exists(dir.resolve("summary.json")));
            assertArrayEquals(
                    Files.readAllBytes(dir.resolve(Checkpoint.FILE)),
                    Files.readAllBytes(StackedTraining.runDirectory(split, s).resolve(Checkpoint.FILE)),
                    "seed " + s);
        }
        Path alone = StackedTraining.runDirectory(full, 8);
        try (VaeRun run =
                VaeRun.create(TrainConfig.read(alone).toBuilder().optSteps(30).build(), SyntheticMnist.get())) {
            assertTrue(VaeTraining.run(run, alone, true, false).completed());
        }
        assertEquals(
                30,
                MetricsLog.read(alone.resolve(MetricsLog.FILE))
                        .get(2)
                        .get("step")
                        .getAsLong());
    }

    private static void train(TrainConfig base, long[] seeds, Path dir, boolean resume) throws IOException {
        List<RunDirectory> held = new ArrayList<>();
        try (StackedVaeRun stack = StackedVaeRun.create(StackedVaeRun.configs(base, seeds), SyntheticMnist.get())) {
            for (long s : seeds) {
                held.add(RunDirectory.open(StackedTraining.runDirectory(dir, s)));
            }
            assertTrue(StackedTraining.run(stack, held, resume, false).completed());
        } finally {
            for (RunDirectory h : held) {
                h.close();
            }
        }
    }

    /** The model's, then the estimators', first-step gradients of a trainer on {@code x}, as floats. */
    private static List<float[]> gradients(StochasticTrainer trainer, float[] x, NoiseSource noise, int runs) {
        List<float[]> out = new ArrayList<>();
        try (NDScope scope = new NDScope();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            int dim = SyntheticMnist.get().train().dim();
            NDArray batch = NativeArrays.copyOf(trainer.manager(), x, new Shape(x.length / dim, dim));
            StepOutput o = trainer.model().forward(batch, noise.forStep(0), trainer.estimators(), true);
            NDList model = GradientStep.gradients(o.modelLoss(), trainer.model().parameters());
            for (NDArray g : model) {
                out.add(g.toFloatArray());
            }
            if (!trainer.estimatorParameters().isEmpty()) {
                for (NDArray g : GradientStep.gradients(o.estimatorLoss(), trainer.estimatorParameters())) {
                    out.add(g.toFloatArray());
                }
            }
        }
        return out;
    }

    /** Run k's slice of each stacked gradient. */
    private static List<float[]> slices(StochasticTrainer stacked, List<float[]> gradients, int k, int runs) {
        List<float[]> out = new ArrayList<>();
        for (float[] g : gradients) {
            int n = g.length / runs;
            float[] s = new float[n];
            System.arraycopy(g, k * n, s, 0, n);
            out.add(s);
        }
        return out;
    }

    private static float[] concat(List<float[]> parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] out = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}

package org.relax4j.train.vae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relax4j.core.estimator.EstimatorRegistry;
import org.relax4j.core.training.Outcome;
import org.relax4j.core.training.StepResult;
import org.relax4j.models.sbn.ModelArchitecture;
import org.relax4j.train.cli.Relax4jCommand;
import picocli.CommandLine;

class VaeRunTest {

    private static List<float[]> values(Iterable<Pair<String, Parameter>> params) {
        List<float[]> out = new ArrayList<>();
        params.forEach(p -> out.add(p.getValue().getArray().toFloatArray()));
        return out;
    }

    /**
     * A step that trains only the estimator (warm-up, fine-tuning) leaves every model parameter
     * bit-for-bit unchanged while the control variate moves: the variance loss never reaches the
     * model.
     */
    @Test
    void estimatorOnlyStepsLeaveTheModelUntouched() {
        try (VaeRun s = VaeRun.create(VaeTrainingTest.config("relax", 10, 1e-2f), SyntheticMnist.get())) {
            List<float[]> model = values(s.model().parameters());
            List<float[]> cv = values(s.trainer().estimatorParameters());
            for (int step = 0; step < 3; step++) {
                assertTrue(s.trainer().step(step, false, true).applied());
            }
            List<float[]> modelAfter = values(s.model().parameters());
            for (int i = 0; i < model.size(); i++) {
                assertArrayEquals(model.get(i), modelAfter.get(i), 0f, "model parameter " + i + " moved");
            }
            List<float[]> cvAfter = values(s.trainer().estimatorParameters());
            boolean moved = false;
            for (int i = 0; i < cv.size(); i++) {
                moved |= !Arrays.equals(cv.get(i), cvAfter.get(i));
            }
            assertTrue(moved, "the control variate should have been updated");
        }
    }

    /**
     * {@code --model categorical-linear} trains with the estimators for categorical units: three
     * steps move every model parameter; an estimator for Bernoulli units only refuses it in one line.
     */
    @Test
    void categoricalVaeTrainsWithCategoricalEstimators() {
        for (String name : List.of("disarm", "carms", "gumbel-rao", "reinforce")) {
            TrainConfig config = VaeTrainingTest.config(name, 3, 1e-2f).toBuilder()
                    .optModel(ModelArchitecture.CATEGORICAL_LINEAR)
                    .build();
            try (VaeRun s = VaeRun.create(config, SyntheticMnist.get())) {
                List<float[]> before = values(s.model().parameters());
                for (int step = 0; step < 3; step++) {
                    StepResult r = s.trainer().step(step, true, true);
                    assertTrue(r.applied(), name + ": step " + step + " skipped: " + r.problem());
                }
                List<float[]> after = values(s.model().parameters());
                for (int i = 0; i < before.size(); i++) {
                    assertFalse(Arrays.equals(before.get(i), after.get(i)), name + ": model parameter " + i);
                }
            }
        }
        TrainConfig arm = VaeTrainingTest.config("arm", 3, 1e-2f).toBuilder()
                .optModel(ModelArchitecture.CATEGORICAL_LINEAR)
                .build();
        try (VaeRun s = VaeRun.create(arm, SyntheticMnist.get())) {
            IllegalArgumentException x = assertThrows(
                    IllegalArgumentException.class, () -> s.trainer().step(0, true, true));
            assertTrue(x.getMessage().contains("arm is defined for Bernoulli units only"), x.getMessage());
        }
    }

    /** Estimators defined for categorical units only: they refuse the binary VAE's units in one line. */
    private static final Set<String> CATEGORICAL_ONLY = Set.of("carms");

    /**
     * Every estimator in the registry that supports Bernoulli units trains the VAE: three steps are
     * applied and move every model parameter (Concrete and straight-through once freed the graph
     * their decoder gradient needed); the categorical-only ones refuse it in one line.
     */
    @Test
    void everyRegisteredEstimatorTrainsTheVae() {
        for (String name : EstimatorRegistry.standard().names()) {
            if (CATEGORICAL_ONLY.contains(name)) {
                try (VaeRun s = VaeRun.create(VaeTrainingTest.config(name, 3, 1e-2f), SyntheticMnist.get())) {
                    IllegalArgumentException x = assertThrows(
                            IllegalArgumentException.class, () -> s.trainer().step(0, true, true));
                    assertTrue(x.getMessage().contains(name + " does not support Bernoulli units"), x.getMessage());
                }
                continue;
            }
            try (VaeRun s = VaeRun.create(VaeTrainingTest.config(name, 3, 1e-2f), SyntheticMnist.get())) {
                List<float[]> before = values(s.model().parameters());
                for (int step = 0; step < 3; step++) {
                    StepResult r = s.trainer().step(step, true, true);
                    assertTrue(r.applied(), name + ": step " + step + " skipped: " + r.problem());
                }
                List<float[]> after = values(s.model().parameters());
                for (int i = 0; i < before.size(); i++) {
                    assertFalse(
                            Arrays.equals(before.get(i), after.get(i)),
                            name + ": model parameter " + i + " did not move");
                }
            }
        }
    }

    /**
     * A REBAR run's model loads bit for bit into a RELAX session (what {@code finetune-cv
     * --estimator} does), while a full restore under RELAX and a model-only restore into another
     * architecture are refused with messages naming the mismatch.
     */
    @Test
    void modelTrainedWithOneEstimatorLoadsUnderAnother(@TempDir Path dir) throws IOException {
        TrainConfig rebar = VaeTrainingTest.config("rebar", 20, 1e-2f);
        List<float[]> trained;
        try (VaeRun s = VaeRun.create(rebar, SyntheticMnist.get())) {
            VaeTraining.run(s, dir, false, false);
            trained = values(s.model().parameters());
        }
        Path checkpoint = dir.resolve(Checkpoint.FILE);
        TrainConfig relax = rebar.toBuilder().optEstimator("relax").build();
        try (VaeRun s = VaeRun.create(relax, SyntheticMnist.get())) {
            List<float[]> fresh = values(s.model().parameters());
            assertEquals(20, s.loadModel(checkpoint, rebar).step());
            List<float[]> loaded = values(s.model().parameters());
            boolean trainingMovedTheModel = false;
            for (int i = 0; i < trained.size(); i++) {
                assertArrayEquals(trained.get(i), loaded.get(i), 0f, "model parameter " + i);
                trainingMovedTheModel |= !Arrays.equals(fresh.get(i), trained.get(i));
            }
            assertTrue(trainingMovedTheModel);
            IOException full = assertThrows(IOException.class, () -> s.loadCheckpoint(checkpoint));
            assertTrue(full.getMessage().contains("different configuration"), full.getMessage());
        }
        TrainConfig nonlinear = rebar.toBuilder()
                .optModel(ModelArchitecture.NONLINEAR)
                .optEstimator("relax")
                .optEvalExamples(10)
                .build();
        try (VaeRun s = VaeRun.create(nonlinear, SyntheticMnist.get())) {
            IOException e = assertThrows(IOException.class, () -> s.loadModel(checkpoint, rebar));
            assertTrue(
                    e.getMessage().contains("holds a linear model")
                            && e.getMessage().contains("builds nonlinear"),
                    e.getMessage());
        }
    }

    /**
     * Stopping a run from another thread (what Ctrl-C does) checkpoints the step reached, and
     * resuming finishes the run.
     */
    @Test
    void interruptedRunCheckpointsAndResumes(@TempDir Path dir) throws Exception {
        TrainConfig c = VaeTrainingTest.config("rebar", 400, 1e-3f);
        Outcome first;
        try (VaeRun s = VaeRun.create(c, SyntheticMnist.get())) {
            Thread stopper = new Thread(() -> {
                try {
                    Thread.sleep(1500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                s.trainer().requestStop();
            });
            stopper.start();
            first = VaeTraining.run(s, dir, false, false);
            stopper.join();
        }
        assertFalse(first.completed());
        assertEquals("interrupted", first.stopReason());
        assertTrue(first.step() > 0 && first.step() < 400, "stopped at " + first.step());
        try (VaeRun s = VaeRun.create(TrainConfig.read(dir), SyntheticMnist.get())) {
            assertEquals(
                    first.step(), s.loadCheckpoint(dir.resolve(Checkpoint.FILE)).step());
        }
        try (VaeRun s = VaeRun.create(TrainConfig.read(dir), SyntheticMnist.get())) {
            Outcome second = VaeTraining.run(s, dir, true, false);
            assertTrue(second.completed());
            assertEquals(400, second.step());
        }
    }

    /** The exact (non-EMA) variance measurement is reproducible for a fixed model and batch. */
    @Test
    void gradientVarianceMeasurementIsReproducible() {
        try (VaeRun s = VaeRun.create(VaeTrainingTest.config("reinforce", 10, 1e-3f), SyntheticMnist.get())) {
            double a = s.measureGradientLogVariance(20, 0);
            double b = s.measureGradientLogVariance(20, 0);
            assertEquals(a, b, 0.0);
            assertTrue(Double.isFinite(a));
        }
    }

    /**
     * {@code relax4j compare} tabulates runs with the evaluations stored in them, and refuses a
     * directory that is not a run and a file.
     */
    @Test
    void compareTabulatesRuns(@TempDir Path dir) throws IOException {
        for (String e : new String[] {"reinforce", "rebar"}) {
            try (VaeRun s = VaeRun.create(VaeTrainingTest.config(e, 40, 1e-3f), SyntheticMnist.get())) {
                VaeTraining.run(s, dir.resolve(e), false, false);
            }
        }
        Files.writeString(
                dir.resolve("rebar").resolve("eval-validation-k100.json"),
                "{\"split\":\"validation\",\"step\":40,\"k\":100,\"examples\":200,\"iwae\":-150.123,\"elbo\":-160.5}\n");
        CommandLine cli = Relax4jCommand.newCommandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        Path out = dir.resolve("cmp");
        int status = cli.execute(
                "compare",
                "--runs",
                dir.resolve("reinforce").toString(),
                dir.resolve("rebar").toString(),
                "--out",
                out.toString());
        assertEquals(0, status, err.toString());
        String table = Files.readString(out.resolve("compare.md"));
        assertTrue(
                table.contains("| reinforce | 3 | linear | reinforce | 40 |")
                        && table.contains("| rebar | 3 | linear | rebar | 40 |"),
                table);
        assertTrue(table.contains("| validation IWAE-100 -150.12, ELBO -160.50 (200 ex.) |"), table);
        assertTrue(table.lines().filter(l -> l.startsWith("| reinforce")).allMatch(l -> l.endsWith("| – |")), table);
        assertEquals(1, cli.execute("compare", "--runs", dir.toString(), "--out", out.toString()));
        assertTrue(err.toString().contains("no summary.json"), err.toString());
        Path file = Files.writeString(dir.resolve("notes.log"), "x");
        assertEquals(1, cli.execute("compare", "--runs", file.toString(), "--out", out.toString()));
        assertTrue(err.toString().contains(file + " is not a run directory"), err.toString());
    }
}

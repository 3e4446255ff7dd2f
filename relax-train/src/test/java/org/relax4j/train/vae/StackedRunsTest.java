package org.relax4j.train.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.relax4j.core.engine.NativeArrays;
import org.relax4j.core.optim.GradientStep;
import org.relax4j.core.random.NoiseSource;
import org.relax4j.core.training.StepOutput;
import org.relax4j.core.training.StochasticTrainer;
import org.relax4j.models.sbn.ModelArchitecture;
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

package org.relax4j.models.nondiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.relax4j.core.nondiff.estimator.NondiffEstimator;
import org.relax4j.core.nondiff.estimator.NondiffEstimatorConfig;
import org.relax4j.core.nondiff.estimator.NondiffEstimatorRegistry;
import org.relax4j.core.nondiff.estimator.ReparamNondiffEstimator;
import org.relax4j.core.nondiff.inference.MeanFieldGaussian;
import org.relax4j.core.nondiff.lang.NondiffModel;
import org.relax4j.core.optim.AdamRule;
import org.relax4j.core.optim.DoubleAdam;
import org.relax4j.core.optim.StatefulAdam;
import org.relax4j.core.training.Outcome;
import org.relax4j.core.training.StepEvent;
import org.relax4j.core.training.StochasticTrainer;
import org.relax4j.core.training.TrainingListener;

/**
 * A non-differentiable model's variational inference runs through the one {@link
 * StochasticTrainer}, and its iterates are those of plain Adam ascent with {@link DoubleAdam} on
 * the same gradient estimates, bit for bit.
 */
class VariationalNondiffModelTest {

    private static final int STEPS = 25;
    private static final int SAMPLES = 4;
    private static final double LR = 0.01;

    /** Records θ after every step. */
    private static final class ThetaObserver implements TrainingListener {
        final List<double[]> thetas = new ArrayList<>();
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
            assertTrue(Double.isNaN(event.result().objective()), "the step computes no objective");
            steps.add(event.step());
            thetas.add(((VariationalNondiffModel) trainer.model()).theta());
        }

        @Override
        public void onTrainingEnd(StochasticTrainer trainer, Outcome outcome) {
            end = outcome;
        }
    }

    private static NondiffEstimator estimator(String name) {
        return NondiffEstimatorRegistry.standard()
                .create(name, new NondiffEstimatorConfig(ReparamNondiffEstimator.Surface.SUBSAMPLE));
    }

    /** The original loop: estimate at θ from one sequential stream, DoubleAdam ascent. */
    private static List<double[]> reference(NondiffModel model, NondiffEstimator estimator, long seed) {
        double[] theta = MeanFieldGaussian.initial(model).toVector();
        DoubleAdam adam = new DoubleAdam(theta.length, AdamRule.withDefaults(LR));
        SplittableRandom rng = new SplittableRandom(seed);
        List<double[]> out = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int t = 0; t < STEPS; t++) {
                double[] g;
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    g = estimator.estimate(model, MeanFieldGaussian.fromVector(theta), SAMPLES, rng, manager);
                }
                adam.ascend(theta, g);
                out.add(theta.clone());
            }
        }
        return out;
    }

    /**
     * Every estimator (the score function; the reparameterization estimator, which needs autograd
     * inside the trainer's gradient collector; the boundary-corrected one) on textmsg, and the
     * score function on influenza (74 parameters: enough square roots in Adam that a not correctly
     * rounded one would show): the listener sees every step, and θ after each equals the
     * DoubleAdam reference exactly.
     */
    @ParameterizedTest
    @ValueSource(strings = {"textmsg/score", "textmsg/reparam", "textmsg/reparam-nondiff", "influenza/score"})
    void iteratesEqualDoubleAdamAscentBitForBit(String modelAndEstimator) {
        NondiffModel model = NondiffBenchmarks.byName(modelAndEstimator.split("/")[0]);
        String name = modelAndEstimator.split("/")[1];
        List<double[]> expected = reference(model, estimator(name), 11);
        ThetaObserver observer = new ThetaObserver();
        NDManager manager = NDManager.newBaseManager();
        VariationalNondiffModel variational =
                new VariationalNondiffModel(model, estimator(name), SAMPLES, new SplittableRandom(11), manager);
        try (StochasticTrainer trainer = StochasticTrainer.builder()
                .setModel(variational)
                .setManager(manager)
                .setModelOptimizer(StatefulAdam.builder()
                        .optRule(AdamRule.withDefaults(LR))
                        .optKernel(StatefulAdam.Kernel.ELEMENTWISE)
                        .build())
                .build()) {
            trainer.addListener(observer);
            Outcome outcome = trainer.fit(0, STEPS);
            assertTrue(outcome.completed());
            assertEquals(
                    List.of("model", "optimizer/model"),
                    trainer.components().stream().map(c -> c.stateName()).toList());
        }
        assertEquals(0, observer.begin);
        assertEquals(STEPS, observer.end.step());
        assertEquals(STEPS, observer.steps.size());
        for (int t = 0; t < STEPS; t++) {
            assertEquals(t + 1, observer.steps.get(t));
            assertArrayEquals(expected.get(t), observer.thetas.get(t), 0, name + ": theta after step " + (t + 1));
        }
    }

    /** θ starts at the model's initial q and is a float64 parameter named "theta". */
    @Test
    void thetaStartsAtTheInitialQ() {
        NondiffModel model = NondiffBenchmarks.byName("temperature");
        try (NDManager manager = NDManager.newBaseManager()) {
            VariationalNondiffModel v =
                    new VariationalNondiffModel(model, estimator("score"), 1, new SplittableRandom(0), manager);
            assertArrayEquals(MeanFieldGaussian.initial(model).toVector(), v.theta(), 0);
            assertEquals("theta", v.parameters().keyAt(0));
            assertTrue(v.stochasticNodes().isEmpty());
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> new VariationalNondiffModel(model, estimator("score"), 0, new SplittableRandom(0), manager));
            assertEquals("samples per gradient estimate must be at least 1, got 0", e.getMessage());
        }
    }
}

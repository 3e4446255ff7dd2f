package com.example.relax;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.GradientCollector;
import ai.djl.training.initializer.ConstantInitializer;
import java.util.ArrayList;
import java.util.List;
import org.relax4j.core.estimator.EstimationProblem;
import org.relax4j.core.estimator.EstimatorConfig;
import org.relax4j.core.estimator.EstimatorRegistry;
import org.relax4j.core.estimator.GradientEstimate;
import org.relax4j.core.estimator.GradientEstimator;
import org.relax4j.core.exact.BernoulliEnumeration;
import org.relax4j.core.optim.GradientStep;
import org.relax4j.core.optim.StatefulAdam;
import org.relax4j.core.random.NoiseSource;

/**
 * Minimises E_{b ~ Bernoulli(σ(α))}[f(b)] over the logits α with RELAX, one sample per step, and
 * checks that the loss approached min f and that native memory stayed flat. Exits with status 1
 * if not. Usage: {@code RelaxLoop [steps]} (default 20,000).
 */
public final class RelaxLoop {

    /** What a run measured; {@link #failures()} lists the checks it failed. */
    public record Report(
            int steps,
            double startLoss,
            double endLoss,
            double optimum,
            int arraysAt1000,
            int arraysAtEnd,
            double rssAt1000MiB,
            double rssAtEndMiB) {

        /** The checks that failed (empty if all passed). */
        public List<String> failures() {
            List<String> failures = new ArrayList<>();
            if (!(endLoss - optimum < 0.1 * (startLoss - optimum))) {
                failures.add("E[f] went from " + startLoss + " to " + endLoss + ", not within 10% of the way to "
                        + optimum);
            }
            if (arraysAtEnd != arraysAt1000) {
                failures.add("live NDArrays grew from " + arraysAt1000 + " at step 1,000 to " + arraysAtEnd);
            }
            if (rssAt1000MiB > 0 && rssAtEndMiB - rssAt1000MiB > 64) {
                failures.add("resident memory grew from " + rssAt1000MiB + " MiB to " + rssAtEndMiB + " MiB");
            }
            return failures;
        }
    }

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        Report report = run(steps, 42);
        System.out.println(report);
        if (!report.failures().isEmpty()) {
            report.failures().forEach(f -> System.err.println("FAILED: " + f));
            System.exit(1);
        }
    }

    /** Trains for {@code steps} steps (at least 1,000) with the given seed. */
    public static Report run(int steps, long seed) {
        int arraysAt1000 = -1;
        double rssAt1000 = -1;
        CoupledQuadratic f = new CoupledQuadratic();
        NoiseSource noise = new NoiseSource(seed); // every sample of step t is a function of (seed, t)
        StatefulAdam modelOptimizer = StatefulAdam.builder().optLearningRate(0.01f).build();
        StatefulAdam cvOptimizer = StatefulAdam.builder().optLearningRate(0.001f).build();
        try (NDManager manager = NDManager.newBaseManager();
                GradientEstimator relax = EstimatorRegistry.standard().create("relax",
                EstimatorConfig.builder().optSeed(seed).build())) { // seeds the control variate's weights
            Parameter logits = Parameter.builder()
                    .setName("logits")
                    .setType(Parameter.Type.OTHER)
                    .optShape(new Shape(1, f.units()))
                    .optInitializer(new ConstantInitializer(0f))
                    .build();
            logits.initialize(manager, DataType.FLOAT32);
            ParameterList model = new ParameterList();
            model.add("logits", logits);

            for (int step = 0; step < steps; step++) {
                try (NDScope scope = new NDScope();
                        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray alpha = logits.getArray();
                    GradientEstimate estimate = relax.estimate(EstimationProblem.builder()
                            .setLogits(alpha)
                            .setObjective(f)
                            .setNoise(noise.forStep(step))
                            .build());
                    // both gradients before either update (the control variate's loss reads α)
                    NDList modelGrads = GradientStep.gradients(estimate.surrogate(alpha).mean(), model);
                    NDList cvGrads = GradientStep.gradients(estimate.estimatorLoss(), relax.parameters());
                    GradientStep.apply(modelOptimizer, model, modelGrads);
                    GradientStep.apply(cvOptimizer, relax.parameters(), cvGrads);
                }
                // progress, and the memory measurements this example checks
                if (step + 1 == 1_000) {
                    arraysAt1000 = manager.getManagedArrays().size();
                    rssAt1000 = Memory.residentMiB();
                }
                if ((step + 1) % 2_000 == 0 || step + 1 == steps) {
                    System.out.printf("step %,6d  E[f] %.4f (min %.4f)  live arrays %d  RSS %.0f MiB%n",
                            step + 1, expectedLoss(f, logits.getArray().toFloatArray()), f.minimum(),
                            manager.getManagedArrays().size(), Memory.residentMiB());
                }
            }
            double endLoss = expectedLoss(f, logits.getArray().toFloatArray());
            double startLoss = expectedLoss(f, new float[f.units()]);
            return new Report(steps, startLoss, endLoss, f.minimum(), arraysAt1000,
                    manager.getManagedArrays().size(), rssAt1000, Memory.residentMiB());
        }
    }

    /** E[f] under independent Bernoulli(σ(α_i)) units, by enumerating all configurations. */
    static double expectedLoss(CoupledQuadratic f, float[] alpha) {
        double[] logits = new double[alpha.length];
        for (int i = 0; i < alpha.length; i++) {
            logits[i] = alpha[i];
        }
        return new BernoulliEnumeration(logits).expectation(f::value);
    }
}

package org.relax4j.train.vae;

import java.nio.file.Files;
import java.nio.file.Path;
import org.relax4j.core.estimator.EstimatorConfig;
import org.relax4j.datasets.Binarization;
import org.relax4j.datasets.DatasetName;
import org.relax4j.models.sbn.ModelArchitecture;

/**
 * Test-only entry point for crash tests: what {@code relax4j train --out DIR} and {@code relax4j
 * train --resume DIR} do, on {@link SyntheticMnist} data (the real command verifies the MNIST
 * checksums, which synthetic files cannot pass), with a tiny configuration that checkpoints often.
 * A test runs it in a child JVM and kills that JVM at random points.
 *
 * <p>Arguments: {@code fresh|resume DIR STEPS}. Exit status 0 when the run completes.
 */
public final class CrashChildMain {

    private CrashChildMain() {}

    /** The tiny run configuration: RELAX on the linear VAE, batch 4, a checkpoint every 5 steps. */
    public static TrainConfig config(long steps) {
        return TrainConfig.builder()
                .optModel(ModelArchitecture.LINEAR)
                .optEstimator("relax")
                .setEstimatorConfig(EstimatorConfig.builder()
                        .optNetwork(1, 20, org.relax4j.core.controlvariate.Mlp.Nonlinearity.RELU)
                        .build())
                .optDataset(DatasetName.MNIST)
                .optBinarization(Binarization.DYNAMIC)
                .optTrainExamples(400)
                .optBatch(4)
                .optSteps(steps)
                .optLearningRate(1e-3f)
                .optCvLearningRate(1e-3f)
                .optBeta2(0.999f)
                .optSeed(7)
                .optLogEvery(2)
                .optEvalEvery(0)
                .optEvalK(2)
                .optEvalExamples(20)
                .optCheckpointEvery(5)
                .build();
    }

    /** Runs (fresh) or continues (resume) the tiny run in {@code args[1]} up to {@code args[2]} steps. */
    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        boolean resume = "resume".equals(args[0]);
        Path dir = Path.of(args[1]);
        long steps = Long.parseLong(args[2]);
        TrainConfig config =
                resume ? TrainConfig.read(dir).toBuilder().optSteps(steps).build() : config(steps);
        train(dir, config, resume);
        System.exit(0);
    }

    /** Trains {@code config} on synthetic data in {@code dir} (fresh, or resumed from its checkpoint). */
    public static void train(Path dir, TrainConfig config, boolean resume) throws java.io.IOException {
        Files.createDirectories(dir);
        try (VaeRun run = VaeRun.create(config, SyntheticMnist.get())) {
            VaeTraining.run(run, dir, resume, false);
        }
    }
}

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import org.relax4j.core.optim.GradientStep;
import org.relax4j.core.random.NoiseSource;
import org.relax4j.core.training.StepOutput;
import org.relax4j.core.training.StochasticTrainer;
import org.relax4j.datasets.MinibatchStream;
import org.relax4j.train.vae.TrainConfig;
import org.relax4j.train.vae.VaeData;
import org.relax4j.train.vae.VaeRun;

/**
 * A benchmark, not a test: where one `relax4j train` step spends its time. Reads the configuration
 * of a run directory (make one with `relax4j train --steps 1 --out DIR ...`), warms up, then
 *   1. times whole trainer steps (StochasticTrainer.step),
 *   2. times the step's phases (thread CPU time: less sensitive to other jobs than wall time), replayed
 *      with the same public calls the trainer makes (the checks as the trainer did before the speed work),
 *   3. records PyTorch's profiler trace of a few whole steps (chrome-trace JSON) for op counts.
 * usage: java -cp relax4j.jar benchmarks/step-profile/StepProfile.java RUN_DIR [WARMUP] [STEPS] [TRACE_FILE|-] [steps-only]
 * ("-": no trace; "steps-only": only 1., e.g. for before/after timings)
 */
public class StepProfile {
    private static long cpu() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        String trace = args.length > 3 && !args[3].equals("-") ? args[3] : null;
        boolean phases = args.length <= 4 || !args[4].equals("steps-only");
        TrainConfig config = TrainConfig.read(dir);
        try (VaeRun run = VaeRun.create(config)) {
            StochasticTrainer trainer = run.trainer();
            long t = 0;
            for (; t < warmup; t++) {
                trainer.step(t, true, true);
            }
            var threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long start = System.nanoTime();
            long cpuStart = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < steps; i++, t++) {
                trainer.step(t, true, true);
            }
            double stepMs = (System.nanoTime() - start) / 1e6 / steps;
            double stepCpuMs = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6 / steps;
            // phases, replayed (same calls as StochasticTrainer.step; parameters are not updated here)
            MinibatchStream stream = VaeData.trainingStream(config, run.data());
            NoiseSource noise = new NoiseSource(config.seed());
            var modelParams = run.model().parameters();
            var cvParams = trainer.estimatorParameters();
            double[] ms = new double[7];
            var modelAdam = org.relax4j.core.optim.StatefulAdam.builder().optBeta2(0.99999f).build();
            var cvAdam = org.relax4j.core.optim.StatefulAdam.builder().optBeta2(0.99999f).build();
            var tracker = new org.relax4j.core.variance.EmaGradientVariance(0.999);
            for (int i = 0; phases && i < steps; i++, t++) {
                try (NDScope scope = new NDScope();
                        GradientCollector c = Engine.getInstance().newGradientCollector()) {
                    long a = cpu();
                    NDArray x = stream.batch(t, trainer.manager());
                    StepOutput out = run.model().forward(x, noise.forStep(t), trainer.estimators(), true);
                    long b = cpu();
                    double objective = out.objective().mean().getFloat();
                    long b2 = cpu();
                    NDList eg = cvParams.isEmpty() || out.estimatorLoss() == null
                            ? new NDList() : GradientStep.gradients(out.estimatorLoss(), cvParams);
                    long cc = cpu();
                    NDList mg = GradientStep.gradients(out.modelLoss(), modelParams);
                    long d = cpu();
                    boolean ok = GradientStep.allFinite(mg) && GradientStep.allFinite(eg);
                    for (var p : modelParams) {
                        ok &= GradientStep.isFinite(p.getValue().getArray());
                    }
                    long e = cpu();
                    if (!eg.isEmpty()) {
                        GradientStep.apply(cvAdam, cvParams, eg);
                    }
                    GradientStep.apply(modelAdam, modelParams, mg);
                    long f = cpu();
                    NDList encoder = new NDList();
                    for (int j = 0; j < modelParams.size(); j++) {
                        if (modelParams.keyAt(j).contains("encoder")) {
                            encoder.add(mg.get(j));
                        }
                    }
                    tracker.update(encoder);
                    long h = cpu();
                    ms[5] += (f - e) / 1e6;
                    ms[6] += (h - f) / 1e6;
                    ms[0] += (b - a) / 1e6;
                    ms[1] += (b2 - b) / 1e6;
                    ms[2] += (cc - b2) / 1e6;
                    ms[3] += (d - cc) / 1e6;
                    ms[4] += (e - d) / 1e6;
                    if (!ok || !Double.isFinite(objective)) {
                        System.out.println("non-finite");
                    }
                }
            }
            System.out.printf(
                    "{\"step_ms\": %.3f, \"step_cpu_ms\": %.3f, \"forward_ms\": %.3f, \"objective_sync_ms\": %.3f, \"estimator_grad_ms\": %.3f,"
                            + " \"model_grad_ms\": %.3f, \"finite_checks_ms\": %.3f, \"adam_ms\": %.3f,"
                            + " \"variance_tracker_ms\": %.3f}%n",
                    stepMs, stepCpuMs, ms[0] / steps, ms[1] / steps, ms[2] / steps, ms[3] / steps, ms[4] / steps, ms[5] / steps, ms[6] / steps);
            if (trace != null) {
                JniUtils.startProfile(false, false, false);
                for (int i = 0; i < 10; i++, t++) {
                    trainer.step(t, true, true);
                }
                JniUtils.stopProfile(trace);
            }
        }
    }
}

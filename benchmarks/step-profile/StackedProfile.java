import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Path;
import java.util.List;
import org.relax4j.core.training.StochasticTrainer;
import org.relax4j.train.stack.StackedVaeRun;
import org.relax4j.train.vae.TrainConfig;
import org.relax4j.train.vae.VaeData;

/**
 * A benchmark, not a test: the step time of K stacked runs (`train --seeds 0-(K-1)`) of the
 * configuration in RUN_DIR (make one with `relax4j train --steps 1 --out DIR ...`), and optionally
 * PyTorch's profiler trace (with input shapes) of 10 whole stacked steps, for
 * trace_summary.py. Run it under the launcher's malloc settings (launcher/jvm-settings.sh) to see
 * what `train --seeds` sees; compare K = 1 with K = 8 to see what stacking shares.
 * usage: java -cp relax4j.jar benchmarks/step-profile/StackedProfile.java RUN_DIR K [WARMUP] [STEPS] [TRACE_FILE]
 */
public class StackedProfile {
    public static void main(String[] args) throws Exception {
        TrainConfig config = TrainConfig.read(Path.of(args[0]));
        int runs = Integer.parseInt(args[1]);
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int steps = args.length > 3 ? Integer.parseInt(args[3]) : 50;
        long[] seeds = new long[runs];
        for (int k = 0; k < runs; k++) {
            seeds[k] = k;
        }
        List<TrainConfig> configs = StackedVaeRun.configs(config, seeds);
        try (StackedVaeRun stack = StackedVaeRun.create(configs, VaeData.load(config))) {
            StochasticTrainer trainer = stack.trainer();
            long t = 0;
            for (; t < warmup; t++) {
                trainer.step(t, true, true);
            }
            long start = System.nanoTime();
            for (int i = 0; i < steps; i++, t++) {
                trainer.step(t, true, true);
            }
            double ms = (System.nanoTime() - start) / 1e6 / steps;
            System.out.printf("{\"runs\": %d, \"step_ms\": %.3f, \"ms_per_run\": %.3f}%n", runs, ms, ms / runs);
            if (args.length > 4) {
                JniUtils.startProfile(false, true, false);
                for (int i = 0; i < 10; i++, t++) {
                    trainer.step(t, true, true);
                }
                JniUtils.stopProfile(args[4]);
            }
        }
    }
}

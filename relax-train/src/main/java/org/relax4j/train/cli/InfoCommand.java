package org.relax4j.train.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.concurrent.Callable;
import org.relax4j.core.controlvariate.RelaxControlVariate;
import org.relax4j.core.estimator.EstimatorConfig;
import org.relax4j.core.estimator.EstimatorRegistry;
import org.relax4j.core.estimator.GradientEstimator;
import org.relax4j.core.estimator.Preset;
import picocli.CommandLine.Command;

/** {@code relax4j info}: the engine, native library and devices this installation uses. */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        description =
                "Show the DJL engine, the libtorch in use, the visible devices, the estimators and the control-variate presets.")
public final class InfoCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        Engine engine = Engine.getInstance();
        System.out.println("engine:     " + engine.getEngineName() + " " + engine.getVersion());
        System.out.println("libtorch:   " + org.relax4j.core.engine.EngineInfo.libtorchPath());
        int gpus = engine.getGpuCount();
        System.out.println("GPUs:       " + gpus);
        for (Device d : engine.getDevices()) {
            try (NDManager m = NDManager.newBaseManager(d)) {
                NDArray x = m.ones(new ai.djl.ndarray.types.Shape(2, 2));
                System.out.println("device:     " + d + " (matmul check: "
                        + x.matMul(x).sum().getFloat() + " = 8.0)");
            }
        }
        System.out.println("estimators (name, what E[g] is the gradient of, description):");
        EstimatorRegistry r = EstimatorRegistry.standard();
        for (String name : r.names()) {
            String target;
            try (GradientEstimator e = r.create(name, EstimatorConfig.defaults())) {
                target = e.unbiasedFor().name().toLowerCase(java.util.Locale.ROOT);
            }
            System.out.printf("  %-17s %-19s %s%n", name, target, r.describe(name));
        }
        System.out.println("control-variate presets (train uses vae, toy uses toy; --cv-* options override them):");
        System.out.printf(
                "  %-17s %s%n",
                "(none)", RelaxControlVariate.builder().optNetwork(true).describe());
        for (Preset p : Preset.values()) {
            System.out.printf("  %-17s %s%n", p.name().toLowerCase(java.util.Locale.ROOT), p.describe());
        }
        return 0;
    }
}

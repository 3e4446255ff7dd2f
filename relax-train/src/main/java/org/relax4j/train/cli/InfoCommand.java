package org.relax4j.train.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.concurrent.Callable;
import org.relax4j.core.estimator.EstimatorRegistry;
import picocli.CommandLine.Command;

/** {@code relax4j info}: the engine, native library and devices this installation uses. */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        description = "Show the DJL engine, the libtorch in use, the visible devices and the estimators.")
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
                System.out.println("device:     " + d + " (matmul check: " + x.matMul(x).sum().getFloat() + " = 8.0)");
            }
        }
        System.out.println("estimators:");
        EstimatorRegistry r = EstimatorRegistry.standard();
        for (String name : r.names()) {
            System.out.printf("  %-17s %s%n", name, r.describe(name));
        }
        return 0;
    }
}

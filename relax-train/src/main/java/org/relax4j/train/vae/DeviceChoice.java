package org.relax4j.train.vae;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** The device of a run from its {@code --device} value. */
public final class DeviceChoice {

    private DeviceChoice() {}

    /** The CPU, or the first GPU for "gpu" (a clear error if libtorch sees none). */
    public static Device of(String name) {
        if ("gpu".equals(name)) {
            if (Engine.getInstance().getGpuCount() == 0) {
                throw new IllegalArgumentException("--device gpu: DJL's PyTorch engine sees no CUDA device. This build "
                        + "bundles the CPU libtorch; build with RELAX4J_PROFILE=gpu and point PYTORCH_LIBRARY_PATH at a "
                        + "CUDA libtorch 2.7.1 (see README, GPU), or use --device cpu");
            }
            return Device.gpu();
        }
        return Device.cpu();
    }
}

package org.relax4j.core.engine;

import ai.djl.pytorch.jni.LibUtils;

/** Facts about the native PyTorch library that DJL loaded. */
public final class EngineInfo {

    private EngineInfo() {}

    /**
     * The path of the libtorch in use (loads the engine if it is not loaded yet).
     *
     * @return the directory or file DJL loaded libtorch from
     */
    public static String libtorchPath() {
        return String.valueOf(LibUtils.getLibtorchPath());
    }
}

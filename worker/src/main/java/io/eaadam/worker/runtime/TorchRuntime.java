package io.eaadam.worker.runtime;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.pytorch.jni.LibUtils;

/**
 * The one entry to DJL's PyTorch engine. It forces offline mode before the engine loads, so that the
 * natives always come from the classpath (CPU) or from the image's DJL cache (GPU), never from the
 * network, and it applies the thread settings once per JVM.
 */
public final class TorchRuntime {

    public static final String ENGINE = "PyTorch";

    private static volatile Engine engine;

    private TorchRuntime() {}

    /** Loads the engine (once) and returns it. */
    public static Engine engine() {
        Engine e = engine;
        if (e == null) {
            synchronized (TorchRuntime.class) {
                if (engine == null) {
                    // DJL reads these lazily; setting them here covers launches without our JVM flags.
                    System.setProperty("ai.djl.offline", "true");
                    System.setProperty("ai.djl.pytorch.num_interop_threads",
                            System.getProperty("ai.djl.pytorch.num_interop_threads", "1"));
                    CpuKernels.configure();
                    engine = Engine.getEngine(ENGINE);
                    CpuKernels.disableNnpack(LibUtils.getLibtorchPath());
                }
                e = engine;
            }
        }
        return e;
    }

    /** Sets libtorch's intra-op thread count (a JVM-wide setting); 0 leaves libtorch's default. */
    public static void setThreads(int threads) {
        engine();
        if (threads > 0) {
            JniUtils.setNumThreads(threads);
        }
    }

    public static int threads() {
        engine();
        return JniUtils.getNumThreads();
    }

    /** The libtorch version in use, e.g. {@code 2.7.1}. */
    public static String version() {
        return engine().getVersion();
    }
}

package io.eaadam.worker.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * libtorch's autograd switch for the calling thread, restored on close. DJL's GradientCollector may
 * exist only once per JVM, so two Spark tasks training in one executor would collide; libtorch's grad
 * mode is per thread, so each training thread sets its own and calls backward directly.
 */
public final class GradMode implements AutoCloseable {

    private final boolean previous;

    private GradMode(boolean enabled) {
        TorchRuntime.engine();
        previous = JniUtils.isGradMode();
        JniUtils.setGradMode(enabled);
    }

    /** Records operations for backward on this thread until closed. */
    public static GradMode enabled() {
        return new GradMode(true);
    }

    /** Records nothing on this thread until closed (inference, evaluation, optimizer updates). */
    public static GradMode disabled() {
        return new GradMode(false);
    }

    /**
     * Accumulates d(loss)/d(leaf) into every leaf that requires gradients.
     *
     * @param keepGraph keep the graph for another backward through the same forward
     */
    public static void backward(NDArray loss, boolean keepGraph) {
        try (NDArray seed = loss.onesLike()) {
            JniUtils.backward((PtNDArray) loss, (PtNDArray) seed, keepGraph, false);
        }
    }

    @Override
    public void close() {
        JniUtils.setGradMode(previous);
    }
}

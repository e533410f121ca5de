package io.eaadam.worker.loss;

import ai.djl.ndarray.NDArray;

/** BasicSR's pixel losses. */
public final class PixelLoss {

    private PixelLoss() {}

    /** Mean absolute error over all elements ({@code nn.L1Loss()}). */
    public static NDArray l1(NDArray prediction, NDArray target) {
        try (NDArray diff = prediction.sub(target);
                NDArray abs = diff.abs()) {
            return abs.mean();
        }
    }
}

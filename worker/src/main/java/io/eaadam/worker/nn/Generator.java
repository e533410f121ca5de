package io.eaadam.worker.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import io.eaadam.common.config.EaAdamConfig;

/** A super-resolution network: (B, 3, h, w) in [0, 1] to (B, 3, scale*h, scale*w). */
public interface Generator extends Network {

    int scale();

    /** Runs the network; the result belongs to the manager of {@code lr}, intermediates are freed. */
    NDArray forward(NDArray lr);

    /** Builds the architecture of {@code model} on {@code manager}'s device, with zeroed weights. */
    static Generator create(EaAdamConfig.Model model, NDManager manager) {
        return create(model, manager, new Layers());
    }

    /** The architecture of {@code model} with the convs that {@code layers} declares. */
    static Generator create(EaAdamConfig.Model model, NDManager manager, Layers layers) {
        return switch (model.arch()) {
            case SRRESNET -> new MsrResNet(manager, layers, model.scale(), model.numFeat(), model.numBlock());
            case RRDB -> new RrdbNet(manager, layers, model.scale(), model.numFeat(), model.numBlock(),
                    model.numGrowCh());
            case SRVGG -> new SrVggNet(manager, layers, model.scale(), model.numFeat(), model.numBlock());
            case SWINIR -> new SwinIr(manager, layers, model.scale(), model.numFeat(), model.swin());
        };
    }
}

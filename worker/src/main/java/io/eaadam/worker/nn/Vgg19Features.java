package io.eaadam.worker.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;

import io.eaadam.common.config.EaAdamConfig;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * torchvision's VGG19 {@code features}, truncated after the deepest requested layer, returning the
 * requested conv outputs before their ReLU (BasicSR's VGGFeatureExtractor with ImageNet input
 * normalisation, {@code range_norm=False}). Tensor names are torchvision's: {@code features.N.weight}.
 * Frozen: its tensors never require gradients, but gradients flow through it to the input.
 */
public final class Vgg19Features implements Network {

    /** torchvision's configuration "E": channels of each conv, 0 for a 2x2 max-pool. */
    private static final int[] CONFIG = {64, 64, 0, 128, 128, 0, 256, 256, 256, 256, 0,
        512, 512, 512, 512, 0, 512, 512, 512, 512, 0};
    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};

    /** Per step of CONFIG: a conv (with its layer name and whether it is requested) or a pool. */
    private record Step(Layers.Conv2d conv, boolean output) {}

    private final List<Step> steps = new ArrayList<>();
    private final Weights weights;
    private final NDArray mean;
    private final NDArray std;

    public Vgg19Features(NDManager manager, Collection<String> layers) {
        int deepest = -1;
        for (String layer : layers) {
            int index = EaAdamConfig.VGG19_LAYERS.indexOf(layer);
            if (index < 0) {
                throw new IllegalArgumentException("unknown VGG19 layer '" + layer + "': expected one of "
                        + EaAdamConfig.VGG19_LAYERS);
            }
            deepest = Math.max(deepest, index);
        }
        Layers declared = new Layers();
        int channels = 3;
        int torchIndex = 0; // index in torchvision's nn.Sequential (conv, relu, ..., pool)
        int convIndex = 0;
        for (int c : CONFIG) {
            if (convIndex > deepest) {
                break;
            }
            if (c == 0) {
                steps.add(new Step(null, false));
                torchIndex++;
                continue;
            }
            String name = EaAdamConfig.VGG19_LAYERS.get(convIndex);
            Layers.Conv2d conv = declared.conv("features." + torchIndex, channels, c, 3, 1, 1, true, Init.Pair.vgg());
            steps.add(new Step(conv, layers.contains(name)));
            channels = c;
            torchIndex += 2;
            convIndex++;
        }
        weights = declared.build(manager);
        mean = manager.create(MEAN, new Shape(1, 3, 1, 1));
        std = manager.create(STD, new Shape(1, 3, 1, 1));
    }

    @Override
    public Weights weights() {
        return weights;
    }

    /** The requested features of {@code x} (B, 3, H, W) in [0, 1], in network order. */
    public NDList features(NDArray x) {
        NDList outputs = new NDList();
        NDArray feat = Ops.scoped(x, in -> in.sub(mean).div(std));
        for (Step step : steps) {
            NDArray next;
            if (step.conv() == null) {
                next = Pool.maxPool2d(feat, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
            } else {
                NDArray preActivation = step.conv().apply(feat);
                next = Ops.relu(preActivation);
                if (step.output()) {
                    outputs.add(preActivation);
                } else {
                    preActivation.close();
                }
            }
            feat.close();
            feat = next;
        }
        feat.close();
        return outputs;
    }
}
